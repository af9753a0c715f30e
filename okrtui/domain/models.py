"""Provides the pydantic models of okrtui's data: cycles, objectives, key results, check-ins,
bets, links and evidence.

Every record has an opaque, stable `id` (its identity: references between records always use
it) and a short human `key` such as `O-3` or `KR-12` (what people type). Each model validates
what a person could get wrong and says how to fix it; the store writes only valid models.
"""

from __future__ import annotations

import math
import uuid
from datetime import UTC, date, datetime
from typing import Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from okrtui.domain.plain_text import stored_text

CycleState = Literal["planning", "active", "closed"]
Level = Literal["company", "team", "personal"]
Mode = Literal["delivery", "discovery"]
ObjectiveState = Literal["draft", "committed", "closed"]
KrType = Literal["metric", "milestone"]
Direction = Literal["increase", "decrease", "stay_above", "stay_below"]
Kind = Literal["outcome", "output"]
Indicator = Literal["leading", "lagging"]
DiscoveryType = Literal["none", "process", "future_behaviour"]
KrState = Literal["active", "closed"]
Horizon = Literal["now", "next", "later"]
BetStatus = Literal["idea", "discovery", "delivery", "done", "dropped"]
Strength = Literal["weak", "strong"]
Verdict = Literal["supports", "refutes", "unclear"]

#: The key prefix of each record type, e.g. `KR-12`.
KEY_PREFIXES = {
    "Cycle": "C",
    "Objective": "O",
    "KeyResult": "KR",
    "CheckIn": "CI",
    "Bet": "B",
    "Link": "L",
    "Evidence": "E",
}

#: The confidence of a first check-in that names none: on track until someone says otherwise.
DEFAULT_CONFIDENCE = 7

#: Check-in cadences a cycle may have, in days.
CADENCES = (7, 14)

#: The highest score a KR may have at close (1.0 is the target; above it only with a stretch).
MAX_SCORE = 1.5

#: The days the app can compute with: a cycle's pace, a kill-by date or a cadence's next
#: check-in is a few hundred days away from a stored date, and `date` ends at year 9999.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
#: The largest size of a number the app shows in full (`999,999,999,999,999`) and computes
#: with exactly (a float holds every whole number up to 2**53, about 9e15).
MAX_MAGNITUDE = 1e15


def key_number(key: str) -> int:
    """The number in a key (`KR-12` → 12); 0 for anything else. Orders records as created."""
    _, _, number = key.rpartition("-")
    return int(number) if number.isdigit() else 0


def new_id() -> str:
    """A fresh opaque identity: 128 random bits as hex, never reused."""
    return uuid.uuid4().hex


def utc_now() -> datetime:
    """The current time in UTC (records default to it; the repository passes the clock's)."""
    return datetime.now(UTC)


def _clean_text(value: str) -> str:
    """Strip surrounding space, show control characters instead of keeping them (escape
    sequences, bidi overrides: `plain_text.stored_text`), and refuse text that cannot be
    stored as UTF-8."""
    value = stored_text(value.strip())
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("contains characters that are not valid text (lone surrogates)") from None
    return value


