"""The sample workspace's content is a data file the package ships, not code."""

from __future__ import annotations

import tomllib
from pathlib import Path, PurePosixPath

import pytest

from okrtui.domain import sample
from okrtui.domain.errors import OkrError
from tests.conftest import TODAY

ROOT = Path(__file__).parents[2]


def test_the_data_file_is_package_data():
    """A non-editable install only carries the files `package-data` names."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["okrtui"]
    shipped = PurePosixPath("domain") / sample.DATA_FILE
    assert (ROOT / "okrtui" / shipped).is_file()
    assert any(shipped.match(pattern) for pattern in patterns)


def test_the_content_is_what_the_file_says():
    data = tomllib.loads((ROOT / "okrtui" / "domain" / sample.DATA_FILE).read_text("utf-8"))
    content = sample.content()
    assert [o.ref for o in content.active] == [o["ref"] for o in data["active"]]
    assert sum(len(o.krs) for o in content.active) == sum(
        len(o["key_results"]) for o in data["active"]
    )
    assert len(content.bets) == len(data["bets"]) > 0


@pytest.fixture
def fresh_content():
    """`content` reads its file once; these tests read another one, then forget it."""
    sample.content.cache_clear()
    yield
    sample.content.cache_clear()


@pytest.mark.parametrize(
    "text",
    [
        None,  # the file is missing
        "active = [",  # not TOML
        "[[active]]\nref = 'a'\n",  # TOML, but not the sample's shape
        b"\xff\xfe not UTF-8",
    ],
)
def test_a_missing_or_damaged_file_is_a_clear_error(tmp_path, monkeypatch, fresh_content, text):
    if isinstance(text, bytes):
        (tmp_path / sample.DATA_FILE).write_bytes(text)
    elif text is not None:
        (tmp_path / sample.DATA_FILE).write_text(text, "utf-8")
    monkeypatch.setattr(sample.resources, "files", lambda package: tmp_path)
    with pytest.raises(OkrError, match=r"sample workspace's content .* reinstall okrtui"):
        sample.build_sample(TODAY)
