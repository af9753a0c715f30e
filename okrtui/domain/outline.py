"""Provides the Markdown outline format: `parse_outline` reads one, `render_outline` writes one.

An outline is how people write a cycle's OKRs in any editor; `okrtui lint`, `okrtui import`
and `okrtui export --format md` share it (docs/design.md, "Outline format")::

    # 2026-Q1  (2026-01-05 → 2026-03-29, check-in every 7 days)

    ## Improve onboarding so new users reach value faster
    owner: maria · team: growth · level: team
    why: half of the sign-ups never send an invoice

    - Onboarding completion rate from 45% to 70%  {leading}
    - Time to first invoice from 9 days to 3 days  {lagging}
    - Weekly churn below 2%
    - Launch the redesigned onboarding flow  {output, milestone}
    - Admins share a view every week  {future_behaviour}
      assumption: admins share once the empty state prompts them

The grammar, line by line (blank lines and `<!-- comments -->` may stand anywhere):

- One cycle heading first: `# NAME`, optionally followed by brackets holding the dates
  `START → END` (also `->`; YYYY-MM-DD) and/or the cadence `check-in every 7|14 days`
  (also `weekly`, `every two weeks`).
- Objective headings `## TITLE`, each optionally followed by lines `key: value` before its
  key results: `owner`, `team`, `level` (company | team | personal) and `mode` (delivery |
  discovery), several on one line separated by `·`; `why: …` takes its whole line.
- Key result bullets `- TEXT` (or `*`, `+`). The text, tags aside, is the key result's
  title ("who does what by how much"); `okrtui.domain.measure.read_measure` reads its numbers
  from its words wherever they stand (`from X to Y`, `by 25%`, `below 2%`, `at least 3 …`,
  `3 blog posts`…) or makes it a milestone when it states none and declares something done.
  Wording is never an error: what cannot be read is left out, and the coach names it.
  - tags at the end, in braces, separated by commas or spaces: `outcome` | `output`,
    `leading` | `lagging`, `process` | `future_behaviour` (discovery key results), and
    `milestone` (done or not: its title's words are not read as numbers).
- Under a key result, indented lines `assumption: …` (what a discovery key result tests) and
  `owner: …`.

Anything else is an error that names the line and what was expected there. Rendering and
parsing again gives back the same `Outline` (comments and line numbers aside). A key result
whose title does not state its numbers is written with its measure appended
(`with_measure_in_title`); what the format cannot express (a stretch target, a target without
a baseline, multi-line text) is left out of a rendered outline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, get_args

from okrtui.domain.errors import OkrError
from okrtui.domain.measure import read_measure
from okrtui.domain.models import Direction, DiscoveryType, Indicator, Kind, KrType, Level, Mode

#: Cadences the heading may name, in days, by the words people use for them.
_CADENCE_WORDS = {
    "weekly": 7,
    "every week": 7,
    "biweekly": 14,
    "fortnightly": 14,
    "every two weeks": 14,
    "every 2 weeks": 14,
}
_ARROW = r"(?:→|->|–|—|\bto\b)"
_DAY = r"\d{4}-\d{2}-\d{2}"
_NUM = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?"

_CYCLE_HEADING = re.compile(r"^#(?!#)\s*(?P<name>.*?)\s*(?:\((?P<details>[^()]*)\))?\s*$")
_OBJECTIVE_HEADING = re.compile(r"^##(?!#)\s*(?P<title>.*?)\s*$")
_BULLET = re.compile(r"^[-*+]\s+(?P<text>.*)$")
_FIELD = re.compile(r"^(?P<key>[A-Za-z_ ]+?)\s*:\s*(?P<value>.*)$")
_DATES = re.compile(rf"^(?P<start>{_DAY})\s*{_ARROW}\s*(?P<end>{_DAY})$")
_CADENCE = re.compile(r"^check-?\s?ins?\s+every\s+(?P<days>\d+)\s+days?$", re.IGNORECASE)
_TAGS = re.compile(r"\s*\{(?P<tags>[^{}]*)\}\s*$")
_FROM_TO = re.compile(
    rf"^(?P<title>.*)\sfrom\s+(?P<baseline>{_NUM})\s*(?P<baseline_unit>.*?)"
    rf"\s+to\s+(?P<target>{_NUM})\s*(?P<unit>.*)$",
    re.IGNORECASE,
)
_THRESHOLD = re.compile(
    rf"^(?P<title>.*)\s(?P<op>\babove\b|\bbelow\b|\bat least\b|\bat most\b|>=|<=|≥|≤|>|<)"
    rf"\s*(?P<target>{_NUM})\s*(?P<unit>.*)$",
    re.IGNORECASE,
)
#: Words that join a title to a threshold and carry no meaning of their own ("rate is > 75%").
_CONNECTORS = re.compile(r"\s+(?:is|are|stays?|remains?)$", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

_TAG_GROUPS: dict[str, tuple[str, ...]] = {
    "kind": get_args(Kind),
    "indicator": get_args(Indicator),
    "discovery_type": ("process", "future_behaviour"),
    "type": ("milestone",),
}
#: Other spellings of `future_behaviour` people write ("future behaviour", "future-behavior").
_FUTURE_BEHAVIOUR = re.compile(r"future[\s_-]+behaviou?r", re.IGNORECASE)
_OBJECTIVE_FIELDS = ("owner", "team", "level", "mode", "why")
_KR_FIELDS = ("assumption", "owner")
_CHOICES: dict[str, tuple[str, ...]] = {"level": get_args(Level), "mode": get_args(Mode)}


class OutlineError(OkrError):
    """An outline that cannot be read: names the line and what was expected there."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class OutlineKeyResult:
    """A key result bullet. `kind` and `indicator` are None when the bullet has no tag for
    them; `comment` is written under the bullet by `render_outline` and never parsed back."""

    title: str
    type: KrType = "metric"
    direction: Direction = "increase"
    baseline: float | None = None
    target: float | None = None
    unit: str = ""
    kind: Kind | None = None
    indicator: Indicator | None = None
    discovery_type: DiscoveryType = "none"
    assumption: str = ""
    owner: str = ""
    line: int = field(default=0, compare=False)
    comment: str = field(default="", compare=False)

    @property
    def has_measure(self) -> bool:
        """Whether the bullet names numbers to judge it by (or is a milestone)."""
        return self.type == "milestone" or self.target is not None


