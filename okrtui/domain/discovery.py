"""Provides the rules of discovery mode: KR templates, the evidence tally and its trend,
kill-by deadlines, and what a key result needs before it may graduate or be killed.

The practice (docs/practice.md, "Discovery: measuring progress in the problem space"): an
objective in discovery mode holds *process* KRs (how the team learns: interviews run, share of
research that is quantitative, cycle time of a user test) and *future-behaviour* KRs (early
signals of a behaviour the product cannot measure yet: usability-test completion, Customer
Effort Score in prototype tests, early-access email click-through, beta opt-in). Each
future-behaviour KR names the assumption it tests; every discovery KR has a kill-by date and an
evidence log. A validated future-behaviour KR graduates into an outcome KR; one that fails is
killed with its reason. Process KRs are temporary by design: they are killed or closed, never
graduated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import DiscoveryType, Evidence, KeyResult, Verdict
from okrtui.domain.wording import count

#: How many of the latest findings the trend weighs: old evidence should not outvote new.
TREND_WINDOW = 3

#: The glyph and colour of each verdict, shared by screens and reports.
VERDICT_GLYPHS: dict[Verdict, str] = {"supports": "+", "refutes": "−", "unclear": "?"}

#: How a discovery type reads in a list.
DISCOVERY_LABELS: dict[DiscoveryType, str] = {
    "none": "outcome",
    "process": "process",
    "future_behaviour": "future behaviour",
}

#: The sentence shape of an assumption, offered where one is missing.
ASSUMPTION_PROMPT = "We believe [who] will [do what] because [why]"


@dataclass(frozen=True)
class KrTemplate:
    """A ready-made discovery KR: `fields` are KeyResult fields with example numbers the
    person then adjusts (the title names the same numbers, so both change together)."""

    name: str
    discovery_type: DiscoveryType
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def kr_fields(self) -> dict[str, Any]:
        """Every KeyResult field the template sets, the discovery type included."""
        return {"discovery_type": self.discovery_type} | self.fields


#: (name, discovery type, title, unit, direction, baseline, target, kind): the examples the
#: articles give. Every template is a leading indicator: that is what discovery KRs are for.
_TEMPLATE_ROWS: tuple[tuple[str, DiscoveryType, str, str, str, float, float, str], ...] = (
    (
        "Process: user interviews run",
        "process",
        "User interviews run with [who]: from 0 to 12",
        "interviews",
        "increase",
        0,
        12,
        "output",
    ),
    (
        "Process: share of quantitative research",
        "process",
        "Share of research efforts that are quantitative from 20% to 50%",
        "%",
        "increase",
        20,
        50,
        "outcome",
    ),
    (
        "Process: cycle time of a user test",
        "process",
        "Average cycle time of a user test from 10 days to 3 days",
        "days",
        "decrease",
        10,
        3,
        "outcome",
    ),
    (
        "Future behaviour: usability-test completion",
        "future_behaviour",
        "Usability-test completion rate of the prototype from 50% to 80%",
        "%",
        "increase",
        50,
        80,
        "outcome",
    ),
    (
        "Future behaviour: Customer Effort Score",
        "future_behaviour",
        "Customer Effort Score in prototype tests from 4 to 6 (of 7, higher is easier)",
        "points",
        "increase",
        4,
        6,
        "outcome",
    ),
    (
        "Future behaviour: early-access email click-through",
        "future_behaviour",
        "Click-through rate of the early-access emails from 2% to 8%",
        "%",
        "increase",
        2,
        8,
        "outcome",
    ),
    (
        "Future behaviour: beta opt-in rate",
        "future_behaviour",
        "Beta opt-in rate among invited accounts from 0% to 30%",
        "%",
        "increase",
        0,
        30,
        "outcome",
    ),
)

#: The templates offered when adding a KR to a discovery objective, process ones first.
TEMPLATES: tuple[KrTemplate, ...] = tuple(
    KrTemplate(
        name,
        discovery_type,
        {
            "title": title,
            "unit": unit,
            "direction": direction,
            "baseline": baseline,
            "target": target,
            "kind": kind,
            "indicator": "leading",
        },
    )
    for name, discovery_type, title, unit, direction, baseline, target, kind in _TEMPLATE_ROWS
)


def template_named(name: str) -> KrTemplate:
    """The template called `name`; `InvalidInput` listing the names otherwise."""
    for template in TEMPLATES:
        if template.name == name:
            return template
    known = "; ".join(t.name for t in TEMPLATES)
    raise InvalidInput(f"no discovery template is called '{name}'; known: {known}")


# -- evidence ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceTally:
    """How the evidence about one KR's assumption stands."""

    supports: int = 0
    refutes: int = 0
    unclear: int = 0
    #: The verdicts of the latest `TREND_WINDOW` findings, oldest first.
    recent: tuple[Verdict, ...] = ()

    @property
    def total(self) -> int:
        return self.supports + self.refutes + self.unclear

    @property
    def trend(self) -> str:
        """Where the latest findings lean: `supports`, `refutes`, `mixed` or `none`."""
        if not self.recent:
            return "none"
        balance = self.recent.count("supports") - self.recent.count("refutes")
        if balance > 0:
            return "supports"
        if balance < 0:
            return "refutes"
        return "mixed"

    @property
    def counts(self) -> str:
        """`+2 −1 ?1`: supporting, refuting and unclear findings."""
        tallies: tuple[tuple[Verdict, int], ...] = (
            ("supports", self.supports),
            ("refutes", self.refutes),
            ("unclear", self.unclear),
        )
        return " ".join(f"{VERDICT_GLYPHS[verdict]}{n}" for verdict, n in tallies)

    @property
    def trend_text(self) -> str:
        """The trend in words, e.g. `leaning supports (+ + −)`; `no evidence yet`."""
        if not self.recent:
            return "no evidence yet"
        glyphs = " ".join(VERDICT_GLYPHS[v] for v in self.recent)
        word = {"supports": "leaning supports", "refutes": "leaning refutes"}.get(
            self.trend, "mixed"
        )
        return f"{word} ({glyphs})"


