"""Provides the series a key result's chart draws, computed without any UI.

`kr_series` turns a KR, its effective check-ins and its cycle into plain data: the value and
confidence readings by date, the line the KR is judged against (a target, a threshold it must
stay on the right side of, or "done" for a milestone) and the ideal pace from the baseline at
the cycle's start to the target at its end. `date_ticks` picks evenly spaced dates for an axis.
Keeping this maths here makes it testable without Textual and keeps the chart widget thin.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from okrtui.domain.models import CheckIn, Cycle, KeyResult, format_number
from okrtui.domain.progress import expected_progress, joined_on

#: What the horizontal line of a chart means for a KR.
GoalKind = Literal["target", "threshold", "done", "none"]

#: A reading: the day and the number read on it.
Reading = tuple[date, float]


@dataclass(frozen=True)
class KrSeries:
    """Everything a KR chart plots, as dates and numbers."""

    #: The cycle's first and last day: the x range of the chart.
    start: date
    end: date
    #: The day the chart is drawn (what "today" marks).
    today: date
    #: The KR's value at each effective check-in, oldest first.
    values: tuple[Reading, ...]
    #: The confidence (0–10) at each effective check-in, oldest first.
    confidences: tuple[Reading, ...]
    #: The level the KR is judged against, what kind of line it is, and its legend
    #: (`target 70`, `stay ≥ 75`, `done`).
    goal: float | None
    goal_kind: GoalKind
    goal_label: str
    #: The ideal pace, baseline at `start` to target at `end`; empty when pace means nothing
    #: (thresholds, milestones, KRs without a baseline or target).
    pace: tuple[Reading, ...]

    @property
    def span(self) -> tuple[date, date]:
        """The days the x axis covers: the cycle, widened to any check-in outside it."""
        days = [day for day, _ in self.values]
        return min([self.start, *days]), max([self.end, *days])


def pace_value(kr: KeyResult, cycle: Cycle, day: date, since: date | None = None) -> float | None:
    """Where an increase/decrease KR should be on `day` to reach its target on time: the
    straight line from the baseline on the day the KR joined the cycle (`since`: its start,
    or the day a KR added later was added; see `progress.joined_on`) to the target at its end."""
    if (
        kr.type == "milestone"
        or kr.direction not in ("increase", "decrease")
        or kr.baseline is None
        or kr.target is None
    ):
        return None
    return kr.baseline + (kr.target - kr.baseline) * expected_progress(cycle, day, since)


def kr_series(kr: KeyResult, checkins: Sequence[CheckIn], cycle: Cycle, today: date) -> KrSeries:
    """The chart data of `kr`: `checkins` are the effective ones, oldest first (a snapshot's)."""
    goal: float | None = kr.target
    kind: GoalKind = "target"
    label = f"target {format_number(goal)}"
    if kr.type == "milestone":
        goal, kind, label = 1.0, "done", "done"
    elif kr.direction in ("stay_above", "stay_below"):
        sign = "≥" if kr.direction == "stay_above" else "≤"
        kind, label = "threshold", f"stay {sign} {format_number(goal)}"
    if goal is None:
        kind, label = "none", ""
    pace: tuple[Reading, ...] = ()
    since = joined_on(kr, cycle, today, checkins[0].date if checkins else None)
    start_value = pace_value(kr, cycle, since, since)
    end_value = pace_value(kr, cycle, cycle.end, since)
    if start_value is not None and end_value is not None:
        pace = ((since, start_value), (cycle.end, end_value))
    return KrSeries(
        start=cycle.start,
        end=cycle.end,
        today=today,
        values=tuple((c.date, c.value) for c in checkins),
        confidences=tuple((c.date, float(c.confidence)) for c in checkins),
        goal=goal,
        goal_kind=kind,
        goal_label=label,
        pace=pace,
    )


def date_ticks(start: date, end: date, most: int) -> list[date]:
    """At most `most` (≥ 2) dates from `start` to `end`, both included, spaced by whole weeks
    when the span allows it so that ticks fall on the same weekday as the cycle's start."""
    span = (end - start).days
    most = max(2, most)
    if span <= 0:
        return [start]
    gaps = most - 1
    step = max(1, -(-span // gaps))  # ceil: never more ticks than asked for
    if step > 7:
        step = -(-step // 7) * 7
    ticks = [start + timedelta(days=offset) for offset in range(0, span, step)]
    # Drop an inner tick that would crowd the end label (half a step or closer).
    if len(ticks) > 1 and (end - ticks[-1]).days * 2 <= step:
        ticks.pop()
    return [*ticks, end]


def value_range(series: KrSeries) -> tuple[float, float]:
    """The y range that shows every value, the goal and the pace line with a little room
    above and below, so that a target line never sits on the chart's frame."""
    numbers = [v for _, v in series.values] + [v for _, v in series.pace]
    if series.goal is not None:
        numbers.append(series.goal)
    if not numbers:
        return 0.0, 1.0
    low, high = min(numbers), max(numbers)
    room = (high - low) * 0.1 or max(1.0, abs(high) * 0.1)
    return low - room, high + room


def nice_ticks(low: float, high: float, most: int, keep: float | None = None) -> list[float]:
    """Round tick values (multiples of 1, 2, 2.5 or 5 times a power of ten) inside
    `low`–`high`, at most `most` of them, so that an axis reads `45 50 55 60` rather than
    `45.0 49.2 53.3`. `keep` (a target) is always a tick; round ticks crowding it give way."""
    if high <= low:
        return [low]
    ticks, step = _round_ticks(low, high, max(2, most))
    if keep is None or not low <= keep <= high:
        return ticks
    return sorted([t for t in ticks if abs(t - keep) >= step / 2] + [keep])


def _round_ticks(low: float, high: float, most: int) -> tuple[list[float], float]:
    """The finest round step that puts at most `most` ticks in `low`–`high`: (ticks, step)."""
    power = 10 ** math.floor(math.log10((high - low) / most))
    for step in (f * power * scale for scale in (1, 10, 100) for f in (1, 2, 2.5, 5)):
        first = math.ceil(low / step) * step
        count = math.floor((high - first) / step + 1e-9) + 1
        if count <= most:
            return [round(first + i * step, 10) for i in range(count)], step
    return [low, high], high - low  # not reached: a step of 20 × (span / most) always fits
