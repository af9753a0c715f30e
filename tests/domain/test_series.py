"""Unit tests of the chart series: pace and goal lines per kind of KR, readings, and the
tick and range helpers the chart draws its axes with."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from okrtui.domain.models import CheckIn, Cycle, KeyResult
from okrtui.domain.series import date_ticks, kr_series, nice_ticks, pace_value, value_range

START, END = date(2026, 10, 1), date(2026, 12, 31)
CYCLE = Cycle(name="2026-Q4", start=START, end=END, state="active")
TODAY = date(2026, 11, 23)


def kr(**fields) -> KeyResult:
    return KeyResult(objective_id="o", title="A key result", **fields)


def checkin(day: date, value: float, confidence: int = 7) -> CheckIn:
    return CheckIn(key_result_id="k", date=day, value=value, confidence=confidence)


def test_increase_pace_runs_from_baseline_at_start_to_target_at_end():
    series = kr_series(kr(baseline=45, target=70), [], CYCLE, TODAY)
    assert series.pace == ((START, 45), (END, 70))
    assert (series.goal, series.goal_kind, series.goal_label) == (70, "target", "target 70")
    assert series.values == () and series.confidences == ()


def test_decrease_pace_falls_toward_a_lower_target():
    series = kr_series(kr(baseline=9, target=3, direction="decrease"), [], CYCLE, TODAY)
    assert series.pace == ((START, 9), (END, 3))
    assert series.goal == 3 and series.goal_label == "target 3"


@pytest.mark.parametrize(
    ("direction", "label"), [("stay_above", "stay ≥ 75"), ("stay_below", "stay ≤ 75")]
)
def test_thresholds_have_a_goal_line_and_no_pace(direction, label):
    series = kr_series(kr(target=75, baseline=70, direction=direction), [], CYCLE, TODAY)
    assert series.pace == ()
    assert (series.goal, series.goal_kind, series.goal_label) == (75, "threshold", label)


def test_a_milestone_aims_at_done_without_pace():
    series = kr_series(kr(type="milestone"), [], CYCLE, TODAY)
    assert (series.goal, series.goal_kind, series.goal_label) == (1.0, "done", "done")
    assert series.pace == ()


def test_a_kr_without_target_has_neither_goal_nor_pace():
    series = kr_series(kr(baseline=10), [], CYCLE, TODAY)
    assert (series.goal, series.goal_kind, series.goal_label) == (None, "none", "")
    assert series.pace == ()


def test_pace_value_is_linear_in_the_share_of_the_cycle_elapsed():
    increase, decrease = kr(baseline=0, target=92), kr(baseline=92, target=0, direction="decrease")
    middle = START + timedelta(days=46)  # the cycle is 91 days long
    assert pace_value(increase, CYCLE, START) == 0
    assert pace_value(increase, CYCLE, middle) == pytest.approx(92 * 46 / 91)
    assert pace_value(decrease, CYCLE, END) == 0
    # Before the start and after the end the line holds its ends.
    assert pace_value(increase, CYCLE, START - timedelta(days=5)) == 0
    assert pace_value(increase, CYCLE, END + timedelta(days=5)) == 92
    assert pace_value(kr(target=75, direction="stay_above"), CYCLE, middle) is None


def test_readings_follow_the_checkins_given():
    checkins = [checkin(date(2026, 10, 5), 48, 7), checkin(date(2026, 10, 12), 52.5, 4)]
    series = kr_series(kr(baseline=45, target=70), checkins, CYCLE, TODAY)
    assert series.values == ((date(2026, 10, 5), 48), (date(2026, 10, 12), 52.5))
    assert series.confidences == ((date(2026, 10, 5), 7.0), (date(2026, 10, 12), 4.0))
    assert series.span == (START, END)


def test_span_widens_to_checkins_outside_the_cycle():
    late = checkin(END + timedelta(days=3), 50)
    early = checkin(START - timedelta(days=2), 40)
    series = kr_series(kr(baseline=45, target=70), [early, late], CYCLE, TODAY)
    assert series.span == (START - timedelta(days=2), END + timedelta(days=3))


def test_value_range_leaves_room_around_values_goal_and_pace():
    series = kr_series(kr(baseline=45, target=70), [checkin(TODAY, 80)], CYCLE, TODAY)
    assert value_range(series) == pytest.approx((41.5, 83.5))
    flat = kr_series(kr(target=75, direction="stay_above"), [], CYCLE, TODAY)
    low, high = value_range(flat)
    assert low < 75 < high


@pytest.mark.parametrize("most", [2, 3, 5, 8, 12])
def test_date_ticks_include_both_ends_and_respect_the_limit(most):
    ticks = date_ticks(START, END, most)
    assert ticks[0] == START and ticks[-1] == END
    assert 2 <= len(ticks) <= most
    assert ticks == sorted(set(ticks))


def test_date_ticks_step_in_whole_weeks_and_do_not_crowd_the_end():
    ticks = date_ticks(START, END, 9)
    steps = {(b - a).days for a, b in itertools.pairwise(ticks[:-1])}
    assert steps == {14}
    assert (END - ticks[-2]).days > 7  # Dec 24 would sit a week from Dec 31: dropped


def test_nice_ticks_are_round_and_within_range():
    assert nice_ticks(42.5, 72.5, 6) == [45, 50, 55, 60, 65, 70]
    assert nice_ticks(1000, 125000, 5) == [25000, 50000, 75000, 100000, 125000]
    assert nice_ticks(-0.1, 1.1, 3) == [0, 0.5, 1]


def test_nice_ticks_keep_the_goal_and_drop_round_ticks_that_crowd_it():
    assert nice_ticks(2.4, 9.6, 5, keep=3) == [3, 4, 6, 8]
    assert nice_ticks(0, 100, 5, keep=30) == [0, 30, 50, 75, 100]
    assert nice_ticks(0, 100, 5, keep=150) == [0, 25, 50, 75, 100]  # outside: ignored


def test_the_pace_of_a_kr_added_mid_cycle_runs_from_the_day_it_was_added():
    """A KR drafted on Nov 1 is not behind for the month before it existed: its pace line
    starts at its baseline on the day it joined the cycle, as its progress and staleness do."""
    added = date(2026, 11, 1)
    late = kr(baseline=0, target=60, created_at=datetime(2026, 11, 1, 9, tzinfo=UTC))
    series = kr_series(late, [], CYCLE, TODAY)
    assert series.pace == ((added, 0), (END, 60))
    assert pace_value(late, CYCLE, added, added) == 0
    halfway = added + (END - added) / 2
    assert pace_value(late, CYCLE, halfway, added) == pytest.approx(30)
    # A reading dated before it was added moves the day it joined back (see joined_on).
    back_dated = kr_series(late, [checkin(date(2026, 10, 20), 5)], CYCLE, TODAY)
    assert back_dated.pace[0] == (date(2026, 10, 20), 0)
