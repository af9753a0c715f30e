"""Provides `FitTable`: a keyed table whose one flexible column takes the width the fixed
columns leave, refitting when the terminal is resized.

Rows are given as `(key, cells)`; cells of the flexible column are clipped with an ellipsis,
so a long title never pushes the other columns off screen. Rows are keyed by record key
(`KR-3`, `L-2`), so screens ask what is selected by key.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets.data_table import RowDoesNotExist

from okrtui.tui.widgets.key_table import KeyTable

#: A column: (key, label, width); width 0 marks the flexible column.
Column = tuple[str, str, int]
Row = tuple[str, Sequence[Text | str]]

MIN_FLEX_WIDTH = 12
SCROLLBAR = 2


class FitTable(KeyTable):
    """A KeyTable of rows keyed by record key, with one column that fits the width.

    Subclasses with rows of their own (the dashboard's `OkrTable`) override `columns()` (the
    columns for the current width) and `show()` (how their rows fill the table)."""

    def __init__(self, columns: Sequence[Column] = (), *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, id=id)
        self._columns = list(columns)
        self._rows: list[Row] = []
        self._flex_width = 0

    def on_mount(self) -> None:
        self._build_columns()

    def columns_for_width(self) -> Sequence[Column]:
        """The columns to show at the table's current width."""
        return self._columns

    def _wanted_flex_width(self) -> int:
        fixed = sum(
            width + 2 * self.cell_padding for _, _, width in self.columns_for_width() if width
        )
        return max(MIN_FLEX_WIDTH, self.size.width - fixed - 2 * self.cell_padding - SCROLLBAR)

    def _build_columns(self) -> None:
        self.clear(columns=True)
        self._flex_width = self._wanted_flex_width()
        for key, label, width in self.columns_for_width():
            self.add_column(label, key=key, width=width or self._flex_width)

    def on_resize(self) -> None:
        if self._wanted_flex_width() != self._flex_width:
            selected = self.selected_key
            self._build_columns()
            self.show_again(selected)

    def show_again(self, select: str | None) -> None:
        """Fill the rebuilt columns with the rows shown before (after a resize)."""
        self.show(self._rows, select=select)

    def show(self, rows: Sequence[Row], select: str | None = None) -> None:
        """Fill the table with `rows`, keeping the cursor on `select` when it is there."""
        self._rows = list(rows)
        self.clear()
        flex = next((i for i, (_, _, width) in enumerate(self._columns) if not width), None)
        for key, cells in self._rows:
            shown = [Text(c) if isinstance(c, str) else c for c in cells]
            if flex is not None and flex < len(shown):
                shown[flex] = shown[flex].copy()
                shown[flex].truncate(self._flex_width, overflow="ellipsis")
            shown += [Text("")] * (len(self._columns) - len(shown))
            self.add_row(*shown, key=key)
        if select is not None:
            self.select(select)

    @property
    def keys(self) -> list[str]:
        """The record keys of the rows, top to bottom."""
        return [str(row.key.value) for row in self.ordered_rows]

    @property
    def selected_key(self) -> str | None:
        """Record key of the row under the cursor."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def select(self, key: str) -> bool:
        """Move the cursor to the row of record `key`; False when it is not shown."""
        try:
            index = self.get_row_index(key)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index, scroll=True)
        return True
