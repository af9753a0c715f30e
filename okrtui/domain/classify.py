"""Provides `classify`, the explainable outcome-versus-output reading of a goal statement.

An *outcome* is a measurable change in what people do, or in a result that follows from it
("Onboarding completion rate from 45% to 70%"); an *output* is an artifact delivered or an
activity done ("Launch the redesigned onboarding flow", "Publish 10 blog articles",
"Increase the number of features shipped from 5 to 10"). The distinction is the one the
articles behind docs/practice.md build on (after Josh Seiden's *Outcomes over Outputs*).

The reading is a handful of general rules over word lists, tried in order; the first that
applies gives the verdict and says why in words ("starts with the deliverable verb
'launch'"), so a person can disagree with a reason rather than with a score. There is no
statistical model: the same text always gets the same verdict, offline, on every keystroke.

1. It starts with a deliverable or activity verb ("launch", "build", "migrate", "run") →
   output, unless the verb is part of a noun ("build time") or its object is a quality
   rather than a thing ("build trust").
2. It counts artifacts or the team's own throughput ("number of features shipped",
   "15 blog posts published", "velocity") → output, unless the things are made *by* people
   outside the team ("dashboards created by customers"), which is behaviour.
3. It declares a deliverable done ("live by June", "in production") and names no measure →
   output.
4. Otherwise it is an outcome, and the reason names the strongest sign found: a behaviour or
   result measure, the people whose behaviour changes, or a verb of change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

StatementKind = Literal["outcome", "output"]

#: Verbs whose object is something the team makes or does (base forms).
DELIVERABLE_VERBS = frozenset(
    [
        "add",
        "attend",
        "automate",
        "build",
        "close",
        "code",
        "complete",
        "conduct",
        "configure",
        "create",
        "define",
        "deliver",
        "deploy",
        "design",
        "develop",
        "document",
        "draft",
        "finalise",
        "finalize",
        "finish",
        "fix",
        "hire",
        "hold",
        "host",
        "implement",
        "install",
        "integrate",
        "interview",
        "introduce",
        "launch",
        "localise",
        "localize",
        "migrate",
        "organise",
        "organize",
        "overhaul",
        "post",
        "prepare",
        "produce",
        "prototype",
        "publish",
        "rebuild",
        "record",
        "redesign",
        "refactor",
        "release",
        "replace",
        "revamp",
        "rewrite",
        "run",
        "send",
        "ship",
        "start",
        "test",
        "train",
        "translate",
        "upgrade",
        "write",
    ]
)

#: Two-word deliverable verbs, recognised before the one-word list.
PHRASAL_VERBS = frozenset({"roll out", "set up", "kick off", "spin up", "go live"})

#: Irregular past participles ("features built", "workshops held").
_IRREGULAR = {
    "build": {"built"},
    "rebuild": {"rebuilt"},
    "write": {"written"},
    "rewrite": {"rewritten"},
    "run": {"run"},
    "send": {"sent"},
    "hold": {"held"},
    "make": {"made"},
    "do": {"done"},
}


def past_participles(verb: str) -> set[str]:
    """The past participle(s) of `verb` by regular spelling rules or the irregular table."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("e"):
        return {verb + "d"}
    if re.fullmatch(r"[^aeiou]+[aeiou][bdgmnprt]", verb):
        return {verb + verb[-1] + "ed"}  # ship → shipped
    return {verb + "ed"}


#: Participles saying a piece of work was done: "features shipped", "workshops held".
PARTICIPLES = frozenset(
    form
    for verb in DELIVERABLE_VERBS | {"hold", "make", "do", "plan", "roll", "set"}
    for form in past_participles(verb)
)

