"""Provides the injectable clock: every "today" and "now" in okrtui comes from one of these.

Tests and demos use `FixedClock` so dates, pace and staleness are deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Protocol


class Clock(Protocol):
    """Source of the current date and time."""

    def today(self) -> date: ...

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock: local calendar date, UTC timestamps."""

    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class FixedClock:
    """A clock stopped at one day (noon UTC), for tests, demos and benchmarks."""

    day: date

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return datetime.combine(self.day, time(12, 0), tzinfo=UTC)
