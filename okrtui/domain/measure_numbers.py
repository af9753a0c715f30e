"""Provides `read_numbers`: the numbers a key result's words state, and `Measure`, what they are.

People write a key result's measure in many ways, and rarely as "from X to Y" at the end:
"Increase SWAUs by 25%", "Reduce churn to less than 1% monthly", "NPS of 50+", "$295 per
month", "10K to 25K", "under 2s", "twice as many", "Zero app store rejections", "100% of
managers complete …", "3 blog posts". `read_numbers` finds every number in a statement
(digits with `,` thousands, decimals, `K`/`M`/`B`, currencies, `%`, `x`; numbers written as
words: zero, one … twelve, twenty …, twice, double, half), decides what each one is from the
words around it, and returns a `Measure`: baseline, target, unit and direction (or a
milestone, when no number is stated and the words declare something done), what it read and
which numbers it could not place. Import, lint and the draft all read titles through it.

How a number is placed, strongest cue first (the first number with the strongest cue is the
target; the others are context such as "on instances with 80k repositories"):

1. `from X to Y` (also `X to Y`, `X → Y`): baseline X, target Y, up or down by comparison.
2. `by N %`, `by N points`, `by 3x`, `double`, `triple`, `halve`, `twice as many`: a change
   relative to today (`relative`), direction from the verb of change (`Reduce bugs by 25%`).
3. thresholds: `at least`, `more than`, `over`, `above`, `>`, `≥`, `N+`, `or more` hold a
   floor (stay above); `under`, `below`, `less than`, `fewer than`, `no more than`, `at most`,
   `within`, `<`, `≤`, `or less` hold a ceiling (stay below). A verb of change wins over the
   threshold's direction ("Reduce churn to less than 1%" decreases).
4. `to N`, `reach N`, `achieve N`, `hit N`, `of N` (`NPS of 60`): a target.
5. a bare count or share: `3 blog posts`, `100% of new devs …`, `Zero app store rejections`.

The direction, when no `from X to Y` says it: the verb of change if there is one ("grow",
"reduce"); else stay below for a ceiling, a zero ("No errors …") or a time that should be
short ("releases take 1 hour"); else increase. The unit is what follows the number, up to
three words before a preposition, verb or punctuation (`%`, `days`, `MQLs`, `blog posts`),
never the clause after it; a currency is its symbol. Where nothing is read, nothing is
invented: no target, no unit, no direction.

Numbers that are not measures are skipped: years (2020), dates (June 30), ordinals (99th),
names with a number (Tier 1, RFC 42, Q1, C#, p95), and durations used as adjectives
("30-day retention"). A number that is none of those and that no cue places (when there is no
target at all) is reported in `unplaced`, so the coach can say what it could not read.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from okrtui.domain.models import Direction, KrType

#: Numbers written as words.
NUMBER_WORDS = {
    "zero": 0,
    "no": 0,
    "one": 1,
    "a single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a hundred": 100,
    "a dozen": 12,
    "a thousand": 1000,
}
#: Verbs and words that multiply: "double the …", "twice as many", "halve".
MULTIPLIERS = {
    "double": 2.0,
    "doubles": 2.0,
    "doubled": 2.0,
    "doubling": 2.0,
    "twice": 2.0,
    "triple": 3.0,
    "triples": 3.0,
    "tripled": 3.0,
    "tripling": 3.0,
    "thrice": 3.0,
    "quadruple": 4.0,
    "quadrupled": 4.0,
}
HALVING = frozenset({"halve", "halves", "halved", "halving"})

#: Verbs of change by the direction they move a number in (base forms and inflections).
UP_VERBS = frozenset(
    [
        "increase",
        "increases",
        "increased",
        "increasing",
        "grow",
        "grows",
        "grew",
        "grown",
        "growing",
        "raise",
        "raises",
        "raised",
        "raising",
        "boost",
        "boosts",
        "boosted",
        "boosting",
        "improve",
        "improves",
        "improved",
        "improving",
        "lift",
        "lifts",
        "lifted",
        "expand",
        "expands",
        "expanded",
        "expanding",
        "accelerate",
        "accelerated",
        "gain",
        "gains",
        "gained",
        "maximise",
        "maximize",
        "maximised",
        "maximized",
        "double",
        "doubled",
        "triple",
        "tripled",
        "rise",
        "rises",
        "rose",
        "risen",
        "climb",
        "climbs",
        "climbed",
        "scale",
        "scaled",
    ]
)
DOWN_VERBS = frozenset(
    [
        "reduce",
        "reduces",
        "reduced",
        "reducing",
        "decrease",
        "decreases",
        "decreased",
        "decreasing",
        "cut",
        "cuts",
        "cutting",
        "lower",
        "lowers",
        "lowered",
        "lowering",
        "lessen",
        "shrink",
        "shrinks",
        "shrunk",
        "minimise",
        "minimize",
        "minimised",
        "minimized",
        "drop",
        "drops",
        "dropped",
        "halve",
        "halved",
        "halves",
        "shorten",
        "shortens",
        "shortened",
        "eliminate",
        "eliminates",
        "eliminated",
        "eliminating",
        "decline",
        "declines",
        "declined",
        "fall",
        "falls",
        "fell",
        "fallen",
        "slash",
        "slashed",
        "trim",
        "trimmed",
    ]
)
#: Verbs that hold a level rather than move it: "Maintain 99.9% uptime", "rating remains …".
_HOLD_VERBS = frozenset(
    [
        "maintain",
        "maintains",
        "maintained",
        "keep",
        "keeps",
        "kept",
        "remain",
        "remains",
        "remained",
        "stay",
        "stays",
        "sustain",
        "sustains",
        "hold",
        "holds",
    ]
)
#: What should be small: a target for these without a cue is a ceiling.
_SMALLER_IS_BETTER = frozenset(
    [
        "time",
        "times",
        "latency",
        "duration",
        "delay",
        "delays",
        "wait",
        "load",
        "churn",
        "cost",
        "costs",
        "spend",
        "error",
        "errors",
        "bug",
        "bugs",
        "defect",
        "defects",
        "incident",
        "incidents",
        "outage",
        "outages",
        "downtime",
        "crash",
        "crashes",
        "failure",
        "failures",
        "rejection",
        "rejections",
        "complaint",
        "complaints",
        "ticket",
        "tickets",
        "escalation",
        "escalations",
        "backlog",
        "attrition",
        "turnover",
        "abandonment",
        "bounce",
        "ms",
        "s",
        "sec",
        "secs",
        "second",
        "seconds",
        "minute",
        "minutes",
        "min",
        "mins",
        "h",
        "hr",
        "hrs",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
    ]
)
_TIME_UNITS = {
    "ms": "ms",
    "millisecond": "ms",
    "milliseconds": "ms",
    "s": "s",
    "sec": "s",
    "secs": "s",
    "second": "s",
    "seconds": "s",
    "min": "min",
    "mins": "min",
    "minute": "min",
    "minutes": "min",
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
}

_HIRE_VERBS = frozenset({"hire", "hires", "hired", "hiring", "recruit", "recruited", "recruiting"})
_STAFF_WORDS = frozenset(
    [
        "developer",
        "developers",
        "engineer",
        "engineers",
        "designer",
        "designers",
        "manager",
        "managers",
        "recruiter",
        "recruiters",
        "teammate",
        "teammates",
        "pm",
        "pms",
        "analyst",
        "analysts",
        "marketer",
        "marketers",
    ]
)
_CURRENCY = {"$": "$", "€": "€", "£": "£", "usd": "$", "eur": "€", "gbp": "£"}
_MAGNITUDE = {
    "k": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
}
MONTHS = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
#: Words after which a number names a thing rather than measures it ("Tier 1", "RFC 42").
_NAMING_WORDS = frozenset(
    [
        "tier",
        "phase",
        "rfc",
        "level",
        "version",
        "v",
        "step",
        "stage",
        "wave",
        "part",
        "priority",
        "sev",
        "severity",
        "p",
        "round",
        "milestone",
        "release",
        "sprint",
        "iteration",
        "wcag",
        "section",
        "chapter",
        "issue",
        "pr",
        "ticket",
    ]
)
_NAMING_KEEP = frozenset({"sprint", "iteration", "release"})  # "within 1 iteration" measures

# A number as written: currency, digits or a number word, magnitude, a plus, a per-cent or
# times sign, or a time unit stuck to it ("2s", "200ms").
_DIGITS = (
    r"-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][-+]?\d+(?![\w]))?"
    r"|\.\d+)"
)
_WORD_NUMBERS = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w.#/@-])(?P<cur>[$€£])?\s?(?:(?P<digits>{_DIGITS})|(?P<word>\b(?:{_WORD_NUMBERS})\b))"
    r"(?:\s?(?P<mag>[kKmMbB]|bn|mm|MM)(?![\w])|\s(?P<magword>thousand|million|billion)\b)?"
    r"(?P<plus>\+)?"
    r"(?:\s?(?P<pct>%|percent\b|per\s?cent\b|pp\b|[xX×](?![\w])|times\b)"
    r"|(?P<glued>ms|s|h|hrs?|mins?|d)(?![\w]))?",
    re.IGNORECASE,
)
WORD = re.compile(r"[^\W\d_][\w'’/&.-]*|\d[\w.,]*|[<>≤≥=→+#:;,()\[\]!?]|–|—")

#: Cues before a number, by what they make of it.
_FLOOR_BEFORE = (
    "at least",
    "more than",
    "greater than",
    "higher than",
    "over",
    "above",
    "minimum of",
    "min",
    "minimum",
    "no less than",
    "no fewer than",
    "at or above",
    "exceed",
    "exceeds",
    "exceeding",
    "beyond",
    ">",
    ">=",
    "≥",
    "=>",
)
_CEILING_BEFORE = (
    "under",
    "below",
    "less than",
    "fewer than",
    "lower than",
    "no more than",
    "not more than",
    "at most",
    "within",
    "max",
    "maximum",
    "maximum of",
    "max of",
    "at or below",
    "up to",
    "<",
    "<=",
    "≤",
    "not exceed",
    "no longer than",
    "no later than",
)
_FLOOR_AFTER = (
    "or more",
    "or above",
    "or higher",
    "or greater",
    "or better",
    "and above",
    "and up",
    "plus",
)
_CEILING_AFTER = (
    "or less",
    "or fewer",
    "or lower",
    "or below",
    "or under",
    "and below",
    "at most",
    "max",
)
_TARGET_BEFORE = (
    "to",
    "reach",
    "reaches",
    "reaching",
    "achieve",
    "achieves",
    "achieving",
    "hit",
    "hits",
    "hitting",
    "of",
    "at",
    "=",
    "is",
    "are",
    "be",
    "remains",
    "remain",
    "stays",
    "stay",
    "was",
    "equals",
    "get",
    "gets",
    "total",
    "deliver",
    "delivers",
    "attain",
    "land",
)
_BY_BEFORE = ("by", "by a", "by an", "by another", "by over", "by at least", "by more than")

#: Where a unit ends: function words, conjunctions, verbs of being and doing.
_UNIT_STOPS = frozenset(
    [
        "of",
        "in",
        "to",
        "by",
        "for",
        "on",
        "at",
        "with",
        "from",
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "whose",
        "whom",
        "where",
        "when",
        "while",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "must",
        "may",
        "might",
        "do",
        "does",
        "did",
        "across",
        "within",
        "during",
        "before",
        "after",
        "over",
        "under",
        "than",
        "via",
        "per",
        "each",
        "every",
        "as",
        "into",
        "onto",
        "through",
        "until",
        "till",
        "since",
        "vs",
        "versus",
        "compared",
        "including",
        "include",
        "includes",
        "excluding",
        "like",
        "such",
        "e.g",
        "i.e",
        "the",
        "a",
        "an",
        "this",
        "these",
        "those",
        "our",
        "their",
        "its",
        "his",
        "her",
        "my",
        "your",
        "we",
        "they",
        "it",
        "so",
        "if",
        "because",
        "against",
        "among",
        "between",
        "around",
        "about",
        "based",
        "using",
        "use",
        "used",
        "using",
    ]
)
_UNIT_LENGTH = 6


@dataclass(frozen=True)
class Measure:
    """What `read_measure` read in a statement.

    `type` is `milestone` when no number is stated and the words declare something done,
    else `metric`. `direction` is None when nothing was read. `relative` marks a change
    stated against today ("by 25%", "double"). `read` quotes the words read as the measure
    ("by 25%", "from 10K to 25K"); `unplaced` quotes the numbers no cue placed (only when no
    target was read at all); `context` those left as context beside a target.
    """

    type: KrType = "metric"
    direction: Direction | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str = ""
    relative: bool = False
    read: str = ""
    unplaced: tuple[str, ...] = ()
    context: tuple[str, ...] = field(default=(), compare=False)

    @property
    def has_target(self) -> bool:
        return self.target is not None

    @property
    def found(self) -> bool:
        """Whether it read anything to judge the key result by: a target or a milestone."""
        return self.type == "milestone" or self.target is not None

    def describe(self) -> str:
        """What was read, for a person: `target 1 %, stay below`, `25 → 50 teams, increase`,
        `by 25 %, increase`, `a milestone (done or not)`, or `` when nothing was read."""
        if self.type == "milestone":
            return "a milestone (done or not)"
        if self.target is None:
            return ""
        unit = f" {self.unit}" if self.unit else ""
        direction = (self.direction or "").replace("_", " ")
        if self.baseline is not None:
            numbers = f"{_plain(self.baseline)} → {_plain(self.target)}{unit}"
        elif self.relative:
            numbers = f"by {_plain(self.target)}{unit}"
        else:
            numbers = f"target {_plain(self.target)}{unit}"
        return f"{numbers}, {direction}" if direction else numbers

    def key_result_fields(self) -> dict[str, Any]:
        """The KeyResult fields this reading gives: a milestone's type, or a metric's
        direction, baseline, target and unit (direction `increase`, the model's default,
        when nothing was read)."""
        if self.type == "milestone":
            return {"type": "milestone", "baseline": None, "target": None}
        return {
            "type": "metric",
            "direction": self.direction or "increase",
            "baseline": self.baseline,
            "target": self.target,
            "unit": self.unit,
        }

    def note(self) -> str:
        """One line on what was read, for a person beside the title: `read: target 1 %,
        stay below`, `not read: 'from 5 to 5'`, or `` when the words state nothing."""
        if self.found:
            return f"read: {self.describe()}"
        if self.unplaced:
            quoted = ", ".join(f"'{n}'" for n in self.unplaced)
            return f"not read: {quoted} (write 'from X to Y', 'at least X' or 'below X')"
        return ""


def _plain(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}".replace(",", " ") if abs(value) >= 10000 else str(int(value))
    return f"{value:g}"


@dataclass(frozen=True)
class _Mention:
    """One number in the text: its value, where it stands, and how it was written."""

    value: float
    start: int
    end: int
    text: str
    unit: str  # %, x, $, s… written with the number itself
    plus: bool
    word: bool  # written as a word ("three")


@dataclass
class _Candidate:
    """A reading of one mention (or a from/to pair) with the strength of its cue."""

    strength: float
    mention: _Mention
    baseline: float | None = None
    direction: Direction | None = None
    relative: bool = False
    unit: str = ""
    read: str = ""
    end: int = 0
    start: int = 0


def _mentions(text: str) -> list[_Mention]:
    """Every number in `text` that may be a measure (years, dates and names left out)."""
    found = []
    for match in _NUMBER.finditer(text):
        mention = _mention(text, match)
        if mention is not None:
            found.append(mention)
    return found


def _mention(text: str, match: re.Match[str]) -> _Mention | None:
    groups = match.groupdict()
    start, end = match.span()
    while start < end and text[start].isspace():
        start += 1
    if groups["word"]:
        word = " ".join(groups["word"].lower().split())
        if word == "no" and not _no_means_zero(text, start):
            return None
        if word == "one" and re.match(r"\s*(?:of|another|-)", text[match.end("word") :]):
            return None  # "one of the …", "one another", "one-time"
        if text[match.end("word") : match.end("word") + 1] == "-":
            return None  # "one-time", "two-step"
        value = float(NUMBER_WORDS[word])
    else:
        digits = groups["digits"]
        if digits is None:
            return None
        value = float(digits.replace(",", ""))
        after = text[match.end("digits") :]
        if re.match(r"(?:st|nd|rd|th)\b", after) or re.match(
            r"-(?:day|week|month|year|hour|"
            r"minute|second)s?\b",
            after,
        ):
            return None  # "99th percentile", "30-day retention"
        scale = re.match(r"/(5|10|100)(?![\d.:/])", after)
        if scale and not groups["cur"]:  # "rate onboarding 8/10 or better": a score
            value = float(digits.replace(",", ""))
            end = match.end("digits") + scale.end()
            return _Mention(value, start, end, text[start:end], f"/{scale.group(1)}", False, False)
        if re.match(r"[.:/]\d", after) or re.match(r"-\d", after):
            return None  # a date, time or version: "2019-10", "4.6/4.8"
        if _is_year(value, digits, groups, after) and not _measure_cue_before(text, start):
            return None
        if _after_month(text, match.start("digits")):
            return None  # "June 30"
        if _names_a_thing(text, start):
            return None
    magnitude = groups["mag"] or groups["magword"]
    if magnitude:
        value *= _MAGNITUDE[magnitude.lower()]
    unit = ""
    if groups["cur"]:
        unit = _CURRENCY[groups["cur"]]
    elif (code := _currency_code_before(text, start)) is not None:
        unit = code
    sign = (groups["pct"] or "").lower().replace(" ", "")  # "%", "percent", "per cent", "x"…
    if sign in ("%", "percent"):
        unit = "%"
    elif sign == "pp":
        unit = "pp"
    elif sign in ("x", "×", "times"):
        unit = "x"
    elif groups["glued"]:
        glued = groups["glued"].lower()
        unit = "days" if glued == "d" else _TIME_UNITS.get(glued, glued)
    return _Mention(
        value, start, end, text[start:end].strip(), unit, bool(groups["plus"]), bool(groups["word"])
    )


_CURRENCY_CODES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "CHF",
        "CAD",
        "AUD",
        "NZD",
        "INR",
        "JPY",
        "CNY",
        "SEK",
        "NOK",
        "DKK",
        "SGD",
        "BRL",
    ]
)


def _currency_code_before(text: str, start: int) -> str | None:
    """ "CHF 10k", "USD 2M": a currency written as its code before the number."""
    words = text[:start].split()
    return words[-1].upper() if words and words[-1].upper() in _CURRENCY_CODES else None


def _no_means_zero(text: str, start: int) -> bool:
    """ "No" is a zero only as a count: "No tier 1 customers are blocked", not "no longer"."""
    before = text[:start].strip().lower()
    after = text[start + 2 :].lstrip().lower()
    if not after or after.split()[0] in {"longer", "later", "more", "less", "one", "matter"}:
        return False
    return before == "" or before.endswith(("that", "with", "ensure", "ensure that", ":"))


def _is_year(value: float, digits: str, groups: dict, after: str) -> bool:
    if groups["cur"] or groups["pct"] or groups["mag"] or groups["glued"] or "," in digits:
        return False
    if "." in digits or not 1990 <= value <= 2100:
        return False
    raw = after.strip().split(" ")[0] if after.strip() else ""
    nxt = raw.lower()
    return (
        nxt == ""
        or not nxt[:1].isalpha()
        or nxt in _UNIT_STOPS
        or nxt.startswith("q")
        or raw[:1].isupper()
    )  # "2017 Internet Health Report"


def _measure_cue_before(text: str, start: int) -> bool:
    """Whether a measure's cue stands before `start` ("from 2000 to 2500", "above 2024")."""
    words = text[:start].lower().split()
    return bool(words) and words[-1] in (
        "from",
        "to",
        "above",
        "below",
        "than",
        "least",
        "most",
        ">",
        "<",
        ">=",
        "<=",
        "≥",
        "≤",
        "under",
        "over",
    )


