"""Provides the end-of-cycle review: suggested and edited scores, what rolls over, confidence
calibration per owner, and the whole review of a cycle as one value for screens and reports.

- Score: the suggestion comes from progress (`progress.suggested_score`); a person may change
  it to anything from 0.0 to 1.0 (above 1.0 only for a KR with a stretch). A killed KR has no
  score: it was stopped on purpose, not missed.
- Roll-over: by default every open KR that has not reached its target rolls over, except
  process KRs (temporary by design); the review may say otherwise per KR (`roll_over`).
- Calibration: for each owner, the mean of their KRs' average weekly confidence (0–10, read
  as a 0–1 forecast) against the mean of those KRs' final scores (capped at 1.0, since a
  confidence cannot exceed 10). `bias` > 0 means over-confident, < 0 under-confident
  (sandbagging); `error` is the mean distance between forecast and score per KR.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean

from okrtui.domain.alignment import held_text
from okrtui.domain.calendar import quarter_of
from okrtui.domain.discovery import discovery_state, is_killed
from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import (
    MAX_SCORE,
    Cycle,
    KeyResult,
    Link,
    Objective,
    format_number,
)
from okrtui.domain.numbers import parse_number
from okrtui.domain.progress import KrSnapshot, suggested_score
from okrtui.domain.wording import count as counted

#: A bias within this distance of 0 counts as well calibrated.
CALIBRATION_TOLERANCE = 0.1


# -- scores -----------------------------------------------------------------------------------


def parse_score(kr: KeyResult, text: str) -> float:
    """A typed score for `kr`, rounded to two decimals; `InvalidInput` saying what is wrong.

    0.0–1.0, where 1.0 is the target met; up to the stretch's progress (at most
    `MAX_SCORE`) only for a KR with a stretch."""
    score = round(parse_number(text, "score", example="0.0 to 1.0, e.g. 0.7"), 2)
    if score < 0:
        raise InvalidInput(f"the score must be from 0.0 to 1.0, not {text.strip()}")
    ceiling = MAX_SCORE if kr.stretch is not None else 1.0
    if score > ceiling:
        extra = "" if kr.stretch is not None else " (above 1.0 only for a KR with a stretch)"
        raise InvalidInput(f"the score must be from 0.0 to {ceiling:.1f}{extra}, not {score:g}")
    return score


def rolls_over_by_default(snap: KrSnapshot) -> bool:
    """Whether an open KR rolls over unless told otherwise: it has not reached its target
    and is not a process KR (those measure a learning phase, which ends with the cycle)."""
    kr = snap.kr
    if kr.state != "active" or kr.discovery_type == "process":
        return False
    return snap.shown_progress < 1.0


@dataclass(frozen=True)
class KrReview:
    """One key result at the review: its standing, suggested score and fate."""

    snapshot: KrSnapshot
    #: The score progress suggests; None for a killed KR.
    suggested: float | None
    #: Whether it will roll over (or, once the cycle is closed, whether it did).
    rolls_over: bool

    @property
    def kr(self) -> KeyResult:
        return self.snapshot.kr

    @property
    def score(self) -> float | None:
        """The score that counts: the one set at the review, else the suggestion."""
        return self.kr.score if self.kr.score is not None else self.suggested

    @property
    def edited(self) -> bool:
        """Whether a person set a score that differs from the suggestion."""
        return self.kr.score is not None and self.kr.score != self.suggested

    @property
    def fate(self) -> str:
        """`stays` (closes with the cycle), `rolls over`, `rolled over`, `killed`, `graduated`
        or `closed`."""
        if self.kr.state == "active":
            return "rolls over" if self.rolls_over else "stays"
        if self.kr.roll_over:
            return "rolled over"
        state = discovery_state(self.kr)
        return state if state in ("killed", "graduated") else "closed"


def review_key_result(snap: KrSnapshot) -> KrReview:
    """The review of one KR from its snapshot."""
    kr = snap.kr
    suggested = None if is_killed(kr) else suggested_score(snap)
    chosen = kr.roll_over if kr.roll_over is not None else rolls_over_by_default(snap)
    return KrReview(snap, suggested, kr.state == "active" and chosen)


# -- calibration ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalibrationSample:
    """One KR's forecast and outcome: its weekly confidences and its final score."""

    owner: str
    confidences: Sequence[int]
    score: float


