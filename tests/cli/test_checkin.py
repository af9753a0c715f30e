"""`okrtui checkin KEY VALUE`: one confirmation line on success, one error line (exit 2) and
an untouched database on bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest

from okrtui.domain.models import KeyResult
from tests.conftest import TODAY


def test_records_the_checkin_and_prints_one_line(okrtui, workspace, reopen):
    result = okrtui(
        "--db", workspace, "checkin", "KR-1", "55", "--confidence", "8", "--note", "tour live"
    )

    assert result.code == 0, result.err
    assert result.err == ""
    assert result.out == (
        "KR-1 Onboarding completion rate: 52 → 55 % (40 % of the way, confidence 8)\n"
    )
    repo = reopen(workspace)
    latest = repo.history(repo.find(KeyResult, "KR-1"))[-1]
    assert (latest.value, latest.confidence, latest.note) == (55, 8, "tour live")
    assert latest.date == TODAY


def test_key_is_case_insensitive_and_confidence_carries_over(okrtui, workspace, reopen):
    result = okrtui("--db", workspace, "checkin", "kr-1", "50")

    assert result.code == 0, result.err
    assert "52 → 50 %" in result.out and "confidence 7" in result.out
    repo = reopen(workspace)
    assert repo.snapshot(repo.find(KeyResult, "KR-1")).confidence == 7


def test_a_decrease_kr_that_falls_is_progress(okrtui, workspace):
    result = okrtui("--db", workspace, "checkin", "KR-2", "6", "-c", "5")

    assert result.out == (
        "KR-2 Time to first invoice: 7 → 6 days (50 % of the way, confidence 5)\n"
    )


def test_negative_values_are_values_not_options(okrtui, workspace):
    result = okrtui("--db", workspace, "checkin", "KR-5", "-5")

    assert result.code == 0, result.err
    assert "60 → -5" in result.out and "0 % of the way" in result.out


def test_milestone_reads_in_words(okrtui, workspace):
    result = okrtui("--db", workspace, "checkin", "KR-3", "1")

    assert result.out.startswith("KR-3 Launch the new flow: not done → done (done,")


def test_threshold_kr_says_whether_it_holds(okrtui, workspace):
    assert "(holds ≤ 2 %" in okrtui("--db", workspace, "checkin", "KR-4", "1.5").out
    assert "(misses ≤ 2 %" in okrtui("--db", workspace, "checkin", "KR-4", "2.5").out


def test_first_checkin_moves_from_the_baseline(okrtui, repo, db_path):
    from tests.cli.conftest import fill

    fill(repo)
    kr = repo.create(
        KeyResult, objective_id=repo.objectives()[0].id, title="Activation", baseline=10, target=20
    )
    result = okrtui("--db", db_path, "checkin", kr.key, "12")

    assert f"{kr.key} Activation: 10 → 12 (20 % of the way" in result.out


def test_backdated_checkin_says_which_reading_stays_current(okrtui, workspace, reopen):
    day = (TODAY - timedelta(days=5)).isoformat()
    result = okrtui("--db", workspace, "checkin", "KR-1", "50", "--date", day)

    assert result.code == 0, result.err
    # It moves from the reading before it (48, ten days ago), and 52 stays the latest.
    expected_latest = (TODAY - timedelta(days=3)).isoformat()
    assert "48 → 50 %" in result.out
    assert result.out.rstrip().endswith(f"the latest reading stays 52 from {expected_latest}")
    repo = reopen(workspace)
    dates = [c.date.isoformat() for c in repo.history(repo.find(KeyResult, "KR-1"))]
    assert day in dates


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["KR-99", "5"], "no key result is called 'KR-99'; known: KR-1, KR-2, KR-3, KR-4, KR-5"),
        (["O-1", "5"], "known: KR-1"),
        (["KR-1", "abc"], "argument VALUE: 'abc' is not a number"),
        (["KR-1", "1,5"], "use a dot for decimals"),
        (["KR-1", "nan"], "not a finite number"),
        (["KR-1", "inf"], "not a finite number"),
        (
            ["KR-1", "5", "--confidence", "11"],
            "the confidence '11' is not a whole number from 0 (no chance) to 10",
        ),
        (["KR-1", "5", "--confidence", "-1"], "the confidence '-1' is not a whole number"),
        (["KR-1", "5", "--confidence", "high"], "'high' is not a whole number"),
        (["KR-1", "5", "--date", "2026-02-30"], "'2026-02-30' is not a date: write it as"),
        (["KR-1", "5", "--date", "yesterday"], "'yesterday' is not a date"),
        (["KR-1", "5", "-d", "2026-11-24"], "--date 2026-11-24 is in the future (today is"),
        (["KR-1", "5", "--date", "2026-01-01"], "KR-1: a check-in dated 2026-01-01 is before"),
        (["KR-3", "2"], "KR-3 is a milestone: check in 1 when it is done or 0"),
        (["KR-1"], "the following arguments are required: VALUE"),
        (["KR-1", "5", "--colour", "red"], "unrecognized arguments: --colour red"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_changes_nothing(okrtui, workspace, args, expected):
    before = workspace.read_bytes()

    result = okrtui("--db", workspace, "checkin", *args)

    assert result.code == 2
    assert result.out == ""
    assert len(result.error_lines) == 1
    assert result.err.startswith("okrtui: error: ")
    assert expected in result.err
    assert workspace.read_bytes() == before


def test_a_killed_kr_takes_no_check_in_exit_2_and_one_line(okrtui, workspace, reopen):
    repo = reopen(workspace)
    repo.discovery.kill(
        repo.find(KeyResult, "KR-2"), "Invoices wait for client details, not for us"
    )
    repo.close()
    before = workspace.read_bytes()

    result = okrtui("--db", workspace, "checkin", "KR-2", "5")

    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        f"okrtui: error: KR-2 was killed on {TODAY} (Invoices wait for client details, not for "
        "us): it takes no more check-ins\n"
    )
    assert workspace.read_bytes() == before


def test_usage_errors_point_at_the_subcommand_help(okrtui, workspace):
    assert "(see 'okrtui checkin --help')" in okrtui("--db", workspace, "checkin", "KR-1", "x").err