class Record(BaseModel):
    """Fields every stored record shares."""

    # defer_build: a model's validator is built when first used, not at import, so a
    # command pays only for the record types it touches (`okrtui checkin`: four of eight).
    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, frozen=False, defer_build=True
    )

    id: str = Field(default_factory=new_id, min_length=1)
    key: str = ""
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)

    @field_validator("*", mode="before")
    @classmethod
    def _text_is_clean(cls, value: object) -> object:
        return _clean_text(value) if isinstance(value, str) else value

    @field_validator("created_at", "updated_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        try:
            value = value.astimezone(UTC)
        except OverflowError:  # 9999-12-31T23:59-23:59 is in year 10000 in UTC
            raise ValueError(f"{value.isoformat()} is beyond the dates okrtui can use") from None
        _in_range(value.date())
        return value

    @field_validator("*")
    @classmethod
    def _days_in_range(cls, value: object) -> object:
        if isinstance(value, date) and not isinstance(value, datetime):
            _in_range(value)
        return value

    @classmethod
    def prefix(cls) -> str:
        """The key prefix of this record type (`KR` for key results)."""
        return KEY_PREFIXES[cls.__name__]


def _in_range(day: date) -> None:
    """Refuse a day outside `EARLIEST_DAY`..`LATEST_DAY` (see there)."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(
            f"{day.isoformat()} is outside the dates okrtui can use "
            f"({EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()})"
        )


#: A number, or a number that may be absent: `_finite` gives back what it was given.
MaybeNumber = TypeVar("MaybeNumber", float, float | None)


def _finite(value: MaybeNumber) -> MaybeNumber:
    """Refuse NaN and ±infinity: they compare false with everything, so progress and pace
    would silently be nonsense, and JSON cannot hold them (orjson would store `null`); and
    numbers too large to show or compute with exactly (`MAX_MAGNITUDE`)."""
    if value is not None and not math.isfinite(value):
        raise ValueError("must be a finite number")
    if value is not None and abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"{value:g} is too large: okrtui handles numbers up to 10^15")
    return value


def _require(value: str, hint: str = "") -> str:
    if not value:
        raise ValueError("must not be empty" + (f" ({hint})" if hint else ""))
    return value


class Cycle(Record):
    """A period with its own OKRs: a quarter by default, any length allowed."""

    name: str
    start: date
    end: date
    cadence_days: int = 7
    state: CycleState = "planning"

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return _require(value, "e.g. 2026-Q1")

    @field_validator("cadence_days")
    @classmethod
    def _cadence(cls, value: int) -> int:
        if value not in CADENCES:
            raise ValueError(f"must be 7 (weekly) or 14 (every two weeks), not {value}")
        return value

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.end <= self.start:
            raise ValueError(
                f"the cycle ends ({self.end}) on or before it starts ({self.start}): "
                "give an end date after the start date"
            )
        return self

    @property
    def length_days(self) -> int:
        return (self.end - self.start).days


class Objective(Record):
    """A qualitative goal for a cycle, with 2–5 key results. A draft may lack its title yet."""

    cycle_id: str
    title: str = ""
    why: str = ""
    owner: str = ""
    team: str = ""
    level: Level = "team"
    mode: Mode = "delivery"
    state: ObjectiveState = "draft"
    reflection: str = ""
    #: The id of the objective of an earlier cycle this one carries on (made by roll-over).
    continues: str | None = None

    @model_validator(mode="after")
    def _title_unless_draft(self) -> Self:
        if self.state != "draft" and not self.title:
            raise ValueError(
                "a committed objective needs a title: write one, or keep the objective as a draft"
            )
        return self

    @property
    def label(self) -> str:
        """The title, or a placeholder for a draft that has none yet."""
        return self.title or "(untitled draft)"


class KeyResult(Record):
    """How an objective's progress is measured.

    A metric KR moves from `baseline` toward `target` in its `direction`; `stay_above` and
    `stay_below` hold a threshold (`target`); a milestone is done or not.
    """

    objective_id: str
    title: str
    owner: str = ""
    unit: str = ""
    type: KrType = "metric"
    direction: Direction = "increase"
    baseline: float | None = None
    target: float | None = None
    stretch: float | None = None
    kind: Kind = "outcome"
    indicator: Indicator = "lagging"
    discovery_type: DiscoveryType = "none"
    assumption: str = ""
    kill_by: date | None = None
    weight: float = Field(default=1.0, gt=0)
    state: KrState = "active"
    score: float | None = None
    close_reason: str = ""
    #: The day the KR was closed (scored at a review, killed, or graduated into another cycle).
    closed_on: date | None = None
    #: The day a future-behaviour discovery KR graduated into an outcome KR.
    graduated_on: date | None = None
    #: Whether the review rolls it over into the next cycle; None follows the default
    #: (unfinished KRs roll over).
    roll_over: bool | None = None
    #: The id of the KR of an earlier cycle this one carries on (rolled over or graduated),
    #: so its history stays reachable.
    continues: str | None = None

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _require(value)

    @field_validator("baseline", "target", "stretch", "weight", "score")
    @classmethod
    def _finite_numbers(cls, value: float | None) -> float | None:
        return _finite(value)

    @field_validator("score")
    @classmethod
    def _score(cls, value: float | None) -> float | None:
        if value is not None and not 0.0 <= value <= MAX_SCORE:
            raise ValueError(
                f"must be between 0.0 and 1.0 (up to {MAX_SCORE:g} with a stretch), not {value:g}"
            )
        return value

    @model_validator(mode="after")
    def _numbers_agree(self) -> Self:
        if self.type == "milestone":
            return self
        if self.direction in ("increase", "decrease") and None not in (self.baseline, self.target):
            assert self.baseline is not None and self.target is not None
            if self.target == self.baseline:
                raise ValueError(
                    f"target equals baseline ({_num(self.target)}): there is nothing to move; "
                    "set a different target"
                )
            rising = self.target > self.baseline
            if rising != (self.direction == "increase"):
                better = "increase" if rising else "decrease"
                raise ValueError(
                    f"the target {_num(self.target)} is {'above' if rising else 'below'} the "
                    f"baseline {_num(self.baseline)} but the direction is '{self.direction}': "
                    f"use direction '{better}' or swap the numbers"
                )
            if self.stretch is not None and (self.stretch > self.target) != rising:
                raise ValueError(
                    f"the stretch {_num(self.stretch)} must lie beyond the target "
                    f"{_num(self.target)}"
                )
        return self

    @property
    def measurable(self) -> bool:
        """Whether progress can be computed: a milestone, or a metric with what it needs."""
        if self.type == "milestone":
            return True
        if self.direction in ("stay_above", "stay_below"):
            return self.target is not None
        return self.baseline is not None and self.target is not None


class CheckIn(Record):
    """One weekly reading of a key result. Append-only: a correction is a new check-in that
    names the one it `supersedes`."""

    key_result_id: str
    date: date
    value: float
    confidence: int = Field(ge=0, le=10)
    note: str = ""
    author: str = ""
    supersedes: str | None = None

    @field_validator("confidence", mode="before")
    @classmethod
    def _confidence(cls, value: object) -> object:
        # Typed text ("11", "7.5") gets the same message as a number, not pydantic's wording.
        number = _as_number(value)
        if number is not None and not (0 <= number <= 10 and number.is_integer()):
            raise ValueError(f"must be a whole number from 0 to 10, not {_num(number)}")
        return value

    @field_validator("value")
    @classmethod
    def _finite_value(cls, value: float) -> float:
        return _finite(value)


class BetImpact(BaseModel):
    """A key result a bet is expected to move, and by how much (in the KR's unit)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    key_result_id: str
    expected_change: float | None = None

    @field_validator("expected_change")
    @classmethod
    def _finite_change(cls, value: float | None) -> float | None:
        return _finite(value)


class Bet(Record):
    """A roadmap item: an initiative the team believes will move some key results."""

    title: str
    horizon: Horizon = "now"
    status: BetStatus = "idea"
    rank: int = 0
    moves: list[BetImpact] = Field(default_factory=list)
    url: str = ""
    note: str = ""

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _require(value)


class Link(Record):
    """Alignment: an objective informed by (weak) or rolling up into (strong) a higher-level
    objective or key result, with the hypothesis that connects them."""

    from_objective_id: str
    to_objective_id: str | None = None
    to_key_result_id: str | None = None
    strength: Strength = "weak"
    hypothesis: str = ""
    #: Did the hypothesis hold? Judged at the review; None until then.
    held: bool | None = None
    #: What the review learnt about the link ("shared views rose, retention did not").
    review_note: str = ""

    @model_validator(mode="after")
    def _one_target(self) -> Self:
        if (self.to_objective_id is None) == (self.to_key_result_id is None):
            raise ValueError("a link points at exactly one objective or one key result")
        if self.to_objective_id == self.from_objective_id:
            raise ValueError("an objective cannot link to itself")
        return self


class Evidence(Record):
    """A dated finding in discovery: does it support or refute the KR's assumption?"""

    key_result_id: str
    date: date
    text: str
    verdict: Verdict = "unclear"

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        return _require(value)


#: Every stored model by its table name, in the order tables are written and exported.
TABLES: dict[str, type[Record]] = {
    "cycles": Cycle,
    "objectives": Objective,
    "key_results": KeyResult,
    "checkins": CheckIn,
    "bets": Bet,
    "links": Link,
    "evidence": Evidence,
}


def _as_number(value: object) -> float | None:
    """`value` as a float when it is a number or numeric text (not a bool); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _num(value: float) -> str:
    """Format a number without a needless `.0`."""
    return f"{value:g}"


def format_number(value: float | None) -> str:
    """Format a value for people: `412`, `0.75`, `1,250`; `–` when there is none."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def target_phrase(kr: KeyResult) -> str:
    """What the KR aims at, in its own terms: `45 → 70 % (stretch 80)`, `stay ≥ 75 %`,
    `milestone: done or not`."""
    unit = f" {kr.unit}" if kr.unit else ""
    if kr.type == "milestone":
        return "milestone: done or not"
    if kr.direction == "stay_above":
        return f"stay ≥ {format_number(kr.target)}{unit}"
    if kr.direction == "stay_below":
        return f"stay ≤ {format_number(kr.target)}{unit}"
    text = f"{format_number(kr.baseline)} → {format_number(kr.target)}{unit}"
    if kr.stretch is not None:
        text += f" (stretch {format_number(kr.stretch)})"
    return text
