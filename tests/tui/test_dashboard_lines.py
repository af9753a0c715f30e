"""Unit tests of the dashboard's summary line: where today falls in the cycle."""

from datetime import date, timedelta

import pytest

from okrtui.tui.renderables.dashboard_lines import cycle_summary, cycle_time
from tests.domain.factories import make_cycle

CYCLE = make_cycle(
    name="2027-Q1", start=date(2026, 12, 28), end=date(2027, 3, 28), state="planning"
)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 23), "starts in 35 days"),
        (date(2026, 12, 27), "starts in 1 day"),
        (date(2026, 12, 28), "week 1/13 (0%)"),
        (date(2027, 3, 28), "week 13/13 (100%)"),
        (date(2027, 3, 29), "ended 1 day ago"),
        (date(2027, 4, 7), "ended 10 days ago"),
    ],
)
def test_the_summary_says_where_today_falls_in_the_cycle(today, expected):
    assert cycle_time(CYCLE, today) == expected


def test_a_planned_cycle_is_not_shown_as_in_its_first_week():
    line = cycle_summary(CYCLE, [], CYCLE.start - timedelta(days=35)).plain
    assert line.startswith("2027-Q1 · Dec 28 → Mar 28 · planning · starts in 35 days")
    assert "week" not in line