def _after_month(text: str, start: int) -> bool:
    words = text[:start].lower().split()
    return bool(words) and words[-1].strip(",.") in MONTHS


def _names_a_thing(text: str, start: int) -> bool:
    """Whether the number at `start` is part of a name: "Tier 1", "RFC 42", "Section 508"."""
    words = text[:start].split()
    if not words:
        return False
    last = words[-1]
    if last.upper() in _CURRENCY_CODES:
        return False
    if last.lower() in _NAMING_WORDS and last.lower() not in _NAMING_KEEP:
        return True
    if last.lower() in _NAMING_KEEP:  # "Sprint 3" names, "within 1 iteration" measures
        return len(words) >= 2 and words[-2].lower() not in (
            "within",
            "per",
            "each",
            "every",
            "in",
            "by",
            "of",
        )
    # An acronym or a capitalised name right before: "RFC 42", "WCAG 2", but not "NPS of".
    return last.isupper() and len(last) >= 2 and last.isalpha() and not _measured_acronym(last)


def _measured_acronym(word: str) -> bool:
    """Acronyms that are metrics, whose number is their value: "NPS 60", "ARR $2M"."""
    return word.lower() in {
        "nps",
        "csat",
        "arr",
        "mrr",
        "dau",
        "mau",
        "wau",
        "ces",
        "sla",
        "slo",
        "ltv",
        "cac",
        "roi",
        "p95",
        "p99",
        "p50",
    }


