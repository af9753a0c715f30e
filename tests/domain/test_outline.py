"""The Markdown outline: what it reads, the errors it gives (line and what was expected), and
that rendering then parsing returns the same data (a hypothesis property)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.domain.errors import OkrError
from okrtui.domain.measure import read_measure
from okrtui.domain.outline import (
    Outline,
    OutlineCycle,
    OutlineError,
    OutlineKeyResult,
    OutlineObjective,
    parse_outline,
    render_outline,
    title_without_measure,
    with_measure_in_title,
)

DESIGN_EXAMPLE = """\
# 2026-Q1  (2026-01-05 → 2026-03-29, check-in every 7 days)

## Improve onboarding so new users reach value faster
owner: maria · team: growth · level: team

- Onboarding completion rate from 45% to 70%  {leading}
- Time to first invoice from 9 days to 3 days  {lagging}
- Launch the redesigned onboarding flow  {output, milestone}
"""


def only_kr(text: str) -> OutlineKeyResult:
    """The single key result of a one-bullet outline."""
    outline = parse_outline(f"# Q\n## O\n- {text}\n")
    (kr,) = outline.objectives[0].key_results
    return kr


def test_reads_the_design_example():
    outline = parse_outline(DESIGN_EXAMPLE)

    assert outline.cycle == OutlineCycle("2026-Q1", date(2026, 1, 5), date(2026, 3, 29), 7)
    (objective,) = outline.objectives
    assert (objective.title, objective.owner, objective.team, objective.level) == (
        "Improve onboarding so new users reach value faster",
        "maria",
        "growth",
        "team",
    )
    completion, invoice, launch = objective.key_results
    assert completion == OutlineKeyResult(
        "Onboarding completion rate from 45% to 70%",
        baseline=45,
        target=70,
        unit="%",
        indicator="leading",
    )
    assert invoice == OutlineKeyResult(
        "Time to first invoice from 9 days to 3 days",
        direction="decrease",
        baseline=9,
        target=3,
        unit="days",
        indicator="lagging",
    )
    assert launch == OutlineKeyResult(
        "Launch the redesigned onboarding flow", type="milestone", kind="output"
    )  # done or not: the words declare a deliverable and state no number
    assert [kr.line for kr in objective.key_results] == [6, 7, 8]


def test_the_design_example_renders_back_unchanged():
    assert render_outline(parse_outline(DESIGN_EXAMPLE)) == DESIGN_EXAMPLE


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("Weekly churn below 2%", {"direction": "stay_below", "target": 2, "unit": "%"}),
        ("Active teams above 30 teams", {"direction": "stay_above", "target": 30, "unit": "teams"}),
        ("Satisfaction rate is > 75%", {"direction": "stay_above", "target": 75, "unit": "%"}),
        ("Latency stays ≤ 300 ms", {"direction": "stay_below", "target": 300, "unit": "ms"}),
        ("Rating at least 4.5", {"direction": "stay_above", "target": 4.5}),
        (
            "Sign-ups from 1,200 to 2,000 a month",
            {"baseline": 1200, "target": 2000, "unit": "per month"},
        ),
        ("Visits from 2 to 4 visits to the docs", {"baseline": 2, "target": 4, "unit": "visits"}),
        ("Share from 45% to 70% of new users", {"baseline": 45, "target": 70, "unit": "%"}),
        ("Reduce bugs by 25%", {"direction": "decrease", "target": 25, "unit": "%"}),
        (
            "Reduce churn to less than 1% monthly",
            {"direction": "decrease", "target": 1, "unit": "%"},
        ),
        ("Achieve NPS score of 50+ for new users", {"target": 50, "unit": "points"}),
        ("Increase daily active teams from 10K to 25K", {"baseline": 10_000, "target": 25_000}),
        (
            "Zero app store rejections",
            {"direction": "stay_below", "target": 0, "unit": "app store rejections"},
        ),
        ("3 blog posts (not release announcements) authored", {"target": 3, "unit": "blog posts"}),
        ("Increase average subscription to at least $295 per month", {"target": 295, "unit": "$"}),
        ("Launch video calling", {"type": "milestone", "target": None}),
        ("Revenue from enterprise from -5 to 5.5", {"baseline": -5, "target": 5.5}),
        ("Launch the flow  {milestone, output}", {"type": "milestone", "kind": "output"}),
        ("Tests run {process} {leading}", {"discovery_type": "process", "indicator": "leading"}),
        ("Admins share {future behaviour}", {"discovery_type": "future_behaviour"}),
    ],
)
def test_reads_measures_units_and_tags(text, fields):
    kr = only_kr(text)

    for name, value in fields.items():
        assert getattr(kr, name) == value, name


def test_the_title_is_the_whole_text_and_its_last_measure_gives_the_numbers():
    kr = only_kr("Share of revenue from enterprise from 20% to 35%  {leading}")

    assert kr.title == "Share of revenue from enterprise from 20% to 35%"
    assert (kr.baseline, kr.target) == (20, 35)
    assert title_without_measure(kr.title) == "Share of revenue from enterprise"
    assert title_without_measure("Satisfaction rate is > 75%") == "Satisfaction rate"
    assert title_without_measure("Churn below 2% below 1.5%") == "Churn"
    assert title_without_measure("Launch the flow") == "Launch the flow"


def test_a_milestone_title_is_only_words():
    kr = only_kr("Move from 2 to 3 data centres  {milestone}")

    assert (kr.title, kr.type, kr.target) == ("Move from 2 to 3 data centres", "milestone", None)


@pytest.mark.parametrize(
    ("text", "unread"),
    [
        ("At least 3 customers adopt the new search", ""),
        (">100 weekly active teams", ""),
        ("from 1 to 2", ""),
        ("Rate from 5% to 5%", "from 5% to 5%"),
        ("Time from 9 days to 3 hours", "from 9 days to 3 hours"),
        ("Implement RFC 42", ""),
    ],
)
def test_wording_never_stops_an_outline(text, unread):
    """Only structure stops a file: a bullet is its text, and what cannot be read is left."""
    kr = only_kr(text)

    assert kr.title == text
    if unread:
        assert (kr.baseline, kr.target) == (None, None)
        assert read_measure(text).unplaced == (unread,)


@pytest.mark.parametrize(
    ("kr", "title"),
    [
        (
            OutlineKeyResult("Churn below 2%", direction="stay_below", target=2, unit="%"),
            "Churn below 2%",
        ),
        (OutlineKeyResult("Churn", direction="stay_below", target=2, unit="%"), "Churn below 2%"),
        (
            OutlineKeyResult("Churn below 2%", direction="stay_below", target=1.5, unit="%"),
            "Churn below 2% below 1.5%",
        ),
        (OutlineKeyResult("NPS", baseline=30, target=50), "NPS from 30 to 50"),
        (
            OutlineKeyResult("Teams", baseline=1, target=2, unit="teams"),
            "Teams from 1 teams to 2 teams",
        ),
        (OutlineKeyResult("Revenue", baseline=5, target=8, unit="$"), "Revenue from $5 to $8"),
        (OutlineKeyResult("Launch", type="milestone"), "Launch"),
        (OutlineKeyResult("Happiness"), "Happiness"),
    ],
)
def test_rendering_appends_the_measure_a_title_does_not_state(kr, title):
    outline = Outline(OutlineCycle("Q"), (OutlineObjective("O", key_results=(kr,)),))

    assert with_measure_in_title(kr).title == title
    (read_back,) = parse_outline(render_outline(outline)).objectives[0].key_results
    assert read_back == with_measure_in_title(kr)


def test_fields_assumptions_comments_and_blank_lines():
    outline = parse_outline(
        "<!-- exported -->\n\n# 2026-Q2 (weekly)\n\n## Learn whether admins share\n"
        "owner: ana · level: personal · mode: discovery\nwhy: we do not know yet · really\n\n"
        "- Admins share weekly  {future_behaviour}\n  assumption: a prompt makes them share\n"
        "  owner: li\n  <!-- current: 3 -->\n"
    )

    objective = outline.objectives[0]
    assert (objective.owner, objective.level, objective.mode) == ("ana", "personal", "discovery")
    assert objective.why == "we do not know yet · really"
    assert objective.key_results[0].assumption == "a prompt makes them share"
    assert objective.key_results[0].owner == "li"
    assert objective.key_results[0].line == 9


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("", 1, "expected the cycle heading"),
        ("## Objective first\n", 1, "expected the cycle heading"),
        ("hello\n", 1, "expected the cycle heading"),
        ("# Q1 (2026-01-05 → 2026-01-01)\n", 1, "on or before it starts"),
        ("# Q1 (2026-02-30 → 2026-03-01)\n", 1, "'2026-02-30' is not a date"),
        ("# Q1 (check-in every 10 days)\n", 1, "every 7 or every 14 days, not every 10"),
        ("# Q1 (soon)\n", 1, "expected 'START → END' dates"),
        ("# Q1\n\nsome prose\n", 3, "expected an objective heading"),
        ("# Q1\n- orphan\n", 2, "expected an objective heading"),
        ("# Q1\n## O\n# Q2\n", 3, "an outline holds one cycle"),
        ("# Q1\n## O\n### Detail\n", 3, "deeper headings such as '###'"),
        ("# Q1\n##\n", 2, "expected the objective's title"),
        ("# Q1\n## O\ncolour: blue\n", 3, "expected 'owner: …' or 'team: …'"),
        (
            "# Q1\n## O\nlevel: galaxy\n",
            3,
            "level must be company or team or personal, not 'galaxy'",
        ),
        ("# Q1\n## O\nowner: a\nowner: b\n", 4, "'owner' is given twice"),
        ("# Q1\n## O\nowner:\n", 3, "expected a value after 'owner:'"),
        ("# Q1\n## O\n- KR\nowner: late\n", 4, "expected a key result bullet"),
        ("# Q1\n## O\n  assumption: x\n", 3, "or a key result bullet"),
        ("# Q1\n## O\n- KR\n  note: x\n", 4, "expected 'assumption: …' or 'owner: …'"),
        ("# Q1\n## O\n- KR {shiny}\n", 3, "unknown tag 'shiny'"),
        ("# Q1\n## O\n- KR {outcome, output}\n", 3, "'outcome' and 'output' contradict"),
        ("# Q1\n<!-- never closed\n## O\n", 2, "never closed"),
    ],
)
def test_errors_name_the_line_and_what_was_expected(text, line, expected):
    with pytest.raises(OutlineError) as caught:
        parse_outline(text)

    assert caught.value.line == line
    assert str(caught.value).startswith(f"line {line}: ")
    assert expected in str(caught.value)
    assert isinstance(caught.value, OkrError)


# -- round trip -------------------------------------------------------------------------------

#: Words that a title must not end with or contain, or it would read as a measure.
_MEASURE_WORDS = {
    "from",
    "to",
    "above",
    "below",
    "at",
    "least",
    "most",
    "is",
    "are",
    "stay",
    "stays",
    "remain",
    "remains",
}
word = st.text(st.characters(categories=("L", "Nd")), min_size=1, max_size=8).filter(
    lambda w: w.lower() not in _MEASURE_WORDS
)
phrase = st.lists(word, min_size=1, max_size=6).map(" ".join)
maybe_phrase = st.one_of(st.just(""), phrase)
number = st.one_of(
    st.integers(-(10**6), 10**6).map(float),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
)
unit = st.sampled_from(["", "%", "days", "teams", "ms", "sessions", "blog posts", "$", "x"])


def _states_nothing(title: str) -> bool:
    """A title whose own words state no measure: the rendered one is the only one read."""
    reading = read_measure(title)
    return not reading.found and not reading.unplaced


@st.composite
def key_results(draw) -> OutlineKeyResult:
    shape = draw(st.sampled_from(["none", "milestone", "move", "threshold"]))
    fields: dict = {}
    if shape == "milestone":
        fields["type"] = "milestone"
    elif shape == "move":
        baseline, target = draw(number), draw(number)
        if baseline == target:
            target = baseline + 1
        fields |= {
            "baseline": baseline,
            "target": target,
            "unit": draw(unit),
            "direction": "increase" if target > baseline else "decrease",
        }
    elif shape == "threshold":
        fields |= {
            "target": draw(number),
            "unit": draw(unit),
            "direction": draw(st.sampled_from(["stay_above", "stay_below"])),
        }
    kr = OutlineKeyResult(
        title=draw(phrase.filter(_states_nothing)),
        kind=draw(st.sampled_from([None, "outcome", "output"])),
        indicator=draw(st.sampled_from([None, "leading", "lagging"])),
        discovery_type=draw(st.sampled_from(["none", "process", "future_behaviour"])),
        assumption=draw(maybe_phrase),
        owner=draw(maybe_phrase),
        **fields,
    )
    return with_measure_in_title(kr)  # as parsed: the title states the numbers


@st.composite
def outlines(draw) -> Outline:
    start = draw(st.dates(date(2000, 1, 1), date(2100, 1, 1)))
    dated = draw(st.booleans())
    cycle = OutlineCycle(
        name=draw(phrase),
        start=start if dated else None,
        end=start + timedelta(days=draw(st.integers(1, 400))) if dated else None,
        cadence_days=draw(st.sampled_from([7, 14])),
    )
    objectives = draw(
        st.lists(
            st.builds(
                OutlineObjective,
                title=phrase,
                owner=maybe_phrase,
                team=maybe_phrase,
                level=st.sampled_from(["company", "team", "personal"]),
                mode=st.sampled_from(["delivery", "discovery"]),
                why=maybe_phrase,
                key_results=st.lists(key_results(), max_size=6).map(tuple),
            ),
            max_size=5,
        )
    )
    return Outline(cycle, tuple(objectives))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(outlines())
def test_render_then_parse_gives_the_same_data(outline):
    assert parse_outline(render_outline(outline)) == outline


def test_comments_are_written_but_not_read_back():
    kr = OutlineKeyResult(
        "Completion from 1 to 2", baseline=1, target=2, comment="now 1.5 -- on 2026-11-20"
    )
    outline = Outline(OutlineCycle("Q"), (OutlineObjective("O", key_results=(kr,)),))

    text = render_outline(outline)

    assert "  <!-- now 1.5 – on 2026-11-20 -->" in text
    assert parse_outline(text) == outline
    assert parse_outline(text).objectives[0].key_results[0].comment == ""