#: Things a team produces: counting them measures output.
ARTIFACT_NOUNS = frozenset(
    [
        "api",
        "apis",
        "app",
        "apps",
        "article",
        "articles",
        "blog",
        "blogs",
        "campaign",
        "campaigns",
        "case",
        "component",
        "components",
        "concept",
        "concepts",
        "course",
        "courses",
        "dashboard",
        "dashboards",
        "deliverable",
        "deliverables",
        "demo",
        "demos",
        "doc",
        "docs",
        "documentation",
        "ebook",
        "ebooks",
        "email",
        "emails",
        "endpoint",
        "endpoints",
        "enhancement",
        "enhancements",
        "epic",
        "epics",
        "episode",
        "episodes",
        "event",
        "events",
        "experiment",
        "experiments",
        "feature",
        "features",
        "guide",
        "guides",
        "improvement",
        "improvements",
        "initiative",
        "initiatives",
        "integration",
        "integrations",
        "interview",
        "interviews",
        "lesson",
        "lessons",
        "meeting",
        "meetings",
        "milestone",
        "milestones",
        "mockup",
        "mockups",
        "module",
        "modules",
        "newsletter",
        "newsletters",
        "page",
        "pages",
        "patch",
        "patches",
        "plugin",
        "plugins",
        "podcast",
        "podcasts",
        "post",
        "posts",
        "presentation",
        "presentations",
        "project",
        "projects",
        "prototype",
        "prototypes",
        "release",
        "releases",
        "report",
        "reports",
        "screen",
        "screens",
        "sprint",
        "sprints",
        "stories",
        "story",
        "template",
        "templates",
        "test",
        "tests",
        "tutorial",
        "tutorials",
        "version",
        "versions",
        "video",
        "videos",
        "webinar",
        "webinars",
        "whitepaper",
        "whitepapers",
        "wireframe",
        "wireframes",
        "workshop",
        "workshops",
    ]
)

#: Measures of the team's own throughput rather than of anyone's behaviour.
THROUGHPUT_NOUNS = frozenset({"velocity", "throughput", "points", "roadmap", "backlog"})

#: Measures of behaviour or result: what an outcome key result is usually about.
METRIC_NOUNS = frozenset(
    [
        "abandonment",
        "activation",
        "adoption",
        "arpu",
        "arr",
        "bounce",
        "bookings",
        "cac",
        "ces",
        "churn",
        "complaints",
        "conversion",
        "cost",
        "costs",
        "crash",
        "crashes",
        "csat",
        "downtime",
        "drop-off",
        "dropoff",
        "duration",
        "effort",
        "engagement",
        "errors",
        "frequency",
        "incidents",
        "latency",
        "loyalty",
        "ltv",
        "margin",
        "minutes",
        "mrr",
        "nps",
        "nrr",
        "orders",
        "percentage",
        "percent",
        "purchases",
        "rate",
        "rates",
        "rating",
        "ratings",
        "ratio",
        "referrals",
        "refunds",
        "registrations",
        "renewals",
        "retention",
        "revenue",
        "satisfaction",
        "score",
        "scores",
        "seconds",
        "sessions",
        "share",
        "sign-ups",
        "signups",
        "speed",
        "time",
        "uptime",
        "usage",
        "value",
        "visits",
        "win",
    ]
)

#: Who an outcome is about: people whose behaviour changes.
PEOPLE_NOUNS = frozenset(
    [
        "account",
        "accounts",
        "admin",
        "admins",
        "buyer",
        "buyers",
        "client",
        "clients",
        "companies",
        "company",
        "creator",
        "creators",
        "customer",
        "customers",
        "developer",
        "developers",
        "driver",
        "drivers",
        "employee",
        "employees",
        "guest",
        "guests",
        "household",
        "households",
        "interviewee",
        "interviewees",
        "lead",
        "leads",
        "member",
        "members",
        "merchant",
        "merchants",
        "participant",
        "participants",
        "partner",
        "partners",
        "patient",
        "patients",
        "people",
        "person",
        "player",
        "players",
        "prospect",
        "prospects",
        "reader",
        "readers",
        "respondent",
        "respondents",
        "seller",
        "sellers",
        "shopper",
        "shoppers",
        "student",
        "students",
        "subscriber",
        "subscribers",
        "team",
        "teams",
        "tenant",
        "tenants",
        "trialist",
        "trialists",
        "user",
        "users",
        "visitor",
        "visitors",
        "businesses",
    ]
)

#: Verbs that name a change in a result: a sign of an outcome (when nothing says output).
CHANGE_VERBS = frozenset(
    [
        "accelerate",
        "achieve",
        "attract",
        "boost",
        "convert",
        "cut",
        "decrease",
        "double",
        "drop",
        "eliminate",
        "expand",
        "grow",
        "halve",
        "increase",
        "keep",
        "lift",
        "lower",
        "maintain",
        "maximise",
        "maximize",
        "minimise",
        "minimize",
        "prevent",
        "raise",
        "reach",
        "reduce",
        "retain",
        "shorten",
        "speed",
        "sustain",
        "triple",
        "win",
        "become",
        "improve",
    ]
)

