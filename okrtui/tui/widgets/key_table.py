"""Provides `KeyTable`: a DataTable that also moves with vim keys (j, k, g, G), so every list
in okrtui is driven the same way."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class KeyTable(DataTable):
    """DataTable with j/k/g/G beside the arrows, Home and End."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("g", "scroll_top", "Top", show=False, id="table.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="table.bottom"),
    ]
