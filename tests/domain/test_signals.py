"""Signals that value and confidence tell different stories."""

from __future__ import annotations

import pytest

from okrtui.domain.progress import snapshot
from okrtui.domain.signals import divergence
from tests.domain.factories import day, make_checkin, make_cycle, make_kr

CYCLE = make_cycle()


def snap_of(readings, **kr_fields):
    kr = make_kr(**kr_fields)
    checkins = [
        make_checkin(kr, 30 + 7 * i, value, conf) for i, (value, conf) in enumerate(readings)
    ]
    return snapshot(kr, checkins, CYCLE, day(30 + 7 * (len(readings) - 1)))


@pytest.mark.parametrize(
    ("readings", "kr_fields", "expected"),
    [
        ([(30, 8), (40, 7), (50, 5)], {}, "confidence falling while value rises"),
        # A decrease KR "rises" when its value falls.
        (
            [(80, 8), (70, 7), (60, 5)],
            {"direction": "decrease", "baseline": 100, "target": 0},
            "confidence falling while value rises",
        ),
        ([(30, 5), (40, 6), (50, 8)], {}, None),
        ([(50, 8), (50, 8), (50, 8)], {}, "green but flat for 3 check-ins"),
        # A held threshold or a done milestone is supposed to stay put.
        ([(50, 8), (50, 8), (50, 8)], {"direction": "stay_above", "target": 40}, None),
        ([(1, 9), (1, 9), (1, 9)], {"type": "milestone"}, None),
        # A one-point dip is noise.
        ([(30, 8), (40, 8), (50, 7)], {}, None),
        ([(50, 3), (50, 3), (50, 3)], {}, None),  # flat but not reported green
        ([(30, 8), (40, 5)], {}, None),  # too few check-ins to tell
    ],
)
def test_divergence(readings, kr_fields, expected):
    assert divergence(snap_of(readings, **kr_fields)) == expected
