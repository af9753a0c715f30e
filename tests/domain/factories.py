"""Provides small builders of domain records for the domain tests.

Each builder fills in what a test does not care about, so a table row states only what it is
about. The reference cycle runs 100 days, so day N of it is an expected pace of N %.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from okrtui.domain.models import CheckIn, Cycle, KeyResult

#: First day of the reference cycle; it ends 100 days later.
START = date(2026, 10, 1)
END = START + timedelta(days=100)
#: When the builders' KRs were written: before the cycle, so they run from its first day
#: (a KR's pace and staleness count from the day it joined, see `progress.joined_on`).
PLANNED = datetime.combine(START - timedelta(days=14), time(12, 0), tzinfo=UTC)


def day(n: int) -> date:
    """The date `n` days into the reference cycle (negative: before it starts)."""
    return START + timedelta(days=n)


def make_cycle(**fields: Any) -> Cycle:
    """An active weekly cycle of 100 days unless `fields` say otherwise."""
    defaults: dict[str, Any] = {
        "name": "2026-Q4",
        "start": START,
        "end": END,
        "cadence_days": 7,
        "state": "active",
    }
    return Cycle(**(defaults | fields))


def make_kr(**fields: Any) -> KeyResult:
    """A metric KR rising from 0 to 100 unless `fields` say otherwise."""
    defaults: dict[str, Any] = {
        "objective_id": "objective",
        "title": "Weekly active teams",
        "direction": "increase",
        "baseline": 0,
        "target": 100,
        "created_at": PLANNED,
    }
    return KeyResult(**(defaults | fields))


def make_checkin(
    kr: KeyResult, on: int, value: float, confidence: int = 8, **fields: Any
) -> CheckIn:
    """A check-in of `kr` on day `on` of the reference cycle."""
    return CheckIn(key_result_id=kr.id, date=day(on), value=value, confidence=confidence, **fields)
