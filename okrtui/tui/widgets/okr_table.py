"""Provides `OkrTable`: a cycle's objectives, each followed by its key results, in one table.

Each KR row shows key, title, current value / target and unit, a progress bar, a sparkline of
its check-ins, the latest confidence, the status and how long ago it was last checked in.
Rows are keyed by record key (`O-1`, `KR-3`), so screens can ask what is selected.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message

from okrtui.domain.models import Objective, format_number
from okrtui.domain.progress import KrSnapshot
from okrtui.domain.signals import divergence
from okrtui.tui.renderables.glyphs import FLAG, progress_bar, sparkline, status_label
from okrtui.tui.widgets.fit_table import FitTable


@dataclass(frozen=True)
class Layout:
    """Column widths for a terminal size; the title column takes what is left."""

    value: int
    bar: int
    trend: int
    confidence_spark: int

    def columns(self) -> tuple[tuple[str, str, int], ...]:
        """(key, label, width) of each column; the trends are left out when `trend` is 0."""
        trends = (
            (
                ("trend", "Value", self.trend),
                ("confidence", "Conf", self.confidence_spark + 3),
            )
            if self.trend
            else ()
        )
        return (
            ("key", "Key", 7),
            ("title", "Objective / key result", 0),
            ("value", "Value / target", self.value),
            ("progress", "Progress" if self.bar else "Done", self.bar + 5),
            *trends,
            ("status", "Status", 13),
            ("last", "Last", 5),
        )


#: From 110 columns on, roomy bars and trends; below, tighter ones keep the title readable,
#: and under 100 the trends give way (the KR's screen has them in full).
WIDE = Layout(value=16, bar=6, trend=8, confidence_spark=5)
COMPACT = Layout(value=14, bar=4, trend=5, confidence_spark=3)
NARROW = Layout(value=14, bar=4, trend=0, confidence_spark=0)
#: Under 90 columns (80×24) the bars give way to the percentage: the title needs the room.
SMALL = Layout(value=12, bar=0, trend=0, confidence_spark=0)
WIDE_FROM = 110
COMPACT_FROM = 100
#: Precedes the number of backlog items that move a KR.
BACKLOG_MARK = "▤"
NARROW_FROM = 90


@dataclass(frozen=True)
class ObjectiveRows:
    """An objective and the snapshots of its key results, as the table shows them.
    `progress` is the objective's own, from all its KRs, even when a filter shows fewer."""

    objective: Objective
    key_results: Sequence[KrSnapshot]
    progress: float | None


def value_cell(snap: KrSnapshot, width: int = 99) -> Text:
    """`52 / 70 %`: the latest value (– when never checked in) against the target; the unit
    is left out when it would not fit in `width` (`9 / 12`, not `9 / 12 intervi`)."""
    kr = snap.kr
    if kr.type == "milestone":
        done = snap.value is not None and snap.value >= 1
        return Text("done" if done else "not done", style="" if done else "bright_black")
    target = format_number(kr.target)
    if kr.direction == "stay_above":
        target = f"≥ {target}"
    elif kr.direction == "stay_below":
        target = f"≤ {target}"
    text = Text(
        format_number(snap.value), style="bold" if snap.value is not None else "bright_black"
    )
    text.append(f" / {target}")
    if kr.unit and text.cell_len + 1 + len(kr.unit) <= width:
        text.append(f" {kr.unit}", style="bright_black")
    return text


def confidence_cell(snap: KrSnapshot, width: int = 5) -> Text:
    """The confidence trend as a sparkline on the 0–10 scale, then the latest value."""
    if snap.confidence is None:
        return Text("–", justify="right", style="bright_black")
    text = sparkline(snap.confidences, width=width, style="magenta", scale=(0, 10))
    text.append(f"{snap.confidence:>3}")
    return text


def status_cell(snap: KrSnapshot) -> Text:
    """The status, with a flag when value and confidence diverge."""
    text = status_label(snap.status)
    if divergence(snap):
        text.append(f" {FLAG}", style="bold yellow")
    return text


def last_cell(days: int | None) -> Text:
    """How long ago the last check-in was: `today`, `3d`, `never`."""
    if days is None:
        return Text("never", style="bright_black")
    return Text("today" if days == 0 else f"{days}d")


