"""Progress, pace, status and scores of key results and objectives (docs/design.md, "Progress and
status"), as tables: each row is one rule applied to one case."""

from __future__ import annotations

from typing import Any

import pytest

from okrtui.domain.progress import (
    clamp,
    expected_progress,
    kr_progress,
    objective_progress,
    snapshot,
    suggested_score,
)
from tests.domain.factories import day, make_checkin, make_cycle, make_kr

INCREASE = {"direction": "increase", "baseline": 20, "target": 70}
DECREASE = {"direction": "decrease", "baseline": 9, "target": 3}
STAY_ABOVE = {"direction": "stay_above", "target": 75}
STAY_BELOW = {"direction": "stay_below", "target": 0}
MILESTONE = {"type": "milestone", "kind": "output"}


def _snap(kr_fields: dict[str, Any], readings: list[tuple[int, float, int]], today: int, **cycle):
    """Snapshot on day `today` of a KR with `readings` of (day, value, confidence)."""
    kr = make_kr(**kr_fields)
    checkins = [make_checkin(kr, on, value, confidence) for on, value, confidence in readings]
    return snapshot(kr, checkins, make_cycle(**cycle), day(today))


# -- progress -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kr_fields", "value", "expected"),
    [
        pytest.param(INCREASE, 20, 0.0, id="increase-at-baseline"),
        pytest.param(INCREASE, 45, 0.5, id="increase-halfway"),
        pytest.param(INCREASE, 70, 1.0, id="increase-at-target"),
        pytest.param(INCREASE, 95, 1.5, id="increase-beyond-target-stays-raw"),
        pytest.param(INCREASE, 10, -0.2, id="increase-below-baseline-stays-raw"),
        pytest.param(DECREASE, 6, 0.5, id="decrease-falling-is-progress"),
        pytest.param(DECREASE, 3, 1.0, id="decrease-at-target"),
        pytest.param(DECREASE, 1.5, 1.25, id="decrease-beyond-target-stays-raw"),
        pytest.param(DECREASE, 12, -0.5, id="decrease-rising-is-regress"),
        pytest.param(STAY_ABOVE, 80, 1.0, id="stay-above-held"),
        pytest.param(STAY_ABOVE, 75, 1.0, id="stay-above-on-the-line-is-held"),
        pytest.param(STAY_ABOVE, 74.9, 0.0, id="stay-above-broken"),
        pytest.param(STAY_BELOW, 0, 1.0, id="stay-below-held"),
        pytest.param(STAY_BELOW, 1, 0.0, id="stay-below-broken"),
        pytest.param(MILESTONE, 0, 0.0, id="milestone-not-done"),
        pytest.param(MILESTONE, 1, 1.0, id="milestone-done"),
        pytest.param(INCREASE, None, None, id="no-value-no-progress"),
        pytest.param({"target": None}, 50, None, id="no-target-not-measurable"),
        pytest.param({"direction": "stay_above", "target": None}, 5, None, id="threshold-missing"),
    ],
)
def test_kr_progress_for_every_direction(kr_fields, value, expected):
    progress = kr_progress(make_kr(**kr_fields), value)
    assert progress == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("kr_fields", "value", "raw", "shown"),
    [
        pytest.param(INCREASE, 95, 1.5, 1.0, id="above-target-shows-full"),
        pytest.param(INCREASE, 10, -0.2, 0.0, id="below-baseline-shows-empty"),
        pytest.param(DECREASE, 12, -0.5, 0.0, id="decrease-gone-wrong-shows-empty"),
        pytest.param(DECREASE, 5, 2 / 3, 2 / 3, id="in-range-shows-as-is"),
    ],
)
def test_progress_is_stored_raw_and_shown_clamped(kr_fields, value, raw, shown):
    snap = _snap(kr_fields, [(40, value, 8)], today=42)
    assert snap.progress == pytest.approx(raw)
    assert snap.shown_progress == pytest.approx(shown)


def test_missing_progress_shows_as_zero():
    assert clamp(None) == 0.0


# -- expected pace ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(-10, 0.0, id="before-start"),
        pytest.param(0, 0.0, id="first-day"),
        pytest.param(25, 0.25, id="a-quarter-in"),
        pytest.param(50, 0.5, id="mid-cycle"),
        pytest.param(100, 1.0, id="last-day"),
        pytest.param(130, 1.0, id="after-end"),
    ],
)
def test_expected_progress_is_the_share_of_the_cycle_elapsed(today, expected):
    assert expected_progress(make_cycle(), day(today)) == pytest.approx(expected)


