"""Provides `plan_import`: what importing an outline adds to a workspace, and what is there.

Importing matches rather than duplicates, so the same file can be imported again after an
edit: the cycle by its name, an objective by its title within that cycle, a key result by its
title within that objective with the measure at its end set aside (so "Churn below 2%" in the
file is the stored "Churn below 3%" or "Churn"), ignoring case and runs of spaces. Whatever
matches is left as it is in the database, and a note says when its numbers differ; only what
is new is added. Wording never stops an import: a key result whose numbers cannot be read is
imported as its text, with a note naming its line (`unread_notes`). The plan is pure: the
caller stores
`ImportPlan.new_records` (parents first, children pointing at them by id) in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from okrtui.domain.measure import read_measure
from okrtui.domain.models import Cycle, CycleState, KeyResult, ObjectiveState, Record, format_number
from okrtui.domain.outline import (
    Outline,
    OutlineError,
    OutlineKeyResult,
    OutlineObjective,
    title_without_measure,
)
from okrtui.domain.outline_records import ObjectivePlan, records_from_outline

ItemKind = Literal["cycle", "objective", "key result"]


@dataclass(frozen=True)
class PlannedItem:
    """One record of the outline: new (`added`) or matched in the database (then `record` is
    the stored one), with its depth in the outline (cycle 0, objective 1, key result 2)."""

    what: ItemKind
    record: Record
    added: bool
    depth: int


@dataclass(frozen=True)
class ImportPlan:
    """Every record of the outline in order, and notes on what was kept as stored."""

    items: tuple[PlannedItem, ...]
    notes: tuple[str, ...] = ()

    @property
    def new_records(self) -> list[Record]:
        """The records to store, parents before children."""
        return [item.record for item in self.items if item.added]

    def count(self, what: ItemKind, added: bool = True) -> int:
        return sum(1 for item in self.items if item.what == what and item.added == added)


def same_title(a: str, b: str) -> bool:
    """Whether two titles name the same thing: case and runs of spaces aside."""
    return _folded(a) == _folded(b)


def same_key_result(a: str, b: str) -> bool:
    """Whether two key result titles measure the same thing, whatever numbers they state."""
    return same_title(title_without_measure(a), title_without_measure(b))


def _folded(title: str) -> str:
    return " ".join(title.split()).casefold()


def cycle_state(start: date, end: date, today: date) -> CycleState:
    """A new cycle's state: planning before it starts, closed after it ends, else active."""
    if today < start:
        return "planning"
    if today > end:
        return "closed"
    return "active"


def plan_import(
    outline: Outline,
    existing_cycle: Cycle | None,
    existing: Sequence[ObjectivePlan],
    today: date,
) -> ImportPlan:
    """Plan the import of `outline` into a workspace whose cycle of that name (if any) is
    `existing_cycle`, holding the objectives and key results `existing`."""
    _refuse_duplicate_titles(outline)
    notes: list[str] = unread_notes(outline)
    cycle, added = _cycle(outline, existing_cycle, today, notes)
    items = [PlannedItem("cycle", cycle, added, 0)]
    objective_state: ObjectiveState = "draft" if cycle.state == "planning" else "committed"
    records = records_from_outline(outline, cycle.id, objective_state)
    for objective, krs in records.plans:
        match = next((p for p in existing if same_title(p[0].title, objective.title)), None)
        if match is None:
            items.append(PlannedItem("objective", objective, True, 1))
            items += [PlannedItem("key result", kr, True, 2) for kr in krs]
            continue
        stored, stored_krs = match
        items.append(PlannedItem("objective", stored, False, 1))
        for kr in krs:
            found = next((k for k in stored_krs if same_key_result(k.title, kr.title)), None)
            if found is not None:
                items.append(PlannedItem("key result", found, False, 2))
                notes += _differences(found, kr)
            else:
                items.append(
                    PlannedItem(
                        "key result", kr.model_copy(update={"objective_id": stored.id}), True, 2
                    )
                )
    return ImportPlan(tuple(items), tuple(notes))


def unread_notes(outline: Outline) -> list[str]:
    """What the measure reader could not place, by line: such a key result is imported as
    its text, without numbers, and the note says how to write them so they can be read."""
    notes = []
    for objective in outline.objectives:
        for kr in objective.key_results:
            if kr.type == "milestone" or kr.target is not None:
                continue
            unplaced = read_measure(kr.title).unplaced
            if unplaced:
                quoted = ", ".join(f"'{n}'" for n in unplaced)
                notes.append(
                    f"line {kr.line}: '{kr.title}' was imported without numbers: {quoted} could "
                    "not be read as a measure (write it as 'from X to Y', 'at least X', "
                    "'below X' or 'N things')"
                )
    return notes


def _cycle(
    outline: Outline, existing: Cycle | None, today: date, notes: list[str]
) -> tuple[Cycle, bool]:
    """The stored cycle of the outline's name, or a new one from the heading's dates."""
    heading = outline.cycle
    if existing is not None:
        given = (heading.start, heading.end, heading.cadence_days)
        if heading.start is not None and given != (
            existing.start,
            existing.end,
            existing.cadence_days,
        ):
            notes.append(
                f"{existing.name} exists already ({existing.start} → {existing.end}, check-in "
                f"every {existing.cadence_days} days); its dates and cadence were kept"
            )
        return existing, False
    if heading.start is None or heading.end is None:
        raise OutlineError(
            heading.line,
            f"the cycle '{heading.name}' is not in the database yet, so its dates are needed: "
            f"write them in the heading, e.g. '# {heading.name}  (2026-01-05 → 2026-03-29)'",
        )
    cycle = Cycle(
        name=heading.name,
        start=heading.start,
        end=heading.end,
        cadence_days=heading.cadence_days,
        state=cycle_state(heading.start, heading.end, today),
    )
    return cycle, True


def _differences(stored: KeyResult, read: KeyResult) -> list[str]:
    """A note when a matched key result's numbers in the file differ from the stored ones."""
    if _numbers(stored) == _numbers(read):
        return []
    return [
        f"{stored.key} '{stored.title}' is stored with other numbers "
        f"({_numbers(stored)}) than the file's ({_numbers(read)}); the stored ones were kept"
    ]


def _numbers(kr: KeyResult) -> str:
    """What a key result aims at, as far as an outline can say it: `45 → 70 %`,
    `below 2 %`, `a milestone` (a threshold's baseline plays no part)."""
    if kr.type == "milestone":
        return "a milestone"
    if kr.direction in ("stay_above", "stay_below"):
        shown = f"{kr.direction.removeprefix('stay_')} {format_number(kr.target)}"
    else:
        shown = f"{format_number(kr.baseline)} → {format_number(kr.target)}"
    return f"{shown} {kr.unit}".strip()


def _refuse_duplicate_titles(outline: Outline) -> None:
    """Titles identify objectives (and key results within one) on import: no twins."""
    _first_twin(outline.objectives, "objective", _folded)
    for objective in outline.objectives:
        _first_twin(
            objective.key_results,
            f"key result of '{objective.title}'",
            lambda title: _folded(title_without_measure(title)),
        )


def _first_twin(
    items: Sequence[OutlineObjective] | Sequence[OutlineKeyResult],
    what: str,
    key: Callable[[str], str],
) -> None:
    """Raise on the first item whose title (as `key` reads it) repeats an earlier one's."""
    seen: dict[str, int] = {}
    for item in items:
        title = key(item.title)
        if title in seen:
            raise OutlineError(
                item.line,
                f"a second {what} is called '{item.title}' (the first is on line "
                f"{seen[title]}): import matches by title, so give each its own",
            )
        seen[title] = item.line
