"""Provides progress, expected pace and status of key results and objectives.

The rules (docs/design.md, "Progress and status"):

- increase/decrease: progress = (value − baseline) / (target − baseline), kept raw (it may be
  below 0 or above 1) and clamped to 0–100 % only for display. A decrease KR that falls is
  progress.
- stay_above/stay_below: 100 % while the latest value is on the right side of the target,
  else 0 %. milestone: 0 or 100 % (a value ≥ 1 means done).
- A KR runs from the day it joined its cycle: the cycle's start, or the day it was added when
  that is later (a KR drafted in week 6). Its expected pace runs from that day to the cycle's
  end, and it becomes stale only a cadence (plus grace) after it, so a KR added today is
  "not started", not stale. A creation date after `today` (a clock moved back) says nothing:
  the cycle's start counts.
- Expected progress is the share of the KR's time in the cycle elapsed. A milestone is 0 % until done, so pace
  judges it only once the cycle is over: then an unfinished one is off track.
- Status is the worse of the pace verdict and the confidence verdict; a KR with no check-in
  within its cadence plus a grace day is `stale`, whatever its numbers say.
- Objective progress is the weighted mean of its KRs' shown progress. A killed discovery KR
  drops out (it was stopped on purpose, as the review leaves it unscored); KRs closed with
  their cycle and graduated ones still count.
- Score at close: progress capped at 1.0; an increase/decrease KR with a stretch may score up
  to the stretch's progress, never above `MAX_SCORE` (what a stored score may be).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from okrtui.domain.discovery import is_killed
from okrtui.domain.models import MAX_SCORE, CheckIn, Cycle, KeyResult, key_number

Status = Literal["on_track", "at_risk", "off_track", "stale", "not_started", "closed", "killed"]

#: Days a check-in may be late before a KR counts as stale.
GRACE_DAYS = 1
#: Progress this far (or less) behind the expected pace is still on track.
ON_TRACK_SLACK = 0.10
#: Progress this far behind is at risk; further behind is off track.
AT_RISK_SLACK = 0.25

STATUS_LABELS: dict[Status, str] = {
    "on_track": "on track",
    "at_risk": "at risk",
    "off_track": "off track",
    "stale": "stale",
    "not_started": "not started",
    "closed": "closed",
    "killed": "killed",
}

_SEVERITY: dict[Status, int] = {"on_track": 0, "at_risk": 1, "off_track": 2}


def kr_progress(kr: KeyResult, value: float | None) -> float | None:
    """Raw progress of `kr` at `value` (1.0 = target reached); None when it cannot be judged."""
    if value is None:
        return None
    if kr.type == "milestone":
        return 1.0 if value >= 1 else 0.0
    if kr.target is None:
        return None
    if kr.direction == "stay_above":
        return 1.0 if value >= kr.target else 0.0
    if kr.direction == "stay_below":
        return 1.0 if value <= kr.target else 0.0
    if kr.baseline is None or kr.target == kr.baseline:
        return None
    return (value - kr.baseline) / (kr.target - kr.baseline)


def clamp(progress: float | None) -> float:
    """Progress as shown: 0.0–1.0 (None shows as 0)."""
    if progress is None:
        return 0.0
    return min(1.0, max(0.0, progress))


def joined_on(kr: KeyResult, cycle: Cycle, today: date, first_checkin: date | None = None) -> date:
    """The day `kr` joined `cycle`: the cycle's start, or the day the KR was added when that
    is later and not after `today` nor the cycle's last day. A check-in dated before the day
    it was added (a back-dated reading, a loaded sample) moves that day back to it."""
    added = kr.created_at.date()
    if first_checkin is not None:
        added = min(added, first_checkin)
    if cycle.start < added <= min(today, cycle.end - timedelta(days=1)):
        return added
    return cycle.start


def expected_progress(cycle: Cycle, today: date, since: date | None = None) -> float:
    """Share of the cycle elapsed on `today`: 0.0 before it starts, 1.0 from its end. With
    `since` (the day a KR joined), the share of the days from `since` to the end."""
    start = since or cycle.start
    elapsed = (today - start).days
    return min(1.0, max(0.0, elapsed / max(1, (cycle.end - start).days)))


def effective_checkins(checkins: Iterable[CheckIn]) -> list[CheckIn]:
    """The check-ins that count, oldest first: those no later check-in supersedes."""
    items = list(checkins)
    superseded = {c.supersedes for c in items if c.supersedes}
    live = [c for c in items if c.id not in superseded]
    return sorted(live, key=lambda c: (c.date, c.created_at, key_number(c.key)))


def confidence_verdict(confidence: int) -> Status:
    """What a confidence of 0–10 says on its own: ≥ 7 on track, 4–6 at risk, ≤ 3 off track."""
    if confidence >= 7:
        return "on_track"
    if confidence >= 4:
        return "at_risk"
    return "off_track"


def pace_verdict(kr: KeyResult, progress: float | None, expected: float) -> Status:
    """What progress against the expected pace says on its own."""
    if progress is None:
        return "at_risk"
    if kr.type == "milestone":
        # 0 % until done: pace cannot judge it during the cycle, but an unfinished milestone
        # at the end (expected 100 %) is off track.
        return "off_track" if expected >= 1.0 and progress < 1.0 else "on_track"
    if kr.direction in ("stay_above", "stay_below"):
        # A threshold is held or not.
        return "on_track" if progress >= 1.0 else "off_track"
    behind = expected - clamp(progress)
    if behind <= ON_TRACK_SLACK:
        return "on_track"
    if behind <= AT_RISK_SLACK:
        return "at_risk"
    return "off_track"


def is_stale(
    last_checkin: date | None, cycle: Cycle, today: date, joined: date | None = None
) -> bool:
    """Whether a KR of an open cycle has gone longer than its cadence (+ grace) unchecked,
    counted from its last check-in, else from the day it `joined` the cycle (its start)."""
    if cycle.state == "closed" or today < cycle.start:
        return False
    since = last_checkin or joined or cycle.start
    return (min(today, cycle.end) - since).days > cycle.cadence_days + GRACE_DAYS


@dataclass(frozen=True)
class KrSnapshot:
    """Everything a screen or report shows about one KR on one day."""

    kr: KeyResult
    checkins: tuple[CheckIn, ...]
    value: float | None
    progress: float | None
    expected: float
    status: Status
    confidence: int | None
    last_checkin: date | None
    days_since_checkin: int | None

    @property
    def shown_progress(self) -> float:
        """Progress clamped to 0–1, as bars and percentages show it."""
        return clamp(self.progress)

    @property
    def values(self) -> list[float]:
        return [c.value for c in self.checkins]

    @property
    def confidences(self) -> list[float]:
        return [float(c.confidence) for c in self.checkins]

    @property
    def last_note(self) -> str:
        return self.checkins[-1].note if self.checkins else ""


def snapshot(kr: KeyResult, checkins: Sequence[CheckIn], cycle: Cycle, today: date) -> KrSnapshot:
    """Compute value, progress, pace and status of `kr` from its check-ins on `today`."""
    history = tuple(c for c in effective_checkins(checkins) if c.date <= today)
    latest = history[-1] if history else None
    value = latest.value if latest else None
    progress = kr_progress(kr, value)
    first = history[0].date if history else None
    expected = expected_progress(cycle, today, joined_on(kr, cycle, today, first))
    last = latest.date if latest else None
    status = kr_status(kr, latest, progress, cycle, today, first)
    return KrSnapshot(
        kr=kr,
        checkins=history,
        value=value,
        progress=progress,
        expected=expected,
        status=status,
        confidence=latest.confidence if latest else None,
        last_checkin=last,
        days_since_checkin=(today - last).days if last else None,
    )


def kr_status(
    kr: KeyResult,
    latest: CheckIn | None,
    progress: float | None,
    cycle: Cycle,
    today: date,
    first_checkin: date | None = None,
) -> Status:
    """Status of a KR: stale beats everything; otherwise the worse of pace and confidence.
    `first_checkin` is the date of its first reading (see `joined_on`)."""
    if kr.state == "closed":
        # A killed KR was stopped on purpose: it says so, not "closed" like a finished one.
        return "killed" if is_killed(kr) else "closed"
    joined = joined_on(kr, cycle, today, first_checkin)
    if is_stale(latest.date if latest else None, cycle, today, joined):
        return "stale"
    if latest is None:
        return "not_started"
    pace = pace_verdict(kr, progress, expected_progress(cycle, today, joined))
    confidence = confidence_verdict(latest.confidence)
    return max(pace, confidence, key=_SEVERITY.__getitem__)


def counted(snapshots: Sequence[KrSnapshot]) -> list[KrSnapshot]:
    """The KRs that count in their objective's progress: all but killed ones."""
    return [s for s in snapshots if not is_killed(s.kr)]