def clip(text: str, width: int) -> str:
    """Cut `text` to `width` cells with an ellipsis."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


class OkrTable(FitTable):
    """The dashboard's table of objectives and key results."""

    class KeyResultChosen(Message):
        """Enter was pressed on a row; `key` is the record key of that row."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._layout = WIDE
        #: The objectives (with their KRs) shown.
        self._groups: list[ObjectiveRows] = []
        #: How many backlog items move each KR (by id), shown after its title.
        self._backlog: dict[str, int] = {}

    def _wanted_layout(self) -> Layout:
        """The wide layout from `WIDE_FROM` columns, the compact one from `COMPACT_FROM`, the
        narrow one from `NARROW_FROM`, else the small one (80 columns)."""
        if self.size.width >= WIDE_FROM:
            return WIDE
        if self.size.width >= COMPACT_FROM:
            return COMPACT
        return NARROW if self.size.width >= NARROW_FROM else SMALL

    def columns_for_width(self) -> tuple[tuple[str, str, int], ...]:
        return self._wanted_layout().columns()

    def _build_columns(self) -> None:
        self._layout = self._wanted_layout()
        super()._build_columns()

    def show_again(self, select: str | None) -> None:
        self.show_objectives(self._groups, select=select)

    def show_objectives(
        self,
        rows: Sequence[ObjectiveRows],
        select: str | None = None,
        backlog: Mapping[str, int] | None = None,
    ) -> None:
        """Fill the table with these objectives and KRs, keeping the cursor on `select`;
        `backlog` counts the backlog items linked to each KR (by id), shown after its title
        (a refit after a resize passes none: the counts stay)."""
        self._groups = list(rows)
        if backlog is not None:
            self._backlog = dict(backlog)
        self.clear()
        for group in self._groups:
            self._add_objective(group)
            for snap in group.key_results:
                self._add_key_result(snap)
        if select is not None:
            self.select(select)

    def _add_objective(self, group: ObjectiveRows) -> None:
        objective = group.objective
        who = " · ".join(part for part in (objective.team, objective.owner) if part)
        title = Text(clip(objective.label, self._flex_width), style="bold")
        if objective.state == "draft":
            title.append(" (draft)", style="italic bright_black")
        self._add_cells(
            objective.key,
            key=Text(objective.key, style="bold"),
            title=title,
            value=Text(clip(who or objective.level, self._layout.value - 1), style="bright_black"),
            progress=progress_bar(group.progress, width=self._layout.bar, style="bold cyan"),
            status=Text(objective.mode if objective.mode == "discovery" else "", style="magenta"),
        )

    def _add_key_result(self, snap: KrSnapshot) -> None:
        stale = snap.status == "stale"
        colour = "bright_black" if stale else ""
        self._add_cells(
            snap.kr.key,
            key=Text(f"  {snap.kr.key}", style=colour),
            title=self._kr_title(snap, colour),
            value=value_cell(snap, self._layout.value),
            progress=progress_bar(
                snap.progress, width=self._layout.bar, style="bright_black" if stale else ""
            ),
            trend=sparkline(
                snap.values, width=self._layout.trend, style="bright_black" if stale else "cyan"
            ),
            confidence=confidence_cell(snap, self._layout.confidence_spark),
            status=status_cell(snap),
            last=last_cell(snap.days_since_checkin),
        )

    def _kr_title(self, snap: KrSnapshot, colour: str) -> Text:
        """The KR's title, followed by `▤2` when two backlog items move it."""
        items = self._backlog.get(snap.kr.id, 0)
        mark = f" {BACKLOG_MARK}{items}" if items else ""
        title = Text("  " + clip(snap.kr.title, self._flex_width - 2 - len(mark)), style=colour)
        if mark:
            title.append(mark, style="cyan")
        return title

    def _add_cells(self, row_key: str, **cells: Text | str) -> None:
        """Add a row from cells named by column key; columns the layout leaves out are
        skipped, and cells not given are blank."""
        self.add_row(*(cells.get(key, "") for key, _, _ in self._layout.columns()), key=row_key)

    def action_select_cursor(self) -> None:
        key = self.selected_key
        if key is not None:
            self.post_message(self.KeyResultChosen(key))
