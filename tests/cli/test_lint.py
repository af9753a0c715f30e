"""`okrtui lint [FILE]`: findings as text or JSON, exit 1 on warnings, 0 when clean, 2 on
unreadable input (one error line naming the line); without FILE, the database's cycle."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from okrtui.domain.models import Bet, KeyResult

CLEAN = Path(__file__).parent / "data" / "plan.md"

#: An outline on which every outline rule fires once (and nothing else).
EVERY_RULE = """\
# 2027-Q1

## Launch the new onboarding redesign
owner: maria

- Blog articles published from 2 to 10 a month  {leading}
- Customer happiness  {leading}

## Customers recommend us
owner: maria
- NPS from 30 to 50  {lagging}
- Weekly churn below 2%  {lagging}

## Teams adopt shared views
owner: maria
- Share of teams with a shared view from 10% to 30%  {leading}

## Admins invite their team
owner: maria
- Admins who invite a teammate from 20% to 40%  {leading}
- Admins invite once prompted  {future_behaviour}
"""


def write(tmp_path: Path, text: str | bytes, name: str = "plan.md") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_a_clean_outline_exits_0(okrtui, db_path):
    result = okrtui("--db", db_path, "lint", CLEAN)

    assert result.code == 0, result.err
    assert result.out == f"{CLEAN}: no findings (2 objectives, 5 key results).\n"
    assert not db_path.exists(), "linting a file neither opens nor creates the database"


def test_every_outline_rule_fires_with_ref_line_and_text(okrtui, tmp_path):
    result = okrtui("lint", write(tmp_path, EVERY_RULE), "--format", "json")

    assert result.code == 1, result.err
    findings = json.loads(result.out)
    assert [(f["rule"], f["ref"], f["line"]) for f in findings] == [
        ("objective-is-task", "O1", 3),
        ("output-kr", "O1.KR1", 6),
        ("not-measurable", "O1.KR2", 7),
        ("no-leading-indicator", "O2", 9),
        ("kr-count", "O3", 14),
        ("missing-assumption", "O4.KR2", 21),
        ("too-many-objectives", "O4", 18),
    ]
    first = findings[0]
    assert set(first) == {"rule", "severity", "ref", "text", "message", "suggestion", "line"}
    assert first["text"] == "Launch the new onboarding redesign"
    assert first["severity"] == "warning"
    assert "task disguised as strategy" in first["message"]


def test_text_names_file_line_ref_rule_and_says_why(okrtui, tmp_path):
    plan = write(
        tmp_path,
        "# Q\n## Improve onboarding\n- Launch the redesigned flow\n- NPS from 1 to 2 {leading}\n",
    )

    result = okrtui("lint", plan)

    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == f'{plan}:3: O1.KR1 "Launch the redesigned flow" [output-kr, warning]'
    assert lines[1].startswith("  reads as an output: it starts with the work verb 'launch'")
    assert lines[2].startswith(
        '  try: Ask "How might we get [who] to [do what differently] once we launch'
    )
    assert lines[-1] == f"{plan}: 1 warning (1 objective, 2 key results)."


def test_wording_is_never_an_error_and_what_was_not_read_is_named_by_line(okrtui, tmp_path):
    plan = write(
        tmp_path,
        "# Q\n## O\n- At least 3 teams adopt it\n- >100 weekly active teams\n- Rate from 5 to 5\n",
    )

    result = okrtui("lint", plan, "--format", "json")

    assert result.code == 1, result.err  # kr-count aside, the file reads
    unread = [(f["rule"], f["line"]) for f in json.loads(result.out) if f["severity"] == "info"]
    assert unread == [("unread-number", 5)]
    (finding,) = [f for f in json.loads(result.out) if f["rule"] == "unread-number"]
    assert "'from 5 to 5'" in finding["message"]


def test_reads_standard_input(okrtui, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CLEAN.read_bytes())))

    result = okrtui("lint", "-")

    assert result.code == 0, result.err
    assert result.out.startswith("standard input: no findings")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("# Q\n## O\nsome prose\n- KR\n", ": line 3: expected 'owner: …'"),
        ("", ": line 1: expected the cycle heading"),
        (b"# Q\n## O\n- caf\xe9\n", ": line 3: not UTF-8 text (byte 0xe9)"),
    ],
)
def test_unreadable_outlines_exit_2_with_the_line(okrtui, tmp_path, content, expected):
    plan = write(tmp_path, content)

    result = okrtui("lint", plan)

    assert result.code == 2
    assert result.out == ""
    assert len(result.error_lines) == 1
    assert result.err.startswith(f"okrtui: error: {plan}{expected}")


@pytest.mark.parametrize("make", [lambda p: p / "missing.md", lambda p: p])
def test_missing_files_and_folders_exit_2(okrtui, tmp_path, make):
    result = okrtui("lint", make(tmp_path))

    assert result.code == 2
    assert result.err.startswith(f"okrtui: error: cannot read {make(tmp_path)}: ")
    assert result.err.count("\n") == 1


def test_bad_options_exit_2(okrtui, tmp_path):
    assert okrtui("lint", CLEAN, "--cycle", "2027-Q1").code == 2
    assert okrtui("lint", CLEAN, "--objective-limit", "0").code == 2
    assert okrtui("lint", CLEAN, "--format", "xml").code == 2


def test_the_objective_limit_is_an_option(okrtui):
    result = okrtui("lint", CLEAN, "--objective-limit", "1", "--format", "json")

    assert result.code == 1
    assert [f["rule"] for f in json.loads(result.out)] == ["too-many-objectives"]


# -- the database -----------------------------------------------------------------------------


def test_the_database_adds_stale_checkins_and_unlinked_bets(okrtui, workspace, reopen):
    repo = reopen(workspace)
    repo.create(Bet, title="Referral programme", status="discovery")
    repo.close()

    result = okrtui("--db", workspace, "lint", "--format", "json")

    assert result.code == 1, result.err
    found = {(f["rule"], f["ref"]) for f in json.loads(result.out)}
    assert {
        ("stale-checkin", "KR-2"),  # last read 22 days ago
        ("stale-checkin", "KR-4"),  # never read, 53 days into the cycle
        ("output-kr", "KR-3"),  # "Launch the new flow"
        ("kr-count", "O-2"),  # one key result
        ("unlinked-bet", "B-1"),
    } <= found
    assert ("stale-checkin", "KR-1") not in found  # read 3 days ago
    assert all(f["line"] is None for f in json.loads(result.out))


def test_a_kr_is_stale_a_cadence_after_it_joined_the_cycle(okrtui, workspace, db_path):
    """Written on the cycle's first day and never read: stale "since the cycle started"; one
    added today is not stale at all; one added 10 days ago is stale "since it was added"."""
    from datetime import timedelta

    from okrtui.domain.clock import FixedClock
    from okrtui.store.repository import Repository
    from tests.conftest import TODAY

    for days_ago, title in ((53, "Planned at the start"), (10, "Added in week 7"), (0, "New")):
        then = Repository.open(db_path, FixedClock(TODAY - timedelta(days=days_ago)))
        then.create(KeyResult, objective_id=then.objectives()[0].id, title=title, target=5)
        then.close()

    result = okrtui("--db", workspace, "lint", "--format", "json")
    stale = {
        f["text"]: f["message"] for f in json.loads(result.out) if f["rule"] == "stale-checkin"
    }

    assert "New" not in stale
    assert stale["Planned at the start"].startswith(
        "has had no check-in since the cycle started 53 days ago"
    )
    assert stale["Added in week 7"].startswith("has had no check-in since it was added 10 days ago")


def test_the_database_text_names_the_cycle(okrtui, workspace):
    result = okrtui("--db", workspace, "lint", "--cycle", "2026-Q4")

    assert result.code == 1
    assert result.out.splitlines()[0].startswith('2026-Q4: O-1 "New users reach value')
    assert result.out.splitlines()[-1].startswith("2026-Q4: ")


def test_the_database_needs_to_exist_and_hold_a_cycle(okrtui, db_path, repo):
    assert okrtui("--db", db_path.with_name("none.json"), "lint").code == 2
    repo.close()  # an empty database: created, no cycles

    result = okrtui("--db", db_path, "lint")

    assert result.code == 2
    assert "has no cycles to check yet" in result.err
