"""How the coach and the measure reader do on OKRs people really wrote (`make coach-report`).

Reads the hand-labelled corpus in `tests/domain/data/real_okrs/` (key results and objectives
that organisations published, each with its source and publisher family; see its README) and
prints, overall, per family and leave-one-family-out:

- `output-kr`: accuracy, precision and recall of "this key result is an output" (ambiguous
  rows left out);
- `not-measurable`: how often the finding agrees with the label (fires exactly on the rows
  labelled not measurable);
- the measure reader on rows that state one target: target, baseline, unit, direction and
  all four right;
- `objective-is-task`: accuracy on objectives labelled task or not;
- import refusals: key results an outline import would refuse for their wording;
- the cost of coaching one key result (read, classify, judge), in microseconds.

Leave-one-family-out: the classifier and the reader fit nothing to the corpus (no weights,
no thresholds, no words taken from rows: see `okrtui/domain/classify_words.py`), so scoring a
family "without it" changes nothing and the per-family figures are the leave-one-family-out
figures. What can still be tuned to rows is the person writing the rules; so the corpus'
`families.tsv` records which families were read while the rules were written ("tuned") and
which arrived afterwards and were only measured ("held out"); the report sums both groups.
The tests in `tests/domain/test_real_corpus.py` hold the thresholds.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from okrtui.domain.classify import classify
from okrtui.domain.coach import coach_key_result, coach_objective
from okrtui.domain.errors import OkrError
from okrtui.domain.measure import read_measure, read_numbers
from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.outline import parse_outline
from okrtui.domain.outline_import import plan_import
from okrtui.domain.outline_records import key_result_fields

CORPUS = Path(__file__).parents[1] / "tests" / "domain" / "data" / "real_okrs"


def read_rows(name: str, folder: Path = CORPUS) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


# -- what the coach says about one row --------------------------------------------------------


def key_result_of(text: str) -> KeyResult:
    """The key result `okrtui lint` and `okrtui import` make of a bullet with this text."""
    bullet = parse_outline(f"# Q\n## O\n- {text}\n").objectives[0].key_results[0]
    return KeyResult(**key_result_fields(bullet), objective_id="outline")


def rules_fired(text: str) -> set[str]:
    return {f.rule for f in coach_key_result(key_result_of(text), "")}


def objective_rules(text: str) -> set[str]:
    return {f.rule for f in coach_objective(Objective(title=text, cycle_id="c"), [])}


def refused(text: str) -> str:
    """Why importing a one-line outline with this key result fails, or ``."""
    try:
        outline = parse_outline(f"# 2026-Q1  (2026-01-05 → 2026-03-29)\n## O\n- {text}\n")
        from datetime import date

        plan_import(outline, None, [], date(2026, 1, 10))
    except OkrError as error:
        return str(error)
    return ""


# -- scoring ----------------------------------------------------------------------------------


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


_UNIT_SYNONYMS = {
    "seconds": "s",
    "second": "s",
    "sec": "s",
    "secs": "s",
    "hours": "h",
    "hour": "h",
    "hr": "h",
    "hrs": "h",
    "minutes": "min",
    "minute": "min",
    "mins": "min",
    "points": "pts",
    "point": "pts",
    "pt": "pts",
    "percent": "%",
    "times": "x",
    "×": "x",
    "usd": "$",
    "milliseconds": "ms",
    "day": "days",
    "week": "weeks",
    "month": "months",
}


def normal_unit(unit: str) -> str:
    unit = unit.strip().lower().replace(" per ", "/").replace("-", " ")
    if unit in ("-", "none"):
        return ""
    unit = _UNIT_SYNONYMS.get(unit, unit)
    words = [
        "/".join(p[:-1] if p.endswith("s") and len(p) > 3 else p for p in w.split("/"))
        for w in unit.split(" ")
    ]
    return " ".join(words)


def same_unit(read: str, label: str) -> bool:
    """The label's unit, allowing the read unit a qualifier ("existing customers" for
    "customers", "business days" for "days") or a grain ("$/month" for "$")."""
    a, b = normal_unit(read), normal_unit(label)
    if a == b:
        return True
    if not a or not b:
        return False
    return a.endswith(" " + b) or a.startswith(b + "/") or b.endswith(" " + a)


def direction_right(read: str | None, milestone: bool, label: str) -> bool:
    accepted = set(label.split("/"))
    if milestone:
        return "milestone" in accepted
    if read is None:
        return "none" in accepted or ("milestone" in accepted and False)
    return read in accepted


@dataclass
class Counts:
    """Hits out of totals for every figure the report prints."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    nm_agree: int = 0
    nm_rows: int = 0
    one_target: int = 0
    target: int = 0
    baseline: int = 0
    unit: int = 0
    direction: int = 0
    all_four: int = 0
    objectives: int = 0
    objective_right: int = 0
    refusals: int = 0
    krs: int = 0

    def ratio(self, hits: int, total: int) -> float:
        return hits / total if total else float("nan")

    @property
    def accuracy(self) -> float:
        return self.ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn)

    @property
    def precision(self) -> float:
        return self.ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.ratio(self.tp, self.tp + self.fn)

    def figures(self) -> dict[str, float]:
        return {
            "output accuracy": self.accuracy,
            "output precision": self.precision,
            "output recall": self.recall,
            "not-measurable agreement": self.ratio(self.nm_agree, self.nm_rows),
            "target": self.ratio(self.target, self.one_target),
            "baseline": self.ratio(self.baseline, self.one_target),
            "unit": self.ratio(self.unit, self.one_target),
            "direction": self.ratio(self.direction, self.one_target),
            "all four": self.ratio(self.all_four, self.one_target),
            "objective-is-task accuracy": self.ratio(self.objective_right, self.objectives),
            "import refusals": float(self.refusals),
        }