# -- status ---------------------------------------------------------------------------------

# Day 50 of 100: the expected pace is 50 %. On track down to 10 points behind, at risk down to
# 25 points behind; confidence ≥ 7 on track, 4–6 at risk, ≤ 3 off track; the worse one wins.
MID = 50


@pytest.mark.parametrize(
    ("kr_fields", "value", "confidence", "expected"),
    [
        pytest.param({}, 55, 8, "on_track", id="ahead-of-pace"),
        pytest.param({}, 40, 8, "on_track", id="ten-points-behind-is-on-track"),
        pytest.param({}, 38, 8, "at_risk", id="twelve-points-behind"),
        pytest.param({}, 25, 8, "at_risk", id="twenty-five-points-behind-is-at-risk"),
        pytest.param({}, 20, 8, "off_track", id="thirty-points-behind"),
        pytest.param({}, -10, 9, "off_track", id="went-backwards"),
        pytest.param({}, 60, 7, "on_track", id="confidence-7-is-on-track"),
        pytest.param({}, 60, 6, "at_risk", id="confidence-6-is-at-risk"),
        pytest.param({}, 60, 4, "at_risk", id="confidence-4-is-at-risk"),
        pytest.param({}, 60, 3, "off_track", id="confidence-3-is-off-track"),
        pytest.param({}, 100, 0, "off_track", id="target-hit-but-no-confidence"),
        pytest.param({}, 35, 3, "off_track", id="at-risk-pace-off-track-confidence"),
        pytest.param({}, 20, 5, "off_track", id="off-track-pace-at-risk-confidence"),
        pytest.param({}, 35, 9, "at_risk", id="pace-worse-than-confidence"),
        pytest.param({}, 60, 5, "at_risk", id="confidence-worse-than-pace"),
        pytest.param(DECREASE, 6, 8, "on_track", id="decrease-falling-on-pace"),
        pytest.param(DECREASE, 8, 8, "off_track", id="decrease-falling-too-slowly"),
        pytest.param(DECREASE, 10, 8, "off_track", id="decrease-rising"),
        pytest.param(STAY_ABOVE, 80, 8, "on_track", id="threshold-held"),
        pytest.param(STAY_ABOVE, 70, 8, "off_track", id="threshold-broken"),
        pytest.param(STAY_BELOW, 0, 5, "at_risk", id="threshold-held-low-confidence"),
        pytest.param(STAY_BELOW, 2, 9, "off_track", id="ceiling-broken"),
        pytest.param(MILESTONE, 0, 8, "on_track", id="milestone-pending-mid-cycle"),
        pytest.param(MILESTONE, 1, 9, "on_track", id="milestone-done"),
        pytest.param(MILESTONE, 0, 4, "at_risk", id="milestone-pending-low-confidence"),
        pytest.param({"target": None}, 50, 9, "at_risk", id="not-measurable"),
    ],
)
def test_status_is_the_worse_of_pace_and_confidence(kr_fields, value, confidence, expected):
    assert _snap(kr_fields, [(MID - 2, value, confidence)], today=MID).status == expected


def test_unfinished_milestone_is_off_track_once_the_cycle_is_over():
    snap = _snap(MILESTONE, [(98, 0, 8)], today=100)
    assert snap.status == "off_track"


def test_finished_milestone_is_on_track_at_the_end():
    assert _snap(MILESTONE, [(98, 1, 8)], today=100).status == "on_track"


def test_closed_key_result_shows_closed():
    assert _snap({"state": "closed"}, [(48, 10, 2)], today=MID).status == "closed"
    assert _snap(KILLED, [(30, 10, 2)], today=MID).status == "killed"