def _words_before(text: str, start: int, n: int = 3) -> list[str]:
    return [w.lower() for w in WORD.findall(text[:start])][-n:]


def _words_after(text: str, end: int, n: int = 3) -> list[str]:
    return [w.lower() for w in WORD.findall(text[end:])][:n]


def _ends_with(words: list[str], phrases: tuple[str, ...]) -> str:
    joined = " ".join(words)
    for phrase in sorted(phrases, key=len, reverse=True):
        if joined == phrase or joined.endswith(" " + phrase):
            return phrase
    return ""


def _starts_with(words: list[str], phrases: tuple[str, ...]) -> str:
    joined = " ".join(words)
    for phrase in sorted(phrases, key=len, reverse=True):
        if joined == phrase or joined.startswith(phrase + " "):
            return phrase
    return ""


def _unit_after(text: str, mention: _Mention) -> tuple[str, int]:
    """The unit of `mention` and where it ends: written with the number (`%`, `$`, `2s`), or
    the head of the noun phrase that follows it ("3 blog posts (not …) authored by" → `blog
    posts`, "75k new subscribers drawn from" → `subscribers`), never the clause after it."""
    if mention.unit:  # %, x, a currency's symbol, a time unit stuck to the number
        return mention.unit, mention.end
    scan = text[: mention.end] + _PARENTHESES.sub(
        lambda m: " " * len(m.group(0)), text[mention.end :]
    )
    words: list[str] = []
    ends: list[int] = []
    position = mention.end
    while len(words) < _UNIT_LENGTH:
        match = _NEXT_WORD.match(scan, position)
        if match is None:
            break
        raw = match.group(1).strip("\"“”'‘’")
        word = raw.rstrip(".").lower().replace("’", "'")
        if not raw or not raw[0].isalpha() or word in _UNIT_STOPS or word in NUMBER_WORDS:
            break
        if (
            words
            and word not in _METRIC_HEADS
            and (
                word in _PLAIN_VERBS
                or (
                    _is_verb_form(word)
                    and not (word.endswith("ing") and _noun_follows(scan, match.end()))
                )
            )
        ):
            break  # "12 content pieces explaining the category"; "3 OSS funding tools" goes on
        words.append(raw.rstrip("."))
        position = match.end() - (len(match.group(1)) - len(match.group(1).rstrip(".")))
        ends.append(position)
        if raw.endswith("."):
            break
    if words and words[0].lower() in _TIME_UNITS:
        return _TIME_UNITS[words[0].lower()], ends[0]
    if words and _METRIC_HEADS & {w.lower() for w in words}:
        return _metric_unit(words), mention.end  # "4.5+ app store rating": the metric
    if words and _is_verb_form(words[0].lower()):
        return "", mention.end
    unit, position = _head_noun(words, ends, mention.end)
    per = re.match(
        r"\s*(?:per|a|an|/|every|each)\s*(day|week|month|quarter|year|hour|language|"
        r"customer|user|member|person|club|team|\$)(?![\w])",
        text[position:],
        re.IGNORECASE,
    )
    if per:
        unit = f"{unit}/{per.group(1).lower()}" if unit else f"per {per.group(1).lower()}"
        position += per.end()
    return unit, position


