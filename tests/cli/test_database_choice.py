"""Which database a command uses (`--db`, then `$OKRTUI_DB`, then the platform data folder),
and how a missing, corrupt or newer file is refused: exit 2, one line, file unchanged."""

from __future__ import annotations

import json
import shutil

import pytest

from okrtui.store.engine.locations import default_data_dir
from okrtui.store.engine.schema import SCHEMA_VERSION


def cycle_name(okrtui, *args) -> str:
    """The name of the cycle `okrtui ARGS status` reports (ARGS choose the database)."""
    result = okrtui(*args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)["cycle"]["name"]


@pytest.fixture
def two_databases(workspace, tmp_path, okrtui):
    """`workspace` (cycle 2026-Q4 current) and a copy whose current cycle is renamed."""
    other = tmp_path / "other.json"
    shutil.copy(workspace, other)
    document = json.loads(other.read_text())
    for record in document["cycles"].values():
        if record["name"] == "2026-Q4":
            record["name"] = "OTHER"
    other.write_text(json.dumps(document))
    return workspace, other


def test_okrtui_db_is_used_without_db(okrtui, two_databases, monkeypatch):
    _, other = two_databases
    monkeypatch.setenv("OKRTUI_DB", str(other))

    assert cycle_name(okrtui, "status") == "OTHER"


def test_db_beats_okrtui_db(okrtui, two_databases, monkeypatch):
    workspace, other = two_databases
    monkeypatch.setenv("OKRTUI_DB", str(other))

    assert cycle_name(okrtui, "--db", workspace, "status") == "2026-Q4"


def test_db_also_works_after_the_subcommand(okrtui, two_databases, monkeypatch):
    workspace, other = two_databases
    monkeypatch.setenv("OKRTUI_DB", str(other))

    assert cycle_name(okrtui, "status", "--db", workspace) == "2026-Q4"
    # Given twice, the one nearer the command wins.
    assert cycle_name(okrtui, "--db", workspace, "status", "--db", other) == "OTHER"
    assert cycle_name(okrtui, "--db", other, "status") == "OTHER"


def test_default_is_the_platform_data_folder(okrtui, workspace):
    default = default_data_dir() / "okrtui.json"
    assert str(default).startswith(str(default.home()))  # isolated by tests/conftest.py
    default.parent.mkdir(parents=True)
    shutil.copy(workspace, default)

    assert cycle_name(okrtui, "status") == "2026-Q4"


@pytest.mark.parametrize(
    "args", [["status"], ["export"], ["checkin", "KR-1", "5"], ["status", "--format", "json"]]
)
def test_read_commands_refuse_a_missing_database_and_create_nothing(okrtui, tmp_path, args):
    path = tmp_path / "typo.json"

    result = okrtui("--db", path, *args)

    assert result.code == 2
    assert result.error_lines == [
        f"okrtui: error: there is no database at {path} yet: run 'okrtui' to start one or "
        "'okrtui sample' to load the sample, or point --db / OKRTUI_DB at an existing file"
    ]
    assert list(tmp_path.iterdir()) == []


BAD_FILES = {
    "not json": (b'{"_meta": {"1": {"app": "okrtui"', "is not valid JSON"),
    "empty": (b"", "is empty"),
    "not okrtui": (b'{"people": {"1": {"name": "x"}}}', "is not an okrtui database"),
    "newer": (
        json.dumps(
            {"_meta": {"1": {"app": "okrtui", "schema_version": SCHEMA_VERSION + 1}}}
        ).encode(),
        "was written by a newer okrtui",
    ),
}


@pytest.mark.parametrize("kind", BAD_FILES)
@pytest.mark.parametrize(
    "args", [["status"], ["export"], ["checkin", "KR-1", "5"], ["sample"]], ids=" ".join
)
def test_an_unusable_file_is_refused_and_left_byte_identical(okrtui, tmp_path, kind, args):
    content, message = BAD_FILES[kind]
    path = tmp_path / "okrtui.json"
    path.write_bytes(content)

    result = okrtui("--db", path, *args)

    assert result.code == 2
    assert result.out == ""
    assert len(result.error_lines) == 1
    assert result.err.startswith(f"okrtui: error: {path}")
    assert message in result.err
    assert path.read_bytes() == content
    assert not (tmp_path / "backups").exists()


def test_a_folder_is_not_a_database(okrtui, tmp_path):
    result = okrtui("--db", tmp_path, "status")

    assert result.code == 2
    assert result.error_lines == [f"okrtui: error: {tmp_path} is a folder; give the path of a file"]
