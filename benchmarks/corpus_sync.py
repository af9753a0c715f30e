"""Copies real published OKRs into the repository's test corpus (`python -m benchmarks.corpus_sync
SRC_DIR...`): `tests/domain/data/real_okrs/krs.tsv` and `objectives.tsv`.

Each source folder holds `krs.tsv` and `objectives.tsv` with the columns of
`tests/domain/data/real_okrs/README.md`, optionally with a `family` column (the publisher: one family
per organisation or author, so that leave-one-family-out figures say how the coach does on a
publisher it was not tuned on). Rows without a family get one from their source. Rows are
deduplicated by their text (and objective id); the corpus' own `review` column, where a label
was changed on review (see the folder's README), is kept for rows already there.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

CORPUS = Path(__file__).parents[1] / "tests" / "domain" / "data" / "real_okrs"
KR_COLUMNS = [
    "kind",
    "measurable",
    "baseline",
    "target",
    "unit",
    "direction",
    "objective",
    "text",
    "source",
    "source_id",
    "objective_id",
    "note",
    "output_form",
    "family",
    "review",
]
OBJECTIVE_COLUMNS = [
    "objective_id",
    "is_task",
    "objective",
    "source",
    "source_id",
    "note",
    "family",
    "review",
]

#: Publishers of the development set, recognised in its `source` column.
_FAMILIES = (
    ("sourcegraph", "sourcegraph"),
    ("veterans affairs", "va-gov"),
    ("best pm jobs", "practitioners"),
    ("coursera", "practitioners"),
    ("uxcel", "practitioners"),
    ("weekdone", "practitioners"),
)


def family_of(row: dict[str, str]) -> str:
    if row.get("family"):
        return row["family"].strip()
    source = row.get("source", "").lower()
    return next((family for needle, family in _FAMILIES if needle in source), "other")


def read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [{k: (v or "").replace('\\"', '"') for k, v in r.items() if k} for r in rows]


def write_tsv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join(columns) + "\n")
        for row in rows:
            cells = [" ".join(str(row.get(c) or "").split()) for c in columns]
            handle.write("\t".join(cells) + "\n")


def merge(name: str, columns: list[str], key: tuple[str, ...], sources: list[Path]) -> int:
    existing = read_tsv(CORPUS / name)
    reviewed = {tuple(r[k] for k in key): r for r in existing if r.get("review")}
    rows: dict[tuple[str, ...], dict[str, str]] = {}
    for source in sources:
        for row in read_tsv(source / name):
            row["family"] = family_of(row)
            ident = tuple(row.get(k, "") for k in key)
            if ident in rows:
                continue
            rows[ident] = reviewed.get(ident, row)
    for ident, row in reviewed.items():  # rows reviewed earlier stay even if a source moved
        rows.setdefault(ident, row)
    write_tsv(CORPUS / name, columns, list(rows.values()))
    return len(rows)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m benchmarks.corpus_sync SRC_DIR...", file=sys.stderr)
        return 2
    sources = [Path(a) for a in argv]
    CORPUS.mkdir(parents=True, exist_ok=True)
    krs = merge("krs.tsv", KR_COLUMNS, ("text", "objective_id", "source_id"), sources)
    objectives = merge("objectives.tsv", OBJECTIVE_COLUMNS, ("objective", "source_id"), sources)
    print(f"{krs} key results, {objectives} objectives in {CORPUS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
