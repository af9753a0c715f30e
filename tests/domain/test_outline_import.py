"""Outlines as records and back, and the import plan: what is new, what matches, what is
refused."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.domain.models import Cycle, KeyResult, Objective
from okrtui.domain.outline import OutlineError, parse_outline
from okrtui.domain.outline_import import cycle_state, plan_import, same_key_result, same_title
from okrtui.domain.outline_records import outline_from_records, records_from_outline

TODAY = date(2026, 11, 23)

OUTLINE = """\
# 2026-Q4  (2026-10-01 → 2026-12-31, check-in every 14 days)

## Improve onboarding so new users reach value faster
owner: maria · team: growth · level: team · mode: discovery

- Onboarding completion rate from 45% to 70%  {leading}
- Launch the redesigned onboarding flow
- Admins share weekly  {future_behaviour}
  assumption: a prompt makes them share

## Customers recommend us
- NPS from 30 to 50
- Weekly churn below 2%  {output}
"""


def test_records_carry_the_outline_fields_and_refs():
    records = records_from_outline(parse_outline(OUTLINE), cycle_id="c1", state="committed")

    (onboarding, (completion, launch, share)), (loyalty, (nps, churn)) = records.plans
    assert (onboarding.cycle_id, onboarding.state, onboarding.mode, onboarding.owner) == (
        "c1",
        "committed",
        "discovery",
        "maria",
    )
    assert (completion.baseline, completion.target, completion.unit, completion.indicator) == (
        45,
        70,
        "%",
        "leading",
    )
    assert completion.objective_id == onboarding.id
    assert (launch.kind, launch.indicator) == ("output", "lagging")  # classified; default
    assert (churn.kind, churn.direction, churn.target) == ("output", "stay_below", 2)  # tag wins
    assert share.assumption == "a prompt makes them share"
    assert records.refs[nps.id] == "O2.KR1" and records.refs[loyalty.id] == "O2"


def test_a_cycle_renders_as_the_outline_it_came_from():
    outline = parse_outline(OUTLINE)
    records = records_from_outline(outline)
    cycle = Cycle(name="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31), cadence_days=14)

    back = outline_from_records(cycle, records.plans)

    assert back.cycle == outline.cycle
    assert [o.title for o in back.objectives] == [o.title for o in outline.objectives]
    launch = back.objectives[0].key_results[1]
    assert (launch.kind, launch.indicator) == ("output", "lagging")  # written out explicitly
    assert records_from_outline(back).plans[0][1][0].target == 70


def test_numbers_the_outline_cannot_write_go_into_the_comment():
    cycle = Cycle(name="Q", start=date(2026, 1, 1), end=date(2026, 3, 1))
    objective = Objective(cycle_id=cycle.id, title="O")
    kr = KeyResult(objective_id=objective.id, title="Active teams", target=180, unit="teams")

    (bullet,) = (
        outline_from_records(cycle, [(objective, (kr,))], {kr.id: "now 150"})
        .objectives[0]
        .key_results
    )

    assert (bullet.target, bullet.comment) == (None, "target 180 teams; now 150")


def test_into_an_empty_workspace_everything_is_new():
    plan = plan_import(parse_outline(OUTLINE), None, [], TODAY)

    assert [(i.what, i.added, i.depth) for i in plan.items][:3] == [
        ("cycle", True, 0),
        ("objective", True, 1),
        ("key result", True, 2),
    ]
    cycle = plan.items[0].record
    assert (cycle.name, cycle.cadence_days, cycle.state) == ("2026-Q4", 14, "active")
    assert plan.count("objective") == 2 and plan.count("key result") == 5
    assert plan.new_records[1].cycle_id == cycle.id
    assert plan.new_records[1].state == "committed"


def test_existing_cycle_objectives_and_krs_are_matched_by_name_and_title():
    first = plan_import(parse_outline(OUTLINE), None, [], TODAY)
    cycle = first.items[0].record
    onboarding = first.new_records[1]
    completion = first.new_records[2]
    stored = [(onboarding, (completion,))]
    edited = OUTLINE.replace("Onboarding completion rate", "onboarding   COMPLETION rate")

    plan = plan_import(parse_outline(edited), cycle, stored, TODAY)

    assert plan.count("cycle") == 0 and plan.count("cycle", added=False) == 1
    assert plan.count("objective", added=False) == 1 and plan.count("objective") == 1
    assert plan.count("key result", added=False) == 1 and plan.count("key result") == 4
    new_in_old = [r for r in plan.new_records if getattr(r, "objective_id", None) == onboarding.id]
    assert [r.title for r in new_in_old] == [
        "Launch the redesigned onboarding flow",
        "Admins share weekly",
    ]
    assert plan.notes == ()


def test_key_results_match_whatever_numbers_their_titles_state():
    cycle = Cycle(name="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31), cadence_days=14)
    onboarding = Objective(
        cycle_id=cycle.id, title="Improve onboarding so new users reach value faster"
    )
    stored = KeyResult(
        objective_id=onboarding.id,
        title="Onboarding completion rate",
        baseline=45,
        target=70,
        unit="%",
        key="KR-1",
    )
    edited = OUTLINE.replace("from 45% to 70%", "from 45% to 80%")

    plan = plan_import(parse_outline(edited), cycle, [(onboarding, (stored,))], TODAY)

    assert plan.items[2].record is stored and not plan.items[2].added
    assert plan.notes == (
        "KR-1 'Onboarding completion rate' is stored with other numbers (45 → 70 %) "
        "than the file's (45 → 80 %); the stored ones were kept",
    )


def test_a_thresholds_baseline_plays_no_part_in_the_comparison():
    cycle = Cycle(name="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31), cadence_days=14)
    loyalty = Objective(cycle_id=cycle.id, title="Customers recommend us")
    churn = KeyResult(
        objective_id=loyalty.id,
        title="Weekly churn below 2%",
        direction="stay_below",
        baseline=3,
        target=2,
        unit="%",
        kind="output",
    )

    plan = plan_import(parse_outline(OUTLINE), cycle, [(loyalty, (churn,))], TODAY)

    assert plan.notes == ()
    churn.target = 1.5
    (note,) = plan_import(parse_outline(OUTLINE), cycle, [(loyalty, (churn,))], TODAY).notes
    assert "(below 1.5 %) than the file's (below 2 %)" in note


def test_a_stored_cycle_keeps_its_dates_and_says_so():
    stored = Cycle(name="2026-Q4", start=date(2026, 10, 5), end=date(2026, 12, 31))

    plan = plan_import(parse_outline(OUTLINE), stored, [], TODAY)

    assert plan.items[0].record is stored
    assert "its dates and cadence were kept" in plan.notes[0]


def test_a_new_cycle_needs_dates():
    with pytest.raises(
        OutlineError, match=r"line 1: the cycle '2026-Q9' is not in the database yet"
    ):
        plan_import(parse_outline("# 2026-Q9\n## O\n- NPS from 1 to 2\n"), None, [], TODAY)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# Q (2026-01-01 → 2026-02-01)\n## Same\n## same\n", 3),
        ("# Q (2026-01-01 → 2026-02-01)\n## O\n- NPS\n- Churn\n-  nps \n", 5),
    ],
)
def test_twin_titles_are_refused(text, line):
    with pytest.raises(OutlineError, match=rf"line {line}: a second .* is called"):
        plan_import(parse_outline(text), None, [], TODAY)


def test_cycle_state_and_title_matching():
    assert cycle_state(date(2027, 1, 1), date(2027, 3, 1), TODAY) == "planning"
    assert cycle_state(date(2026, 1, 1), date(2026, 3, 1), TODAY) == "closed"
    assert cycle_state(date(2026, 10, 1), date(2026, 12, 31), TODAY) == "active"
    assert same_title(" Weekly  Churn", "weekly churn")
    assert not same_title("Weekly churn", "Monthly churn")
    assert same_key_result("Weekly churn below 2%", "weekly churn is below 3 %")
    assert not same_key_result("Weekly churn below 2%", "Monthly churn below 2%")