def _noun_follows(text: str, position: int) -> bool:
    """Whether the word at `position` is a plain word that can be a noun ("funding tools")."""
    match = _NEXT_WORD.match(text, position)
    if match is None:
        return False
    word = match.group(1).strip("\"“”'‘’").lower()
    return word[:1].isalpha() and word not in _UNIT_STOPS and word not in _ARTICLE_WORDS


_ARTICLE_WORDS = frozenset({"a", "an", "the", "our", "their", "its", "this", "these", "those"})


def _head_noun(words: list[str], ends: list[int], start: int) -> tuple[str, int]:
    """The counted noun of `words`: the first plural (with a noun before it that forms a
    compound: "blog posts"), else the last word; and where it ends."""
    if not words:
        return "", start
    head = next((i for i, w in enumerate(words) if _plural(w)), len(words) - 1)
    first = head
    while first > 0 and head - first < 2 and _modifier_noun(words[first - 1]):
        first -= 1  # "app store rejections", "blog posts"
    return " ".join(words[first : head + 1]), ends[head]


def _plural(word: str) -> bool:
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS:
        return True
    return lower.endswith("s") and not lower.endswith(("ss", "us", "is", "'s")) and len(lower) > 2


def _modifier_noun(word: str) -> bool:
    """Whether `word` before a plural is a noun forming a compound ("blog", "sign", "code"),
    not an adjective ("new", "active", "additional") or a name ("Mozilla")."""
    lower = word.lower()
    if (not word.isalpha() and "-" not in word) or word[:1].isupper() or lower in _ADJECTIVES:
        return False
    return not lower.endswith(
        (
            "al",
            "ive",
            "ous",
            "ful",
            "ic",
            "able",
            "ible",
            "ent",
            "ant",
            "ary",
            "ory",
            "ly",
            "er",
            "est",
        )
    )


