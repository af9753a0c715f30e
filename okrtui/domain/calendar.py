"""Provides calendar helpers for cycles: the quarter a day falls in, and date parsing with
messages a person can act on."""

from __future__ import annotations

from datetime import date, timedelta

from okrtui.domain.errors import InvalidInput


def quarter_of(day: date) -> tuple[str, date, date]:
    """(name, first day, last day) of the calendar quarter containing `day`: `2026-Q4`."""
    quarter = (day.month - 1) // 3
    start = date(day.year, quarter * 3 + 1, 1)
    next_start = date(day.year + 1, 1, 1) if quarter == 3 else date(day.year, quarter * 3 + 4, 1)
    return f"{day.year}-Q{quarter + 1}", start, next_start - timedelta(days=1)


def parse_day(text: str, what: str = "date") -> date:
    """Parse `YYYY-MM-DD`; `InvalidInput` naming the field otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"the {what} '{text.strip()}' is not a date: write it as YYYY-MM-DD, e.g. 2026-01-05"
        ) from None
