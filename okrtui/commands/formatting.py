"""Provides the plain-text formatting the sub-commands share: percentages, readings of a KR,
progress phrases and bars, statuses in words, counts, and aligned tables.

Kept in one place so that `checkin`, `status` and `sample` say the same thing the same way.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date

from okrtui.domain.models import KeyResult, format_number
from okrtui.domain.progress import STATUS_LABELS, Status, clamp

#: Shown where there is no value.
NONE = "–"
BAR_WIDTH = 10


def percent(progress: float | None) -> str:
    """`0.4` → `40 %`, clamped to 0–100 % as progress is shown; `–` for None."""
    if progress is None:
        return NONE
    return f"{round(clamp(progress) * 100)} %"


def bar(progress: float | None, width: int = BAR_WIDTH) -> str:
    """A text progress bar such as `████░░░░░░`; blank for None."""
    if progress is None:
        return " " * width
    filled = round(clamp(progress) * width)
    return "█" * filled + "░" * (width - filled)


def with_unit(text: str, unit: str) -> str:
    """`55` and `%` → `55 %`; the text alone when there is no unit."""
    return f"{text} {unit}" if unit else text


def amount(kr: KeyResult, value: float | None) -> str:
    """A single reading of `kr` without its unit: `55`, or `done` / `not done` for milestones."""
    if kr.type == "milestone" and value is not None:
        return "done" if value >= 1 else "not done"
    return format_number(value)


def change(kr: KeyResult, old: float | None, new: float) -> str:
    """A check-in's move, unit once at the end: `52 → 55 %`; `not done → done` (a milestone
    with no reading yet was not done)."""
    if kr.type == "milestone":
        return f"{amount(kr, old or 0)} → {amount(kr, new)}"
    return with_unit(f"{amount(kr, old)} → {amount(kr, new)}", kr.unit)


def threshold(kr: KeyResult) -> str:
    """What `kr` aims at: `70`, `≥ 30` for stay_above, `≤ 2` for stay_below, `done`."""
    if kr.type == "milestone":
        return "done"
    sign = {"stay_above": "≥ ", "stay_below": "≤ "}.get(kr.direction, "")
    return sign + format_number(kr.target)


def reading(kr: KeyResult, value: float | None) -> str:
    """Current value against the target: `55 / 70 %`, `31 / ≥ 30 %`; milestones in words."""
    if kr.type == "milestone":
        return amount(kr, value) if value is not None else NONE
    return with_unit(f"{amount(kr, value)} / {threshold(kr)}", kr.unit)


def progress_phrase(kr: KeyResult, progress: float | None) -> str:
    """Progress in words, fitted to the KR's kind: `40 % of the way`, `holds ≥ 30 %`."""
    if progress is None:
        return "progress unknown (the key result needs a baseline and a target)"
    if kr.type == "milestone":
        return "done" if progress >= 1 else "not done yet"
    if kr.direction in ("stay_above", "stay_below"):
        verb = "holds" if progress >= 1 else "misses"
        return f"{verb} {with_unit(threshold(kr), kr.unit)}"
    return f"{percent(progress)} of the way"


def status_words(status: Status) -> str:
    """A status as people read it (`on track`, `stale`), never a colour or code."""
    return STATUS_LABELS[status]


def since(day: date | None, today: date) -> str:
    """`2026-11-20 (3 days ago)`, `… (today)`, or `never`."""
    if day is None:
        return "never"
    days = (today - day).days
    if days == 0:
        ago = "today"
    elif days == 1:
        ago = "yesterday"
    else:
        ago = f"{days} days ago"
    return f"{day.isoformat()} ({ago})"


def char_width(char: str) -> int:
    """Terminal cells `char` takes: 2 for wide (CJK, most emoji), 0 for combining marks and
    zero-width joiners and variation selectors, else 1."""
    if unicodedata.combining(char) or char in "\u200d\ufe0e\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal cells `text` takes (see `char_width`)."""
    return sum(char_width(c) for c in text)


def truncate(text: str, width: int | None) -> str:
    """`text` cut to `width` cells with a trailing `…` (unchanged when width is None)."""
    if width is None or cell_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        if used + char_width(char) > width - 1:
            break
        kept.append(char)
        used += char_width(char)
    return "".join(kept) + "…"


def table(
    rows: Sequence[Sequence[str]],
    right: frozenset[int] = frozenset(),
    gap: str = "  ",
    widest: dict[int, int] | None = None,
) -> list[str]:
    """Rows as aligned lines: each column as wide as its widest cell (in terminal cells, so
    CJK and emoji line up), columns in `right` right-aligned; trailing blanks stripped.
    `widest` caps a column's width (a longer cell overflows its row only, rather than padding
    every row to it)."""
    widths = [max(cell_width(row[i]) for row in rows) for i in range(len(rows[0]))] if rows else []
    for column, cap in (widest or {}).items():
        widths[column] = min(widths[column], cap)
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * max(0, widths[i] - cell_width(cell))
            cells.append(pad + cell if i in right else cell + pad)
        lines.append(gap.join(cells).rstrip())
    return lines
