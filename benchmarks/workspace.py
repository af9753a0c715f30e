"""Provides `generate`, a large, realistic okrtui workspace written straight in the storage format.

Ten years of quarterly cycles (40 closed, one active), 30 teams with an objective each per
closed quarter, 2–4 key results per objective checked in weekly (with the odd correction that
supersedes a reading), bets, links and discovery evidence: 50 000 check-ins in all by default.
The active cycle has an ordinary size (a dozen objectives, 36 KRs, 8 weekly readings each up
to a week ago, so all are due for this week's check-in). Records are built as
plain dicts in the shape `model_dump(mode="json")` gives and written with the canonical
serialiser in one go, so a workspace takes about a second instead of the minutes that
50 000 validated inserts would. It is deterministic: the same arguments give the same bytes.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from okrtui import __version__
from okrtui.domain.models import KEY_PREFIXES
from okrtui.store.engine import canonical, schema
from okrtui.store.engine.storage import atomic_write_bytes

TEAMS = (
    "growth",
    "billing",
    "platform",
    "mobile",
    "search",
    "payments",
    "data",
    "identity",
    "onboarding",
    "support",
    "infra",
    "security",
    "design",
    "sales-eng",
    "partners",
    "api",
    "reporting",
    "checkout",
    "catalog",
    "messaging",
    "ml",
    "web",
    "desktop",
    "ops",
    "finance",
    "legal-tech",
    "hr-tech",
    "marketing",
    "docs",
    "qa",
)
PEOPLE = (
    "maria",
    "dana",
    "lena",
    "omar",
    "kenji",
    "priya",
    "tomás",
    "zoë",
    "ahmed",
    "li wei",
    "noa",
    "sven",
    "amara",
    "yusuf",
    "elif",
    "hiro",
    "ines",
    "raj",
    "sofia",
    "mateo",
)
METRICS = (
    ("Onboarding completion rate", "%", 40, 75),
    ("Time to first invoice", "days", 9, 3),
    ("Weekly active teams", "teams", 1200, 1800),
    ("p95 search latency", "ms", 900, 300),
    ("Checkout conversion", "%", 2.1, 3.4),
    ("Support tickets per 100 accounts", "tickets", 14, 8),
    ("Net revenue retention", "%", 98, 110),
    ("Accounts sharing a view every week", "%", 12, 30),
    ("Crash-free sessions", "%", 98.2, 99.7),
    ("Trial-to-paid conversion", "%", 8, 14),
    ("Time to resolve a P1", "hours", 20, 6),
    ("Customer satisfaction (CSAT)", "points", 71, 85),
)
OBJECTIVES = (
    "New users reach value in their first week",
    "Customers trust us with their money",
    "Teams find what they need without asking",
    "Our platform is the safe choice for enterprises",
    "Paying feels effortless on every device",
    "We learn what makes admins share",
    "Support becomes a reason to stay",
    "Reports answer the question before it is asked",
)
NOTES = (
    "",
    "",
    "steady",
    "new tour shipped",
    "blocked on the SSO fix",
    "holiday week, flat",
    "experiment B won",
    "slipped: release moved a week",
    "data backfilled",
    "CJK users up: 新しいオンボーディング",
    "RTL locales live: مرحبا",
    "🎉 crossed the target",
)

#: Check-ins a generated workspace holds unless told otherwise.
CHECKINS = 50_000
#: Closed quarterly cycles before the active one (ten years).
CLOSED_CYCLES = 40
#: Objectives and weeks elapsed in the active cycle: an ordinary quarter, eight weeks in.
ACTIVE_OBJECTIVES = 12
ACTIVE_WEEKS = 8
QUARTER_WEEKS = 13


@dataclass(frozen=True)
class Workspace:
    """What `generate` wrote: the file and the counts a benchmark reports."""

    path: Path
    cycles: int
    objectives: int
    key_results: int
    checkins: int
    size_bytes: int
    #: Keys of the active cycle's objectives and key results (a benchmark checks them in).
    active_objective_keys: tuple[str, ...]
    active_kr_keys: tuple[str, ...]
    active_cycle: str


class _Writer:
    """Builds the tables record by record, with keys, ids and timestamps like the store's."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.tables: dict[str, dict[str, dict[str, Any]]] = {
            name: {}
            for name in (
                "cycles",
                "objectives",
                "key_results",
                "checkins",
                "bets",
                "links",
                "evidence",
            )
        }
        self.counters: dict[str, int] = {}

    def new_id(self) -> str:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4).hex

    def add(self, table: str, prefix: str, stamp: datetime, **fields: Any) -> dict[str, Any]:
        number = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = number
        moment = stamp.isoformat().replace("+00:00", "Z")
        record = {
            "id": self.new_id(),
            "key": f"{prefix}-{number}",
            "created_at": moment,
            "updated_at": moment,
            **fields,
        }
        records = self.tables[table]
        records[str(len(records) + 1)] = record
        return record


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def _quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _previous_quarter(start: date) -> date:
    return _quarter_start(start - timedelta(days=1))