@pytest.mark.parametrize(
    ("cadence", "last", "today", "state", "expected"),
    [
        pytest.param(7, 40, 47, "active", "on_track", id="weekly-on-time"),
        pytest.param(7, 40, 48, "active", "on_track", id="weekly-grace-day"),
        pytest.param(7, 40, 49, "active", "stale", id="weekly-past-grace"),
        pytest.param(7, 10, 60, "active", "stale", id="weekly-long-forgotten"),
        pytest.param(14, 40, 49, "active", "on_track", id="fortnightly-one-week-late-is-fine"),
        pytest.param(14, 40, 55, "active", "on_track", id="fortnightly-grace-day"),
        pytest.param(14, 40, 56, "active", "stale", id="fortnightly-past-grace"),
        pytest.param(7, None, 5, "active", "not_started", id="no-checkin-yet-in-first-week"),
        pytest.param(7, None, 8, "active", "not_started", id="no-checkin-grace-day"),
        pytest.param(7, None, 9, "active", "stale", id="no-checkin-past-first-cadence"),
        pytest.param(14, None, 16, "active", "stale", id="no-checkin-fortnightly"),
        pytest.param(7, None, -3, "planning", "not_started", id="cycle-not-started"),
        pytest.param(7, 10, 90, "closed", "on_track", id="closed-cycle-never-stale"),
        pytest.param(7, None, 90, "closed", "not_started", id="closed-cycle-no-checkins"),
        pytest.param(7, 95, 130, "active", "on_track", id="ended-cycle-judged-at-its-end"),
    ],
)
def test_stale_after_cadence_plus_a_grace_day(cadence, last, today, state, expected):
    # Progress is well ahead and confidence high: only staleness can make the KR not green.
    readings = [] if last is None else [(last, 99, 10)]
    snap = _snap({}, readings, today=today, cadence_days=cadence, state=state)
    assert snap.status == expected


def test_stale_wins_over_great_numbers():
    snap = _snap({}, [(5, 100, 10)], today=MID)
    assert snap.status == "stale"
    assert snap.days_since_checkin == MID - 5


# -- which check-ins count --------------------------------------------------------------------


def test_superseded_checkins_are_ignored():
    kr = make_kr()
    wrong = make_checkin(kr, 45, 90, confidence=9, note="typo: 90 instead of 30")
    correction = make_checkin(kr, 45, 30, confidence=5, supersedes=wrong.id)
    earlier = make_checkin(kr, 38, 25, confidence=6)
    snap = snapshot(kr, [wrong, correction, earlier], make_cycle(), day(MID))
    assert snap.value == 30
    assert snap.checkins == (earlier, correction)
    assert snap.confidence == 5
    assert snap.status == "at_risk"


def test_correction_of_an_older_checkin_keeps_the_latest_value():
    kr = make_kr()
    old = make_checkin(kr, 30, 20)
    latest = make_checkin(kr, 44, 48)
    fixed = make_checkin(kr, 30, 22, supersedes=old.id)
    snap = snapshot(kr, [old, latest, fixed], make_cycle(), day(MID))
    assert snap.values == [22, 48]
    assert snap.value == 48


def test_checkins_after_today_do_not_count_yet():
    snap = _snap({}, [(40, 45, 8), (60, 90, 10)], today=MID)
    assert snap.value == 45
    assert snap.last_checkin == day(40)


def test_latest_reading_is_the_one_that_counts():
    snap = _snap(DECREASE, [(34, 8, 6), (41, 7, 7), (48, 6, 8)], today=MID)
    assert snap.values == [8, 7, 6]
    assert snap.confidences == [6.0, 7.0, 8.0]
    assert snap.value == 6
    assert snap.progress == pytest.approx(0.5)


# -- objectives -------------------------------------------------------------------------------


def _progress_of(value: float | None, weight: float = 1.0):
    readings = [] if value is None else [(48, value, 8)]
    return _snap({"weight": weight}, readings, today=MID)


@pytest.mark.parametrize(
    ("krs", "expected"),
    [
        pytest.param([(50, 1.0), (100, 1.0)], 0.75, id="equal-weights-mean"),
        pytest.param([(20, 3.0), (100, 1.0)], 0.4, id="weighted-mean"),
        pytest.param([(150, 1.0), (-50, 1.0)], 0.5, id="mean-of-clamped-progress"),
        pytest.param([(None, 1.0), (60, 1.0)], 0.3, id="kr-without-checkins-counts-zero"),
        pytest.param([(70, 1.0)], 0.7, id="single-kr"),
    ],
)
def test_objective_progress_is_the_weighted_mean(krs, expected):
    snapshots = [_progress_of(value, weight) for value, weight in krs]
    assert objective_progress(snapshots) == pytest.approx(expected)


def test_objective_without_key_results_has_no_progress():
    assert objective_progress([]) is None


