"""`okrtui import FILE [--dry-run]`: adds an outline's cycle, objectives and key results,
prints what it added, never duplicates on a second import, and on bad input changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrtui.domain.models import Cycle, KeyResult, Objective

PLAN = Path(__file__).parent / "data" / "plan.md"


def counts(repo) -> tuple[int, int, int]:
    return len(repo.all(Cycle)), len(repo.all(Objective)), len(repo.all(KeyResult))


def test_imports_into_a_new_database_and_prints_what_it_added(okrtui, db_path, reopen):
    result = okrtui("--db", db_path, "import", PLAN)

    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"Imported {PLAN} into {db_path}:",
        "+ cycle C-1 2027-Q1 (2027-01-04 → 2027-03-28, check-in every 7 days)",
        "  + objective O-1 Improve onboarding so new users reach value faster",
        "    + key result KR-1 Onboarding completion rate from 45% to 70%",
        "    + key result KR-2 Time to first invoice from 9 days to 3 days",
        "    + key result KR-3 Weekly churn below 2%",
        "  + objective O-2 Learn whether team admins share saved views",
        "    + key result KR-4 Admins who share a view in their first week from 5% to 20%",
        "    + key result KR-5 Admins share a view every week once prompted",
        "Added 1 cycle, 2 objectives, 5 key results.",
    ]
    repo = reopen(db_path)
    (cycle,) = repo.cycles()
    assert (cycle.name, cycle.start, cycle.end, cycle.state) == (
        "2027-Q1",
        date(2027, 1, 4),
        date(2027, 3, 28),
        "planning",  # starts after today
    )
    onboarding, discovery = repo.objectives(cycle)
    assert (onboarding.owner, onboarding.team, onboarding.state) == ("maria", "growth", "draft")
    assert onboarding.why == "half of the sign-ups never send their first invoice"
    assert discovery.mode == "discovery"
    completion, invoice, churn = repo.key_results(onboarding)
    assert (completion.baseline, completion.target, completion.unit) == (45, 70, "%")
    assert (completion.indicator, completion.kind) == ("leading", "outcome")
    assert (invoice.direction, churn.direction, churn.target) == ("decrease", "stay_below", 2)
    behaviour = repo.key_results(discovery)[1]
    assert behaviour.discovery_type == "future_behaviour"
    assert behaviour.assumption == "an empty-state prompt makes admins share"


def test_importing_twice_does_not_duplicate(okrtui, db_path, reopen):
    okrtui("--db", db_path, "import", PLAN)

    result = okrtui("--db", db_path, "import", PLAN)

    assert result.code == 0, result.err
    assert (
        "  = objective O-1 Improve onboarding so new users reach value faster (already there)"
        in result.out
    )
    assert result.out.splitlines()[-1] == "Nothing new: every item is already there."
    assert counts(reopen(db_path)) == (1, 2, 5)


def test_an_edited_outline_adds_only_what_is_new(okrtui, db_path, reopen, tmp_path):
    okrtui("--db", db_path, "import", PLAN)
    edited = tmp_path / "plan.md"
    edited.write_text(
        PLAN.read_text(encoding="utf-8").replace(
            "- Weekly churn below 2%  {lagging}",
            "- weekly  CHURN below 2%\n- Invoices sent in the first week from 10% to 40%",
        ),
        encoding="utf-8",
    )

    result = okrtui("--db", db_path, "import", edited)

    assert "    + key result KR-6 Invoices sent in the first week from 10% to 40%" in result.out
    assert "    = key result KR-3 Weekly churn below 2% (already there)" in result.out
    assert result.out.splitlines()[-1] == (
        "Added 1 key result; already there: 1 cycle, 2 objectives, 5 key results."
    )
    repo = reopen(db_path)
    assert repo.find(KeyResult, "KR-6").objective_id == repo.find(Objective, "O-1").id
    assert counts(repo) == (1, 2, 6)


def test_matches_a_stored_cycle_and_objective_by_name_and_title(
    okrtui, workspace, reopen, tmp_path
):
    plan = tmp_path / "plan.md"
    plan.write_text(
        "# 2026-Q4  (2026-10-05 → 2026-12-31)\n\n## new users reach value in their first week\n"
        "- Onboarding completion rate from 45% to 70%\n- Guided tours finished from 10% to 50%\n",
        encoding="utf-8",
    )

    result = okrtui("--db", workspace, "import", plan)

    assert result.code == 0, result.err
    assert "= cycle C-1 2026-Q4" in result.out
    assert (
        "    = key result KR-1 Onboarding completion rate (45 → 70 %) (already there)" in result.out
    )
    assert "    + key result KR-6 Guided tours finished from 10% to 50%" in result.out
    assert "note: 2026-Q4 exists already" in result.out
    repo = reopen(workspace)
    assert repo.find(KeyResult, "KR-6").objective_id == repo.find(Objective, "O-1").id


def test_a_changed_target_matches_the_stored_kr_and_says_so(okrtui, db_path, reopen, tmp_path):
    okrtui("--db", db_path, "import", PLAN)
    edited = tmp_path / "plan.md"
    edited.write_text(
        PLAN.read_text(encoding="utf-8").replace("from 45% to 70%", "from 45% to 75%"),
        encoding="utf-8",
    )

    result = okrtui("--db", db_path, "import", edited)

    assert result.code == 0, result.err
    assert (
        "note: KR-1 'Onboarding completion rate from 45% to 70%' is stored with other numbers"
        in result.out
    )
    assert counts(reopen(db_path)) == (1, 2, 5)
    assert reopen(db_path).find(KeyResult, "KR-1").target == 70


def test_dry_run_changes_nothing_and_creates_no_database(okrtui, workspace, db_path, tmp_path):
    before = workspace.read_bytes()

    result = okrtui("--db", workspace, "import", PLAN, "--dry-run")

    assert result.code == 0, result.err
    assert result.out.startswith(f"Would import {PLAN} into {workspace}:\n+ cycle 2027-Q1")
    assert "    + key result Onboarding completion rate from 45% to 70%" in result.out
    assert result.out.splitlines()[-1] == "Would add 1 cycle, 2 objectives, 5 key results."
    assert workspace.read_bytes() == before

    fresh = tmp_path / "fresh.json"
    result = okrtui("--db", fresh, "import", "-n", PLAN)
    assert result.code == 0, result.err
    assert "into a new database" in result.out
    assert not fresh.exists()


@pytest.mark.parametrize(
    ("outline", "expected"),
    [
        (
            "# 2027-Q2\n## O\n- NPS from 1 to 2\n",
            "line 1: the cycle '2027-Q2' is not in the database yet",
        ),
        ("# Q (2027-01-01 → 2027-02-01)\n## O\n## o\n", "line 3: a second objective is called 'o'"),
        ("# Q (2027-01-01 → 2027-02-01)\n## O\n- NPS from x to 2\n- \n", "line 4:"),
        ("# Q (2027-01-01 → 2027-02-01)\nprose\n", "line 2: expected an objective heading"),
    ],
)
def test_bad_outlines_exit_2_and_change_nothing(okrtui, workspace, tmp_path, outline, expected):
    plan = tmp_path / "plan.md"
    plan.write_text(outline, encoding="utf-8")
    before = workspace.read_bytes()

    result = okrtui("--db", workspace, "import", plan)

    assert result.code == 2
    assert len(result.error_lines) == 1
    assert result.err.startswith(f"okrtui: error: {plan}: {expected}")
    assert workspace.read_bytes() == before


def test_a_missing_file_or_argument_exits_2(okrtui, workspace, tmp_path):
    assert okrtui("--db", workspace, "import", tmp_path / "none.md").code == 2
    result = okrtui("--db", workspace, "import")
    assert result.code == 2 and "FILE" in result.err


def test_wording_never_refuses_a_key_result_and_what_was_not_read_is_named_by_line(
    okrtui, db_path, reopen, tmp_path
):
    """Real KRs begin "At least 3 …" or ">100 …", or state numbers the reader cannot place:
    each is imported as its text, and the output says what was not read, by line."""
    plan = tmp_path / "plan.md"
    plan.write_text(
        "# 2027-Q1  (2027-01-04 → 2027-03-28)\n## Grow adoption\n"
        "- At least 3 customers run structural searches\n"
        "- >100 weekly active teams\n"
        "- Reduce churn to less than 1% monthly\n"
        "- Rate from 5 to 5\n",
        encoding="utf-8",
    )

    result = okrtui("--db", db_path, "import", plan)

    assert result.code == 0, result.err
    assert "Added 1 cycle, 1 objective, 4 key results." in result.out
    assert (
        "note: line 6: 'Rate from 5 to 5' was imported without numbers: 'from 5 to 5' could "
        "not be read as a measure" in result.out
    )
    krs = {kr.title: kr for kr in reopen(db_path).all(KeyResult)}
    churn = krs["Reduce churn to less than 1% monthly"]
    assert (churn.direction, churn.target, churn.unit) == ("decrease", 1, "%")
    assert (krs[">100 weekly active teams"].direction, krs[">100 weekly active teams"].target) == (
        "stay_above",
        100,
    )
    assert krs["Rate from 5 to 5"].target is None
