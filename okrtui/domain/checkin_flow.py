"""Provides the rules of the weekly check-in: which key results are due, in what order, what
the round changed (the summary shown at the end), and why a closed key result takes no more.

A KR that is closed — killed, graduated into a later cycle, or closed with its cycle (rolled
over or not) — takes no new check-in: its story is over, and a reading after the end would
move figures the review has settled. A correction of one of its past check-ins is still
allowed (it fixes the record, it adds no reading), dated no later than the day the KR closed
(or the corrected check-in's own day).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from okrtui.domain.discovery import discovery_state
from okrtui.domain.models import CheckIn, Cycle, KeyResult, format_number
from okrtui.domain.progress import KrSnapshot

#: A KR checked in this many days before its cadence is up counts as done for the week.
EARLY_DAYS = 1


#: Characters of a kill reason quoted in a refusal.
REASON_WIDTH = 60


def _clip(text: str) -> str:
    return text if len(text) <= REASON_WIDTH else text[: REASON_WIDTH - 1] + "…"


def closed_text(kr: KeyResult, cycle_name: str = "", successor: str = "") -> str:
    """Why the closed `kr` takes no more check-ins, in one line, e.g. `KR-12 was killed on
    2026-11-23 (no finance lead would pay): it takes no more check-ins`.

    `cycle_name` names the cycle it closed with; `successor` is the key of the KR that carries
    it on (rolled over or graduated into a later cycle), which is where new readings go."""
    on = f" on {kr.closed_on.isoformat()}" if kr.closed_on else ""
    reason = f" ({_clip(kr.close_reason)})" if kr.close_reason else ""
    state = discovery_state(kr)
    if state == "killed":
        what = f"{kr.key} was killed{on}{reason}"
    elif state == "graduated":
        what = f"{kr.key} {kr.close_reason or 'graduated'}{on}"
    else:
        with_cycle = f" with {cycle_name}" if cycle_name else ""
        what = f"{kr.key} was closed{with_cycle}{on}{reason}"
    line = f"{what}: it takes no more check-ins"
    return f"{line}; check in {successor} instead" if successor else line


def correction_problem(kr: KeyResult, supersedes: CheckIn, day: date) -> str | None:
    """What is wrong with correcting `supersedes` of the closed `kr` with a reading dated
    `day`; None when it may (see the module docs)."""
    if kr.closed_on is None or day <= kr.closed_on or day <= supersedes.date:
        return None
    return (
        f"{kr.key} closed on {kr.closed_on.isoformat()}: a correction of {supersedes.key} may "
        f"be dated up to then (or on {supersedes.date.isoformat()}, its own day), not "
        f"{day.isoformat()}"
    )


def checkin_day(cycle: Cycle, today: date) -> date:
    """The date a check-in made `today` gets: today, or the cycle's last day once it is over
    (the last reading of a cycle not closed yet counts for it, not after it)."""
    return min(today, cycle.end)


def date_problem(cycle: Cycle, day: date) -> str | None:
    """What is wrong with a check-in of a KR of `cycle` dated `day`; None when it may be.

    A reading belongs inside its cycle: before the start the cycle has nothing to measure
    (a planned cycle takes check-ins from its first day), after the end it would move figures
    the cycle no longer owns."""
    span = f"{cycle.name} runs {cycle.start.isoformat()} → {cycle.end.isoformat()}"
    if day < cycle.start:
        return (
            f"a check-in dated {day.isoformat()} is before its cycle starts ({span}): "
            f"check in from {cycle.start.isoformat()} on"
        )
    if day > cycle.end:
        return (
            f"a check-in dated {day.isoformat()} is after its cycle ends ({span}): "
            f"date it {cycle.end.isoformat()} or earlier"
        )
    return None


def is_due(snap: KrSnapshot, cycle: Cycle) -> bool:
    """Whether a KR wants a check-in now: never checked in, or its cadence is (nearly) up."""
    if snap.kr.state == "closed":
        return False
    if snap.days_since_checkin is None:
        return True
    return snap.days_since_checkin >= cycle.cadence_days - EARLY_DAYS


def checkin_queue(snapshots: Sequence[KrSnapshot], cycle: Cycle) -> list[KrSnapshot]:
    """Every open KR of the round, the ones that want a reading first: stale, then never
    checked in, then due, then those read within the cadence (a PM checking in on Friday
    what they read on Wednesday), each group in dashboard order. Esc after the due ones
    leaves the rest as they were: they count as not reached, not as skipped."""
    open_krs = [s for s in snapshots if s.kr.state != "closed"]

    def urgency(snap: KrSnapshot) -> int:
        if snap.status == "stale":
            return 0
        if snap.days_since_checkin is None:
            return 1
        return 2 if is_due(snap, cycle) else 3

    return sorted(open_krs, key=urgency)  # sorted() is stable: dashboard order within a group


@dataclass(frozen=True)
class Movement:
    """One line of the summary: a KR and what happened to it."""

    key: str
    title: str
    text: str


@dataclass
class CheckinSummary:
    """What a check-in round changed."""

    moved: list[Movement] = field(default_factory=list)
    unmoved: list[Movement] = field(default_factory=list)
    confidence_dropped: list[Movement] = field(default_factory=list)
    confidence_rose: list[Movement] = field(default_factory=list)
    stale: list[Movement] = field(default_factory=list)
    checked: int = 0
    #: KRs shown and passed over with `s`.
    skipped: int = 0
    #: KRs of the round never shown (Esc before them).
    not_reached: int = 0

    @property
    def empty(self) -> bool:
        return self.checked == 0


def summarize(
    before: Sequence[KrSnapshot],
    after: Sequence[KrSnapshot],
    checked: set[str],
    reached: set[str] | None = None,
) -> CheckinSummary:
    """Compare snapshots from before and after a round; `checked` holds the keys checked in,
    `reached` those passed over with `s` or checked in (None: the round went through every KR,
    so each one not checked in was skipped)."""
    summary = CheckinSummary(checked=len(checked))
    old = {s.kr.key: s for s in before}
    for snap in after:
        key, title = snap.kr.key, snap.kr.title
        previous = old.get(key)
        if key in checked and previous is not None:
            _compare(summary, previous, snap)
        elif snap.status == "stale":
            when = f"{snap.days_since_checkin}d ago" if snap.days_since_checkin else "never"
            summary.stale.append(Movement(key, title, f"last check-in {when}"))
    shown = {s.kr.key for s in before} if reached is None else reached | checked
    summary.skipped = sum(1 for s in before if s.kr.key in shown and s.kr.key not in checked)
    summary.not_reached = sum(1 for s in before if s.kr.key not in shown)
    return summary


def _compare(summary: CheckinSummary, previous: KrSnapshot, snap: KrSnapshot) -> None:
    key, title, unit = snap.kr.key, snap.kr.title, snap.kr.unit
    if previous.value is not None and snap.value == previous.value:
        summary.unmoved.append(
            Movement(key, title, f"stayed at {format_number(snap.value)} {unit}".rstrip())
        )
    elif previous.value is None:
        summary.moved.append(
            Movement(key, title, f"first check-in: {format_number(snap.value)} {unit}".rstrip())
        )
    else:
        delta = ""
        if previous.progress is not None and snap.progress is not None:
            points = round((snap.progress - previous.progress) * 100)
            delta = f" ({points:+d} pts)"
        summary.moved.append(
            Movement(
                key,
                title,
                f"{format_number(previous.value)} → {format_number(snap.value)} {unit}".rstrip()
                + delta,
            )
        )
    if previous.confidence is None or snap.confidence is None:
        return
    change = Movement(key, title, f"confidence {previous.confidence} → {snap.confidence}")
    if snap.confidence < previous.confidence:
        summary.confidence_dropped.append(change)
    elif snap.confidence > previous.confidence:
        summary.confidence_rose.append(change)
