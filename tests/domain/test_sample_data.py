"""The sample workspace's content is a data file the package ships, not code."""

from __future__ import annotations

import tomllib
from pathlib import Path, PurePosixPath

from okrtui.domain import sample

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
