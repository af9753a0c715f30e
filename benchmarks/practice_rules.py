"""Precision (and recall) of the practice's coach rules on their labelled examples.

`python -m benchmarks.practice_rules [FILE] [--real KRS.tsv]` prints one line per rule: how
many examples it has (real published phrasings and invented ones), how often it fired rightly
and wrongly, its precision (of the times it fired, how often it should have) and recall.
`figures()` is the entry point the coach's `make coach-report` can call to add these rows to
its own. With `--real` (a `krs.tsv` of real published OKRs, such as shared/data/real-okrs), it
also lists every statement `vanity-metric` and `outside-influence` fire on there (as a team
KR), so a person can judge those firings on data the examples were not written for.

The examples live in `tests/domain/data/practice_rules.json`: each names its rule, whether
it should fire, the statement(s) and its source ("invented" for ones written here).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.practice_rules import (
    outside_influence,
    recycled_kpi,
    unbalanced_set,
    vanity_metric,
)

EXAMPLES = Path(__file__).parent.parent / "tests" / "domain" / "data" / "practice_rules.json"


@dataclass(frozen=True)
class Figure:
    """How one rule did on its examples."""

    rule: str
    examples: int
    real: int
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float | None:
        fired = self.true_positives + self.false_positives
        return self.true_positives / fired if fired else None

    @property
    def recall(self) -> float | None:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else None

    def line(self) -> str:
        def pct(value: float | None) -> str:
            return "  n/a" if value is None else f"{value * 100:4.0f} %"

        return (
            f"{self.rule:<18} {self.examples:>3} examples ({self.real} real)  "
            f"precision {pct(self.precision)}  recall {pct(self.recall)}  "
            f"(false alarms {self.false_positives}, missed {self.false_negatives})"
        )


def _kr(fields: dict[str, Any] | str, key: str = "") -> KeyResult:
    if isinstance(fields, str):
        fields = {"title": fields}
    return KeyResult(objective_id="o", key=key, **fields)


def fires(case: dict[str, Any]) -> bool:
    """Whether the case's rule fires on it."""
    rule = case["rule"]
    if rule == "vanity-metric":
        return vanity_metric(_kr(case["kr"]), "") is not None
    if rule == "outside-influence":
        return outside_influence(_kr(case["kr"]), case["level"], "") is not None
    if rule == "unbalanced-set":
        objective = Objective(cycle_id="c", title=case["objective"])
        return unbalanced_set(objective, [_kr(t) for t in case["krs"]], "") is not None
    if rule == "recycled-kpi":
        previous = [_kr(p, f"KR-{n}") for n, p in enumerate(case["previous"], start=1)]
        return recycled_kpi(_kr(case["kr"]), previous, "last cycle", "") is not None
    raise ValueError(f"no rule {rule!r}")


def figures(cases: Sequence[dict[str, Any]] | None = None) -> list[Figure]:
    """One `Figure` per rule, in the order the rules first appear in the examples."""
    if cases is None:
        cases = json.loads(EXAMPLES.read_text(encoding="utf-8"))
    rules = list(dict.fromkeys(c["rule"] for c in cases))
    found = []
    for rule in rules:
        mine = [c for c in cases if c["rule"] == rule]
        outcomes = [(fires(c), bool(c["fires"])) for c in mine]
        found.append(
            Figure(
                rule,
                len(mine),
                sum(1 for c in mine if c["source"] != "invented" and "invented" not in c["source"]),
                sum(1 for got, want in outcomes if got and want),
                sum(1 for got, want in outcomes if got and not want),
                sum(1 for got, want in outcomes if want and not got),
            )
        )
    return found


def real_firings(krs_tsv: Path) -> list[tuple[str, str]]:
    """(rule, statement) for each KR of a tab-separated file with a `text` column that
    `vanity-metric` or `outside-influence` (read as a team KR) fires on."""
    lines = krs_tsv.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    column = header.index("text")
    found = []
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) <= column or not cells[column].strip():
            continue
        kr = _kr(cells[column].strip())
        if vanity_metric(kr, ""):
            found.append(("vanity-metric", kr.title))
        if outside_influence(kr, "team", ""):
            found.append(("outside-influence", kr.title))
    return found


def main(argv: Sequence[str] = ()) -> int:
    args = list(argv)
    real = None
    if "--real" in args:
        at = args.index("--real")
        real = Path(args[at + 1])
        del args[at : at + 2]
    path = Path(args[0]) if args else EXAMPLES
    cases = json.loads(path.read_text(encoding="utf-8"))
    print(f"practice rules on {path.name}:")
    for figure in figures(cases):
        print("  " + figure.line())
    if real is not None:
        total = len(real.read_text(encoding="utf-8").splitlines()) - 1
        firings = real_firings(real)
        print(f"fired on {len(firings)} of {total} key results in {real}:")
        for rule, text in firings:
            print(f"  {rule:<18} {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