@dataclass(frozen=True)
class OutlineObjective:
    """An objective heading with its fields and key results."""

    title: str
    owner: str = ""
    team: str = ""
    level: Level = "team"
    mode: Mode = "delivery"
    why: str = ""
    key_results: tuple[OutlineKeyResult, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class OutlineCycle:
    """The cycle heading. Dates are optional in an outline (lint needs none; import needs
    them to create a cycle that does not exist yet)."""

    name: str
    start: date | None = None
    end: date | None = None
    cadence_days: int = 7
    line: int = field(default=1, compare=False)


@dataclass(frozen=True)
class Outline:
    """A parsed outline: one cycle and its objectives, in the order written."""

    cycle: OutlineCycle
    objectives: tuple[OutlineObjective, ...] = ()

    def items(self) -> Iterator[tuple[str, OutlineObjective | OutlineKeyResult]]:
        """Every objective and key result with its reference (`O1`, `O1.KR2`), in order."""
        for o_index, objective in enumerate(self.objectives, start=1):
            yield objective_ref(o_index), objective
            for k_index, kr in enumerate(objective.key_results, start=1):
                yield kr_ref(o_index, k_index), kr


def objective_ref(index: int) -> str:
    """How findings and messages point at the `index`-th objective (1-based): `O2`."""
    return f"O{index}"


def kr_ref(objective_index: int, index: int) -> str:
    """How findings point at a key result by position: `O1.KR2`."""
    return f"{objective_ref(objective_index)}.KR{index}"


# -- parsing ----------------------------------------------------------------------------------

_EXAMPLE_CYCLE = "'# 2026-Q1  (2026-01-05 → 2026-03-29, check-in every 7 days)'"
_EXAMPLE_OBJECTIVE = "'## Improve onboarding so new users reach value faster'"


def parse_outline(text: str) -> Outline:
    """Read an outline; `OutlineError` names the first line that does not fit the grammar."""
    parser = _Parser()
    for number, line in enumerate(_without_comments(text).splitlines(), start=1):
        if line.strip():
            parser.feed(number, line.rstrip())
    return parser.finish()


def _without_comments(text: str) -> str:
    """`text` with every `<!-- … -->` blanked out, keeping its line breaks (and so every
    line's number)."""
    text = text.removeprefix("\ufeff")
    blanked = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    unclosed = blanked.find("<!--")
    if unclosed >= 0:
        line = blanked.count("\n", 0, unclosed) + 1
        raise OutlineError(line, "a comment opened with '<!--' is never closed with '-->'")
    return blanked


@dataclass
class _Parser:
    """The state of reading an outline line by line."""

    cycle: OutlineCycle | None = None
    objectives: list[OutlineObjective] = field(default_factory=list)
    seen_fields: set[str] = field(default_factory=set)

    def feed(self, number: int, line: str) -> None:
        if self.cycle is None:
            self.cycle = _cycle_heading(number, line)
        elif line.startswith("#"):
            self._heading(number, line)
        elif not self.objectives:
            raise OutlineError(
                number,
                f"expected an objective heading such as {_EXAMPLE_OBJECTIVE}, "
                f"found '{line.strip()}'",
            )
        elif match := _BULLET.match(line):
            self._add_kr(_key_result(number, match.group("text")))
        elif line[0].isspace():
            self._kr_field(number, line.strip())
        else:
            self._objective_field(number, line)

    def finish(self) -> Outline:
        if self.cycle is None:
            raise OutlineError(
                1, f"expected the cycle heading, such as {_EXAMPLE_CYCLE}; the outline is empty"
            )
        return Outline(self.cycle, tuple(self.objectives))

    def _heading(self, number: int, line: str) -> None:
        if match := _OBJECTIVE_HEADING.match(line):
            title = match.group("title")
            if not title:
                raise OutlineError(number, "expected the objective's title after '##'")
            self.objectives.append(OutlineObjective(title=title, line=number))
            self.seen_fields = set()
        elif _CYCLE_HEADING.match(line):
            raise OutlineError(
                number,
                "an outline holds one cycle: expected an objective heading '## …', "
                "found a second cycle heading '# …'",
            )
        else:
            raise OutlineError(
                number,
                "expected an objective heading '## …'; deeper headings such as "
                f"'{line.split()[0]}' are not part of an outline",
            )

    def _add_kr(self, kr: OutlineKeyResult) -> None:
        objective = self.objectives[-1]
        self.objectives[-1] = replace(objective, key_results=(*objective.key_results, kr))

    def _objective_field(self, number: int, line: str) -> None:
        objective = self.objectives[-1]
        if objective.key_results:
            raise OutlineError(
                number,
                "expected a key result bullet '- …', an indented 'assumption: …' "
                f"under one, or the next objective heading '## …'; found '{line.strip()}'",
            )
        changes: dict[str, Any] = {}
        for key, value in _fields(number, line, _OBJECTIVE_FIELDS, whole_line=("why",)):
            if key in self.seen_fields:
                raise OutlineError(number, f"'{key}' is given twice for this objective")
            self.seen_fields.add(key)
            changes[key] = _choice(number, key, value)
        self.objectives[-1] = replace(objective, **changes)

    def _kr_field(self, number: int, line: str) -> None:
        objective = self.objectives[-1]
        if not objective.key_results:
            raise OutlineError(
                number,
                "expected 'owner: …', 'team: …', 'level: …', 'mode: …' or 'why: …' "
                f"at the start of the line, or a key result bullet '- …'; found '{line}'",
            )
        kr = objective.key_results[-1]
        changes: dict[str, Any] = dict(_fields(number, line, _KR_FIELDS, whole_line=_KR_FIELDS))
        self.objectives[-1] = replace(
            objective, key_results=(*objective.key_results[:-1], replace(kr, **changes))
        )


def _fields(
    number: int, line: str, allowed: tuple[str, ...], whole_line: tuple[str, ...]
) -> Iterator[tuple[str, str]]:
    """The `key: value` pairs of a line (`·`-separated, except a `whole_line` key, which
    takes the rest of the line)."""
    expected = " or ".join(f"'{k}: …'" for k in allowed)
    first = _FIELD.match(line)
    parts = (
        [line] if first and first.group("key").strip().lower() in whole_line else line.split("·")
    )
    for part in parts:
        match = _FIELD.match(part.strip())
        key = match.group("key").strip().lower() if match else ""
        if key not in allowed:
            raise OutlineError(number, f"expected {expected}; found '{part.strip()}'")
        assert match is not None
        value = match.group("value").strip()
        if not value:
            raise OutlineError(number, f"expected a value after '{key}:'")
        yield key, value


def _choice(number: int, key: str, value: str) -> str:
    """`value` checked against the choices of `key` (level, mode); other keys pass."""
    choices = _CHOICES.get(key)
    if choices is None:
        return value
    if value.lower() not in choices:
        raise OutlineError(number, f"{key} must be {' or '.join(choices)}, not '{value}'")
    return value.lower()


def _cycle_heading(number: int, line: str) -> OutlineCycle:
    """Read `# NAME (START → END, check-in every N days)`."""
    match = _CYCLE_HEADING.match(line)
    if match is None or not match.group("name"):
        raise OutlineError(
            number, f"expected the cycle heading, such as {_EXAMPLE_CYCLE}; found '{line.strip()}'"
        )
    cycle = OutlineCycle(name=match.group("name"), line=number)
    details = match.group("details")
    if details is None:
        return cycle
    for part in (p.strip() for p in details.split(",")):
        if dates := _DATES.match(part):
            start = _day(number, dates.group("start"))
            end = _day(number, dates.group("end"))
            if end <= start:
                raise OutlineError(
                    number,
                    f"the cycle ends ({end}) on or before it starts ({start}): "
                    "give the end date after the start date",
                )
            cycle = replace(cycle, start=start, end=end)
        elif (days := _cadence_days(part)) is not None:
            if days not in (7, 14):
                raise OutlineError(
                    number, f"check-ins are every 7 or every 14 days, not every {days}"
                )
            cycle = replace(cycle, cadence_days=days)
        else:
            raise OutlineError(
                number,
                "expected 'START → END' dates (YYYY-MM-DD) and 'check-in every N days' "
                f"in the brackets after the cycle's name; found '{part}'",
            )
    return cycle


def _day(number: int, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise OutlineError(number, f"'{text}' is not a date: write it as YYYY-MM-DD") from None


def _cadence_days(part: str) -> int | None:
    """The cadence a bracket part names (`check-in every 14 days`, `weekly`), else None."""
    if match := _CADENCE.match(part):
        return int(match.group("days"))
    return _CADENCE_WORDS.get(" ".join(part.lower().split()))


def _key_result(number: int, text: str) -> OutlineKeyResult:
    """Read a bullet's text: the title (all of it but the tags), its measure, and the tags.
    A milestone is done or not, so a measure-like phrase in its title stays mere words."""
    text, tags = _split_tags(number, text.strip())
    if tags.get("type") == "milestone":
        return OutlineKeyResult(title=text, **tags, line=number)
    return replace(measured(text, number), **tags, line=number)


def _split_tags(number: int, text: str) -> tuple[str, dict[str, Any]]:
    """The text without its trailing `{tags}`, and the fields the tags set."""
    found: dict[str, Any] = {}
    while match := _TAGS.search(text):
        text = text[: match.start()]
        tags = _FUTURE_BEHAVIOUR.sub("future_behaviour", match.group("tags"))
        for word in tags.replace(",", " ").lower().split():
            group = next((g for g, tags in _TAG_GROUPS.items() if word in tags), None)
            if group is None:
                raise OutlineError(
                    number,
                    f"unknown tag '{word}': use outcome or output, leading or lagging, "
                    "process or future_behaviour, and milestone",
                )
            if group in found and found[group] != word:
                raise OutlineError(
                    number, f"the tags '{found[group]}' and '{word}' contradict each other"
                )
            found[group] = word
    return text.strip(), found


def _measure_match(text: str) -> re.Match[str] | None:
    """The measure at the end of `text` (`from X to Y`, `above X`…), if there is one."""
    padded = " " + text  # so that a measure with nothing before it still matches
    return _FROM_TO.match(padded) or _THRESHOLD.match(padded)


def measured(text: str, number: int = 0) -> OutlineKeyResult:
    """The key result `text` describes: `text` is its title, and `read_measure` gives its
    type, direction, numbers and unit from its words ("Reduce churn to less than 1%",
    "Weekly churn below 2%", "Onboarding completion from 45% to 70%", "Launch video calling"
    is a milestone). Wording never fails: what cannot be read is left out (the coach says what
    it could not place). `number` is the bullet's line, kept for callers that report it."""
    title = text.strip()
    return OutlineKeyResult(title=title, **read_measure(title).key_result_fields())


def title_without_measure(title: str) -> str:
    """What a key result's title measures, without the measures at its end:
    `Weekly churn is below 2%` → `Weekly churn`. Import matches key results by this, so a
    changed target does not make a second key result."""
    text = title.strip()
    while (match := _measure_match(text)) is not None and match.group("title").strip():
        text = _CONNECTORS.sub("", match.group("title").strip())
    return text


# -- rendering --------------------------------------------------------------------------------


def render_outline(outline: Outline) -> str:
    """Write `outline` as Markdown text that `parse_outline` reads back as the same data."""
    lines = [_render_cycle(outline.cycle)]
    for objective in outline.objectives:
        lines += ["", f"## {_one_line(objective.title)}"]
        lines += _render_objective_fields(objective)
        lines.append("")
        for kr in objective.key_results:
            lines += _render_kr(kr)
    return "\n".join(lines).rstrip("\n") + "\n"


def _one_line(text: str) -> str:
    """Multi-line text folded onto one line (an outline field is one line), with nothing
    that opens or closes a comment (`outside_comments`)."""
    return outside_comments(" ".join(text.split()))


def one_line_outside_comments(text: str) -> str:
    """`text` on one line, opening and closing no comment: what a line of an outline holds."""
    return _one_line(text)


def outside_comments(text: str) -> str:
    """`text` that cannot open or close an outline comment: a title holding `<!--` would
    hide every line after it from `parse_outline`, and `-->` would end a comment early, so
    their double hyphen is written as a dash (`<!–`, `–>`)."""
    return text.replace("<!--", "<!–").replace("-->", "–>")


def _render_cycle(cycle: OutlineCycle) -> str:
    details = []
    if cycle.start is not None and cycle.end is not None:
        details.append(f"{cycle.start.isoformat()} → {cycle.end.isoformat()}")
    if details or cycle.cadence_days != 7:
        details.append(f"check-in every {cycle.cadence_days} days")
    heading = f"# {_one_line(cycle.name)}"
    return f"{heading}  ({', '.join(details)})" if details else heading


def _render_objective_fields(objective: OutlineObjective) -> list[str]:
    parts = [
        f"{key}: {_one_line(value).replace('·', '-')}"
        for key, value in (("owner", objective.owner), ("team", objective.team))
        if value
    ]
    parts.append(f"level: {objective.level}")
    if objective.mode != "delivery":
        parts.append(f"mode: {objective.mode}")
    lines = [" · ".join(parts)]
    if objective.why:
        lines.append(f"why: {_one_line(objective.why)}")
    return lines


def format_plain_number(value: float) -> str:
    """A number as the outline writes it: `45`, `0.125`, `-3.5` (no separators, exact)."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def render_measure(kr: OutlineKeyResult) -> str:
    """The measure of a bullet: ` from 45% to 70%`, ` above 30 teams`, or ``."""
    if kr.type == "milestone" or kr.target is None:
        return ""
    target = format_plain_number(kr.target)
    unit = kr.unit
    if kr.direction in ("stay_above", "stay_below"):
        word = "above" if kr.direction == "stay_above" else "below"
        return f" {word} {_with_unit(target, unit)}"
    if kr.baseline is None:
        return ""
    baseline = format_plain_number(kr.baseline)
    repeat = unit == "%" or unit in _CURRENCIES or (unit and " " not in unit)
    return f" from {_with_unit(baseline, unit if repeat else '')} to {_with_unit(target, unit)}"


_CURRENCIES = ("$", "€", "£")


def _with_unit(number: str, unit: str) -> str:
    """A number with its unit as people write it: `45%`, `$295`, `9 days`."""
    if not unit:
        return number
    unit = _one_line(unit)
    if unit in _CURRENCIES:
        return f"{unit}{number}"  # "$295", "$-5": the sign stays with the digits
    return f"{number}{unit}" if unit.startswith("%") else f"{number} {unit}"


def render_tags(kr: OutlineKeyResult) -> str:
    """`  {output, leading, milestone}`, or `` when the bullet has no tags."""
    tags: list[str | None] = [kr.kind, kr.indicator]
    tags.append(kr.discovery_type if kr.discovery_type != "none" else None)
    tags.append("milestone" if kr.type == "milestone" else None)
    shown = [t for t in tags if t]
    return f"  {{{', '.join(shown)}}}" if shown else ""


def with_measure_in_title(kr: OutlineKeyResult) -> OutlineKeyResult:
    """`kr` with a title that states its measure: as it is when the title already says the
    numbers (`Churn below 2%`), else with the measure appended (`Churn` → `Churn below 2%`)."""
    title = _one_line(kr.title)
    if kr.type == "milestone":
        return replace(kr, title=title)
    try:
        said = measured(title)
    except OutlineError:
        said = None
    numbers = ("direction", "baseline", "target", "unit")
    if said is not None and all(getattr(said, n) == getattr(kr, n) for n in numbers):
        return replace(kr, title=title)
    return replace(kr, title=title + render_measure(kr))


def _render_kr(kr: OutlineKeyResult) -> list[str]:
    lines = [f"- {with_measure_in_title(kr).title}{render_tags(kr)}"]
    if kr.assumption:
        lines.append(f"  assumption: {_one_line(kr.assumption)}")
    if kr.owner:
        lines.append(f"  owner: {_one_line(kr.owner)}")
    if kr.comment:
        lines.append(f"  <!-- {_one_line(kr.comment).replace('--', '–')} -->")
    return lines