@dataclass(frozen=True)
class Calibration:
    """How well one owner's weekly confidence foretold their final scores."""

    owner: str
    key_results: int
    #: Mean over their KRs of each KR's average weekly confidence, 0–10.
    confidence: float
    #: Mean final score, each capped at 1.0.
    score: float
    #: Mean |confidence / 10 − score| per KR.
    error: float

    @property
    def bias(self) -> float:
        """Forecast minus outcome: > 0 over-confident, < 0 under-confident (to 2 decimals,
        so a bias that is 0 never shows as −0.00)."""
        return round(self.confidence / 10 - self.score, 2) + 0.0

    @property
    def verdict(self) -> str:
        if self.bias > CALIBRATION_TOLERANCE:
            return "over-confident"
        if self.bias < -CALIBRATION_TOLERANCE:
            return "under-confident (sandbagging?)"
        return "well calibrated"

    @property
    def text(self) -> str:
        """One line: `maria: confidence 7.5/10 vs score 0.62 → over-confident (+0.13, 3 KRs)`."""
        count = counted(self.key_results, "KR")
        return (
            f"{self.owner}: confidence {self.confidence:.1f}/10 vs score {self.score:.2f} → "
            f"{self.verdict} ({self.bias:+.2f}, {count})"
        )


def calibrate(samples: Iterable[CalibrationSample]) -> list[Calibration]:
    """Calibration per owner, by owner name; KRs without check-ins are left out."""
    by_owner: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for sample in samples:
        if not sample.confidences:
            continue
        forecast = fmean(sample.confidences)
        by_owner[sample.owner].append((forecast, min(1.0, max(0.0, sample.score))))
    result = []
    for owner in sorted(by_owner):
        pairs = by_owner[owner]
        result.append(
            Calibration(
                owner=owner,
                key_results=len(pairs),
                confidence=fmean(f for f, _ in pairs),
                score=fmean(s for _, s in pairs),
                error=fmean(abs(f / 10 - s) for f, s in pairs),
            )
        )
    return result


# -- the whole review -------------------------------------------------------------------------


def mean_score(reviews: Iterable[KrReview]) -> float | None:
    """The KRs' scores averaged by their weights, as progress is (killed KRs, which have no
    score, are left out); None when none is scored."""
    scored = [(r.score, r.kr.weight) for r in reviews if r.score is not None]
    total = sum(weight for _, weight in scored)
    return sum(score * weight for score, weight in scored) / total if total else None


@dataclass(frozen=True)
class ObjectiveReview:
    """An objective and the reviews of its KRs."""

    objective: Objective
    key_results: list[KrReview]

    @property
    def score(self) -> float | None:
        """The objective's score: its KRs' weighted mean (see `mean_score`)."""
        return mean_score(self.key_results)


@dataclass(frozen=True)
class LinkReview:
    """An alignment link as the review asks "did it hold?" about it."""

    link: Link
    source: str
    target: str

    @property
    def held_text(self) -> str:
        return held_text(self.link.held)


@dataclass(frozen=True)
class Carried:
    """A KR of this cycle that lives on in a later one (rolled over or graduated)."""

    old: KeyResult
    new: KeyResult
    cycle_name: str


@dataclass(frozen=True)
class CycleReview:
    """Everything the review screen and `okrtui review` show about one cycle."""

    cycle: Cycle
    objectives: list[ObjectiveReview]
    links: list[LinkReview] = field(default_factory=list)
    carried: list[Carried] = field(default_factory=list)
    owners: Mapping[str, str] = field(default_factory=dict)

    @property
    def key_results(self) -> list[KrReview]:
        return [kr for o in self.objectives for kr in o.key_results]

    @property
    def rolling(self) -> list[KrReview]:
        """The open KRs that will roll over when the cycle closes."""
        return [r for r in self.key_results if r.rolls_over]

    @property
    def calibration(self) -> list[Calibration]:
        samples = [
            CalibrationSample(
                owner=self.owners.get(r.kr.id, "") or "(no owner)",
                confidences=[c.confidence for c in r.snapshot.checkins],
                score=r.score,
            )
            for r in self.key_results
            if r.score is not None
        ]
        return calibrate(samples)


