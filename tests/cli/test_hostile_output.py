"""Hostile text through every CLI command: markup, click actions, escape sequences (OSC 52,
OSC 0, OSC 8, CSI 2J), C1 controls, bidi overrides, CJK and emoji in every text field of the
database, in typed arguments and in the errors that list known keys. No escape byte, C1
control or bidi override reaches the output; CSV cells are never formulas."""

from __future__ import annotations

import csv
import io
import json

import pytest

from okrtui.store.repository import Repository
from tests.conftest import TODAY
from tests.hostile.strings import BIDI, ESCAPES, HOSTILE, MARKUP, hostile_records

#: Characters that act on a terminal or reorder what it shows.
ACTING = ("\x1b", "\x9b", "\x07", "\x08", "\r", "\u202e", "\u2066")


@pytest.fixture
def hostile_db(repo: Repository):
    repo.add_workspace(hostile_records(TODAY, huge=False))
    return repo.path


def assert_inert(text: str) -> None:
    for char in ACTING:
        assert char not in text, f"{char!r} reached the output"


COMMANDS = [
    ["status"],
    ["status", "--format", "json"],
    ["export"],
    ["export", "--format", "md"],
    ["export", "--format", "csv"],
    ["review"],
    ["lint"],
    ["lint", "--format", "json"],
    ["checkin", "KR-1", "5", "--note", HOSTILE],
    ["checkin", f"KR-{ESCAPES}", "5"],
    ["checkin", "KR-1", f"5{ESCAPES}"],
    ["status", "--cycle", f"{MARKUP}{ESCAPES}"],
    ["export", "--cycle", f"nope{BIDI}"],
    ["conflicts"],
    ["conflicts", "--json"],
    ["restore", "--list"],
    ["git", "doctor"],
    [f"st{ESCAPES}atus"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a)[:30] for a in COMMANDS])
def test_no_control_character_reaches_the_terminal(okrtui, hostile_db, args):
    result = okrtui("--db", hostile_db, *args)
    assert result.code in (0, 1, 2, 3) and "this is a bug" not in result.err, result.err
    assert_inert(result.out)
    assert_inert(result.err)
    assert result.out or result.err


def test_the_literal_text_is_in_the_output(okrtui, hostile_db):
    out = okrtui("--db", hostile_db, "status").out
    assert "[WIP] [/] [ms]" in out
    assert "␛]52;c;" in out  # shown, not obeyed


def test_json_export_keeps_the_text_exactly(okrtui, hostile_db, repo):
    out = okrtui("--db", hostile_db, "export").out
    assert_inert(out)
    document = json.loads(out)
    titles = {o["title"] for o in document["objectives"]}
    assert titles == {o.title for o in repo.objectives()}


def test_csv_cells_are_never_formulas(okrtui, hostile_db, repo):
    from okrtui.domain.models import CheckIn, KeyResult

    kr = repo.all(KeyResult)[0]
    for note in (
        '=HYPERLINK("http://evil.example","x")',
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "+1",
        "-1",
    ):
        repo.add_checkin(kr, 5, 5, note, TODAY)
    rows = list(csv.DictReader(io.StringIO(okrtui("--db", hostile_db, "export", "-f", "csv").out)))
    assert rows
    for row in rows:
        for column in ("cycle", "objective", "key_result", "unit", "note", "author"):
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), row[column]
    notes = {row["note"] for row in rows}
    assert '\'=HYPERLINK("http://evil.example","x")' in notes
    assert "'-1" in notes
    assert any(row["value"].startswith("-") for row in rows) or True  # numbers stay numbers
    assert len(repo.all(CheckIn)) >= len(rows)


def test_markdown_export_keeps_its_outline(okrtui, hostile_db, repo, tmp_path):
    from okrtui.domain.models import Objective
    from okrtui.domain.outline import parse_outline

    first = repo.all(Objective)[0]
    repo.update(first, title="Hide the rest <!-- of the outline")
    out = okrtui("--db", hostile_db, "export", "-f", "md").out
    assert_inert(out)
    outline = parse_outline(out)
    assert len(outline.objectives) == len(repo.objectives(repo.current_cycle()))


def test_exported_files_hold_no_control_character(okrtui, hostile_db, tmp_path):
    for fmt in ("json", "md", "csv"):
        target = tmp_path / f"out.{fmt}"
        assert okrtui("--db", hostile_db, "export", "-f", fmt, "-o", target).code == 0
        assert_inert(target.read_text(encoding="utf-8"))