_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_IRREGULAR_PLURALS = frozenset({"people", "children", "staff", "men", "women", "media"})
_ADJECTIVES = frozenset(
    [
        "new",
        "active",
        "additional",
        "more",
        "full",
        "unique",
        "repeat",
        "existing",
        "total",
        "different",
        "major",
        "minor",
        "concentric",
        "time",
        "full-time",
        "part-time",
        "individual",
        "qualified",
        "paying",
        "returning",
        "external",
        "internal",
        "public",
        "private",
        "open",
        "real",
        "top",
        "key",
        "core",
        "first",
        "high",
        "low",
        "daily",
        "weekly",
        "monthly",
        "yearly",
        "quarterly",
        "annual",
        "main",
        "big",
        "small",
        "large",
        "good",
        "great",
        "few",
        "many",
        "several",
        "extra",
        "other",
    ]
)
#: Verbs without a telling ending that start a clause after a count ("10 Reps tell us").
_PLAIN_VERBS = frozenset(
    [
        "tell",
        "share",
        "publish",
        "give",
        "participate",
        "use",
        "say",
        "report",
        "feel",
        "know",
        "make",
        "take",
        "run",
        "attend",
        "join",
        "contribute",
        "complete",
        "visit",
        "buy",
        "sign",
        "return",
        "rate",
        "recommend",
        "choose",
        "adopt",
        "upgrade",
        "stay",
        "leave",
        "are",
        "is",
        "have",
        "has",
        "do",
        "does",
        "get",
        "become",
        "own",
        "create",
        "build",
        "ship",
        "write",
        "read",
        "engage",
    ]
)