@dataclass(frozen=True)
class Miss:
    figure: str
    text: str
    detail: str


def score_krs(rows: Iterable[dict[str, str]], counts: Counts, misses: list[Miss]) -> None:
    for row in rows:
        text = row["text"]
        counts.krs += 1
        if why := refused(text):
            counts.refusals += 1
            misses.append(Miss("refusal", text, why))
            continue
        verdict = classify(text)
        if row["kind"] in ("outcome", "output"):
            said, truth = verdict.is_output, row["kind"] == "output"
            if said and truth:
                counts.tp += 1
            elif said:
                counts.fp += 1
                misses.append(Miss("output-kr false alarm", text, verdict.reason))
            elif truth:
                counts.fn += 1
                misses.append(Miss("output-kr missed", text, verdict.reason))
            else:
                counts.tn += 1
        if row["measurable"] in ("yes", "no"):
            counts.nm_rows += 1
            fired = "not-measurable" in rules_fired(text)
            if fired == (row["measurable"] == "no"):
                counts.nm_agree += 1
            else:
                misses.append(
                    Miss(
                        "not-measurable " + ("fired" if fired else "silent"),
                        text,
                        read_measure(text).describe() or "nothing read",
                    )
                )
        _score_measure(row, counts, misses)


def _score_measure(row: dict[str, str], counts: Counts, misses: list[Miss]) -> None:
    target = _number(row["target"])
    if target is None:
        return
    counts.one_target += 1
    measure = read_measure(row["text"])
    baseline = _number(row["baseline"])
    checks = {
        "target": measure.target is not None and abs(measure.target - target) < 1e-9,
        "baseline": measure.baseline == baseline,
        "unit": same_unit(measure.unit, row["unit"]),
        "direction": direction_right(
            measure.direction, measure.type == "milestone", row["direction"]
        ),
    }
    for name, right in checks.items():
        setattr(counts, name, getattr(counts, name) + right)
    if all(checks.values()):
        counts.all_four += 1
    else:
        wrong = ", ".join(n for n, ok in checks.items() if not ok)
        misses.append(
            Miss(
                f"measure ({wrong})",
                row["text"],
                f"read {measure.describe() or 'nothing'}; label {row['baseline']} "
                f"→ {row['target']} {row['unit']} {row['direction']}",
            )
        )


def score_objectives(rows: Iterable[dict[str, str]], counts: Counts, misses: list[Miss]) -> None:
    for row in rows:
        if row["is_task"] not in ("yes", "no"):
            continue
        counts.objectives += 1
        said = "objective-is-task" in objective_rules(row["objective"])
        if said == (row["is_task"] == "yes"):
            counts.objective_right += 1
        else:
            reason = classify(row["objective"]).reason
            misses.append(
                Miss(
                    "objective-is-task " + ("false alarm" if said else "missed"),
                    row["objective"],
                    reason,
                )
            )


def evaluate(
    krs: Sequence[dict[str, str]], objectives: Sequence[dict[str, str]]
) -> tuple[Counts, list[Miss]]:
    counts, misses = Counts(), []
    score_krs(krs, counts, misses)
    score_objectives(objectives, counts, misses)
    return counts, misses