def _quarter_name(start: date) -> str:
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def _metric_kr(
    w: _Writer, objective: dict[str, Any], owner: str, index: int, closed: bool
) -> dict[str, Any]:
    title, unit, baseline, target = METRICS[w.rng.randrange(len(METRICS))]
    if w.rng.random() < 0.5:  # vary the numbers so progress differs KR to KR
        shift = w.rng.uniform(0.9, 1.1)
        baseline, target = round(baseline * shift, 1), round(target * shift, 1)
    return w.add(
        "key_results",
        KEY_PREFIXES["KeyResult"],
        datetime.fromisoformat(objective["created_at"].replace("Z", "+00:00")),
        objective_id=objective["id"],
        title=f"{title} from {baseline:g} to {target:g}",
        owner=owner,
        unit=unit,
        type="metric",
        direction="increase" if target > baseline else "decrease",
        baseline=float(baseline),
        target=float(target),
        stretch=None,
        kind="outcome",
        indicator="leading" if index % 2 else "lagging",
        discovery_type="none",
        assumption="",
        kill_by=None,
        weight=1.0,
        state="closed" if closed else "active",
        score=round(w.rng.uniform(0.2, 1.0), 2) if closed else None,
        close_reason="",
    )


def _checkins(
    w: _Writer, kr: dict[str, Any], first: date, count: int, cadence: int, corrections: int
) -> None:
    """`count` readings `cadence` days apart from `first`, moving from baseline toward
    target with noise, and `corrections` check-ins that each correct the one before."""
    baseline, target = kr["baseline"], kr["target"]
    pace = w.rng.uniform(0.3, 1.2)
    confidence = w.rng.randint(5, 8)
    for i in range(count):
        day = first + timedelta(days=cadence * i)
        share = pace * (i + 1) / QUARTER_WEEKS
        value = round(baseline + (target - baseline) * share + w.rng.uniform(-1, 1), 2)
        confidence = max(0, min(10, confidence + w.rng.choice((-1, 0, 0, 0, 1))))
        reading = w.add(
            "checkins",
            KEY_PREFIXES["CheckIn"],
            _noon(day),
            key_result_id=kr["id"],
            date=day.isoformat(),
            value=value,
            confidence=confidence,
            note=NOTES[w.rng.randrange(len(NOTES))],
            author=kr["owner"],
            supersedes=None,
        )
        for _ in range(corrections // count + (1 if i < corrections % count else 0)):
            reading = w.add(
                "checkins",
                KEY_PREFIXES["CheckIn"],
                _noon(day),
                key_result_id=kr["id"],
                date=day.isoformat(),
                value=round(value + 0.5, 2),
                confidence=confidence,
                note="corrected: the export double-counted a day",
                author=kr["owner"],
                supersedes=reading["id"],
            )


def _cycle(w: _Writer, start: date, end: date, state: str) -> dict[str, Any]:
    return w.add(
        "cycles",
        KEY_PREFIXES["Cycle"],
        _noon(start),
        name=_quarter_name(start),
        start=start.isoformat(),
        end=end.isoformat(),
        cadence_days=7,
        state=state,
    )


def _objective(
    w: _Writer, cycle: dict[str, Any], team: str, owner: str, level: str, closed: bool
) -> dict[str, Any]:
    return w.add(
        "objectives",
        KEY_PREFIXES["Objective"],
        _noon(date.fromisoformat(cycle["start"])),
        cycle_id=cycle["id"],
        title=OBJECTIVES[w.rng.randrange(len(OBJECTIVES))],
        why="",
        owner=owner,
        team=team,
        level=level,
        mode="delivery",
        state="closed" if closed else "committed",
        reflection="",
    )


def generate(
    path: Path,
    today: date,
    *,
    checkins: int = CHECKINS,
    teams: int = len(TEAMS),
    closed_cycles: int = CLOSED_CYCLES,
    seed: int = 6,
) -> Workspace:
    """Write a workspace of `closed_cycles` closed quarters and one active quarter to `path`
    (replacing it) with exactly `checkins` check-ins (with `closed_cycles=0`, only the active
    cycle's); returns what was written."""
    w = _Writer(seed)
    active_start = _quarter_start(today)
    # Weekly readings up to a week ago (so every active KR is due for this week's check-in):
    # eight of them, fewer early in a quarter.
    last_reading = today - timedelta(weeks=1)
    weeks_in = max(0, min(ACTIVE_WEEKS, (last_reading - active_start).days // 7 + 1))
    active_first = last_reading - timedelta(weeks=weeks_in - 1)
    starts = [active_start]
    for _ in range(closed_cycles):
        starts.append(_previous_quarter(starts[-1]))
    starts.reverse()

    closed_krs: list[tuple[dict[str, Any], date]] = []
    for start in starts[:-1]:
        end = _quarter_start(start + timedelta(days=100)) - timedelta(days=1)
        cycle = _cycle(w, start, end, "closed")
        for t, team in enumerate(TEAMS[:teams]):
            owner = PEOPLE[(t + start.year) % len(PEOPLE)]
            objective = _objective(w, cycle, team, owner, "team", closed=True)
            for k in range(2 + (t + start.month) % 3):
                closed_krs.append((_metric_kr(w, objective, owner, k, closed=True), start))

    cycle = _cycle(
        w,
        active_start,
        _quarter_start(active_start + timedelta(days=100)) - timedelta(days=1),
        "active",
    )
    active_krs: list[dict[str, Any]] = []
    active_objectives: list[dict[str, Any]] = []
    for o in range(ACTIVE_OBJECTIVES):
        team = TEAMS[o % len(TEAMS)]
        owner = PEOPLE[o % len(PEOPLE)]
        objective = _objective(w, cycle, team, owner, "company" if o == 0 else "team", closed=False)
        active_objectives.append(objective)
        active_krs.extend(_metric_kr(w, objective, owner, k, closed=False) for k in range(3))

    active_checkins = len(active_krs) * weeks_in
    remaining = checkins - active_checkins
    if closed_krs and remaining < len(closed_krs):
        raise ValueError(f"{checkins} check-ins are too few for {len(closed_krs)} closed KRs")
    # Without history (closed_cycles=0) only the active cycle's check-ins are written.
    per_kr, extra = divmod(remaining, len(closed_krs)) if closed_krs else (0, 0)
    weeks = min(per_kr, QUARTER_WEEKS)
    for index, (kr, start) in enumerate(closed_krs):
        total = per_kr + (1 if index < extra else 0)
        _checkins(w, kr, start, weeks, 7, corrections=total - weeks)
    for kr in active_krs:
        _checkins(w, kr, active_first, weeks_in, 7, corrections=0)

    _roadmap(w, active_krs)
    meta = schema.new_meta(_noon(starts[0]).isoformat(), f"okrtui {__version__}")
    meta["key_counters"] = dict(sorted(w.counters.items()))
    tables = {schema.META_TABLE: {schema.META_DOC_ID: meta}, **w.tables}
    data = canonical.dumps(tables)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data)
    return Workspace(
        path=path,
        cycles=len(w.tables["cycles"]),
        objectives=len(w.tables["objectives"]),
        key_results=len(w.tables["key_results"]),
        checkins=len(w.tables["checkins"]),
        size_bytes=len(data),
        active_objective_keys=tuple(o["key"] for o in active_objectives),
        active_kr_keys=tuple(kr["key"] for kr in active_krs),
        active_cycle=cycle["name"],
    )


def _roadmap(w: _Writer, active_krs: list[dict[str, Any]]) -> None:
    """Bets over the active KRs (now/next/later), a few weak links and some evidence."""
    stamp = datetime.fromisoformat(active_krs[0]["created_at"].replace("Z", "+00:00"))
    for i in range(24):
        moved = w.rng.sample(active_krs, 2)
        w.add(
            "bets",
            KEY_PREFIXES["Bet"],
            stamp,
            title=f"Bet {i + 1}: try the idea behind {moved[0]['title'][:30]}",
            horizon=("now", "next", "later")[i % 3],
            status=("idea", "discovery", "delivery", "done")[i % 4],
            rank=i // 3 + 1,
            moves=[{"key_result_id": kr["id"], "expected_change": 1.0} for kr in moved],
            url="",
            note="",
        )
    objectives = [o for o in w.tables["objectives"].values() if o["state"] == "committed"]
    for source in objectives[1:6]:
        w.add(
            "links",
            KEY_PREFIXES["Link"],
            stamp,
            from_objective_id=source["id"],
            to_objective_id=objectives[0]["id"],
            to_key_result_id=None,
            strength="weak",
            hypothesis="better team outcomes make the company objective believable",
            held=None,
        )
    for kr in active_krs[:6]:
        w.add(
            "evidence",
            KEY_PREFIXES["Evidence"],
            stamp,
            key_result_id=kr["id"],
            date=kr["created_at"][:10],
            text="5 of 8 interviewed admins said so",
            verdict="supports",
        )
