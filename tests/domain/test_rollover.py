"""Roll-over planning: every field of a KR and an objective is carried, set anew or left
behind on purpose, baselines become last values, objectives are carried once, bets follow."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Bet, BetImpact, KeyResult, Objective
from okrtui.domain.progress import snapshot
from okrtui.domain.rollover import (
    KR_CARRIED,
    KR_LEFT_BEHIND,
    KR_SET_ANEW,
    OBJECTIVE_CARRIED,
    OBJECTIVE_LEFT_BEHIND,
    OBJECTIVE_SET_ANEW,
    carried_bets,
    carried_key_result,
    carried_objective,
    closing_changes,
    plan_roll_over,
    retitled,
)
from tests.domain.factories import day, make_checkin, make_cycle, make_kr


def _partition_is_complete(model, *groups: frozenset[str]) -> None:
    names = set(model.model_fields)
    assert set().union(*groups) == names, "every field must be classified for roll-over"
    assert sum(len(g) for g in groups) == len(names), "a field is in two groups"


def test_every_key_result_field_is_carried_set_anew_or_left_behind_on_purpose():
    _partition_is_complete(KeyResult, KR_CARRIED, KR_SET_ANEW, KR_LEFT_BEHIND)


def test_every_objective_field_is_carried_set_anew_or_left_behind_on_purpose():
    _partition_is_complete(Objective, OBJECTIVE_CARRIED, OBJECTIVE_SET_ANEW, OBJECTIVE_LEFT_BEHIND)


def _full_kr(**fields) -> KeyResult:
    """A KR with a non-default value in every field, so a dropped field shows."""
    values = {
        "objective_id": "old-objective",
        "title": "Beta opt-in rate from 0% to 30%",
        "owner": "sam",
        "unit": "%",
        "type": "metric",
        "direction": "increase",
        "baseline": 0,
        "target": 30,
        "stretch": 40,
        "kind": "output",
        "indicator": "leading",
        "discovery_type": "future_behaviour",
        "assumption": "Mid-size accounts want reconciliation",
        "kill_by": date(2026, 12, 1),
        "weight": 2.0,
        "state": "active",
        "score": 0.4,
        "close_reason": "why not",
        "closed_on": day(90),
        "graduated_on": day(80),
        "roll_over": True,
        "continues": "older-kr",
    }
    return KeyResult(**(values | fields))


def test_a_carried_kr_keeps_what_it_aims_for_and_starts_from_its_last_value():
    old = _full_kr()
    new = carried_key_result(old, 14, "new-objective")
    for name in KR_CARRIED - {"title"}:
        assert getattr(new, name) == getattr(old, name), name
    assert new.title == "Beta opt-in rate from 14% to 30%"
    assert new.baseline == 14
    assert new.objective_id == "new-objective"
    assert new.continues == old.id
    defaults = KeyResult(objective_id="x", title="x")
    for name in KR_LEFT_BEHIND - {"id", "key", "created_at", "updated_at"}:
        assert getattr(new, name) == getattr(defaults, name), name
    assert new.id != old.id and new.key == ""


def test_never_checked_in_keeps_its_baseline_and_a_milestone_keeps_none():
    assert carried_key_result(_full_kr(baseline=5), None, "o").baseline == 5
    milestone = make_kr(type="milestone", baseline=None, target=None)
    assert carried_key_result(milestone, 0, "o").baseline is None


def test_a_kr_whose_last_value_reached_the_target_cannot_roll_over_as_it_is():
    with pytest.raises(InvalidInput, match="set a new target first"):
        carried_key_result(make_kr(baseline=0, target=100), 100, "o")


def test_a_carried_objective_is_a_draft_of_the_next_cycle_without_the_old_reflection():
    old = Objective(
        cycle_id="old",
        title="Finance teams trust us",
        why="asked in sales calls",
        owner="sam",
        team="platform",
        level="team",
        mode="discovery",
        state="committed",
        reflection="learnt a lot",
        continues="older",
    )
    new = carried_objective(old, "next")
    for name in OBJECTIVE_CARRIED:
        assert getattr(new, name) == getattr(old, name), name
    assert (new.cycle_id, new.continues, new.state, new.reflection) == ("next", old.id, "draft", "")


def test_plan_carries_each_objective_once_and_reuses_one_already_carried():
    cycle, following = make_cycle(), make_cycle(name="2027-Q1", start=day(101), end=day(190))
    first = Objective(cycle_id=cycle.id, title="First", state="committed")
    second = Objective(cycle_id=cycle.id, title="Second", state="committed")
    krs = [
        make_kr(objective_id=first.id),
        make_kr(objective_id=first.id),
        make_kr(objective_id=second.id),
    ]
    earlier = carried_objective(second, following.id)
    snaps = [snapshot(kr, [make_checkin(kr, 50, 40)], cycle, day(100)) for kr in krs]
    plan = plan_roll_over(snaps, {first.id: first, second.id: second}, following, [earlier], [])
    assert [o.continues for o in plan.objectives] == [first.id]
    new_objectives = [new.objective_id for _, new in plan.key_results]
    assert new_objectives == [plan.objectives[0].id, plan.objectives[0].id, earlier.id]
    assert all(new.baseline == 40 for _, new in plan.key_results)


def test_plan_lists_every_kr_that_cannot_roll_over():
    cycle, following = make_cycle(), make_cycle(name="2027-Q1", start=day(101), end=day(190))
    objective = Objective(cycle_id=cycle.id, title="O", state="committed")
    krs = [make_kr(objective_id=objective.id, key=f"KR-{n}") for n in (1, 2)]
    snaps = [snapshot(kr, [make_checkin(kr, 50, 100)], cycle, day(100)) for kr in krs]
    with pytest.raises(InvalidInput) as error:
        plan_roll_over(snaps, {objective.id: objective}, following, [], [])
    assert "KR-1" in str(error.value) and "KR-2" in str(error.value)


def test_open_bets_gain_a_move_for_the_new_kr_and_keep_the_old_one():
    moves = [BetImpact(key_result_id="old", expected_change=5), BetImpact(key_result_id="other")]
    open_bet = Bet(title="Checklist", status="delivery", moves=moves)
    done = Bet(title="Redesign", status="done", moves=moves)
    dropped = Bet(title="Video", status="dropped", moves=moves)
    unrelated = Bet(title="Dark mode", status="idea")
    changed = carried_bets([open_bet, done, dropped, unrelated], {"old": "new"})
    assert [bet.title for bet, _ in changed] == ["Checklist"]
    ((_, new_moves),) = changed
    assert [(m.key_result_id, m.expected_change) for m in new_moves] == [
        ("old", 5),
        ("other", None),
        ("new", 5),
    ]
    # Carrying twice adds nothing the second time.
    again = open_bet.model_copy(update={"moves": new_moves})
    assert carried_bets([again], {"old": "new"}) == []


def test_closing_changes_close_score_and_mark_the_roll_over_choice():
    changes = closing_changes(make_kr(), 0.7, True, day(100))
    assert changes == {"state": "closed", "score": 0.7, "closed_on": day(100), "roll_over": True}


@pytest.mark.parametrize(
    ("title", "old", "new", "expected"),
    [
        (
            "Onboarding completion rate from 45% to 70%",
            45,
            62,
            "Onboarding completion rate from 62% to 70%",
        ),
        (
            "Time to first invoice from 9 days to 3 days",
            9,
            6.2,
            "Time to first invoice from 6.2 days to 3 days",
        ),
        ("Tickets from 1,200 to 600", 1200, 950, "Tickets from 950 to 600"),
        ("Tickets from 120 to 60", 12, 10, "Tickets from 120 to 60"),  # 12 is not 120
        ("Satisfaction above 75%", 71, 78, "Satisfaction above 75%"),  # names no baseline
    ],
)
def test_a_title_naming_the_old_baseline_names_the_new_one(title, old, new, expected):
    assert retitled(title, old, new) == expected