def families(rows: Iterable[dict[str, str]]) -> list[str]:
    return sorted({row["family"] for row in rows})


def by_family(krs, objectives) -> dict[str, Counts]:
    return {
        family: evaluate(
            [r for r in krs if r["family"] == family],
            [r for r in objectives if r["family"] == family],
        )[0]
        for family in families([*krs, *objectives])
    }


def read_families(folder: Path = CORPUS) -> dict[str, str]:
    """family → `tuned` (read while the rules were written) or `held out` (only measured)."""
    path = folder / "families.tsv"
    if not path.exists():
        return {}
    rows = read_rows(path.name, folder)
    return {row["family"]: row["status"] for row in rows}


def by_status(krs, objectives, statuses: dict[str, str]) -> dict[str, Counts]:
    """The figures of the tuned families together, and of the held-out ones together."""
    groups = {}
    for status in ("tuned", "held out"):
        names = {f for f, s in statuses.items() if s == status}
        if names:
            groups[status] = evaluate(
                [r for r in krs if r["family"] in names],
                [r for r in objectives if r["family"] in names],
            )[0]
    return groups


def cost_per_kr(texts: Sequence[str], rounds: int = 5) -> float:
    """Microseconds to coach one key result from its title (read + classify + judge), each
    title read afresh as on a keystroke (the readers' caches emptied first); best of
    `rounds`."""
    krs = [KeyResult(title=t, objective_id="o") for t in texts]
    best = float("inf")
    for _ in range(rounds):
        for cached in (read_numbers, read_measure, classify):
            cached.cache_clear()
        start = time.perf_counter()
        for kr in krs:
            coach_key_result(kr, "")
        best = min(best, time.perf_counter() - start)
    return best / len(krs) * 1e6


# -- printing ---------------------------------------------------------------------------------

_SHOWN = (
    "output accuracy",
    "output precision",
    "output recall",
    "not-measurable agreement",
    "target",
    "all four",
    "unit",
    "direction",
    "baseline",
    "objective-is-task accuracy",
    "import refusals",
)
_SHORT = (
    "out acc",
    "out prec",
    "out rec",
    "not-meas",
    "target",
    "all 4",
    "unit",
    "dir",
    "base",
    "obj-task",
    "refused",
)


def table(rows: dict[str, Counts], sizes: dict[str, str]) -> list[str]:
    head = f"{'':28} {'rows':>9} " + " ".join(f"{s:>8}" for s in _SHORT)
    lines = [head]
    for name, counts in rows.items():
        figures = counts.figures()
        cells = []
        for key in _SHOWN:
            value = figures[key]
            cells.append(
                f"{int(value):>8}"
                if key == "import refusals"
                else ("     n/a" if value != value else f"{value:>8.1%}")
            )
        lines.append(f"{name:28} {sizes[name]:>9} " + " ".join(cells))
    return lines


def size(counts: Counts) -> str:
    return f"{counts.krs}/{counts.objectives}"


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="coach-report", description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list every row it gets wrong")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(list(argv))
    krs, objectives = read_rows("krs.tsv", args.corpus), read_rows("objectives.tsv", args.corpus)
    overall, misses = evaluate(krs, objectives)
    statuses = read_families(args.corpus)
    rows = {"overall": overall}
    rows |= {
        f"  {status} families": c for status, c in by_status(krs, objectives, statuses).items()
    }
    rows |= {
        f"  {family}{'' if statuses.get(family, 'tuned') == 'tuned' else ' (held out)'}": counts
        for family, counts in by_family(krs, objectives).items()
    }
    print(
        f"Coach on real published OKRs: {len(krs)} key results, {len(objectives)} objectives"
        f" ({len(families([*krs, *objectives]))} publisher families)"
    )
    print(
        f"'target'…'base': on the {overall.one_target} key results that state one target. "
        "Nothing is fitted to rows, so each family's row is also its leave-one-family-out "
        "figure; 'held out' families were only measured, never read while writing the rules."
    )
    print("\n".join(table(rows, {name: size(c) for name, c in rows.items()})))
    print(f"\ncost of coaching one key result: {cost_per_kr([r['text'] for r in krs]):.0f} µs")
    if args.misses:
        print()
        for miss in sorted(misses, key=lambda m: m.figure):
            print(f"{miss.figure:34} {miss.text[:90]!r}\n{'':34} {miss.detail[:140]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