def tally(evidence: Sequence[Evidence]) -> EvidenceTally:
    """Count the findings by verdict and keep the latest few for the trend."""
    ordered = sorted(evidence, key=lambda e: (e.date, e.created_at))
    counts = Counter(e.verdict for e in ordered)
    return EvidenceTally(
        supports=counts["supports"],
        refutes=counts["refutes"],
        unclear=counts["unclear"],
        recent=tuple(e.verdict for e in ordered[-TREND_WINDOW:]),
    )


# -- deadlines and states ---------------------------------------------------------------------


def kill_by_text(kr: KeyResult, today: date) -> str:
    """`in 12 days`, `today`, `passed 3 days ago: decide`, or `no kill-by date`."""
    if kr.kill_by is None:
        return "no kill-by date"
    days = (kr.kill_by - today).days
    if days > 0:
        return f"{kr.kill_by} (in {count(days, 'day')})"
    if days == 0:
        return f"{kr.kill_by} (today: graduate or kill)"
    return f"{kr.kill_by} (passed {-days} day{'s' if days != -1 else ''} ago: decide)"


def is_overdue(kr: KeyResult, today: date) -> bool:
    """Whether an open discovery KR is past its kill-by date without a decision."""
    return kr.state == "active" and kr.kill_by is not None and kr.kill_by < today


def discovery_state(kr: KeyResult) -> str:
    """`open`, `graduated`, `killed` or `closed`: what became of a discovery KR."""
    if kr.graduated_on is not None:
        return "graduated"
    if kr.state == "active":
        return "open"
    return "killed" if kr.close_reason and kr.score is None else "closed"


def is_killed(kr: KeyResult) -> bool:
    """Whether `kr` was killed: stopped on purpose, so it has no score, takes no check-ins
    and no longer counts in its objective's progress (a graduated KR still counts)."""
    return discovery_state(kr) == "killed"


def is_discovery(kr: KeyResult) -> bool:
    """Whether the KR is (or was, before graduating) a discovery KR."""
    return kr.discovery_type != "none" or kr.graduated_on is not None


# -- graduate and kill ------------------------------------------------------------------------


def graduation_problems(kr: KeyResult) -> list[str]:
    """What stops `kr` from graduating (empty when it may)."""
    if kr.state != "active":
        return [f"{kr.key} is closed already: only an open KR can graduate"]
    if kr.discovery_type == "process":
        return [
            f"{kr.key} is a process KR: it measures how the team learns, not a behaviour, so "
            "it does not graduate; kill or close it once the learning is done"
        ]
    if kr.discovery_type != "future_behaviour":
        return [f"{kr.key} is not a future-behaviour discovery KR: there is nothing to graduate"]
    return []


def graduation_warning(evidence: EvidenceTally) -> str:
    """A caution shown before graduating on thin or contrary evidence ('' when validated)."""
    if evidence.supports == 0:
        return "No evidence supports the assumption yet: graduate only if you have validated it."
    if evidence.trend == "refutes" or evidence.refutes > evidence.supports:
        return f"The evidence leans against the assumption ({evidence.counts}): are you sure?"
    return ""


def graduated_fields(kr: KeyResult, today: date) -> dict[str, Any]:
    """The changes that make `kr` an outcome KR in place: its check-ins and evidence stay
    attached (same record), the assumption stays as the record of what was validated."""
    return {
        "discovery_type": "none",
        "kind": "outcome",
        "kill_by": None,
        "graduated_on": today,
    }


def kill_fields(kr: KeyResult, reason: str, today: date) -> dict[str, Any]:
    """The changes that kill `kr`: closed, unscored, with the reason and the day.

    Raises `InvalidInput` for a closed KR or an empty reason: a kill without a reason
    teaches nobody anything."""
    if kr.state != "active":
        raise InvalidInput(f"{kr.key} is closed already")
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("say why you kill it: the reason is what the team learnt")
    return {"state": "closed", "close_reason": reason, "score": None, "closed_on": today}
