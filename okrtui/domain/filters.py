"""Provides the dashboard's filter language: `owner:maria team:growth status:stale onboarding`.

`field:value` terms narrow by a field (several values of one field, `status:stale,at_risk` or
repeated terms, mean either); bare words must all appear in the KR's or its objective's title
or key. Terms of different fields must all hold.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.progress import KrSnapshot

#: Each field and what it reads: from the KR, its objective, or both.
FIELDS = ("owner", "team", "level", "mode", "status", "kind", "indicator", "type")


def _norm(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


@dataclass(frozen=True)
class Filter:
    """A parsed query; the empty filter matches everything."""

    text: str = ""
    terms: dict[str, frozenset[str]] = field(default_factory=dict)
    words: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.terms or self.words)

    def matches(self, objective: Objective, snap: KrSnapshot) -> bool:
        """Whether a KR (with its objective) passes every term of the filter."""
        kr = snap.kr
        values = _field_values(objective, kr, snap)
        for name, wanted in self.terms.items():
            if not values[name] & wanted:
                return False
        haystack = f"{kr.key} {kr.title} {objective.key} {objective.title}".lower()
        return all(word in haystack for word in self.words)


def _field_values(objective: Objective, kr: KeyResult, snap: KrSnapshot) -> dict[str, set[str]]:
    return {
        "owner": {_norm(kr.owner), _norm(objective.owner)} - {""},
        "team": {_norm(objective.team)},
        "level": {objective.level},
        "mode": {objective.mode},
        "status": {snap.status},
        "kind": {kr.kind},
        "indicator": {kr.indicator},
        "type": {kr.type},
    }


def parse_filter(query: str) -> Filter:
    """Parse a query; `InvalidInput` names an unknown field and lists the known ones."""
    terms: dict[str, set[str]] = defaultdict(set)
    words: list[str] = []
    for token in query.split():
        name, colon, value = token.partition(":")
        if not colon:
            words.append(token.lower())
            continue
        name = name.lower()
        if name not in FIELDS:
            raise InvalidInput(
                f"unknown filter field '{name}': use one of {', '.join(FIELDS)} (e.g. owner:maria)"
            )
        if not value:
            raise InvalidInput(f"'{token}' needs a value after the colon (e.g. {name}:…)")
        terms[name].update(_norm(v) for v in value.split(",") if v)
    return Filter(
        text=" ".join(query.split()),
        terms={name: frozenset(values) for name, values in terms.items()},
        words=tuple(words),
    )
