"""`okrtui import FILE [--dry-run]`: add an outline's cycle, objectives and key results.

Importing matches instead of duplicating (`okrtui.domain.outline_import`): the cycle by name,
objectives by title within it, key results by title within their objective. What matches is
left as stored; what is new is added in one transaction, so a failed import adds nothing.
The same file can be imported again after an edit, and only the new lines are added.

It prints what it added, `+` new and `=` already there, with the keys the new records got:

    Imported plan.md into /home/maria/.local/share/okrtui/okrtui.json:
    + cycle C-2 2026-Q1 (2026-01-05 → 2026-03-29, check-in every 7 days)
      + objective O-4 Improve onboarding so new users reach value faster
        + key result KR-10 Onboarding completion rate (45 → 70 %)
    Added 1 cycle, 1 objective, 1 key result.

With `--dry-run` it prints what it would add and changes nothing (a database that does not
exist yet is not created).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from okrtui.commands.common import Subparsers, clock_from_env
from okrtui.commands.formatting import threshold, with_unit
from okrtui.commands.outline_file import label_of, read_outline
from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Cycle, KeyResult, Objective, format_number
from okrtui.domain.outline import Outline, OutlineError, title_without_measure
from okrtui.domain.outline_import import (
    ImportPlan,
    ItemKind,
    PlannedItem,
    plan_import,
    same_title,
)
from okrtui.domain.wording import count
from okrtui.store.repository import Repository

_NOUNS: dict[ItemKind, str] = {
    "cycle": "cycle",
    "objective": "objective",
    "key result": "key result",
}


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `import` parser; `parents` carry the global options (`--db`)."""
    parser = subparsers.add_parser(
        "import",
        parents=parents,
        help="add the cycle, objectives and key results of a Markdown outline",
        description=(
            "Add an outline's cycle, objectives and key results to the database. The cycle is "
            "matched by name, objectives and key results by title, so importing the same file "
            "again adds only what is new."
        ),
        epilog="see 'okrtui lint' to check an outline first",
    )
    parser.add_argument("file", metavar="FILE", help="a Markdown outline ('-' for standard input)")
    parser.add_argument(
        "--dry-run",
        "-n",
        action="store_true",
        help="print what would be added and change nothing",
    )
    parser.set_defaults(run=run, needs_existing_db=False, needs_db=needs_db)


def needs_db(args: argparse.Namespace, path: Path) -> bool:
    """A dry run against a database that does not exist yet must not create it."""
    return not (args.dry_run and not path.exists())


def run(args: argparse.Namespace, repo: Repository | None) -> int:
    """Plan the import, then store it (or, with --dry-run, only describe it)."""
    outline = read_outline(args.file)
    label = label_of(args.file)
    try:
        plan = plan_for(outline, repo)
    except OutlineError as exc:  # twin titles, a new cycle without dates
        raise InvalidInput(f"{label}: {exc}") from None
    where = repo.path if repo is not None else "a new database"
    if args.dry_run:
        print(f"Would import {label} into {where}:")
        print("\n".join(describe(plan, {})))
        print(totals(plan, "Would add"))
        return 0
    assert repo is not None
    stored = repo.add_workspace(plan.new_records) if plan.new_records else []
    keys = {record.id: record.key for record in stored}
    print(f"Imported {label} into {where}:")
    print("\n".join(describe(plan, keys)))
    print(totals(plan, "Added"))
    return 0


def plan_for(outline: Outline, repo: Repository | None) -> ImportPlan:
    """The import plan of `outline` against what `repo` holds (nothing when None)."""
    if repo is None:
        return plan_import(outline, None, [], clock_from_env().today())
    cycle = next((c for c in repo.cycles() if same_title(c.name, outline.cycle.name)), None)
    existing = [(o, tuple(repo.key_results(o))) for o in repo.objectives(cycle)] if cycle else []
    return plan_import(outline, cycle, existing, repo.today())


def describe(plan: ImportPlan, keys: dict[str, str]) -> list[str]:
    """One line per record, `+` new (with its new key, once stored) or `=` already there."""
    lines = []
    for item in plan.items:
        mark = "+" if item.added else "="
        key = keys.get(item.record.id, "") if item.added else item.record.key
        label = " ".join(part for part in (_NOUNS[item.what], key, _title(item)) if part)
        there = "" if item.added else " (already there)"
        lines.append(f"{'  ' * item.depth}{mark} {label}{there}")
    lines += [f"note: {note}" for note in plan.notes]
    return lines


def _title(item: PlannedItem) -> str:
    """What a line shows of a record: a cycle's dates, a key result's measure."""
    record = item.record
    if isinstance(record, Cycle):
        return (
            f"{record.name} ({record.start} → {record.end}, check-in every "
            f"{record.cadence_days} days)"
        )
    if isinstance(record, KeyResult):
        return f"{record.title}{_measure(record)}"
    assert isinstance(record, Objective)
    return record.title


def _measure(kr: KeyResult) -> str:
    """` (45 → 70 %)`, ` (≤ 2 %)`, ` (milestone)`, or `` without numbers or when the title
    states them already."""
    if kr.type == "milestone":
        return " (milestone)"
    if title_without_measure(kr.title) != kr.title.strip():
        return ""
    if kr.direction in ("stay_above", "stay_below") and kr.target is not None:
        return f" ({with_unit(threshold(kr), kr.unit)})"
    if kr.baseline is not None and kr.target is not None:
        moved = f"{format_number(kr.baseline)} → {format_number(kr.target)}"
        return f" ({with_unit(moved, kr.unit)})"
    if kr.target is not None:
        return f" (target {with_unit(format_number(kr.target), kr.unit)}, no baseline yet)"
    return ""


def totals(plan: ImportPlan, verb: str) -> str:
    """`Added 1 cycle, 2 objectives, 5 key results; 1 objective was already there.`"""
    added = [count(plan.count(what), noun) for what, noun in _NOUNS.items() if plan.count(what)]
    kept = [
        count(plan.count(what, added=False), noun)
        for what, noun in _NOUNS.items()
        if plan.count(what, added=False)
    ]
    if not added:
        return "Nothing new: every item is already there."
    line = f"{verb} {', '.join(added)}"
    if kept:
        line += f"; already there: {', '.join(kept)}"
    return line + "."