#: The next word after a number or a unit, with nothing but spaces before it.
_NEXT_WORD = re.compile(r"[ \t]+([^\s,;:()\[\]!?]+)")
#: Nouns that name a metric: a number before them is its value, they are not its unit.
_METRIC_HEADS = frozenset(
    {
        "rating",
        "ratings",
        "score",
        "scores",
        "nps",
        "csat",
        "rate",
        "ratio",
        "uptime",
        "availability",
    }
)
#: The unit such a metric is counted in, when the number is written without one.
_METRIC_UNITS = {
    "nps": "points",
    "csat": "points",
    "score": "points",
    "scores": "points",
    "rating": "stars",
    "ratings": "stars",
}


def _metric_unit(words: list[str]) -> str:
    """The unit a metric's name implies: NPS and scores in points, ratings in stars."""
    return next(
        (_METRIC_UNITS[w.lower()] for w in reversed(words) if w.lower() in _METRIC_UNITS), ""
    )


_NOT_VERBS = frozenset(
    {
        "existing",
        "remaining",
        "returning",
        "paying",
        "recurring",
        "leading",
        "engaging",
        "outstanding",
        "upcoming",
        "ongoing",
        "incoming",
        "outgoing",
        "growing",
        "emerging",
        "pending",
        "missing",
        "working",
        "during",
        "underlying",
        "matching",
        "competing",
        "supporting",
        "surrounding",
        "days",
        "hours",
        "minutes",
        "seconds",
        "weeks",
        "months",
        "needs",
        "process",
        "access",
        "business",
        "status",
        "analysis",
        "series",
        "bonus",
        "campus",
        "focus",
        "success",
        "less",
        "ingredients",
        "wording",
        "meeting",
        "meetings",
        "training",
        "trainings",
        "onboarding",
        "listings",
        "listing",
        "rankings",
        "ranking",
        "pricing",
        "offering",
        "offerings",
        "savings",
        "earnings",
        "bookings",
        "booking",
        "building",
        "buildings",
        "thing",
        "things",
        "string",
        "strings",
        "recording",
        "recordings",
        "landing",
        "hiring",
        "testing",
        "marketing",
        "engineering",
        "briefing",
        "spring",
        "ring",
        "feed",
        "need",
        "speed",
        "seed",
        "red",
        "bed",
        "shed",
        "breed",
        "deed",
        "weed",
        "hundred",
        "led",
        "bred",
        "qualified",
        "certified",
        "dedicated",
        "advanced",
        "automated",
        "paid",
        "unpaid",
        "integrated",
        "registered",
        "verified",
        "managed",
        "committed",
        "licensed",
        "signed",
        "self-serve",
        "self-hosted",
        "hosted",
        "unique",
        "detailed",
        "targeted",
        "named",
        "new",
        "failed",
        "completed",
    }
)


def _is_verb_form(word: str) -> bool:
    """A participle or gerund that starts a clause after a unit: "… authored by", "explaining"."""
    if word in _NOT_VERBS or "-" in word:
        return False
    return (word.endswith("ing") and len(word) > 5) or (word.endswith("ed") and len(word) > 4)


def _direction_from_verbs(text: str, before: int) -> Direction | None:
    """The direction a verb of change says, the nearest one before position `before` (or,
    failing that, anywhere: "Retention … increase by 10%")."""
    words = [w.lower() for w in WORD.findall(text[:before])]
    for word in reversed(words):
        if word in UP_VERBS:
            return "increase"
        if word in DOWN_VERBS:
            return "decrease"
    after = [w.lower() for w in WORD.findall(text[before:])][:3]  # "25% increase in …"
    for word in after:
        if word in UP_VERBS:
            return "increase"
        if word in DOWN_VERBS:
            return "decrease"
    return None


def _holds(text: str) -> bool:
    return any(w.lower() in _HOLD_VERBS for w in WORD.findall(text))


def _smaller_is_better(text: str, unit: str, start: int) -> bool:
    """Whether what is measured should be small: its unit's head ("1 hour", "2 bugs", not
    "downloads/hour") or, without a unit, the words before the number ("load time of 2")."""
    head = unit.split("/")[0].split(" ")[-1].lower() if unit else ""
    if head:
        return head in _SMALLER_IS_BETTER
    words = {w.lower() for w in WORD.findall(text[:start])[-6:]}
    return bool(words & _SMALLER_IS_BETTER)


def _from_to(text: str, mentions: list[_Mention]) -> _Candidate | None:
    """`from X to Y`, `X to Y`, `X → Y` between two numbers; also `to Y from (current) X`."""
    for first, second in itertools.pairwise(mentions):
        between = text[first.end : second.start].strip().lower()
        if re.fullmatch(
            r"(?:%\s*)?from(?: the)?(?: current| today'?s| existing| now)?", between
        ) and (_words_before(text, first.start, 1) == ["to"]):
            unit, end = _unit_after(text, first)
            direction: Direction = "increase" if first.value > second.value else "decrease"
            if first.value == second.value:
                continue
            return _Candidate(
                6,
                first,
                baseline=second.value,
                direction=direction,
                unit=unit,
                read=text[_cue_start(text, first.start, "to") : second.end].strip(),
                end=second.end,
                start=first.start,
            )
        between = text[first.end : second.start].strip().lower()
        between_words = between.split()
        joiner = between_words[-1] if between_words else between
        if joiner not in ("to", "→", "->", "–", "—") and between not in ("to", "→", "->"):
            continue
        if len(between_words) > 4:
            continue  # "from 3 things per week to 5" still reads; a clause does not
        stated_from = _words_before(text, first.start, 1) == ["from"]
        if not stated_from and len(between_words) > 1:
            continue
        unit_first = first.unit or (" ".join(between_words[:-1]) if len(between_words) > 1 else "")
        unit_first = _TIME_UNITS.get(unit_first.lower(), unit_first)
        unit, end = _unit_after(text, second)
        start = first.start - (5 if stated_from else 0)
        said = text[max(start, 0) : end].strip()
        if first.value == second.value or (
            unit_first and unit and unit_first != unit and not unit.startswith(unit_first)
        ):
            # "from 5% to 5%" moves nothing; "from 9 days to 3 hours" mixes units
            return _Candidate(0, second, read=said, end=end, start=first.start)
        unit = unit or unit_first
        direction = "increase" if second.value > first.value else "decrease"
        return _Candidate(
            6,
            second,
            baseline=first.value,
            direction=direction,
            unit=unit,
            read=said,
            end=end,
            start=first.start,
        )
    return None