def objective_progress(snapshots: Sequence[KrSnapshot]) -> float | None:
    """Weighted mean of the shown progress of the KRs that count (`counted`: killed ones
    drop out); None for an objective without such KRs."""
    snapshots = counted(snapshots)
    total_weight = sum(s.kr.weight for s in snapshots)
    if not snapshots or total_weight == 0:
        return None
    return sum(s.shown_progress * s.kr.weight for s in snapshots) / total_weight


def stretch_progress(kr: KeyResult) -> float | None:
    """Progress at the stretch of an increase/decrease KR (> 1.0); None when it has none.

    Thresholds and milestones are held or done, so a stretch means nothing for them.
    """
    if kr.type == "milestone" or kr.direction not in ("increase", "decrease"):
        return None
    if kr.stretch is None:
        return None
    return kr_progress(kr, kr.stretch)


def suggested_score(snapshot: KrSnapshot) -> float:
    """End-of-cycle score 0.0–1.0 from progress; above 1.0 only for a KR with a stretch, and
    never above `MAX_SCORE`, so the suggestion can always be stored as the KR's score."""
    progress = max(0.0, snapshot.progress or 0.0)
    ceiling = min(MAX_SCORE, max(1.0, stretch_progress(snapshot.kr) or 1.0))
    return round(min(progress, ceiling), 2)
