"""Provides the OKR coach: rules that judge objectives, key results, check-ins and bets
against the practice in docs/practice.md, each finding saying why and what to try instead.

The rules (docs/design.md, "Coach rules"), each with a stable id:

| id | fires when |
|---|---|
| `kr-count` | an objective has fewer than 2 or more than 5 key results |
| `output-kr` | a key result describes a deliverable or activity rather than a change |
| `objective-is-task` | an objective reads as a task ("Launch the new onboarding redesign") |
| `not-measurable` | a key result has no number to judge it by and is not a milestone |
| `incomplete-measure` | a key result has a target but no baseline, or the reverse (info) |
| `unread-number` | a key result states numbers the measure reader cannot place (info) |
| `no-leading-indicator` | every key result of an objective is lagging |
| `too-many-objectives` | one owner or team has more objectives in a cycle than the limit |
| `missing-assumption` | a future-behaviour discovery key result names no assumption |
| `stale-checkin` | a key result has no check-in within its cadence |
| `unlinked-bet` | a roadmap bet moves no key result |

and the practice's rules of `okrtui.domain.practice_rules` (`vanity-metric`,
`outside-influence`, `unbalanced-set`, `recycled-kpi`, `no-strategy`), which `coach_objective`
includes and `practice` turns into findings of this module.

Everything here is pure and fast, so the TUI can coach as a person types:
`coach_key_result` and `coach_objective` judge one draft, `coach_cycle` a whole set of
objectives, `coach_checkins` and `coach_bets` what is stored, and `coach_outline` a parsed
outline (`okrtui lint`). `output-kr` and `objective-is-task` rest on the explainable
classifier in `okrtui.domain.classify`, whose reason each finding quotes; the measurability
rules read a key result's title through `okrtui.domain.measure` when its number fields are
empty, so a draft and `okrtui lint` judge the same words alike.

A finding points at its item by `ref`: an outline position (`O1.KR2`) when given `refs`,
else the record's key (`KR-12`), else nothing for a draft not stored yet.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

from okrtui.domain.classify import Verdict, classify
from okrtui.domain.measure import Measure, read_measure
from okrtui.domain.models import Bet, Cycle, KeyResult, Objective, Record, format_number
from okrtui.domain.outline import Outline
from okrtui.domain.outline_records import ObjectivePlan, records_from_outline
from okrtui.domain.practice_rules import PRACTICE_RULES, PracticeFinding, objective_findings
from okrtui.domain.progress import KrSnapshot, joined_on
from okrtui.domain.wording import count

Severity = Literal["warning", "info"]

#: Key results an objective should have (Wodtke, *Radical Focus*: "two to five").
MIN_KEY_RESULTS = 2
MAX_KEY_RESULTS = 5
#: Objectives one owner or team should carry in a cycle, unless the caller says otherwise.
OBJECTIVE_LIMIT = 3
#: Verbs of learning: the aim of a discovery objective, not a task in it.
LEARNING_VERBS = frozenset(
    [
        "learn",
        "understand",
        "discover",
        "validate",
        "test",
        "explore",
        "find",
        "research",
        "investigate",
    ]
)


@dataclass(frozen=True)
class Rule:
    """A coach rule: its stable `id`, its `severity` and when it fires (for help screens)."""

    id: str
    severity: Severity
    fires_when: str


#: Every rule, in the order findings about one item are listed.
RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("objective-is-task", "warning", "an objective reads as a task, not an outcome"),
        Rule("kr-count", "warning", "an objective has fewer than 2 or more than 5 key results"),
        Rule("no-leading-indicator", "warning", "every key result of an objective is lagging"),
        Rule("output-kr", "warning", "a key result describes a deliverable or activity"),
        Rule(
            "not-measurable",
            "warning",
            "a key result has no number to judge it by and is not a milestone",
        ),
        Rule(
            "incomplete-measure",
            "info",
            "a key result has a target but no baseline (or a baseline but no target)",
        ),
        Rule("unread-number", "info", "a key result states a number the coach cannot place"),
        Rule(
            "missing-assumption",
            "warning",
            "a future-behaviour discovery key result names no assumption",
        ),
        Rule(
            "too-many-objectives",
            "warning",
            "one owner or team has more objectives in a cycle than the limit",
        ),
        Rule("stale-checkin", "warning", "a key result has no check-in within its cadence"),
        Rule("unlinked-bet", "warning", "a roadmap bet moves no key result"),
        *(Rule(r.id, r.severity, r.fires_when) for r in PRACTICE_RULES.values()),
    )
}


@dataclass(frozen=True)
class Finding:
    """What a rule found: `text` is the title of the item concerned, `message` says what is
    wrong and why (citing the practice), `suggestion` what to try instead (may be empty)."""

    rule: str
    severity: Severity
    ref: str
    text: str
    message: str
    suggestion: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _finding(rule: str, ref: str, text: str, message: str, suggestion: str = "") -> Finding:
    return Finding(rule, RULES[rule].severity, ref, text, message, suggestion)


def _ref(record: Record, refs: Mapping[str, str] | None) -> str:
    return (refs or {}).get(record.id) or record.key


# -- key results ------------------------------------------------------------------------------


def how_might_we(verdict: Verdict) -> str:
    """The reframing of an output: a "How might we …?" question and a "who does what by how
    much" skeleton to measure its answer."""
    after = f" once we {verdict.work}" if verdict.work else ""
    return (
        f'Ask "How might we get [who] to [do what differently]{after}?" and measure the '
        'answer as who does what by how much: "[who] [do what] from [X] to [Y]", e.g. '
        '"New users who finish setup in their first week from 45% to 70%".'
    )


