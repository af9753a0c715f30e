"""Provides five coach rules the first coach did not teach, each citing the guides the
practice comes from (docs/practice.md):

| id | severity | fires when |
|---|---|---|
| `vanity-metric` | warning | a key result counts something that moves without creating value (page views, downloads, followers, impressions, sign-ups without activation) |
| `outside-influence` | warning | a team or personal key result is a company-wide lagging result (share price, total company revenue) the team cannot meaningfully move |
| `unbalanced-set` | info | every key result of an objective pushes one force (growth, speed, volume) and none measures its counter-weight (quality, retention, cost) |
| `recycled-kpi` | info | a key result repeats last cycle's metric and target unchanged |
| `no-strategy` | info | a cycle is drafted with no product strategy written down |

The readings are word patterns, offline and deterministic; each finding says which words it
read, so a person can judge it. `tests/domain/data/practice_rules.json` holds labelled
examples (real published phrasings with their source, and invented ones marked so), and
`benchmarks/practice_rules.py` prints each rule's precision on them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from okrtui.domain.models import KeyResult, Level, Objective

Severity = Literal["warning", "info"]


@dataclass(frozen=True)
class PracticeRule:
    id: str
    severity: Severity
    fires_when: str


PRACTICE_RULES: dict[str, PracticeRule] = {
    rule.id: rule
    for rule in (
        PracticeRule(
            "vanity-metric", "warning", "a key result measures something that moves without value"
        ),
        PracticeRule(
            "outside-influence",
            "warning",
            "a team key result is a company-wide lagging result the team cannot move",
        ),
        PracticeRule(
            "unbalanced-set",
            "info",
            "every key result of an objective pushes one force with no counter-measure",
        ),
        PracticeRule(
            "recycled-kpi", "info", "a key result repeats last cycle's metric and target unchanged"
        ),
        PracticeRule(
            "no-strategy", "info", "a cycle is drafted with no product strategy written down"
        ),
    )
}


@dataclass(frozen=True)
class PracticeFinding:
    """A finding of one of these rules; the coach turns it into its own `Finding`."""

    rule: str
    ref: str
    text: str
    message: str
    suggestion: str

    @property
    def severity(self) -> Severity:
        return PRACTICE_RULES[self.rule].severity


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# -- vanity-metric ----------------------------------------------------------------------------

#: Counts that grow with attention or reach, not with value delivered.
_VANITY = _words(
    r"\b(page ?views?|pageviews|site visit(?:or)?s|visitors|visits|hits|"
    r"downloads?|installs?|app installs|followers?|likes|fans|impressions?|"
    r"sign[- ]?ups?|signups|registrations?|registered users|subscribers|"
    r"mentions|retweets|shares on social|social media (?:posts|mentions|followers)|"
    r"email list|mailing list size|github stars|stars on github|total users|clicks)\b"
)
#: Words that tie such a count to value: activation, retention, a rate of conversion.
_VALUE = _words(
    r"\b(activat\w*|active|retain\w*|retention|returning|repeat|paying|paid|convert\w*|"
    r"conversion|rate|ratio|share of|who (?!visit)\w+|that (?:complete|finish|use|return)\w*|"
    r"complet\w*|engaged|qualified|per active|activation)\b"
)


def vanity_metric(kr: KeyResult, ref: str) -> PracticeFinding | None:
    """`vanity-metric`: a KR counting views, downloads, followers, impressions or sign-ups,
    with nothing that ties the count to activation, retention or conversion."""
    found = _VANITY.search(kr.title)
    if found is None or _VALUE.search(kr.title):
        return None
    word = found.group(0)
    return PracticeFinding(
        "vanity-metric",
        ref,
        kr.title,
        f"counts “{word}”, which can rise while nobody is better off: good key results "
        '"avoid vanity metrics that move without creating real value" (OKRs for Product '
        "Managers).",
        f"Measure what the {word} should lead to: who then does something of value, e.g. "
        '"New sign-ups who invite a teammate within 7 days from 12% to 25%", or the rate '
        f"at which {word} turn into active use.",
    )


# -- outside-influence ------------------------------------------------------------------------

_COMPANY_WIDE = _words(
    r"\b(share price|stock price|stock value|market cap\w*|valuation|"
    r"(?:total |overall |company(?:-wide)? |group |global )(?:company )?"
    r"(?:revenue|profit|ebitda|sales|arr|bookings|margin|headcount)|"
    r"company(?:-wide)? (?:revenue|profit|growth|arr|ebitda)|ebitda|earnings per share|eps|"
    r"net income|operating income|market share)\b"
)


def outside_influence(kr: KeyResult, level: Level, ref: str) -> PracticeFinding | None:
    """`outside-influence`: a team or personal KR that is a company-wide lagging result
    (share price, total company revenue, market share). Quiet on company-level objectives."""
    if level == "company":
        return None
    found = _COMPANY_WIDE.search(kr.title)
    if found is None:
        return None
    word = found.group(0)
    return PracticeFinding(
        "outside-influence",
        ref,
        kr.title,
        f"“{word}” is a company-wide lagging result that a {level} can barely move this "
        'cycle: key results should "reflect signals the team can meaningfully influence"; '
        "those \"pointing to areas outside the team's control … won't guide real action\".",
        'Ask "Which customer behaviours do we need to encourage to achieve this?" and measure '
        f"the one this {level} moves (e.g. the conversion of the funnel step it owns); keep "
        f"“{word}” as the company's key result, linked as context.",
    )


# -- unbalanced-set ---------------------------------------------------------------------------

#: Forces a key result can push, each with what counters it.
_FORCES: dict[str, re.Pattern[str]] = {
    "growth": _words(
        r"\b(grow\w*|acquir\w*|new (?:users|customers|accounts|teams|sign)|sign[- ]?ups?|"
        r"subscriptions?|revenue|arr|mrr|bookings|sales|deals|customers|users|adoption|"
        r"visitors|traffic|leads|mqls?|downloads|installs|market|up-?sell|reach|scale)\b"
    ),
    "speed": _words(
        r"\b(faster|speed|time to|time-to|cycle time|lead time|turnaround|velocity|"
        r"release frequency|deploy\w* (?:per|frequency)|within \d+ (?:hours?|days?)|"
        r"ship\w* (?:per|every))\b"
    ),
    "volume": _words(
        r"\b(number of|count of|volume|throughput|tickets closed|features shipped|"
        r"stories|story points|campaigns|articles|posts|sessions|transactions|"
        r"per (?:week|month|day)|\d+k?\+? (?:per|a) (?:week|month))\b"
    ),
}
_COUNTER = _words(
    r"\b(quality|defects?|bugs?|errors?|crash\w*|incidents?|outages?|uptime|reliab\w*|"
    r"churn|retention|retain\w*|returning|satisf\w*|nps|csat|ces|customer effort|rating|"
    r"complaints?|refunds?|support (?:tickets|contacts|requests)|cost|costs|margin|"
    r"spend|budget|burn|rework|accuracy|trust|latency|p9\d|error rate|success rate|"
    r"fatal|regressions?|security|accessib\w*|health)\b"
)

_COUNTER_FOR = {
    "growth": (
        "retention or quality",
        '"Share of new customers still active after 30 days above 60%"',
    ),
    "speed": ("quality", '"Releases that need a hotfix below 5%"'),
    "volume": ("quality or cost", '"Rework: items reopened after done below 10%"'),
}


def _force(kr: KeyResult) -> str | None:
    """The force a KR pushes (growth, speed, volume), or None when it measures a counter
    force or nothing recognisable."""
    if _COUNTER.search(kr.title):
        return None
    for force, pattern in _FORCES.items():
        if pattern.search(kr.title):
            return force
    return None


def unbalanced_set(
    objective: Objective, krs: Sequence[KeyResult], ref: str
) -> PracticeFinding | None:
    """`unbalanced-set`: two or more KRs, every one pushing a force (growth, speed, volume)
    and none measuring quality, retention or cost. A KR the rule cannot read keeps it quiet:
    it may be the counter-weight."""
    if len(krs) < 2:
        return None
    forces = [_force(kr) for kr in krs]
    if any(f is None for f in forces):
        return None
    main = max(set(forces), key=forces.count)
    assert main is not None
    counter, example = _COUNTER_FOR[main]
    pushed = " and ".join(sorted({f for f in forces if f}))
    return PracticeFinding(
        "unbalanced-set",
        ref,
        objective.label,
        f"every key result pushes {pushed}, none measures what that could cost: "
        '"If you select your Key Results wisely, you can balance forces like growth and '
        "performance, or revenue and quality, by making sure you have both the potentially "
        'opposing forces represented" (Wodtke, Radical Focus).',
        f"Add a counter-measure of {counter}, e.g. {example}.",
    )


# -- recycled-kpi -----------------------------------------------------------------------------

_MEASURE = _words(
    r"\b(from|to|by|at|above|below|under|over|least|most|than|more|less|increase\w*|"
    r"decrease\w*|reduce\w*|raise\w*|improve\w*|grow\w*|keep|maintain\w*|reach\w*|"
    r"achieve\w*|get|hit|stay\w*|remain\w*|the|a|an|of|our|per|in)\b"
)


def metric_words(title: str) -> frozenset[str]:
    """The words naming what a KR measures, without its numbers and the verbs of change:
    "Increase weekly active teams from 10K to 25K" → {weekly, active, teams}."""
    text = re.sub(r"[\d$€£%.,:;()+\-–→/]+", " ", title.lower())
    text = _MEASURE.sub(" ", text)
    return frozenset(w for w in text.split() if len(w) > 1)


def recycled_kpi(
    kr: KeyResult, previous: Sequence[KeyResult], previous_cycle: str, ref: str
) -> PracticeFinding | None:
    """`recycled-kpi`: the same metric (its words, numbers aside) with the same target and
    unit as a KR of the previous cycle. A KR rolled over at the review (`continues`) is
    carried on on purpose and stays quiet; so does a KR whose target moved."""
    if kr.continues or kr.type == "milestone":
        return None
    words = metric_words(kr.title)
    if not words:
        return None
    for old in previous:
        if old.id == kr.id or metric_words(old.title) != words:
            continue
        if (old.target, old.unit, old.direction) != (kr.target, kr.unit, kr.direction):
            continue
        return PracticeFinding(
            "recycled-kpi",
            ref,
            kr.title,
            f"repeats {old.key or 'a key result'} of {previous_cycle} with the same metric and "
            "target: success \"shouldn't be a recycled list of the same KPIs you already "
            'track" (A Practical Guide to Using OKRs in Product Management).',
            "If it is a health metric, track it outside the OKRs; else say what should change "
            "this cycle: a new target, or a signal that leads to it (onboarding completion, "
            "conversion of one feature, fewer follow-up calls to demo it).",
        )
    return None


# -- no-strategy ------------------------------------------------------------------------------


def no_strategy(cycle_name: str, has_strategy: bool, ref: str = "") -> PracticeFinding | None:
    """`no-strategy`: the cycle's (or workspace's) context holds no product strategy."""
    if has_strategy:
        return None
    return PracticeFinding(
        "no-strategy",
        ref,
        cycle_name,
        f"{cycle_name} is drafted with no product strategy written down. The guide is blunt "
        "(\"If you don't have a tangible Product Strategy, it honestly doesn't make sense "
        'to use OKRs") and kind ("treat them as guidance … prioritize closing those gaps in '
        'the next cycle").',
        "Write a few lines of strategy in the context (C on the dashboard, or a `> narrative:` "
        "line in the outline): the strategic narrative (why), the playing field (where) and "
        "the winning moves (how you win). Then ask: how would success look if this strategy "
        "works?",
    )


# -- together ---------------------------------------------------------------------------------


def objective_findings(
    objective: Objective, krs: Sequence[KeyResult], refs: Mapping[str, str] | None = None
) -> list[PracticeFinding]:
    """`unbalanced-set` for the objective, then `vanity-metric` and `outside-influence` per
    key result; `refs` maps record ids to the references to show (default: keys)."""

    def ref(record: KeyResult | Objective) -> str:
        return (refs or {}).get(record.id) or record.key

    findings = []
    balanced = unbalanced_set(objective, krs, ref(objective))
    if balanced:
        findings.append(balanced)
    for kr in krs:
        for found in (vanity_metric(kr, ref(kr)), outside_influence(kr, objective.level, ref(kr))):
            if found:
                findings.append(found)
    return findings


def recycled_findings(
    krs: Sequence[KeyResult],
    previous: Sequence[KeyResult],
    previous_cycle: str,
    refs: Mapping[str, str] | None = None,
) -> list[PracticeFinding]:
    """`recycled-kpi` for each KR of a cycle against the previous cycle's KRs."""
    return [
        f
        for kr in krs
        if (f := recycled_kpi(kr, previous, previous_cycle, (refs or {}).get(kr.id) or kr.key))
    ]