#: Objects of a deliverable verb that are qualities, not things ("build trust").
QUALITY_NOUNS = frozenset(
    [
        "awareness",
        "confidence",
        "community",
        "habit",
        "habits",
        "loyalty",
        "momentum",
        "relationship",
        "relationships",
        "reputation",
        "trust",
        "credibility",
        "delight",
    ]
)

#: Words that open a statement without carrying its meaning ("We will launch …").
_LEAD_INS = frozenset({"we", "will", "we'll", "to", "must", "should", "shall", "also", "then"})

#: Phrases that declare a deliverable finished.
_DONE_PHRASES = re.compile(
    r"\b(live|in production|generally available|go-live|launched|released|shipped|delivered|"
    r"completed|done|in place)\b(?:\s+(?:by|in|on|before)\b.*)?",
    re.IGNORECASE,
)

_WORD = re.compile(r"\d[\d.,]*%?|[^\W_][\w'’-]*")
_NUMBER = re.compile(r"^\d[\d.,]*%?$")
_NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "fifty",
        "hundred",
    ]
)
#: How many words may stand between a count or "number of" and the thing counted.
_COUNT_REACH = 4
_ARTICLES = frozenset({"a", "an", "the", "our", "their", "its", "new", "all", "every"})


@dataclass(frozen=True)
class Verdict:
    """The reading of one statement.

    `reason` explains it in a phrase that completes "it …" ("starts with the deliverable
    verb 'launch'"). For an output, `work` names the work as an activity that completes
    "after we …" ("launch the redesigned onboarding flow", "deliver more blog posts"), which
    coaching suggestions build on; it is empty for an outcome.
    """

    kind: StatementKind
    reason: str
    work: str = ""

    @property
    def is_output(self) -> bool:
        return self.kind == "output"


def _is_count(word: str) -> bool:
    return bool(_NUMBER.match(word)) or word in _NUMBER_WORDS


def _lead_in_length(tokens: list[str]) -> int:
    """How many words at the front only frame the statement ("We will", "Successfully")."""
    index = 0
    while index < len(tokens) and (
        tokens[index] in _LEAD_INS or (tokens[index].endswith("ly") and len(tokens[index]) > 4)
    ):
        index += 1
    return index


@dataclass(frozen=True)
class _Statement:
    """A statement's words (`lower`, to match against the word lists) and where each stands
    in the text (`spans`, to quote the statement as written)."""

    text: str
    lower: list[str]
    spans: list[tuple[int, int]]

    @classmethod
    def read(cls, text: str) -> _Statement:
        found = list(_WORD.finditer(text))
        lower = [m.group(0).lower().replace("’", "'") for m in found]
        skip = _lead_in_length(lower)
        return cls(text, lower[skip:], [m.span() for m in found[skip:]])

    def quote(self, start: int, end: int) -> str:
        """Words `start` to `end` (exclusive) as written, punctuation between them kept."""
        if start >= end:
            return ""
        return self.text[self.spans[start][0] : self.spans[end - 1][1]]


#: Words that end the object of a deliverable verb: a measure or a deadline follows.
_OBJECT_ENDS = frozenset(
    {"from", "by", "to", "in", "within", "before", "for", "per", "on", "with", "into", "so"}
)


def _deliverable_verb(statement: _Statement) -> Verdict | None:
    """Rule 1: an imperative deliverable verb at the start makes an output."""
    lower = statement.lower
    if len(lower) >= 2 and f"{lower[0]} {lower[1]}" in PHRASAL_VERBS:
        verb_length = 2
    elif lower and lower[0] in DELIVERABLE_VERBS:
        verb_length = 1
    else:
        return None
    rest = lower[verb_length:]
    if rest and (rest[0] in METRIC_NOUNS or rest[0] in THROUGHPUT_NOUNS):
        return None  # "build time", "release frequency": the verb is part of a noun
    head = [w for w in rest if w not in _ARTICLES][:1]
    if head and head[0] in QUALITY_NOUNS:
        return None  # "build trust": a quality to grow, not a thing to ship
    end = next(
        (i for i in range(verb_length + 1, len(lower)) if lower[i] in _OBJECT_ENDS), len(lower)
    )
    verb = " ".join(lower[:verb_length])
    return Verdict(
        "output",
        f"starts with the deliverable verb '{verb}', which names work to do rather than a "
        "change in what people do",
        f"{verb} {statement.quote(verb_length, end)}".strip(),
    )


