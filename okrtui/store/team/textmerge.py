"""Provides three-way merges of single field values: multi-line text, sets and keyed lists.

The record merge calls these when both sides changed one field differently, before declaring
a conflict: a note edited on line 1 by one person and on line 5 by another keeps both edits,
a tag added on one side and another removed on the other both apply, and a bet's expected
impacts merge per key result. Each function says when it cannot merge (None, or a flag) so
the caller records a conflict instead of guessing. Pure functions; no git needed.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

Hunk = tuple[int, int, list[str]]


def _hunks(base: list[str], side: list[str]) -> list[Hunk]:
    """The changes turning `base` into `side`: (first base line, end, replacement lines)."""
    matcher = SequenceMatcher(None, base, side, autojunk=False)
    return [
        (i1, i2, side[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


def merge_lines(base: str, ours: str, theirs: str) -> str | None:
    """Both sides' line edits applied to `base`, or None where they touch the same lines.

    Like diff3, but stricter: edits on adjacent lines, or insertions at the same place, also
    count as touching, since guessing their order could garble a sentence.
    """
    b = base.splitlines(keepends=True)
    ours_hunks = _hunks(b, ours.splitlines(keepends=True))
    theirs_hunks = _hunks(b, theirs.splitlines(keepends=True))
    for o_start, o_end, o_lines in ours_hunks:
        for t_start, t_end, t_lines in theirs_hunks:
            same = (o_start, o_end, o_lines) == (t_start, t_end, t_lines)
            if not same and o_start <= t_end and t_start <= o_end:
                return None
    hunks = sorted({(start, end, tuple(lines)) for start, end, lines in ours_hunks + theirs_hunks})
    out: list[str] = []
    position = 0
    for start, end, lines in hunks:
        out.extend(b[position:start])
        out.extend(lines)
        position = end
    out.extend(b[position:])
    return "".join(out)


def is_scalar_list(*values: Any) -> bool:
    """Whether every value is a list of hashable JSON scalars (a set-like field)."""
    return all(
        isinstance(v, list) and all(isinstance(x, str | int | float | bool) or x is None for x in v)
        for v in values
    )


def merge_set(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """(ours ∪ theirs) minus what either side removed, in ours' order then theirs' additions."""
    removed = (set(base) - set(ours)) | (set(base) - set(theirs))
    merged = [x for x in ours if x not in removed]
    merged += [x for x in theirs if x not in removed and x not in merged]
    return merged


def keyed_by(field: str, *values: Any) -> bool:
    """Whether every value is a list of objects that each carry a distinct `field`."""
    for value in values:
        if not isinstance(value, list) or not all(
            isinstance(x, dict) and isinstance(x.get(field), str) for x in value
        ):
            return False
        if len({x[field] for x in value}) != len(value):
            return False
    return True


def merge_keyed(
    base: list[dict[str, Any]],
    ours: list[dict[str, Any]],
    theirs: list[dict[str, Any]],
    field: str,
    prefer_theirs: bool,
) -> tuple[list[dict[str, Any]], bool]:
    """Merge lists of objects matched by `field` (a bet's impacts by key result).

    Returns the merged list and whether some item was changed on both sides differently, or
    removed on one side and changed on the other: then the preferred side's item stays (an
    edit beats a removal) and the caller records a conflict.
    """
    b = {x[field]: x for x in base}
    o = {x[field]: x for x in ours}
    t = {x[field]: x for x in theirs}
    conflicted = False
    merged: list[dict[str, Any]] = []
    for name in [*o, *(n for n in t if n not in o)]:
        mine, other, old = o.get(name), t.get(name), b.get(name)
        if mine is None or other is None:
            present = mine if mine is not None else t[name]  # a name comes from one side
            if old is None:
                merged.append(present)  # added on one side
            elif present != old:
                conflicted = True  # removed on one side, changed on the other: keep it
                merged.append(present)
            continue
        if mine == other or other == old:
            merged.append(mine)
        elif mine == old:
            merged.append(other)
        else:
            conflicted = True
            merged.append(other if prefer_theirs else mine)
    return merged, conflicted
