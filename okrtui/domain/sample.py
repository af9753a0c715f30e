"""Provides the sample workspace: a realistic set of OKRs dated relative to a given day.

What the sample holds — objectives, key results and their stories of check-ins, bets, links,
evidence — is data, in `sample_data.toml` beside this module (shipped with the package); this
module reads it (`content`) and dates it around a day (`build_sample`). The content follows the
practice in docs/practice.md: a balanced company objective ("We are an integrated and mature
platform solution"), two team sets with leading and lagging key results (and one output KR
for the coach to flag), a personal set, a discovery objective with a process KR and
future-behaviour KRs that name their assumptions, a Now/Next/Later roadmap of bets (one moving
no KR), weak links with hypotheses, and evidence. Several weeks of check-ins tell small
stories, so the statuses vary: most KRs on track, some at risk, one off track, one stale, and
one whose value rises while confidence falls.

`build_sample(today)` is deterministic: the same day gives the same records, ids included
(derived from the day and each record's handle), so demos and snapshots are stable. The
records come parents first, ready for `Repository.add_workspace`, which allocates keys.
"""

from __future__ import annotations

import tomllib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Any

from okrtui.domain.errors import OkrError
from okrtui.domain.models import (
    TABLES,
    Bet,
    BetImpact,
    CheckIn,
    Cycle,
    Evidence,
    KeyResult,
    Link,
    Objective,
    Record,
)
from okrtui.domain.progress import snapshot, suggested_score

#: Weeks in a sample cycle (a quarter) and weeks of it already behind `today`.
CYCLE_WEEKS = 13
WEEKS_ELAPSED = 8
#: The sample's content, a file of this package.
DATA_FILE = "sample_data.toml"

_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "okrtui:sample-workspace")

#: One check-in of a story: value, confidence 0–10, note.
Reading = tuple[float, int, str]


@dataclass(frozen=True)
class KrSpec:
    """A key result of the sample and its story of check-ins.

    `story` is oldest first; the last reading is `lag` days before the cycle's last check-in
    day (today for the active cycle), the others one cadence apart before it. A discovery KR's
    kill-by date is `kill_in` days after today.
    """

    ref: str
    title: str
    story: tuple[Reading, ...]
    lag: int = 0
    fields: dict[str, Any] = field(default_factory=dict)
    kill_in: int | None = None


@dataclass(frozen=True)
class ObjectiveSpec:
    """An objective of the sample with its key results."""

    ref: str
    title: str
    krs: tuple[KrSpec, ...]
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BetSpec:
    """A roadmap bet and the key results (by ref) it should move, with the expected change."""

    ref: str
    title: str
    horizon: str
    status: str
    moves: tuple[tuple[str, float], ...] = ()
    note: str = ""
    url: str = ""


@dataclass(frozen=True)
class LinkSpec:
    """A weak link from a team objective to a company objective or key result (by ref)."""

    source: str
    target: str
    hypothesis: str


@dataclass(frozen=True)
class EvidenceSpec:
    """A discovery finding about a key result (by ref), `days_ago` days before today."""

    kr: str
    days_ago: int
    text: str
    verdict: str


@dataclass(frozen=True)
class SampleContent:
    """Everything the sample holds, undated: the active cycle's objectives, the previous
    (closed) cycle's, the bets, the links and the evidence."""

    active: tuple[ObjectiveSpec, ...]
    previous: tuple[ObjectiveSpec, ...]
    bets: tuple[BetSpec, ...]
    links: tuple[LinkSpec, ...]
    evidence: tuple[EvidenceSpec, ...]


# -- reading the content --------------------------------------------------------------------


@cache
def content() -> SampleContent:
    """The sample's content, read once from `DATA_FILE` (a file inside the package, so an
    installed okrtui has it as surely as its modules). `OkrError` when it is missing or
    damaged: the installation is, and nothing else can be done about it."""
    source = resources.files(__package__ or "okrtui.domain").joinpath(DATA_FILE)
    try:
        return parse_content(tomllib.loads(source.read_text("utf-8")))
    except (
        OSError,
        UnicodeDecodeError,
        tomllib.TOMLDecodeError,
        KeyError,
        TypeError,
        ValueError,
    ) as exc:
        raise OkrError(
            f"the sample workspace's content ({source}) is missing or damaged ({exc}); "
            "reinstall okrtui"
        ) from None


