"""The coach: every rule fires when it should and stays quiet otherwise, on models (as the
TUI calls it while a person types), on outlines (as `okrtui lint` does), and on stored
check-ins and bets."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.domain.coach import (
    RULES,
    Finding,
    coach_bets,
    coach_checkins,
    coach_cycle,
    coach_key_result,
    coach_objective,
    coach_outline,
)
from okrtui.domain.models import Bet, BetImpact, Objective
from okrtui.domain.outline import parse_outline
from okrtui.domain.progress import snapshot
from tests.domain.factories import day, make_checkin, make_cycle, make_kr

GOOD_OUTLINE = """\
# 2026-Q1  (2026-01-05 → 2026-03-29, check-in every 7 days)

## Improve onboarding so new users reach value faster
owner: maria · team: growth · level: team

- Onboarding completion rate from 45% to 70%  {leading}
- Time to first invoice from 9 days to 3 days  {lagging}
"""


def objective(
    title: str = "Improve onboarding so new users reach value faster", **fields
) -> Objective:
    return Objective(cycle_id="c", title=title, **fields)


def good_krs(n: int = 2):
    """`n` measurable outcome KRs, the first leading."""
    return [
        make_kr(
            title=f"Weekly active teams in segment {i}",
            indicator="leading" if i == 0 else "lagging",
        )
        for i in range(n)
    ]


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def the(rule: str, findings: list[Finding]) -> Finding:
    (found,) = [f for f in findings if f.rule == rule]
    return found


def test_every_rule_of_the_design_has_a_stable_id_and_severity():
    assert set(RULES) == {
        "kr-count",
        "output-kr",
        "objective-is-task",
        "not-measurable",
        "no-leading-indicator",
        "too-many-objectives",
        "missing-assumption",
        "stale-checkin",
        "unlinked-bet",
        "vanity-metric",
        "outside-influence",
        "unbalanced-set",
        "recycled-kpi",
        "no-strategy",
        "incomplete-measure",
        "unread-number",
    }
    assert all(rule.severity in ("warning", "info") for rule in RULES.values())


def test_a_good_objective_and_a_good_outline_are_quiet():
    assert coach_objective(objective(), good_krs(3)) == []
    assert coach_outline(parse_outline(GOOD_OUTLINE)) == []


# -- kr-count ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "fires"), [(0, True), (1, True), (2, False), (5, False), (6, True)]
)
def test_kr_count(count, fires):
    findings = coach_objective(objective(), good_krs(count) if count else [])

    assert ("kr-count" in rules(findings)) == fires
    if fires:
        found = the("kr-count", findings)
        assert f"has {count} key result" in found.message
        assert "two to five Key Results per Objective" in found.message
        assert found.suggestion


# -- output-kr --------------------------------------------------------------------------------


def test_output_kr_fires_on_a_deliverable_with_the_reason_and_a_reframing():
    kr = make_kr(title="Launch the redesigned onboarding flow", key="KR-7")

    found = the("output-kr", coach_key_result(kr))

    assert found.ref == "KR-7" and found.text == kr.title and found.severity == "warning"
    assert "starts with the work verb 'launch'" in found.message
    assert "outcomes over outputs" in found.message
    assert (
        "How might we get [who] to [do what differently] once we launch the redesigned "
        "onboarding flow?" in found.suggestion
    )
    assert "who does what by how much" in found.suggestion


@pytest.mark.parametrize(
    "title", ["Publish 10 blog articles", "Increase the number of features shipped from 5 to 10"]
)
def test_output_kr_fires_on_the_issue_examples(title):
    assert "output-kr" in rules(coach_key_result(make_kr(title=title)))


def test_output_kr_fires_on_a_kr_marked_output_whatever_its_wording():
    found = the("output-kr", coach_key_result(make_kr(title="Checkout v2", kind="output")))

    assert "is marked as an output" in found.message


def test_output_kr_stays_quiet_on_outcomes_and_on_discovery_process_krs():
    assert coach_key_result(make_kr(title="Onboarding completion rate")) == []
    process = make_kr(title="Run 5 customer interviews a week", discovery_type="process")
    assert "output-kr" not in rules(coach_key_result(process))


# -- objective-is-task ------------------------------------------------------------------------


def test_objective_is_task_fires_on_a_task_disguised_as_strategy():
    found = the(
        "objective-is-task",
        coach_objective(objective("Launch the new onboarding redesign"), good_krs()),
    )

    assert "task disguised as strategy" in found.message
    assert "'launch'" in found.message
    assert '"launch the new onboarding redesign" becomes a bet' in found.suggestion


def test_objective_is_task_stays_quiet_on_an_outcome_and_on_an_untitled_draft():
    assert coach_objective(objective(), good_krs()) == []
    draft = Objective(cycle_id="c")
    assert "objective-is-task" not in rules(coach_objective(draft, good_krs()))


# -- not-measurable ---------------------------------------------------------------------------


def test_not_measurable_fires_without_a_number_or_a_milestone():
    found = the(
        "not-measurable",
        coach_key_result(make_kr(title="Customer happiness", baseline=None, target=None)),
    )

    assert found.message.startswith("has no number to judge it by and does not read as a milestone")
    assert "What numbers would change?" in found.message


@pytest.mark.parametrize(
    ("fields", "gap"),
    [
        ({"baseline": None, "target": 70}, "states a target (70 %) but no baseline"),
        ({"baseline": 45, "target": None}, "has a baseline but no target"),
    ],
)
def test_a_half_stated_measure_gets_the_gentler_incomplete_measure(fields, gap):
    findings = coach_key_result(make_kr(title="Customer happiness", unit="%", **fields))

    assert "not-measurable" not in rules(findings)
    found = the("incomplete-measure", findings)
    assert found.severity == "info"
    assert found.message.startswith(gap)


@pytest.mark.parametrize(
    "title",
    [
        "Increase SWAUs by 25%",
        "99% uptime",
        "Revenue of 250K",
        "Reduce churn to less than 1% monthly",
        "Zero app store rejections",
        "Public Learn Platform MVP deployed in June",  # a milestone without {milestone}
        "Interactive search is available to all users by default",
    ],
)
def test_not_measurable_stays_quiet_when_the_title_states_a_number_or_a_milestone(title):
    """The measure reader reads the title when the number fields are empty."""
    kr = make_kr(title=title, baseline=None, target=None)

    assert "not-measurable" not in rules(coach_key_result(kr))


def test_a_relative_change_is_named_as_one():
    found = the(
        "incomplete-measure",
        coach_key_result(make_kr(title="Increase SWAUs by 25%", baseline=None, target=None)),
    )
    assert found.message.startswith("states a change by 25 % but no baseline")


def test_a_number_the_reader_cannot_place_gets_unread_number_not_not_measurable():
    kr = make_kr(title="Onboarding flow v2 for segment 7", baseline=None, target=None)
    findings = coach_key_result(kr)

    assert "not-measurable" not in rules(findings)
    found = the("unread-number", findings)
    assert found.severity == "info"
    assert "'7'" in found.message
    assert "from X to Y" in found.suggestion


@pytest.mark.parametrize(
    "fields",
    [
        {"baseline": 45, "target": 70},
        {"direction": "stay_below", "baseline": None, "target": 2},
        {"type": "milestone", "baseline": None, "target": None},
        {"discovery_type": "future_behaviour", "assumption": "x", "baseline": None, "target": None},
    ],
)
def test_not_measurable_stays_quiet_when_it_can_be_judged(fields):
    assert "not-measurable" not in rules(
        coach_key_result(make_kr(title="Customer happiness", **fields))
    )


# -- no-leading-indicator ---------------------------------------------------------------------


def test_no_leading_indicator_fires_when_every_kr_lags():
    krs = [make_kr(title=f"Revenue of plan {i}", indicator="lagging") for i in range(3)]

    found = the("no-leading-indicator", coach_objective(objective(), krs))

    assert found.message.startswith("all 3 key results are lagging")
    assert "Which customer behaviours" in found.suggestion


def test_no_leading_indicator_stays_quiet_with_one_leading_kr_or_none_at_all():
    assert "no-leading-indicator" not in rules(coach_objective(objective(), good_krs(3)))
    assert "no-leading-indicator" not in rules(coach_objective(objective(), []))


def test_untagged_outline_krs_count_as_lagging():
    text = GOOD_OUTLINE.replace("  {leading}", "")

    assert "no-leading-indicator" in rules(coach_outline(parse_outline(text)))


# -- missing-assumption -----------------------------------------------------------------------


def test_missing_assumption_fires_on_a_future_behaviour_kr_without_one():
    kr = make_kr(title="Admins share a view weekly", discovery_type="future_behaviour")

    found = the("missing-assumption", coach_key_result(kr))

    assert "We believe [who] will [do what] because [why]" in found.suggestion


def test_missing_assumption_stays_quiet_with_an_assumption_or_another_discovery_type():
    named = make_kr(discovery_type="future_behaviour", assumption="a prompt makes them share")
    assert "missing-assumption" not in rules(coach_key_result(named))
    assert "missing-assumption" not in rules(coach_key_result(make_kr(discovery_type="process")))


# -- too-many-objectives ----------------------------------------------------------------------


def plans(n: int, **fields):
    return [(objective(f"Customers love area {i}", **fields), good_krs()) for i in range(n)]


def test_too_many_objectives_fires_per_owner_or_team_over_the_limit():
    findings = coach_cycle(plans(4, owner="maria", team="growth"))

    found = the("too-many-objectives", findings)  # owner and team name the same 4: one finding
    assert found.text == "Customers love area 3"
    assert "objective 4 of 4 carried by owner 'maria'" in found.message
    assert "(the limit is 3)" in found.message


def test_too_many_objectives_flags_every_objective_over_the_limit():
    findings = [f for f in coach_cycle(plans(5, owner="maria")) if f.rule == "too-many-objectives"]

    assert [f.text for f in findings] == ["Customers love area 3", "Customers love area 4"]
    assert "objective 4 of 5" in findings[0].message
    assert "objective 5 of 5" in findings[1].message


def test_too_many_objectives_counts_objectives_without_owner_or_team_together():
    found = the("too-many-objectives", coach_cycle(plans(4)))

    assert "nobody (no owner or team)" in found.message


def test_too_many_objectives_stays_quiet_within_the_limit_or_across_owners():
    assert coach_cycle(plans(3, owner="maria")) == []
    mixed = plans(2, owner="maria") + plans(2, owner="li")
    assert coach_cycle(mixed) == []
    closed = [
        *plans(3, owner="maria"),
        (objective("Old one", owner="maria", state="closed"), good_krs()),
    ]
    assert coach_cycle(closed) == []


def test_the_objective_limit_can_be_set():
    assert "too-many-objectives" in rules(coach_cycle(plans(2, owner="a"), objective_limit=1))


# -- outline references -----------------------------------------------------------------------


def test_outline_findings_point_at_positions():
    text = GOOD_OUTLINE + "- Launch the redesigned onboarding flow  {output, milestone}\n"

    (found,) = coach_outline(parse_outline(text))

    assert (found.rule, found.ref, found.text) == (
        "output-kr",
        "O1.KR3",
        "Launch the redesigned onboarding flow",
    )


# -- stale-checkin ----------------------------------------------------------------------------


def test_stale_checkin_fires_when_a_kr_went_unchecked_beyond_its_cadence():
    cycle = make_cycle()
    kr = make_kr(key="KR-2")
    late = snapshot(kr, [make_checkin(kr, 10, 20)], cycle, day(30))
    never = snapshot(make_kr(key="KR-3"), [], cycle, day(30))

    findings = coach_checkins([late, never], cycle, day(30))

    assert [f.ref for f in findings] == ["KR-2", "KR-3"]
    assert findings[0].message.startswith("has had no check-in for 20 days (last on 2026-10-11)")
    assert "7-day cadence" in findings[0].message
    assert findings[1].message.startswith("has had no check-in since the cycle started 30 days ago")
    assert "okrtui checkin KR-2 VALUE" in findings[0].suggestion


def test_stale_checkin_stays_quiet_within_the_cadence_and_in_closed_cycles():
    cycle = make_cycle()
    kr = make_kr()
    fresh = snapshot(kr, [make_checkin(kr, 25, 20)], cycle, day(30))
    assert coach_checkins([fresh], cycle, day(30)) == []
    closed = make_cycle(state="closed")
    assert coach_checkins([snapshot(kr, [], closed, day(30))], closed, day(30)) == []


# -- unlinked-bet -----------------------------------------------------------------------------


def test_unlinked_bet_fires_on_an_open_bet_that_moves_no_kr():
    bet = Bet(title="Guided setup checklist", key="B-1", status="discovery")

    (found,) = coach_bets([bet])

    assert (found.rule, found.ref, found.text) == ("unlinked-bet", "B-1", "Guided setup checklist")
    assert "parallel universe" in found.message


def test_unlinked_bet_fires_when_its_krs_are_not_live():
    bet = Bet(title="Checklist", moves=[BetImpact(key_result_id="old")])

    (found,) = coach_bets([bet], live_key_result_ids={"kr1"})

    assert "no key result of an open cycle" in found.message


def test_unlinked_bet_stays_quiet_when_linked_done_or_dropped():
    linked = Bet(title="Checklist", moves=[BetImpact(key_result_id="kr1", expected_change=5)])
    assert coach_bets([linked], live_key_result_ids={"kr1"}) == []
    assert coach_bets([Bet(title="Old", status="done"), Bet(title="No", status="dropped")]) == []


def test_findings_serialise_with_every_field():
    (found,) = coach_bets([Bet(title="Checklist")])

    assert set(found.as_dict()) == {"rule", "severity", "ref", "text", "message", "suggestion"}


def test_dates_used_above_are_what_the_factories_say():
    assert day(10) == date(2026, 10, 11)