def _candidate(text: str, mention: _Mention) -> _Candidate:
    """How `mention` reads on its own, from the words around it."""
    before = _words_before(text, mention.start, 4)
    unit, end = _unit_after(text, mention)
    following = {part for w in _words_after(text, mention.end, 8) for part in w.split("/")}
    if set(before[-1:]) & _HIRE_VERBS or (before[-1:] == ["add"] and following & _STAFF_WORDS):
        unit = "hires"  # "Hire two additional … teammates": what is counted is hires
    elif not unit:
        unit = _metric_unit(before)
    after = _words_after(text, end, 2)
    read_start = mention.start
    direction: Direction | None = None
    relative = False
    strength: float = 1
    if (cue := _ends_with(before, _BY_BEFORE)) and (unit or not mention.word):
        strength, relative = 5, True  # "by 25%", "by 5 points", "by $500K", "by 2 days"
        read_start = _cue_start(text, mention.start, cue)
    elif (
        (cue := _ends_with(before, _FLOOR_BEFORE))
        or mention.plus
        or _starts_with(after, _FLOOR_AFTER)
    ):
        strength, direction = 4, "stay_above"
        if cue:
            read_start = _cue_start(text, mention.start, cue)
        if phrase := _starts_with(after, _FLOOR_AFTER):
            end = _phrase_end(text, end, phrase)
    elif (cue := _ends_with(before, _CEILING_BEFORE)) or _starts_with(after, _CEILING_AFTER):
        # "within 7 days" is a window for what is counted more often than the measure itself
        strength, direction = (3.5 if cue == "within" else 4), "stay_below"
        if cue:
            read_start = _cue_start(text, mention.start, cue)
        if phrase := _starts_with(after, _CEILING_AFTER):
            end = _phrase_end(text, end, phrase)
    elif (
        unit == "x"
        and mention.text.lower().endswith("times")
        and (
            per := re.match(
                r"\s*(?:per|a|an|every|each)\s+(day|week|month|quarter|year)\b", text[end:], re.I
            )
        )
    ):
        unit, strength = f"times/{per.group(1).lower()}", 2  # "2 times per quarter": a frequency
        end += per.end()
    elif unit == "x" and (before[-1:] != ["to"]):
        strength, relative = 2, True  # "3x": a multiple, weaker than "by 3x"
    elif unit == "%" and re.match(r"\s*of\b", text[end:]) and not mention.word:
        strength = 3.8  # "40% of new users … within 7 days": the share is the measure
    elif cue := _ends_with(before, _TARGET_BEFORE):
        strength = 3
        if cue in ("to", "of", "at", "reach", "achieve", "hit"):
            read_start = _cue_start(text, mention.start, cue)
    elif not mention.word or mention.value == 0:
        strength = 2 if (unit or mention.value == 0) else 1
    return _Candidate(
        strength,
        mention,
        direction=direction,
        relative=relative,
        unit=unit,
        read=text[read_start:end].strip(),
        end=end,
    )


def _cue_start(text: str, start: int, cue: str) -> int:
    found = text.lower().rfind(cue, 0, start)
    return found if found >= 0 else start


def _phrase_end(text: str, end: int, phrase: str) -> int:
    found = text.lower().find(phrase, end)
    return found + len(phrase) if found >= 0 else end


def _multiplier(text: str) -> _Candidate | None:
    """`double`, `triple`, `twice as many`, `halve`: a change relative to today."""
    for match in re.finditer(r"[A-Za-z]+", text):
        word = match.group(0).lower()
        if word in MULTIPLIERS:
            if word in ("twice", "thrice") and not re.match(r"\s+as\b", text[match.end() :]):
                continue
            mention = _Mention(
                MULTIPLIERS[word], match.start(), match.end(), match.group(0), "x", False, True
            )
            end = match.end()
            if word in ("twice", "thrice"):
                tail = re.match(r"\s+as\s+(?:many|much)\b", text[end:])
                end += tail.end() if tail else 0
            return _Candidate(
                5,
                mention,
                direction="increase",
                relative=True,
                unit="x",
                read=text[match.start() : end],
                end=end,
            )
        in_half = word == "half" and re.search(r"\b(?:in|by)\s+$", text[: match.start()].lower())
        if word in HALVING or in_half:  # "halve …", "cut onboarding time in half"
            mention = _Mention(50.0, match.start(), match.end(), match.group(0), "%", False, True)
            return _Candidate(
                5,
                mention,
                direction="decrease",
                relative=True,
                unit="%",
                read=match.group(0),
                end=match.end(),
            )
    return None


def _eliminate(text: str) -> _Candidate | None:
    """ "Eliminate errors caused by …": a target of zero of what follows the verb."""
    match = re.match(
        r"\s*(?:eliminate|eradicate|remove all|get rid of)(?:\s+all)?", text, re.IGNORECASE
    )
    if match is None:
        return None
    mention = _Mention(0.0, match.start(), match.end(), "", "", False, True)
    unit, end = _unit_after(text, mention)
    if not unit:
        return None
    return _Candidate(
        3, mention, direction="decrease", unit=unit, read=text[match.start() : end].strip(), end=end
    )