def output_reason(kr: KeyResult) -> Verdict | None:
    """Why `kr` reads as an output (the classifier's verdict, or its `output` kind), or None."""
    verdict = classify(kr.title)
    if verdict.is_output:
        return verdict
    if kr.kind == "output":
        return Verdict("output", "is marked as an output: a deliverable or an activity")
    return None


def _output_kr(kr: KeyResult, ref: str) -> Finding | None:
    if kr.discovery_type == "process":
        # Discovery process KRs ("interviews per week") measure the team's learning on
        # purpose, and are temporary: the practice accepts them as outputs.
        return None
    verdict = output_reason(kr)
    if verdict is None:
        return None
    return _finding(
        "output-kr",
        ref,
        kr.title,
        f"reads as an output: it {verdict.reason}. Key results measure change in an outcome, "
        "not completion of activity; what you build is one way to cause the change, not the "
        "change itself (outcomes over outputs).",
        how_might_we(verdict),
    )


def title_reading(kr: KeyResult) -> Measure:
    """What the key result's title says of its numbers (`read_measure`): the coach judges a
    draft whose number fields are empty by what its words state, as `okrtui lint` does."""
    return read_measure(kr.title or "")


def _numbers_given(kr: KeyResult) -> bool:
    return kr.type == "milestone" or kr.target is not None or kr.baseline is not None


def _not_measurable(kr: KeyResult, ref: str) -> Finding | None:
    """No number at all, in the fields or the title, and not a milestone."""
    if kr.discovery_type == "future_behaviour" or _numbers_given(kr):
        # A future-behaviour KR predicts what cannot be measured yet: evidence judges it,
        # and `missing-assumption` asks for what the evidence tests.
        return None
    reading = title_reading(kr)
    if reading.found or reading.unplaced:
        return None  # judged by its words, or `unread-number` says what was not placed
    return _finding(
        "not-measurable",
        ref,
        kr.title,
        "has no number to judge it by and does not read as a milestone (something done or "
        'not done). Key results quantify the objective ("How would we know if we met our '
        'Objective? What numbers would change?") and must be specific enough to be '
        "evaluated objectively.",
        'Say who does what by how much: "… from X to Y", "at least X", "below X", '
        '"N % of [who] [do what]"; or make it a milestone if it is simply done or not done.',
    )