def _artifact_count(statement: _Statement) -> Verdict | None:
    """Rule 2: counts of artifacts, or throughput measures, are outputs."""
    lower = statement.lower
    for index, word in enumerate(lower):
        if word in THROUGHPUT_NOUNS and (word != "points" or lower[index - 1 : index] == ["story"]):
            shown = "story points" if word == "points" else word
            return Verdict(
                "output",
                f"measures the team's throughput ('{shown}') rather than anyone's behaviour",
                f"raise our {shown}",
            )
    for index, word in enumerate(lower):
        if word not in ARTIFACT_NOUNS:
            continue
        window = lower[max(0, index - _COUNT_REACH) : index]
        counted = "number" in window or "count" in window or any(map(_is_count, window))
        participle = next((w for w in lower[index + 1 : index + 3] if w in PARTICIPLES), None)
        if not (counted or participle) or _made_by_people(lower[index + 1 :]):
            continue
        end = index + 1
        while end < len(lower) and lower[end] in ARTIFACT_NOUNS:
            end += 1  # a compound: "blog posts", "video tutorials"
        noun = statement.quote(_modifiers_start(lower, index), end)
        counted_what = f"{noun} {participle}" if participle else noun
        return Verdict(
            "output",
            f"counts artifacts the team produces ('{counted_what}') rather than a change in "
            "what people do",
            f"deliver more {_lower_first(noun)}",
        )
    return None


def _modifiers_start(lower: list[str], index: int) -> int:
    """Where the counted noun's modifiers begin: "10 [blog articles]", "of [features]"."""
    start = index
    stops = {"of", "the", "a", "an", "from", "to", "our"} | DELIVERABLE_VERBS | CHANGE_VERBS
    while start > 0 and not (_is_count(lower[start - 1]) or lower[start - 1] in stops):
        start -= 1
    return start


def _made_by_people(rest: list[str]) -> bool:
    """Whether "… created by customers" follows: things people make are their behaviour."""
    for index, word in enumerate(rest[:4]):
        if word == "by":
            return any(w in PEOPLE_NOUNS for w in rest[index + 1 : index + 3])
    return False


def _declared_done(statement: _Statement) -> Verdict | None:
    """Rule 3: "X live by June" with no measure is a deliverable with a deadline."""
    if any(w in METRIC_NOUNS for w in statement.lower):
        return None
    match = _DONE_PHRASES.search(statement.text)
    if match is None:
        return None
    subject = statement.text[: match.start()].strip(" :-–") or statement.text
    return Verdict(
        "output",
        f"declares a deliverable done ('{match.group(0).strip()}') without measuring its effect",
        f"deliver {_lower_first(subject)}",
    )


def _lower_first(text: str) -> str:
    """`New pricing page` → `new pricing page`, but `API docs` stays (an acronym)."""
    if len(text) > 1 and text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def _outcome_reason(lower: list[str]) -> str:
    """Rule 4: why a statement reads as an outcome, naming the strongest sign found."""
    metric = next((w for w in lower if w in METRIC_NOUNS), None)
    people = next((w for w in lower if w in PEOPLE_NOUNS), None)
    if metric and people:
        return f"measures a behaviour or result ('{metric}') of people ('{people}')"
    if metric:
        return f"measures a behaviour or result ('{metric}')"
    if people:
        return f"names whose behaviour changes ('{people}')"
    if lower and lower[0] in CHANGE_VERBS:
        return f"starts with the verb of change '{lower[0]}' and names no deliverable"
    return "names no deliverable, activity or count of artifacts"


def classify(statement: str) -> Verdict:
    """Read `statement` as an outcome or an output, with the reason (see the module doc)."""
    read = _Statement.read(statement)
    for rule in (_deliverable_verb, _artifact_count, _declared_done):
        verdict = rule(read)
        if verdict is not None:
            return verdict
    return Verdict("outcome", _outcome_reason(read.lower))
