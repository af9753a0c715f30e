"""The dashboard's filter language: fields, several values, bare words, clear errors."""

from __future__ import annotations

import pytest

from okrtui.domain.errors import InvalidInput
from okrtui.domain.filters import parse_filter
from okrtui.domain.models import Objective
from okrtui.domain.progress import snapshot
from tests.domain.factories import day, make_checkin, make_cycle, make_kr

CYCLE = make_cycle()
GROWTH = Objective(
    cycle_id="c", key="O-1", title="Faster onboarding", owner="maria", team="growth", level="team"
)
COMPANY = Objective(cycle_id="c", key="O-2", title="Mature platform", owner="dev", level="company")


def snap(**fields):
    kr = make_kr(**fields)
    return snapshot(kr, [make_checkin(kr, 48, 50, 8)], CYCLE, day(50))


STALE = snapshot(make_kr(key="KR-9", title="Invoices sent"), [], CYCLE, day(50))


@pytest.mark.parametrize(
    ("query", "objective", "kr", "expected"),
    [
        ("", GROWTH, snap(), True),
        ("owner:maria", GROWTH, snap(), True),
        ("owner:maria", COMPANY, snap(), False),
        ("owner:sam", COMPANY, snap(owner="sam"), True),  # the KR's own owner counts too
        ("team:growth level:team", GROWTH, snap(), True),
        ("team:growth level:company", GROWTH, snap(), False),
        ("status:stale", GROWTH, STALE, True),
        ("status:stale", GROWTH, snap(), False),
        ("status:on-track,stale", GROWTH, snap(), True),
        ("status:stale status:on_track", GROWTH, STALE, True),
        ("kind:output", GROWTH, snap(kind="output"), True),
        ("kind:output", GROWTH, snap(), False),
        ("indicator:leading", GROWTH, snap(indicator="leading"), True),
        ("onboarding", GROWTH, snap(), True),
        ("invoices", GROWTH, STALE, True),
        ("Invoices kr-9", GROWTH, STALE, True),
        ("platform", GROWTH, snap(), False),
        ("OWNER:Maria", GROWTH, snap(), True),
    ],
)
def test_filter_matches(query, objective, kr, expected):
    assert parse_filter(query).matches(objective, kr) is expected


def test_empty_filter_is_inactive_and_text_is_normalised():
    assert not parse_filter("   ").active
    assert parse_filter("owner:maria   stale").text == "owner:maria stale"


def test_unknown_field_names_the_known_ones():
    with pytest.raises(InvalidInput, match=r"unknown filter field 'colour'.*owner, team"):
        parse_filter("colour:red")


def test_a_field_without_value_is_explained():
    with pytest.raises(InvalidInput, match="needs a value"):
        parse_filter("owner:")