def _incomplete_measure(kr: KeyResult, ref: str) -> Finding | None:
    """A target without a baseline (or the reverse) for a change: judgeable at the end of the
    cycle, but progress cannot be computed on the way."""
    if kr.measurable or kr.discovery_type == "future_behaviour":
        return None
    baseline, target = kr.baseline, kr.target
    relative = False
    if baseline is None and target is None:
        reading = title_reading(kr)
        baseline, target, relative = reading.baseline, reading.target, reading.relative
        if reading.type == "milestone" or target is None:
            return None
        if kr.direction in ("stay_above", "stay_below") or reading.direction in (
            "stay_above",
            "stay_below",
        ):
            return None
    if target is None:
        gap = "has a baseline but no target, so there is no telling when it is met"
        suggestion = "Set the target: the value that would show the objective is met."
    elif baseline is None:
        said = f"{format_number(target)} {kr.unit or title_reading(kr).unit}".rstrip()
        what = f"a change by {said}" if relative else f"a target ({said})"
        gap = f"states {what} but no baseline, so its progress cannot be shown week by week"
        suggestion = (
            "Measure where it stands today and make that the baseline (establishing it can "
            'be the first step of the cycle): "… from X to Y".'
        )
    else:
        return None
    return _finding(
        "incomplete-measure",
        ref,
        kr.title,
        f"{gap}. A key result moves from a baseline to a target.",
        suggestion,
    )


def _unread_number(kr: KeyResult, ref: str) -> Finding | None:
    """Numbers in the title that the measure reader could not place, and no number fields."""
    if _numbers_given(kr):
        return None
    reading = title_reading(kr)
    if reading.found or not reading.unplaced:
        return None
    quoted = ", ".join(f"'{n}'" for n in reading.unplaced)
    return _finding(
        "unread-number",
        ref,
        kr.title,
        f"states {quoted} but the coach could not tell whether that is a target, a baseline "
        "or part of a name, so it cannot judge progress by it.",
        'If it is the target, say so with its unit: "… from X to Y", "to N %", "at least N '
        '[things]", "below N days" (or fill in the number fields).',
    )


def _missing_assumption(kr: KeyResult, ref: str) -> Finding | None:
    if kr.discovery_type != "future_behaviour" or kr.assumption:
        return None
    return _finding(
        "missing-assumption",
        ref,
        kr.title,
        "is a future-behaviour discovery key result but names no assumption: it predicts a "
        "behaviour that cannot be measured yet, so only an explicit assumption lets evidence "
        "support or refute it.",
        'Name the assumption it tests: "We believe [who] will [do what] because [why]" (in an '
        'outline, an indented "assumption: …" line under the key result).',
    )


def coach_key_result(kr: KeyResult, ref: str | None = None) -> list[Finding]:
    """Findings about one key result on its own (`output-kr`, `not-measurable`,
    `missing-assumption`); `ref` defaults to its key."""
    ref = kr.key if ref is None else ref
    checks = (_output_kr, _not_measurable, _incomplete_measure, _unread_number, _missing_assumption)
    return [f for check in checks if (f := check(kr, ref)) is not None]


# -- objectives -------------------------------------------------------------------------------


def _objective_is_task(objective: Objective, ref: str) -> Finding | None:
    if not objective.title:
        return None
    verdict = classify(objective.title)
    if not verdict.is_output:
        return None
    if objective.mode == "discovery" and verdict.work.split(" ")[0] in LEARNING_VERBS:
        return None  # a discovery objective is about learning: "Learn whether …" is its aim
    return _finding(
        "objective-is-task",
        ref,
        objective.title,
        f"reads as a task, not an objective: it {verdict.reason}. An objective says what "
        "improvement matters, not which project is already decided (\"'Launch the new "
        "onboarding redesign' is a task disguised as strategy\").",
        'Say what should improve and for whom, e.g. "Improve onboarding so new users reach '
        f'value faster"; then "{verdict.work}" becomes a bet on the roadmap that serves it.',
    )