KILLED = {"state": "closed", "close_reason": "nobody would pay", "closed_on": day(40)}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param(KILLED, 0.5, id="killed-drops-out"),
        pytest.param(
            KILLED | {"discovery_type": "future_behaviour"}, 0.5, id="killed-discovery-kr"
        ),
        pytest.param(
            {"state": "closed", "score": 0.2, "closed_on": day(40)},
            0.35,
            id="closed-with-its-cycle-counts",
        ),
        pytest.param(
            {
                "state": "closed",
                "score": 0.2,
                "roll_over": True,
                "close_reason": "rolled over into 2027-Q1 as KR-9",
            },
            0.35,
            id="rolled-over-counts",
        ),
        pytest.param({"graduated_on": day(30)}, 0.35, id="graduated-in-place-counts"),
        pytest.param(
            {
                "state": "closed",
                "score": 0.2,
                "graduated_on": day(30),
                "close_reason": "graduated into KR-9 in 2027-Q1",
            },
            0.35,
            id="graduated-into-a-later-cycle-counts",
        ),
    ],
)
def test_a_killed_kr_does_not_count_in_its_objectives_progress(fields, expected):
    """Killed KRs drop out, as the review leaves them unscored; every other closed KR counts."""
    other = _progress_of(50)
    closed = _snap(fields, [(30, 20, 5)], today=MID)
    assert objective_progress([other, closed]) == pytest.approx(expected)


def test_an_objective_whose_krs_were_all_killed_has_no_progress():
    assert objective_progress([_snap(KILLED, [(30, 20, 5)], today=MID)]) is None


# -- scores at close ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kr_fields", "value", "expected"),
    [
        pytest.param({}, 70, 0.7, id="partial"),
        pytest.param({}, 130, 1.0, id="capped-without-stretch"),
        pytest.param({}, -20, 0.0, id="never-negative"),
        pytest.param({}, None, 0.0, id="never-checked-in"),
        pytest.param({"stretch": 120}, 115, 1.15, id="stretch-rewards-beyond-target"),
        pytest.param({"stretch": 120}, 140, 1.2, id="capped-at-the-stretch"),
        pytest.param({"stretch": 120}, 80, 0.8, id="stretch-below-target"),
        pytest.param(DECREASE | {"stretch": 2}, 2.5, 1.08, id="decrease-with-stretch"),
        pytest.param({"stretch": 300}, 300, 1.5, id="never-above-the-storable-maximum"),
        pytest.param(
            {"direction": "stay_above", "baseline": 75, "target": 75, "stretch": 80},
            82,
            1.0,
            id="threshold-ignores-stretch",
        ),
        pytest.param(MILESTONE | {"stretch": 2}, 1, 1.0, id="milestone-ignores-stretch"),
    ],
)
def test_suggested_score(kr_fields, value, expected):
    readings = [] if value is None else [(95, value, 8)]
    assert suggested_score(_snap(kr_fields, readings, today=100)) == pytest.approx(expected)


# -- a KR added mid-cycle runs from the day it joined -----------------------------------------


def _added_on(n: int, **fields: Any):
    from datetime import UTC, datetime, time

    return make_kr(created_at=datetime.combine(day(n), time(9, 0), tzinfo=UTC), **fields)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(50, "not_started", id="added-today-is-not-stale"),
        pytest.param(58, "not_started", id="a-cadence-and-grace-later-still-not-stale"),
        pytest.param(59, "stale", id="stale-a-cadence-after-it-joined"),
    ],
)
def test_a_kr_added_mid_cycle_goes_stale_from_the_day_it_joined(today, expected):
    kr = _added_on(50)
    assert snapshot(kr, [], make_cycle(), day(today)).status == expected


def test_pace_of_a_kr_added_mid_cycle_runs_from_then_to_the_end():
    kr = _added_on(50)
    # 25 of its 50 days gone: expected 50 %, not the cycle's 75 %.
    snap = snapshot(kr, [make_checkin(kr, 70, 45, 9)], make_cycle(), day(75))
    assert snap.expected == pytest.approx(0.5)
    assert snap.status == "on_track"


def test_a_backdated_first_checkin_moves_the_joining_day_back():
    kr = _added_on(50)
    snap = snapshot(kr, [make_checkin(kr, 10, 75, 9)], make_cycle(), day(75))
    assert snap.expected == pytest.approx(65 / 90)


def test_a_creation_date_after_today_counts_from_the_cycle_start():
    kr = _added_on(80)
    assert snapshot(kr, [], make_cycle(), day(20)).status == "stale"