@lru_cache(maxsize=4096)
def read_numbers(text: str) -> Measure:
    """The numbers `text` states (baseline, target, unit, direction), without deciding
    whether a statement with none is a milestone (see `read_measure`)."""
    text = " ".join(str(text).split())
    mentions = _mentions(text)
    candidates: list[_Candidate] = []
    pair = _from_to(text, mentions)
    if pair is not None and pair.strength == 0:
        return Measure(unplaced=(pair.read,))
    if pair is not None:
        candidates.append(pair)
    inside = [m.span() for m in _PARENTHESES.finditer(text)]
    for mention in mentions:
        if pair is None or not pair.start <= mention.start < pair.end:
            candidate = _candidate(text, mention)
            if any(a < mention.start < b for a, b in inside):
                candidate.strength = min(candidate.strength, 1)  # "(3+ times)": context
            candidates.append(candidate)
    if (multiplied := _multiplier(text)) is not None:
        candidates.append(multiplied)
    if not mentions and (eliminated := _eliminate(text)) is not None:
        candidates.append(eliminated)
    if not candidates:
        return Measure()
    # The strongest cue wins; among thresholds and moves the last (an outline writes the
    # measure at the end: "Churn below 2% below 1.5%"), among counts the first ("Deliver 652
    # MQLs …, a 28% growth").
    candidates = [c for c in candidates if not _year_like(c)]
    if not candidates:
        return Measure()
    best = max(
        candidates,
        key=lambda c: (c.strength, c.mention.start if c.strength >= 4 else -c.mention.start),
    )
    best = _counted_before(text, candidates, best)
    if best.strength <= 1 and not best.unit:
        # A lone number with no cue and no unit ("Implement RFC 42" aside): not placed.
        return Measure(unplaced=tuple(c.mention.text for c in candidates if c.mention.text))
    direction = _direction(text, best)
    baseline = best.baseline
    if baseline is None and not best.relative:
        baseline = _stated_baseline(text, mentions, best)
        if baseline is not None and baseline != best.mention.value and best.direction is None:
            direction = "increase" if best.mention.value > baseline else "decrease"
        elif baseline == best.mention.value:
            baseline = None
    context = tuple(c.mention.text for c in candidates if c is not best and c.mention.text)
    return Measure(
        type="metric",
        direction=direction,
        baseline=baseline,
        target=best.mention.value,
        unit=best.unit,
        relative=best.relative,
        read=best.read,
        context=context,
    )


_BASELINE_CUE = re.compile(
    r"\b(?:currently|current(?:ly)?\s+(?:is|at|of)|today(?:'s)?(?:\s+(?:is|at))?|baseline(?:\s+(?:is|of))?"
    r"|now(?:\s+at)?|up from|down from)\s*:?\s*$",
    re.IGNORECASE,
)


def _stated_baseline(text: str, mentions: list[_Mention], best: _Candidate) -> float | None:
    """A baseline stated beside the target: "200k views (current is 125k)", "(currently 45%)"."""
    for mention in mentions:
        if mention is not best.mention and _BASELINE_CUE.search(text[: mention.start]):
            return mention.value
    return None


def _year_like(candidate: _Candidate) -> bool:
    """A year before a singular noun, with no cue: "Publish the 2024 product roadmap"."""
    mention = candidate.mention
    return (
        candidate.strength < 3
        and not mention.word
        and not mention.unit
        and mention.value.is_integer()
        and 1990 <= mention.value <= 2100
        and not (candidate.unit and _plural(candidate.unit.split(" ")[-1].split("/")[0]))
    )


def _counted_before(text: str, candidates: list[_Candidate], best: _Candidate) -> _Candidate:
    """A threshold that qualifies the counted noun right before it is not the measure:
    "Win 5 enterprise deals over $100k" counts deals."""
    if best.direction not in ("stay_above", "stay_below") or best.baseline is not None:
        return best
    for candidate in candidates:
        if candidate is best or candidate.end <= 0 or not candidate.unit:
            continue
        gap = text[candidate.end : best.mention.start].strip().lower()
        if (
            candidate.mention.start < best.mention.start
            and gap
            in (
                "over",
                "above",
                "under",
                "below",
                "of over",
                "worth over",
                "with over",
                "with more than",
                "of more than",
                "more than",
                "at least",
                "with at least",
            )
            and candidate.unit not in ("%", "x")
            and candidate.strength >= 2
        ):
            return candidate
    return best


def _direction(text: str, best: _Candidate) -> Direction:
    if best.baseline is not None and best.direction is not None:
        return best.direction
    verb = _direction_from_verbs(text, best.mention.start)
    compatible = {
        None: ("increase", "decrease"),
        "stay_above": ("increase",),
        "stay_below": ("decrease",),
    }
    moved_to = best.direction is None or re.search(
        r"\bto\s*$",
        text[
            : _cue_start(
                text, best.mention.start, best.read.split(" ")[0].lower() if best.read else ""
            )
        ],
    )
    if (
        verb in compatible.get(best.direction, ())
        and moved_to
        and not (best.direction and _holds(text))
    ):
        return verb  # "Reduce churn to less than 1%" decreases; "Churn below 1%" stays below
    if best.direction is not None:
        return best.direction
    if best.relative:
        return "increase"
    if best.mention.value == 0:
        return "stay_below"
    if _holds(text):
        return (
            "stay_below"
            if _smaller_is_better(text, best.unit, best.mention.start)
            else ("stay_above")
        )
    if best.unit == "%" and re.match(r"\s*of\b", text[best.end :]):
        return "increase"  # "100% of releases ship on time": a share of things or people
    if best.unit in _TIME_UNITS.values() or _smaller_is_better(text, best.unit, best.mention.start):
        return "stay_below"
    return "increase"