def _kr_count(objective: Objective, krs: Sequence[KeyResult], ref: str) -> Finding | None:
    n = len(krs)
    if MIN_KEY_RESULTS <= n <= MAX_KEY_RESULTS:
        return None
    if n > MAX_KEY_RESULTS:
        why = "more than five spreads attention so thin that none of them genuinely matters"
        suggestion = (
            "Keep the two to five that best show the change; move the rest to the roadmap "
            "as bets, or drop them."
        )
    elif n == 0:
        why = "without them nobody can tell whether the objective was met"
        suggestion = (
            'Ask "How would we know we met this objective? What numbers would change?" and '
            "write two or three key results."
        )
    else:
        why = "a single number can be met while the objective is not, or gamed"
        suggestion = (
            "Add a key result that balances the first (quality against growth, a leading "
            "signal against a lagging one)."
        )
    return _finding(
        "kr-count",
        ref,
        objective.label,
        f'has {count(n, "key result")}: {why}. "A company should have two to five Key '
        'Results per Objective" (Wodtke, Radical Focus).',
        suggestion,
    )


def _no_leading_indicator(
    objective: Objective, krs: Sequence[KeyResult], ref: str
) -> Finding | None:
    if not krs or any(kr.indicator == "leading" for kr in krs):
        return None
    every = "the only key result is" if len(krs) == 1 else f"all {len(krs)} key results are"
    return _finding(
        "no-leading-indicator",
        ref,
        objective.label,
        f"{every} lagging: they move only after the fact, so the team learns too late to act "
        "(\"if all your Key Results are lagging indicators, you won't see the impact of your "
        "work until it's too late\").",
        'Add or mark a leading indicator: ask "Which customer behaviours do we need to '
        'encourage to achieve this?", measure that behaviour weekly and tag it {leading}.',
    )


