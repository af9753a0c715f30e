"""The measure reader: the phrasings people write, what it refuses to invent, and properties
(it never raises; a KR's rendered measure reads back as the same numbers)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.domain.measure import Measure, read_measure
from okrtui.domain.outline import OutlineKeyResult, render_measure


@pytest.mark.parametrize(
    ("text", "baseline", "target", "unit", "direction"),
    [
        # from X to Y, also with K and reversed
        ("Increase activation rate from 40% to 65%", 40, 65, "%", "increase"),
        ("Reduce time-to-value from 7 days to 2 days", 7, 2, "days", "decrease"),
        ("Increase daily active teams from 10K to 25K", 10_000, 25_000, "", "increase"),
        ("Increase unit test coverage to 75 % from current 45 %", 45, 75, "%", "increase"),
        # relative: by N %, points, ×, double, twice, halve
        ("Increase SWAUs by 25%", None, 25, "%", "increase"),
        ("Reduce bugs by 25%", None, 25, "%", "decrease"),
        ("In-app satisfaction increased by 5 points", None, 5, "points", "increase"),
        ("Grow MQLs delivered to sales weekly by 3x", None, 3, "x", "increase"),
        ("Our platforms power twice as many interactions", None, 2, "x", "increase"),
        ("Double weekly sign-ups", None, 2, "x", "increase"),
        ("Halve the time to first invoice", None, 50, "%", "decrease"),
        ("Cut onboarding time in half", None, 50, "%", "decrease"),
        ("Increase revenue by $500K", None, 500_000, "$", "increase"),
        ("Reduce time to hire by 10 days", None, 10, "days", "decrease"),
        ("40% of new users complete onboarding within 7 days", None, 40, "%", "increase"),
        ("Page load time under 1.5 seconds for 95% of sessions", None, 1.5, "s", "stay_below"),
        ("Win 5 enterprise deals over $100k", None, 5, "enterprise deals", "increase"),
        ("Employees rate onboarding 8/10 or better", None, 8, "/10", "stay_above"),
        ("Publish the 2024 product roadmap with 3 bets", None, 3, "bets", "increase"),
        # to / reach / of N
        ("Reduce churn to less than 1% monthly", None, 1, "%", "decrease"),
        ("Reach monthly NPS of 60 at all Tier 1 customers", None, 60, "points", "increase"),
        ("Revenue of 250K", None, 250_000, "", "increase"),
        (
            "Increase average subscription size to at least $295 per month",
            None,
            295,
            "$",
            "increase",
        ),
        # floors and ceilings
        ("Achieve NPS score of 50+ for new users", None, 50, "points", "stay_above"),
        ("Achieve 4.5+ app store rating", None, 4.5, "stars", "stay_above"),
        (">100 weekly active teams", None, 100, "teams", "stay_above"),
        ("At least 3 customers adopt structural search", None, 3, "customers", "stay_above"),
        ("App load time is 2 seconds or less", None, 2, "s", "stay_below"),
        (
            "Search returns in under 2s on instances with 80k repositories",
            None,
            2,
            "s",
            "stay_below",
        ),
        ("p95 checkout latency ≤ 200 ms", None, 200, "ms", "stay_below"),
        ("Average first response time of 1 hour", None, 1, "h", "stay_below"),
        ("Maintain FTW DAO treasury above CHF 10k", None, 10_000, "CHF", "stay_above"),
        # counts, shares, zero, words
        (
            "3 blog posts (not release announcements) authored by the team",
            None,
            3,
            "blog posts",
            "increase",
        ),
        ("100% of managers complete the feedback training", None, 100, "%", "increase"),
        ("Zero app store rejections", None, 0, "app store rejections", "stay_below"),
        ("No tier 1 or 2 customers are blocked from upgrading", None, 0, "tier", "stay_below"),
        ("Hire two additional full-time marketing teammates", None, 2, "hires", "increase"),
        ("$1.2M in new bookings", None, 1_200_000, "$", "increase"),
        ("99.95% uptime", None, 99.95, "%", "increase"),
        ("Sign-ups from 1,200 to 2,000 a month", 1200, 2000, "per month", "increase"),
        ("Get 500 downloads per hour spent", None, 500, "downloads/hour", "increase"),
        ("200k views per 30 days (current is 125k)", 125_000, 200_000, "views", "increase"),
    ],
)
def test_reads_the_phrasings_people_write(text, baseline, target, unit, direction):
    measure = read_measure(text)

    assert (measure.baseline, measure.target, measure.unit, measure.direction) == (
        baseline,
        target,
        unit,
        direction,
    ), measure
    assert measure.type == "metric"


@pytest.mark.parametrize(
    "text",
    [
        "Public Learn Platform MVP deployed in June",
        "Interactive search is available to all users by default",
        "6 Recruiters hired and onboarded",  # a count of hires is still read as a number
        "We've documented the buyer journey",
        "C# driver",
        "Launch video calling",
        "Secure the InnoBooster grant",
    ],
)
def test_milestones_are_done_or_not(text):
    measure = read_measure(text)
    assert measure.found
    if measure.target is None:
        assert measure.type == "milestone"
        assert measure.describe() == "a milestone (done or not)"


@pytest.mark.parametrize(
    "text",
    [
        "Improved CSAT scores",  # a direction without a number
        "Cloud cost",  # a metric without a target
        "Increase usage of filters",
        "Maintain company-wide HubSpot consistency",  # upkeep with no end
        "Publicize our internal progress more",
        "",
    ],
)
def test_where_it_reads_nothing_it_invents_nothing(text):
    assert read_measure(text) == Measure()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Implement RFC 42", ()),  # a name with a number, not a measure
        ("Ship to Tier 1 customers in Q3 2026", ()),
        ("99th percentile latency is tracked", ()),
        ("Retention at the 30-day mark", ()),
        ("Rate from 5% to 5%", ("from 5% to 5%",)),  # nothing to move
        ("Time from 9 days to 3 hours", ("from 9 days to 3 hours",)),  # two units
    ],
)
def test_numbers_that_are_no_measure_are_skipped_and_unreadable_ones_reported(text, named):
    measure = read_measure(text)

    assert measure.target is None
    assert measure.unplaced == named


def test_what_it_read_is_said_for_the_draft():
    assert read_measure("Reduce churn to less than 1% monthly").note() == (
        "read: target 1 %, decrease"
    )
    assert read_measure("Churn below 1%").note() == "read: target 1 %, stay below"
    assert read_measure("Increase SWAUs by 25%").note() == "read: by 25 %, increase"
    assert read_measure("Teams from 10K to 25K").note() == "read: 10 000 → 25 000, increase"
    assert read_measure("Rate from 5% to 5%").note().startswith("not read: 'from 5% to 5%'")
    assert read_measure("Customer happiness").note() == ""


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_text(text):
    measure = read_measure(text)
    assert isinstance(measure, Measure)
    assert measure.describe() is not None


hostile = st.lists(
    st.sampled_from(
        [
            "from",
            "to",
            "by",
            "at least",
            "under",
            ">",
            "≥",
            "%",
            "$",
            "x",
            "K",
            "no",
            "zero",
            "twice",
            "per",
            "month",
            "(",
            ")",
            "-",
            "1,200",
            "4.5",
            "10K",
            "$1.2M",
            "99.95 %",
            "2s",
            "Tier",
            "RFC",
            "2026",
            "30-day",
            "Q3",
            "½",
            "١٢",
            "\x1b[31m",
            "[b]",
            "∞",
            "nan",
        ]
    ),
    max_size=14,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(hostile)
def test_never_raises_on_measure_words_in_any_order(text):
    read_measure(text)


#: Titles of metrics without a unit of their own (NPS implies points, a rating stars: those
#: read back with that unit, which is the point of reading them).
title_words = st.lists(
    st.sampled_from(
        [
            "weekly",
            "active",
            "teams",
            "onboarding",
            "completion",
            "churn",
            "latency",
            "revenue",
            "sign-ups",
            "checkout",
            "conversion",
            "admins",
        ]
    ),
    min_size=1,
    max_size=4,
).map(" ".join)
numbers = st.one_of(
    st.integers(-(10**6), 10**6).map(float),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
)
units = st.sampled_from(["", "%", "days", "teams", "ms", "sessions", "blog posts", "$", "x"])


@settings(max_examples=300, deadline=None)
@given(title_words, numbers, numbers, units, st.sampled_from(["move", "stay_above", "stay_below"]))
def test_rendering_a_measure_then_reading_it_gives_the_same_numbers(title, a, b, unit, shape):
    if shape == "move":
        b = a + 1 if a == b else b
        kr = OutlineKeyResult(
            title, baseline=a, target=b, unit=unit, direction="increase" if b > a else "decrease"
        )
    else:
        kr = OutlineKeyResult(title, target=a, unit=unit, direction=shape)

    measure = read_measure(title + render_measure(kr))

    assert (measure.baseline, measure.target, measure.unit, measure.direction) == (
        kr.baseline,
        kr.target,
        kr.unit,
        kr.direction,
    )