def build_review(
    cycle: Cycle,
    objectives: Sequence[Objective],
    snapshots: Mapping[str, Sequence[KrSnapshot]],
    links: Sequence[LinkReview] = (),
    carried: Sequence[Carried] = (),
) -> CycleReview:
    """The review of `cycle` from its objectives and their KR snapshots (by objective id).

    Each KR's owner is its own, else its objective's."""
    reviews = [
        ObjectiveReview(o, [review_key_result(s) for s in snapshots.get(o.id, [])])
        for o in objectives
    ]
    owners = {s.kr.id: s.kr.owner or o.owner for o in objectives for s in snapshots.get(o.id, [])}
    return CycleReview(cycle, reviews, list(links), list(carried), owners)


# -- the next cycle ---------------------------------------------------------------------------

_QUARTER_NAME = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True)
class CycleProposal:
    """The cycle proposed to follow a closing one: same length and cadence, starting the
    day after it ends."""

    name: str
    start: date
    end: date
    cadence_days: int


def propose_next_cycle(cycle: Cycle, taken: Iterable[str] = ()) -> CycleProposal:
    """The cycle after `cycle`, named after the next quarter (`2026-Q4` → `2027-Q1`) or the
    quarter it mostly falls in, as long as `cycle` (a calendar quarter after a calendar
    quarter: its true last day); a name already `taken` gets a `-2`, `-3`… suffix."""
    start = cycle.end + timedelta(days=1)
    end = start + timedelta(days=cycle.length_days)
    match = _QUARTER_NAME.match(cycle.name)
    if match:
        year, quarter = int(match[1]), int(match[2])
        name = f"{year + quarter // 4}-Q{quarter % 4 + 1}"
        quarter_name, quarter_start, quarter_end = quarter_of(start)
        if (quarter_name, quarter_start) == (name, start):
            end = quarter_end  # a calendar quarter follows one: Q1 ends on Mar 31, not in April
    else:
        name, _, _ = quarter_of(start + timedelta(days=cycle.length_days // 2))
    end = _within_named_quarter(name, start, end)
    names = set(taken)
    candidate, suffix = name, 2
    while candidate in names:
        candidate, suffix = f"{name}-{suffix}", suffix + 1
    return CycleProposal(candidate, start, end, cycle.cadence_days)


#: A cycle starting this many days into the quarter it is named after still ends with it.
QUARTER_START_SLACK = 14


def _within_named_quarter(name: str, start: date, end: date) -> date:
    """`end`, or the last day of the quarter `name` names when the cycle starts at (or up to
    two weeks into) that quarter and would otherwise run past it: `2027-Q1` from Jan 4 ends on
    Mar 31, not on Apr 4. A cycle starting later in the quarter keeps its length."""
    match = _QUARTER_NAME.match(name)
    if not match:
        return end
    _, quarter_start, quarter_end = quarter_of(date(int(match[1]), int(match[2]) * 3, 1))
    if start <= quarter_start + timedelta(days=QUARTER_START_SLACK) and end > quarter_end:
        return quarter_end
    return end


def following_cycle(cycles: Sequence[Cycle], cycle: Cycle) -> Cycle | None:
    """The earliest cycle that is not closed and starts after `cycle` starts."""
    later = [
        c for c in cycles if c.id != cycle.id and c.state != "closed" and c.start > cycle.start
    ]
    return min(later, key=lambda c: (c.start, c.key), default=None)


def score_text(score: float | None) -> str:
    """`0.70`, or `–` for no score."""
    return "–" if score is None else f"{score:.2f}"


def value_text(snap: KrSnapshot) -> str:
    """The KR's final reading with its unit: `62 %`, `done`, `–`."""
    if snap.value is None:
        return "–"
    if snap.kr.type == "milestone":
        return "done" if snap.value >= 1 else "not done"
    return f"{format_number(snap.value)} {snap.kr.unit}".rstrip()