def parse_content(data: dict[str, Any]) -> SampleContent:
    """The content of a parsed sample file (see `DATA_FILE` for its shape)."""
    return SampleContent(
        active=tuple(_objective_spec(o) for o in data["active"]),
        previous=tuple(_objective_spec(o) for o in data["previous"]),
        bets=tuple(_bet_spec(b) for b in data["bets"]),
        links=tuple(LinkSpec(**link) for link in data["links"]),
        evidence=tuple(EvidenceSpec(**finding) for finding in data["evidence"]),
    )


def _objective_spec(table: dict[str, Any]) -> ObjectiveSpec:
    """An objective's table: `ref`, `title`, `key_results`, and its record's other fields."""
    fields = dict(table)
    ref, title = fields.pop("ref"), fields.pop("title")
    krs = tuple(_kr_spec(kr) for kr in fields.pop("key_results", []))
    return ObjectiveSpec(ref=ref, title=title, krs=krs, fields=fields)


def _kr_spec(table: dict[str, Any]) -> KrSpec:
    """A key result's table: `ref`, `title`, `story`, `lag`, `kill_in`, and its record's
    other fields."""
    fields = dict(table)
    return KrSpec(
        ref=fields.pop("ref"),
        title=fields.pop("title"),
        story=tuple((value, confidence, note) for value, confidence, note in fields.pop("story")),
        lag=fields.pop("lag", 0),
        kill_in=fields.pop("kill_in", None),
        fields=fields,
    )


def _bet_spec(table: dict[str, Any]) -> BetSpec:
    fields = dict(table)
    moves = tuple((ref, change) for ref, change in fields.pop("moves", []))
    return BetSpec(moves=moves, **fields)


# -- dates ----------------------------------------------------------------------------------


def active_cycle_start(today: date) -> date:
    """The Monday `WEEKS_ELAPSED` weeks before the week of `today`."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=WEEKS_ELAPSED)


def cycle_end(start: date) -> date:
    """The last day (a Sunday) of a `CYCLE_WEEKS`-week cycle starting on `start`."""
    return start + timedelta(weeks=CYCLE_WEEKS, days=-1)


def quarter_of(cycle_start: date) -> tuple[int, int]:
    """(year, quarter) a cycle belongs to: the quarter holding its middle day."""
    middle = cycle_start + timedelta(days=CYCLE_WEEKS * 7 // 2)
    return middle.year, (middle.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def quarter_name(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def reading_dates(last: date, count: int, every_days: int) -> list[date]:
    """`count` dates `every_days` apart, oldest first, ending on `last`."""
    return [last - timedelta(days=every_days * (count - 1 - i)) for i in range(count)]


# -- building -------------------------------------------------------------------------------


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


class _Builder:
    """Collects the sample's records by type, with stable ids from each record's handle."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.records: dict[type[Record], list[Record]] = {model: [] for model in TABLES.values()}
        #: Ids of objectives and key results by their spec ref, for bets, links and evidence.
        self.ids: dict[str, str] = {}

    def add(self, model: type[Record], handle: str, stamp: date | None = None, **fields: Any):
        """Build and collect one record; its id derives from the day and `handle`."""
        moment = _noon(stamp or self.today)
        record_id = uuid.uuid5(_ID_NAMESPACE, f"{self.today.isoformat()}/{handle}").hex
        record = model(id=record_id, created_at=moment, updated_at=moment, **fields)
        self.records[model].append(record)
        return record

    def cycle_with_objectives(
        self, cycle: Cycle, specs: tuple[ObjectiveSpec, ...], last_day: date
    ) -> None:
        """Add the objectives of `cycle`, their KRs and each KR's story up to `last_day`."""
        for spec in specs:
            fields = {"state": "committed"} | spec.fields
            objective = self.add(
                Objective, f"objective/{spec.ref}", cycle_id=cycle.id, title=spec.title, **fields
            )
            self.ids[spec.ref] = objective.id
            for kr_spec in spec.krs:
                self.key_result(cycle, objective, kr_spec, last_day)

    def key_result(self, cycle: Cycle, objective: Objective, spec: KrSpec, last_day: date) -> None:
        """Add a KR and its check-ins; a closed KR gets the score its final reading earns."""
        fields = {"owner": objective.owner} | spec.fields
        if spec.kill_in is not None:
            fields["kill_by"] = self.today + timedelta(days=spec.kill_in)
        # Written when the cycle was planned: its pace and staleness run from the start.
        planned = min(cycle.start, self.today)
        kr = self.add(
            KeyResult,
            f"kr/{spec.ref}",
            stamp=planned,
            objective_id=objective.id,
            title=spec.title,
            **fields,
        )
        self.ids[spec.ref] = kr.id
        dates = reading_dates(
            last_day - timedelta(days=spec.lag), len(spec.story), cycle.cadence_days
        )
        checkins = [
            self.add(
                CheckIn,
                f"checkin/{spec.ref}/{i}",
                stamp=day,
                key_result_id=kr.id,
                date=day,
                value=value,
                confidence=confidence,
                note=note,
                author=kr.owner,
            )
            for i, (day, (value, confidence, note)) in enumerate(
                zip(dates, spec.story, strict=True)
            )
        ]
        if kr.state == "closed":
            kr.score = suggested_score(snapshot(kr, checkins, cycle, cycle.end))

    def bet(self, rank: int, spec: BetSpec) -> None:
        moves = [
            BetImpact(key_result_id=self.ids[ref], expected_change=change)
            for ref, change in spec.moves
        ]
        self.add(
            Bet,
            f"bet/{spec.ref}",
            title=spec.title,
            horizon=spec.horizon,
            status=spec.status,
            rank=rank,
            moves=moves,
            note=spec.note,
            url=spec.url,
        )

    def link(self, spec: LinkSpec, objectives: tuple[ObjectiveSpec, ...]) -> None:
        is_objective = any(o.ref == spec.target for o in objectives)
        target: dict[str, Any] = {
            "to_objective_id" if is_objective else "to_key_result_id": self.ids[spec.target]
        }
        self.add(
            Link,
            f"link/{spec.source}/{spec.target}",
            from_objective_id=self.ids[spec.source],
            strength="weak",
            hypothesis=spec.hypothesis,
            **target,
        )

    def evidence(self, spec: EvidenceSpec) -> None:
        day = self.today - timedelta(days=spec.days_ago)
        self.add(
            Evidence,
            f"evidence/{spec.kr}/{spec.days_ago}",
            stamp=day,
            key_result_id=self.ids[spec.kr],
            date=day,
            text=spec.text,
            verdict=spec.verdict,
        )

    def in_table_order(self) -> Iterator[Record]:
        """Every record, table by table in `TABLES` order: parents always come first."""
        for model in TABLES.values():
            yield from self.records[model]