def coach_objective(
    objective: Objective,
    key_results: Sequence[KeyResult],
    refs: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Findings about one objective and its key results: the objective's first
    (`objective-is-task`, `kr-count`, `no-leading-indicator`), then each key result's.
    `refs` maps record ids to the references to show (default: keys)."""
    ref = _ref(objective, refs)
    findings = [
        f
        for f in (
            _objective_is_task(objective, ref),
            _kr_count(objective, key_results, ref),
            _no_leading_indicator(objective, key_results, ref),
        )
        if f is not None
    ]
    for kr in key_results:
        findings += coach_key_result(kr, _ref(kr, refs))
    return findings + practice(objective_findings(objective, key_results, refs))


def practice(found: Iterable[PracticeFinding]) -> list[Finding]:
    """The practice rules' findings (`okrtui.domain.practice_rules`) as coach findings."""
    return [Finding(f.rule, f.severity, f.ref, f.text, f.message, f.suggestion) for f in found]


# -- cycles -----------------------------------------------------------------------------------


def _groups(objectives: Sequence[Objective]) -> list[tuple[str, list[Objective]]]:
    """Objectives by who carries them: each owner, each team, and those with neither.
    A group with the same members as an earlier one is left out (it says nothing new)."""
    groups: dict[str, list[Objective]] = {}
    for objective in objectives:
        if objective.state == "closed":
            continue
        if objective.owner:
            groups.setdefault(f"owner '{objective.owner}'", []).append(objective)
        if objective.team:
            groups.setdefault(f"team '{objective.team}'", []).append(objective)
        if not (objective.owner or objective.team):
            groups.setdefault("nobody (no owner or team)", []).append(objective)
    seen: set[frozenset[str]] = set()
    unique = []
    for who, members in groups.items():
        ids = frozenset(o.id for o in members)
        if ids not in seen:
            seen.add(ids)
            unique.append((who, members))
    return unique


def _too_many_objectives(
    objectives: Sequence[Objective], limit: int, refs: Mapping[str, str] | None
) -> list[Finding]:
    findings = []
    for who, members in _groups(objectives):
        if len(members) <= limit:
            continue
        for place, over in enumerate(members[limit:], start=limit + 1):
            findings.append(
                _finding(
                    "too-many-objectives",
                    _ref(over, refs),
                    over.label,
                    f"is objective {place} of {len(members)} carried by {who} in this cycle "
                    f"(the limit is {limit}): too many OKRs spread attention so thin that "
                    "nothing genuinely matters.",
                    f"Keep the {limit} that matter most; move the others to a later cycle or "
                    "to the roadmap as bets.",
                )
            )
    return findings


def coach_cycle(
    plans: Sequence[ObjectivePlan],
    refs: Mapping[str, str] | None = None,
    objective_limit: int = OBJECTIVE_LIMIT,
) -> list[Finding]:
    """Findings about a cycle's objectives (each with its key results), in order, then
    `too-many-objectives` per owner or team over `objective_limit`."""
    findings: list[Finding] = []
    for objective, krs in plans:
        findings += coach_objective(objective, krs, refs)
    findings += _too_many_objectives([o for o, _ in plans], objective_limit, refs)
    return findings


def coach_outline(outline: Outline, objective_limit: int = OBJECTIVE_LIMIT) -> list[Finding]:
    """Findings about a parsed outline, pointing at items as `O1`, `O1.KR2`."""
    records = records_from_outline(outline)
    return coach_cycle(records.plans, records.refs, objective_limit)


# -- stored content: check-ins and bets -------------------------------------------------------


def coach_checkins(snapshots: Iterable[KrSnapshot], cycle: Cycle, today: date) -> list[Finding]:
    """`stale-checkin` for each key result of `cycle` whose snapshot is stale on `today`."""
    findings = []
    for snap in snapshots:
        if snap.status != "stale":
            continue
        if snap.last_checkin is None:
            joined = joined_on(snap.kr, cycle, today)
            days = (min(today, cycle.end) - joined).days
            since = "the cycle started" if joined == cycle.start else "it was added"
            gap = f"has had no check-in since {since} {count(days, 'day')} ago"
        else:
            gap = (
                f"has had no check-in for {count(snap.days_since_checkin or 0, 'day')} "
                f"(last on {snap.last_checkin.isoformat()})"
            )
        kr = snap.kr
        findings.append(
            _finding(
                "stale-checkin",
                kr.key,
                kr.title,
                f"{gap}, longer than the cycle's {cycle.cadence_days}-day cadence: \"If you "
                "don't regularly check in on your OKRs, don't act surprised when you fall "
                'short at the end."',
                f"Check in now: okrtui checkin {kr.key or 'KEY'} VALUE --confidence N "
                "--note 'what moved it'.",
            )
        )
    return findings


def coach_bets(
    bets: Iterable[Bet], live_key_result_ids: Collection[str] | None = None
) -> list[Finding]:
    """`unlinked-bet` for each open bet (not done or dropped) that moves no key result; with
    `live_key_result_ids`, also one whose key results are all gone or in closed cycles."""
    findings = []
    for bet in bets:
        if bet.status in ("done", "dropped"):
            continue
        moved = [m.key_result_id for m in bet.moves]
        if live_key_result_ids is not None:
            moved = [kr_id for kr_id in moved if kr_id in live_key_result_ids]
        if moved:
            continue
        which = "no key result" if not bet.moves else "no key result of an open cycle"
        findings.append(
            _finding(
                "unlinked-bet",
                bet.key,
                bet.title,
                f"moves {which}: the roadmap should be the set of bets the team believes will "
                "move its OKRs; a bet tied to none drifts into a parallel universe.",
                "Name the key result it should move and by how much, or drop the bet if it "
                "serves none.",
            )
        )
    return findings
