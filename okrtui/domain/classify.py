"""Provides `classify`, the explainable outcome-versus-output reading of a goal statement.

An *outcome* is a measurable change in what people do, or in a result that follows from it
("Onboarding completion rate from 45% to 70%", "Get 500 sign ups", "Zero app store
rejections"); an *output* is a deliverable or an activity ("Launch video calling", "Interactive
search is available to all users by default", "6 Recruiters hired and onboarded", "C#
driver", "Increase the number of features shipped from 5 to 10"). The distinction is the one
the articles behind docs/practice.md build on (after Josh Seiden's *Outcomes over Outputs*).

The reading is a handful of general rules over word classes (`classify_words`), tried in
order; the first that applies gives the verdict and says why in words ("starts with the work
verb 'identify'"), so a person can disagree with a reason rather than with a score. The same
text always gets the same verdict, offline, in microseconds (`make coach-report` times it).

1. It measures the team's throughput ("velocity", "story points") → output.
2. It starts with a verb of work ("launch", "identify", "execute", "track", "document",
   "hire"; also "Delivered …", "Dev to start work on …") → output, unless its object is a
   quality to grow ("build trust", "a better product"), a result or people that the verb
   produces ("Deliver 652 MQLs"), or, for verbs of upkeep ("ensure", "maintain", "support",
   "make"), a result with a number ("Maintain 99.9% uptime", "Ensure that no issue blocks a
   deal").
3. It declares a piece of work finished ("X is available by default", "Roles are documented",
   "6 Recruiters hired", "Network site launched by Q2", "We've documented …", "… in place")
   and measures no result of people → output.
4. A thing, not people, gains a capability ("Connection manager supports dial backoff",
   "libp2p has a network visualization tool", "Sourcegraph can index any code") → output.
5. It counts artifacts the team makes ("3 blog posts", "100% of monthly releases ship on
   time") → output, unless people outside the team make them ("dashboards created by
   customers") or the verb is one of getting ("Get 75 posts on the forum").
6. It is a noun phrase naming a deliverable ("C# driver", "POC of WebBluetooth", "Inventory
   of …") → output.
7. Otherwise it is an outcome, and the reason names the strongest sign found: a result
   measure, the people whose behaviour changes, a verb of change, or a number to reach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from okrtui.domain.classify_words import (
    ANALYSIS_VERBS,
    BE_VERBS,
    CAPABILITY_VERBS,
    CHANGE_VERBS,
    COMPARATIVES,
    DELIVERABLE_NOUNS,
    DONE_WORDS,
    INTERNAL_TEAM_WORDS,
    IRREGULAR_PARTICIPLES,
    LEAD_INS,
    METRIC_NOUNS,
    NOUN_VERBS,
    OBJECT_ENDS,
    PEOPLE_NOUNS,
    PHRASAL_WORK_VERBS,
    QUALITY_NOUNS,
    QUEUE_VERBS,
    SOFT_WORK_VERBS,
    STAFF_NOUNS,
    STAFFING_VERBS,
    THROUGHPUT_NOUNS,
    WORK_ITEMS,
    WORK_VERBS,
)
from okrtui.domain.measure_numbers import read_numbers

StatementKind = Literal["outcome", "output"]

#: Work verbs whose object may be a result they bring about: "Deliver 652 MQLs".
_PRODUCING_VERBS = frozenset(
    [
        "deliver",
        "generate",
        "produce",
        "create",
        "build",
        "add",
        "establish",
        "develop",
        "bring",
        "drive",
        "source",
    ]
)


def past_participles(verb: str) -> set[str]:
    """The past participle(s) of `verb` by regular spelling rules or the irregular table."""
    if verb in IRREGULAR_PARTICIPLES:
        return set(IRREGULAR_PARTICIPLES[verb])
    if verb.endswith("e"):
        return {verb + "d"}
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return {verb[:-1] + "ied"}
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", verb) and not verb.endswith(("en", "er")):
        return {verb + verb[-1] + "ed"}  # ship → shipped, plan → planned
    return {verb + "ed"}


#: Participles saying a piece of work was done: "features shipped", "workshops held".
PARTICIPLES = (
    frozenset(
        form
        for verb in WORK_VERBS | {"do", "make", "roll", "set", "put", "lay"}
        for form in past_participles(verb)
    )
    | DONE_WORDS
)
#: A participle at the start stands for its verb: "Delivered a detailed strategy".
_VERB_OF_PARTICIPLE = {form: verb for verb in WORK_VERBS for form in past_participles(verb)}
#: Gerunds of work verbs naming an activity: "Rapid hypothesis testing", "Begin tracking".
_VERB_OF_GERUND = {
    (verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb) + "ing": verb
    for verb in WORK_VERBS
}
_GERUNDS = frozenset(_VERB_OF_GERUND)


def _nominal_of_work(word: str) -> bool:
    """Whether `word` names a piece of work by its verb: "curation" (curate), "implementation",
    "serialization", "deployment", "migration"."""
    for suffix, endings in (
        ("ation", ("ate", "", "e")),
        ("ization", ("ize",)),
        ("isation", ("ise",)),
        ("ment", ("",)),
        ("ion", ("e", "")),
    ):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if any(stem + ending in WORK_VERBS for ending in endings):
                return True
    return False


def _deliverable(word: str) -> bool:
    return word in DELIVERABLE_NOUNS or _nominal_of_work(word)


_TOKEN = re.compile(r"\d[\d.,]*[%kKmMxX+]*|[^\W\d_][\w'’&-]*(?:/[^\W\d_][\w'’&-]*)*|[^\w\s]")
_NUMBER = re.compile(r"^\d[\d.,]*[%kKmMxX+]*$")
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
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "zero",
    ]
)
_PUNCTUATION = frozenset(',;:.()[]!?"“”')
#: Verbs of getting: a count after them is of things received, not made.
_GETTING = frozenset(
    {
        "get",
        "have",
        "reach",
        "achieve",
        "gain",
        "receive",
        "attract",
        "earn",
        "secure",
        "win",
        "hit",
    }
)


@dataclass(frozen=True)
class Verdict:
    """The reading of one statement.

    `reason` explains it in a phrase that completes "it …" ("starts with the work verb
    'launch'"). For an output, `work` names the work as an activity that completes "after we
    …" ("launch the redesigned onboarding flow", "deliver more blog posts"), which coaching
    suggestions build on; it is empty for an outcome.
    """

    kind: StatementKind
    reason: str
    work: str = ""

    @property
    def is_output(self) -> bool:
        return self.kind == "output"


def _is_count(word: str) -> bool:
    return bool(_NUMBER.match(word)) or word in _NUMBER_WORDS


@dataclass(frozen=True)
class _Statement:
    """A statement's tokens (`lower`, to match against the word classes) and where each
    stands in the text (`spans`, to quote the statement as written), lead-ins skipped."""

    text: str
    lower: list[str]
    spans: list[tuple[int, int]]

    @classmethod
    def read(cls, text: str) -> _Statement:
        found = list(_TOKEN.finditer(text))
        lower = [m.group(0).lower().replace("’", "'") for m in found]
        skip = _lead_in_length(lower)
        return cls(text, lower[skip:], [m.span() for m in found[skip:]])

    def quote(self, start: int, end: int) -> str:
        """Tokens `start` to `end` (exclusive) as written, punctuation between them kept."""
        if start >= end:
            return ""
        return self.text[self.spans[start][0] : self.spans[end - 1][1]].strip(" ,;:(")

    @property
    def words(self) -> list[str]:
        return [w for w in self.lower if w[0].isalpha()]


def _lead_in_length(tokens: list[str]) -> int:
    """How many tokens at the front only frame the statement: "We will", "Successfully",
    "[Until end Q2]", "KR1:", "By February," (a deadline before the statement)."""
    index = 0
    while index < len(tokens):
        word = tokens[index]
        if word == "[":
            close = tokens.index("]", index) if "]" in tokens[index:] else index
            index = close + 1
        elif word in ("i", "we") and not _frames(tokens[index + 1 : index + 2]):
            break  # "I understand our buyers as well as …": the person's state is the aim
        elif (
            word in LEAD_INS
            or word in (":", "-", "–", "*")
            or re.fullmatch(r"kr\d+|o\d+", word)
            or (
                word.endswith("ly")
                and len(word) > 4
                and word not in ("monthly", "weekly", "daily", "early", "only")
            )
        ):
            index += 1
        elif word == "by" and _deadline_then_clause(tokens, index):
            index = tokens.index(",", index) + 1 if "," in tokens[index : index + 6] else index + 2
        else:
            break
    return index


def _frames(following: list[str]) -> bool:
    """Whether the word after "I"/"we" keeps them a frame: a modal, a verb of being or having,
    or a participle ("We will launch", "We have developed", "We've documented")."""
    if not following:
        return False
    word = following[0]
    return (
        word in LEAD_INS or word in BE_VERBS or word in PARTICIPLES or word in _VERB_OF_PARTICIPLE
    )


def _deadline_then_clause(tokens: list[str], index: int) -> bool:
    """ "By February we have …", "By end of Q2, …": a deadline opens the statement."""
    rest = tokens[index + 1 : index + 6]
    return "we" in rest or "," in rest


def _chunk_end(lower: list[str], start: int, joined: bool = False) -> int:
    """Where the noun phrase starting at `start` ends: before a preposition, punctuation, a
    verb of being, or (unless `joined`) a conjunction joining two phrases."""
    end = start
    while end < len(lower):
        word = lower[end]
        if word in OBJECT_ENDS or word == "of" or word in _PUNCTUATION:
            break
        if not joined and word in ("and", "or", "&"):
            break
        if end > start and word in ("a", "an", "the"):
            break  # "1 talk a month": the article opens another phrase
        if end > start and word in BE_VERBS:
            break
        end += 1
    return end


def _head(lower: list[str], start: int, end: int) -> str:
    """The head noun of the phrase `start:end`: its last word (plural or not)."""
    words = [w for w in lower[start:end] if w[0].isalpha()]
    return words[-1].split("/")[-1] if words else ""


def _object_words(lower: list[str], start: int) -> list[str]:
    return [w for w in lower[start : _chunk_end(lower, start)] if w[0].isalpha()]


def _verb_at(lower: list[str], index: int) -> tuple[str, int] | None:
    """The work verb at `index` and how many tokens it spans, if one stands there."""
    if index >= len(lower):
        return None
    word = lower[index].split("/")[0]
    pair = f"{word} {lower[index + 1]}" if index + 1 < len(lower) else ""
    if pair in PHRASAL_WORK_VERBS:
        return pair, 2
    if word in WORK_VERBS or word in SOFT_WORK_VERBS:
        return word, 1
    if word in _VERB_OF_PARTICIPLE and index == 0:
        return _VERB_OF_PARTICIPLE[word], 1  # "Delivered a detailed strategy"
    if word in _VERB_OF_GERUND and index == 0:
        return _VERB_OF_GERUND[word], 1  # "Capturing three use cases in a document"
    return None


def _reads_a_result(text: str) -> bool:
    """Whether the statement states a number to reach that is not a count of artifacts."""
    measure = read_numbers(text)
    if measure.target is None:
        return False
    unit_words = set(measure.unit.lower().replace("/", " ").split())
    return not (unit_words & DELIVERABLE_NOUNS)


def _reads_a_change(text: str) -> bool:
    """Whether the statement states a move from a baseline or a relative change."""
    measure = read_numbers(text)
    return measure.baseline is not None or measure.relative


def _work_verb(statement: _Statement) -> Verdict | None:
    """Rule 2: an imperative verb of work at the start makes an output."""
    lower = statement.lower
    start = 0
    # "Dev to start work on platform chat": a short subject, then "to" and the verb.
    if "to" in lower[1:4] and _verb_at(lower, lower.index("to", 1) + 1):
        subject = lower[: lower.index("to", 1)]
        if not set(subject) & (CHANGE_VERBS | WORK_VERBS | METRIC_NOUNS | BE_VERBS):
            start = lower.index("to", 1) + 1
    found = _verb_at(lower, start)
    if found is None:
        return None
    verb, length = found
    rest = start + length
    if (
        lower[rest : rest + 1]
        and lower[rest] in ("to", "on")
        and verb in ("continue", "begin", "start", "work on")
    ):
        inner = _verb_at(lower, rest + 1)
        if (
            inner is None
            and lower[rest + 1 : rest + 2]
            and (lower[rest + 1] in CHANGE_VERBS or lower[rest + 1] not in _VERBISH_AFTER_TO)
        ):
            return None  # "Continue to improve …": the verb after it decides
        if inner is None:  # "Continue to champion accounting best practices": the activity
            inner = (lower[rest + 1], 1)
        verb, rest = inner[0], rest + 1 + inner[1]
    if verb in STAFFING_VERBS and set(_split(lower[rest : rest + 8])) & STAFF_NOUNS:
        return _work(statement, verb, start, length, rest)  # "Add 1 full time developer"
    obj = _object_words(lower, rest)
    spread = [w for w in lower[rest:] if w[0].isalpha()]
    spread = spread[: next((i for i, w in enumerate(spread) if w in OBJECT_ENDS), len(spread))]
    if (
        verb in ("make", "build", "create", "develop")
        and set(spread) & (COMPARATIVES | QUALITY_NOUNS)
        and not set(spread) & DELIVERABLE_NOUNS
    ):
        return None  # "Build a small, devoted community", "Make the stream good!"
    while obj and obj[-1] in COMPARATIVES:
        obj = obj[:-1]  # "Publicize our progress more": an adverb, not the object
    head = obj[-1].split("/")[-1] if obj else ""
    if (
        verb in NOUN_VERBS
        and lower[rest : rest + 1]
        and (lower[rest] in METRIC_NOUNS or lower[rest] in THROUGHPUT_NOUNS)
    ) and lower[rest] not in DELIVERABLE_NOUNS:
        return None  # "build time", "release frequency": the verb is part of a noun
    if verb in ANALYSIS_VERBS:
        return _work(statement, verb, start, length, rest)  # "Assess our sustainability"
    if set(obj) & COMPARATIVES or (head in QUALITY_NOUNS and head not in DELIVERABLE_NOUNS):
        return None  # "build trust", "a better product": a quality to grow
    if verb == "establish" and "as" in lower[rest : rest + 8]:
        return None  # "Establish social media as the home of …": a position to win
    if verb in STAFFING_VERBS and head in PEOPLE_NOUNS and head not in STAFF_NOUNS:
        return None  # "Onboard 3 new contributors": people who join, not staff
    if (
        verb in _PRODUCING_VERBS
        and (head in METRIC_NOUNS or head in PEOPLE_NOUNS)
        and (head not in DELIVERABLE_NOUNS and head not in STAFF_NOUNS)
    ):
        return None  # "Deliver 652 MQLs to sales": the result the work brings
    if verb == "make" and set(lower[rest:]) & PEOPLE_NOUNS:
        return None  # "Make checkout effortless for returning shoppers": an experience
    if verb in SOFT_WORK_VERBS and (
        _reads_a_result(statement.text) or _people(obj) or "no" in lower[rest : rest + 3]
    ):
        return None  # "Maintain 99.9% uptime", "Make our customers love …"
    return _work(statement, verb, start, length, rest)


#: Verbs of carrying on an activity after "Continue to …" (not in the work verbs' list).
_VERBISH_AFTER_TO = (
    frozenset(
        [
            "advance",
            "champion",
            "drive",
            "push",
            "pursue",
            "grow",
            "invest",
            "engage",
            "expand",
            "work",
            "build",
            "foster",
        ]
    )
    - CHANGE_VERBS
)


def _split(words: list[str]) -> list[str]:
    """Words with their slash-joined parts apart: "UI/UX designer/team" → ui, ux, designer…"""
    return [part for word in words for part in word.split("/")]


def _work(statement: _Statement, verb: str, start: int, length: int, rest: int) -> Verdict:
    """The verdict of rule 2, quoting the verb and naming the work."""
    lower = statement.lower
    end = next(
        (
            i
            for i in range(rest + 1, len(lower))
            if lower[i] in OBJECT_ENDS or lower[i] in _PUNCTUATION
        ),
        len(lower),
    )
    shown = statement.quote(start, start + length) or verb
    return Verdict(
        "output",
        f"starts with the work verb '{shown.lower()}', which names work to do rather than a "
        "change in what people do",
        f"{verb} {statement.quote(rest, end)}".strip(),
    )


def _throughput(statement: _Statement) -> Verdict | None:
    """Rule 1: measures of the team's own throughput are outputs: velocity, story points,
    and a count of its queue closed ("Close 200 support tickets", not "… within 24 hours")."""
    lower = statement.lower
    if lower and lower[0] in QUEUE_VERBS and "within" not in lower:
        counted = next((i for i, w in enumerate(lower[1:4], start=1) if _is_count(w)), None)
        if counted is not None:
            head = _head(lower, counted + 1, _chunk_end(lower, counted + 1))
            if head in WORK_ITEMS:
                shown = statement.quote(0, _chunk_end(lower, counted + 1))
                return Verdict(
                    "output",
                    f"counts the team's own queue worked through ('{shown}') rather than a "
                    "change in what people do",
                    _lower_first(shown),
                )
    for index, word in enumerate(lower):
        story_points = word == "points" and lower[index - 1 : index] == ["story"]
        if word in THROUGHPUT_NOUNS or story_points:
            shown = "story points" if story_points else word
            return Verdict(
                "output",
                f"measures the team's throughput ('{shown}') rather than anyone's behaviour",
                f"raise our {shown}",
            )
    return None


def _change_said(lower: list[str]) -> bool:
    """Whether a verb of change governs the statement ("is increased by 10%")."""
    changes = {
        "increased",
        "reduced",
        "decreased",
        "grown",
        "improved",
        "doubled",
        "tripled",
        "halved",
        "lowered",
        "raised",
        "dropped",
        "cut",
    }
    return bool(set(lower) & changes) or bool(
        lower and lower[0] in CHANGE_VERBS and lower[0] not in ("make", "have")
    )


def _finished_state(statement: _Statement) -> Verdict | None:
    """Rule 3: "X is implemented", "6 Recruiters hired", "… in place": work declared done."""
    lower = statement.lower
    if _change_said(lower):
        return None
    if set(lower) & METRIC_NOUNS and _reads_a_result(statement.text):
        return None  # "latency … is tracked in pings and under 2 seconds": a result
    main = _main_clause_end(lower)
    for index, word in enumerate(lower[:main]):
        phrase = " ".join(lower[index : index + 2])
        done = (
            phrase in _DONE_PHRASES
            or (word in PARTICIPLES and index > 0)
            or word in ("exists", "exist")
            or (word == "default" and lower[index - 1 : index] in (["the"], ["by"]))
        )
        if not done:
            continue
        before = lower[max(0, index - 2) : index]
        if (
            word in PARTICIPLES
            and word not in DONE_WORDS
            and not (set(before) & BE_VERBS or _subject_before(lower, index))
        ):
            continue
        if index > 0 and (
            lower[index - 1] in ("who", "that", "which", "a", "an", "the")
            or _is_count(lower[index - 1])
        ):
            continue  # "users who complete …", "an integrated platform", "1K complete …"
        if word in ("tested", "tracked", "measured") and lower[index + 1 : index + 2] == ["by"]:
            continue  # "as measured by": a definition, not a finished state
        if word in ("engaged", "active", "running") or (
            word == "defined" and lower[index + 1 : index + 2] in (["as"], ["by"])
        ):
            continue  # "customers are running searches", "active is defined as …"
        if lower[index + 1 : index + 2] == ["by"] and set(lower[index + 2 : index + 5]) & (
            PEOPLE_NOUNS
        ):
            continue  # "adopted by customers": what people do
        if "within" in lower[index + 1 : index + 3] and set(lower[:index]) & WORK_ITEMS:
            continue  # "95% of P2 issues resolved within a week": a service level people feel
        passive = bool(set(lower[max(0, index - 2) : index]) & _PASSIVE)
        if (
            _subject_is_people(lower[:index])
            and not passive
            and word not in ("hired", "recruited", "onboarded")
        ):
            continue  # "3 customers have run 10 campaigns": people acting, not acted on
        subject = statement.quote(0, _subject_end(lower, index)) or statement.text
        shown = phrase if phrase in _DONE_PHRASES else word
        return Verdict(
            "output",
            f"declares a piece of work finished ('{shown}') without measuring its effect on anyone",
            f"deliver {_lower_first(subject)}",
        )
    return None


#: Verbs of being that make a participle passive: "users are tracked" (something done to them).
_PASSIVE = frozenset({"is", "are", "was", "were", "been", "be", "being"})
#: Two-word phrases that declare work finished.
_DONE_PHRASES = frozenset(
    {
        "in place",
        "by default",
        "set up",
        "rolled out",
        "kicked off",
        "in production",
        "generally available",
    }
)


def _main_clause_end(lower: list[str]) -> int:
    """Where the main clause ends: before a parenthesis, a relative clause or a comma that
    opens one ("… on instances with configured ACLs" stays in)."""
    depth = 0
    for index, word in enumerate(lower):
        if word in ("(", "["):
            depth += 1
        elif word in (")", "]"):
            depth = max(0, depth - 1)
        elif (
            depth == 0
            and word
            in (
                "where",
                "which",
                "whose",
                "than",
                "as",
                "once",
                "if",
                "when",
                "so",
                "because",
                "while",
            )
            and index > 0
        ):
            return index
    return len(lower)


def _people(words: list[str]) -> bool:
    """Whether `words` name people outside the team (not "each team", "our engineers")."""
    for index, word in enumerate(words):
        if word in PEOPLE_NOUNS and word not in STAFF_NOUNS:
            if word in ("team", "teams") and index > 0 and words[index - 1] in INTERNAL_TEAM_WORDS:
                continue
            return True
    return False


def _subject_is_people(words: list[str]) -> bool:
    """Whether the subject before a verb has people for its head ("3 different customers
    have together …"), not a thing people use ("Customer portal …")."""
    alpha = [
        w
        for w in words
        if w[0].isalpha()
        and w not in BE_VERBS
        and w not in ("together", "now", "all", "been", "also", "already", "and")
        and not (w.endswith("ly") and len(w) > 4)
    ]
    return (
        bool(alpha)
        and _people(alpha[-1:] if len(alpha) < 2 else alpha[-2:])
        and (alpha[-1] not in DELIVERABLE_NOUNS)
    )


def _subject_before(lower: list[str], index: int) -> bool:
    """Whether a noun phrase (not a verb) stands right before the participle at `index`."""
    previous = lower[index - 1] if index > 0 else ""
    return (
        bool(previous)
        and (previous[0].isalpha() or previous in (")", "]"))
        and (previous not in OBJECT_ENDS and previous not in CHANGE_VERBS)
    )


def _subject_end(lower: list[str], index: int) -> int:
    """Where the subject before `index` ends (the verb of being left out)."""
    end = index
    while end > 0 and (
        lower[end - 1] in BE_VERBS or lower[end - 1] in ("fully", "been", "and", "now")
    ):
        end -= 1
    return end


def _capability(statement: _Statement) -> Verdict | None:
    """Rule 4: a thing (not people) that supports, has, can … something: a capability."""
    lower = statement.lower
    if not lower or lower[0] in CHANGE_VERBS or lower[0] in WORK_VERBS:
        return None  # a verb first: rule 2 or an outcome, not a thing's capability
    for index, word in enumerate(lower[1:], start=1):
        if word != "can" and word not in CAPABILITY_VERBS:
            continue
        if lower[index - 1] in ("that", "which", "who", "to"):
            return None  # "innovations that can accelerate …", "a place to work"
        subject = [w for w in lower[:index] if w[0].isalpha()]
        obj = [w for w in lower[index + 1 :] if w[0].isalpha()]
        if not subject or not obj or (_people(subject) and word != "can"):
            return None
        if set(obj) & (METRIC_NOUNS | QUALITY_NOUNS) - DELIVERABLE_NOUNS and word != "can":
            return None  # "Sourcegraph has world class reliability": a result to hold
        if set(lower) & METRIC_NOUNS and _reads_a_result(statement.text):
            return None
        if _reads_a_result(statement.text) and word != "can":
            return None
        shown = statement.quote(0, index + 1)
        return Verdict(
            "output",
            f"says what a thing can do or holds ('{shown}'): a capability built, not a change "
            "in what people do",
            f"deliver what lets {_lower_first(statement.quote(0, len(lower)))}",
        )
    return None


def _artifact_count(statement: _Statement) -> Verdict | None:
    """Rule 5: counts of artifacts the team produces are outputs: the phrase after a count
    ("3 blog posts", "100% of monthly releases", "the number of features shipped") has a
    deliverable for its head, or a deliverable is followed by a participle of work."""
    lower = statement.lower
    getting = bool(lower) and lower[0] in _GETTING
    if len(lower) > 2 and _is_count(lower[0]) and lower[1] == "of" and _people(lower[2:5]):
        return None  # "100% of new devs … merged one PR": a share of people is counted
    for index, word in enumerate(lower):
        counted = _is_count(word) or word == "number"
        deliverable = (
            word in DELIVERABLE_NOUNS
            and word.endswith("s")
            and (lower[index + 1 : index + 2] and lower[index + 1] in PARTICIPLES)
        )  # "features shipped": several things made
        if not (counted or deliverable):
            continue
        if counted:
            start = index + 1
            while start < len(lower) and lower[start] in ("of", "%", "the", "our", "all", "+"):
                start += 1
            end = _chunk_end(lower, start)
            while end > start + 1 and lower[end - 1] in PARTICIPLES:
                end -= 1  # "features shipped": the participle is not the head
        else:
            start, end = index, index + 1
        phrase = lower[start:end]
        if _people(phrase):
            continue  # "100% of interviewees associate …": people counted
        head = _head(lower, start, end).split("/")[-1]
        if head not in DELIVERABLE_NOUNS or head in PEOPLE_NOUNS - DELIVERABLE_NOUNS:
            continue
        if set(phrase) & {"failed", "broken", "rejected", "crashed", "failing", "blocked"}:
            continue  # "Zero failed CI processes": a reliability result
        participle = next((w for w in lower[end : end + 2] if w in PARTICIPLES), None)
        if getting and not (participle or lower[0] == "have"):
            continue  # "Get 75 posts on the forum": what others give
        if _made_by_people(lower[end:]) or (_people(lower[:index]) and not participle):
            continue  # "dashboards created by customers", "3 customers with … posts"
        noun = statement.quote(start, end)
        counted_what = f"{noun} {participle}" if participle else noun
        return Verdict(
            "output",
            f"counts artifacts the team produces ('{counted_what}') rather than a change in "
            "what people do",
            f"deliver more {_lower_first(noun)}",
        )
    if lower[:1] == ["have"]:
        end = _chunk_end(lower, 1)
        if _deliverable(_head(lower, 1, end)):
            noun = statement.quote(1, end)
            return Verdict(
                "output",
                f"asks to have a deliverable ('{noun}') rather than a change in what people do",
                f"deliver {_lower_first(noun)}",
            )
    return None


def _made_by_people(rest: list[str]) -> bool:
    """Whether "… created by customers" follows: things people make are their behaviour."""
    for index, word in enumerate(rest[:4]):
        if word == "by":
            return any(w in PEOPLE_NOUNS for w in rest[index + 1 : index + 3])
    return False


def _deliverable_noun(statement: _Statement) -> Verdict | None:
    """Rule 6: a noun phrase naming a deliverable, with no verb ("C# driver")."""
    lower = statement.lower
    if not lower or not lower[0][0].isalpha():
        return None  # "% monthly projects with …": a share, not a thing
    end = _chunk_end(lower, 0, joined=True)
    words = [w for w in lower[:end] if w[0].isalpha()]
    if not words or len(words) > 6 or set(lower) & METRIC_NOUNS - DELIVERABLE_NOUNS:
        return None
    verbs = WORK_VERBS | CHANGE_VERBS | BE_VERBS | CAPABILITY_VERBS
    if any(w in verbs for w in words[:1]) or set(lower) & (BE_VERBS | {"can", "will"}):
        return None
    head = words[-1].split("/")[-1]
    if _people([w for w in words if w not in DELIVERABLE_NOUNS]):
        return None
    able = next(
        (
            w
            for w in words
            if re.fullmatch(r"\w{3,}[ai]ble", w)
            and w not in ("table", "possible", "visible", "responsible", "able")
        ),
        None,
    )
    if not _deliverable(head) and head not in _GERUNDS and able is None:
        return None
    if _reads_a_change(statement.text) or (
        _reads_a_result(statement.text) and head not in DELIVERABLE_NOUNS
    ):
        return None  # "Billing support tickets per week from 120 to 60": a metric that moves
    noun = statement.quote(0, end)
    return Verdict(
        "output",
        f"names a deliverable ('{noun}') rather than a change in what people do",
        f"deliver {_lower_first(noun)}",
    )


def _lower_first(text: str) -> str:
    """`New pricing page` → `new pricing page`, but `API docs` stays (an acronym)."""
    if len(text) > 1 and text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def _outcome_reason(statement: _Statement) -> str:
    """Rule 7: why a statement reads as an outcome, naming the strongest sign found."""
    lower = statement.words
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


@lru_cache(maxsize=4096)
def classify(statement: str) -> Verdict:
    """Read `statement` as an outcome or an output, with the reason (see the module doc)."""
    read = _Statement.read(" ".join(str(statement).split()))
    for rule in (
        _throughput,
        _work_verb,
        _artifact_count,
        _finished_state,
        _capability,
        _deliverable_noun,
    ):
        verdict = rule(read)
        if verdict is not None:
            return verdict
    return Verdict("outcome", _outcome_reason(read))