def _ranked(bets: tuple[BetSpec, ...]) -> Iterator[tuple[int, BetSpec]]:
    """Each bet with its rank (1, 2, …) within its horizon, in the given order."""
    seen: dict[str, int] = {}
    for spec in bets:
        seen[spec.horizon] = seen.get(spec.horizon, 0) + 1
        yield seen[spec.horizon], spec


def _add_cycles(builder: _Builder, today: date) -> tuple[Cycle, Cycle]:
    """The active cycle (weekly, started `WEEKS_ELAPSED` weeks ago) and the closed quarter
    before it (checked in every two weeks), named after their quarters."""
    start = active_cycle_start(today)
    year, quarter = quarter_of(start)
    active = builder.add(
        Cycle,
        "cycle/active",
        name=quarter_name(year, quarter),
        start=start,
        end=cycle_end(start),
        cadence_days=7,
        state="active",
    )
    previous_start = start - timedelta(weeks=CYCLE_WEEKS)
    previous = builder.add(
        Cycle,
        "cycle/previous",
        name=quarter_name(*previous_quarter(year, quarter)),
        start=previous_start,
        end=cycle_end(previous_start),
        cadence_days=14,
        state="closed",
    )
    return active, previous


def build_sample(today: date) -> list[Record]:
    """The sample workspace on `today`: an active quarter-like cycle started about eight weeks
    ago (weekly check-ins up to today), the closed cycle before it, bets, links and evidence.

    Parents come before children and references use ids, as `Repository.add_workspace` wants.
    """
    sample = content()
    builder = _Builder(today)
    active, previous = _add_cycles(builder, today)
    builder.cycle_with_objectives(active, sample.active, today)
    builder.cycle_with_objectives(previous, sample.previous, previous.end)
    for rank, spec in _ranked(sample.bets):
        builder.bet(rank, spec)
    for link in sample.links:
        builder.link(link, sample.active)
    for finding in sample.evidence:
        builder.evidence(finding)
    return list(builder.in_table_order())
