"""The review's maths: scores a person may type, what rolls over by default, confidence
calibration per owner, and the cycle proposed after a closing one."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Objective
from okrtui.domain.progress import counted, snapshot
from okrtui.domain.review import (
    CalibrationSample,
    ObjectiveReview,
    build_review,
    calibrate,
    following_cycle,
    mean_score,
    parse_score,
    propose_next_cycle,
    review_key_result,
    rolls_over_by_default,
)
from tests.domain.factories import day, make_checkin, make_cycle, make_kr


@pytest.mark.parametrize(
    ("text", "stretch", "expected"),
    [
        ("0.7", None, 0.7),
        (" 1 ", None, 1.0),
        ("1.2", 150, 1.2),
        ("0", None, 0.0),
    ],
)
def test_scores_a_person_may_type(text, stretch, expected):
    assert parse_score(make_kr(stretch=stretch), text) == expected


@pytest.mark.parametrize(
    ("text", "stretch", "message"),
    [
        ("abc", None, "not a number"),
        ("-0.1", None, "from 0.0"),
        ("1.1", None, "only for a KR with a stretch"),
        ("1.6", 150, "from 0.0 to 1.5"),
        ("nan", None, "not a finite number"),
        # One reading of a comma everywhere: refused, as in the check-in and the CLI.
        ("0,5", None, "use a dot for decimals"),
    ],
)
def test_scores_that_are_refused_say_why(text, stretch, message):
    with pytest.raises(InvalidInput, match=message):
        parse_score(make_kr(stretch=stretch), text)


def _snap(value: float | None, **fields):
    kr = make_kr(**fields)
    checkins = [] if value is None else [make_checkin(kr, 90, value)]
    return snapshot(kr, checkins, make_cycle(), day(100))


@pytest.mark.parametrize(
    ("value", "fields", "expected"),
    [
        (60, {}, True),  # unfinished
        (100, {}, False),  # target reached
        (None, {}, True),  # never checked in: nothing done yet
        (60, {"discovery_type": "process"}, False),  # temporary by design
        (60, {"discovery_type": "future_behaviour"}, True),
        (60, {"state": "closed"}, False),
    ],
)
def test_what_rolls_over_by_default(value, fields, expected):
    assert rolls_over_by_default(_snap(value, **fields)) is expected


def test_the_review_follows_a_person_s_roll_over_choice_and_edited_score():
    chosen = review_key_result(_snap(100, roll_over=True, score=0.9))
    assert chosen.rolls_over and chosen.fate == "rolls over"
    assert (chosen.suggested, chosen.score, chosen.edited) == (1.0, 0.9, True)
    declined = review_key_result(_snap(40, roll_over=False))
    assert not declined.rolls_over and declined.fate == "stays" and declined.score == 0.4


def test_a_killed_kr_has_no_score_and_does_not_roll_over():
    killed = review_key_result(_snap(40, state="closed", close_reason="nobody opted in"))
    assert killed.suggested is None and killed.score is None
    assert killed.fate == "killed" and not killed.rolls_over


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"state": "closed", "close_reason": "nobody opted in"}, id="killed"),
        pytest.param({"state": "closed", "score": 0.3}, id="closed-with-its-cycle"),
        pytest.param({"graduated_on": day(60)}, id="graduated-in-place"),
        pytest.param(
            {
                "state": "closed",
                "score": 0.3,
                "graduated_on": day(60),
                "close_reason": "graduated into KR-9 in 2027-Q1",
            },
            id="graduated-on",
        ),
    ],
)
def test_the_review_scores_exactly_the_krs_that_count_in_objective_progress(fields):
    """The dashboard, `okrtui status` and the review agree: a killed KR is left out of all
    three, a graduated or closed one counts in all three."""
    cycle = make_cycle()
    objective = Objective(cycle_id=cycle.id, title="O", state="committed")
    kept = make_kr(objective_id=objective.id, key="KR-1")
    other = make_kr(objective_id=objective.id, key="KR-2", **fields)
    snaps = [snapshot(kr, [make_checkin(kr, 50, 40)], cycle, day(90)) for kr in (kept, other)]
    review = build_review(cycle, [objective], {objective.id: snaps})
    scored = [r.kr.key for r in review.key_results if r.score is not None]
    assert scored == [s.kr.key for s in counted(snaps)]


def test_calibration_compares_average_weekly_confidence_with_final_scores():
    samples = [
        # maria: KR averages 8 and 6 → 7.0; scores 0.5 and 0.3 → 0.4; over-confident by 0.3.
        CalibrationSample("maria", [7, 8, 9], 0.5),
        CalibrationSample("maria", [6, 6], 0.3),
        # dev: average 5 against 0.9: under-confident; a stretch score counts as 1.0.
        CalibrationSample("dev", [5], 1.3),
        # sam: 7 against 0.7: well calibrated; a KR never checked in is left out.
        CalibrationSample("sam", [7, 7], 0.7),
        CalibrationSample("sam", [], 0.0),
    ]
    dev, maria, sam = calibrate(samples)
    assert (maria.owner, maria.key_results) == ("maria", 2)
    assert maria.confidence == pytest.approx(7.0) and maria.score == pytest.approx(0.4)
    assert maria.bias == pytest.approx(0.3) and maria.verdict == "over-confident"
    assert maria.error == pytest.approx((abs(0.8 - 0.5) + abs(0.6 - 0.3)) / 2)
    assert dev.score == 1.0 and dev.bias == pytest.approx(-0.5)
    assert dev.verdict.startswith("under-confident")
    assert sam.key_results == 1 and sam.bias == pytest.approx(0.0)
    assert sam.verdict == "well calibrated"
    assert maria.text == "maria: confidence 7.0/10 vs score 0.40 → over-confident (+0.30, 2 KRs)"


def test_review_owner_falls_back_to_the_objective_owner():
    cycle = make_cycle()
    objective = Objective(cycle_id=cycle.id, title="O", owner="lena", state="committed")
    own = make_kr(objective_id=objective.id, owner="dev")
    theirs = make_kr(objective_id=objective.id)
    snaps = [
        snapshot(kr, [make_checkin(kr, 90, 50, confidence=6)], cycle, day(100))
        for kr in (own, theirs)
    ]
    review = build_review(cycle, [objective], {objective.id: snaps})
    assert [c.owner for c in review.calibration] == ["dev", "lena"]


@pytest.mark.parametrize(
    ("name", "start", "end", "expected"),
    [
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), ("2027-Q1", date(2027, 1, 1))),
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30), ("2026-Q3", date(2026, 7, 1))),
        ("Autumn bets", date(2026, 9, 28), date(2026, 12, 27), ("2027-Q1", date(2026, 12, 28))),
    ],
)
def test_the_next_cycle_follows_on_with_the_same_length_and_cadence(name, start, end, expected):
    cycle = make_cycle(name=name, start=start, end=end, cadence_days=14)
    proposal = propose_next_cycle(cycle)
    assert (proposal.name, proposal.start) == expected
    assert abs((proposal.end - proposal.start) - (end - start)).days <= 2
    assert proposal.cadence_days == 14


@pytest.mark.parametrize(
    ("start", "end", "expected_end"),
    [
        (date(2026, 10, 1), date(2026, 12, 31), date(2027, 3, 31)),  # 92 days, then 90
        (date(2027, 1, 1), date(2027, 3, 31), date(2027, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30), date(2026, 12, 31)),
        # Named 2026-Q4 but off the calendar (the sample's): 2027-Q1 still ends on Mar 31.
        (date(2026, 10, 5), date(2027, 1, 3), date(2027, 3, 31)),
    ],
)
def test_a_calendar_quarter_is_followed_by_the_whole_next_quarter(start, end, expected_end):
    cycle = make_cycle(name=f"{start.year}-Q{(start.month - 1) // 3 + 1}", start=start, end=end)
    assert propose_next_cycle(cycle).end == expected_end


def test_a_taken_name_gets_a_suffix():
    cycle = make_cycle(name="2026-Q4")
    assert propose_next_cycle(cycle, {"2027-Q1", "2027-Q1-2"}).name == "2027-Q1-3"


def test_following_cycle_is_the_earliest_later_open_one():
    now = make_cycle(name="now")
    closed = make_cycle(name="closed", start=day(101), end=day(150), state="closed")
    later = make_cycle(name="later", start=day(200), end=day(290), state="planning")
    nearer = make_cycle(name="nearer", start=day(120), end=day(190), state="planning")
    assert following_cycle([now, closed, later, nearer], now) == nearer
    assert following_cycle([now, closed], now) is None


def test_an_objective_s_score_is_its_krs_mean_by_weight_as_progress_is():
    heavy = review_key_result(_snap(100, weight=3))  # 1.0
    light = review_key_result(_snap(20, weight=1))  # 0.2
    killed = review_key_result(_snap(90, state="closed", close_reason="nobody opted in"))
    objective = Objective(cycle_id="c", title="O", state="committed")
    assert ObjectiveReview(objective, [heavy, light, killed]).score == pytest.approx(0.8)
    assert mean_score([killed]) is None
