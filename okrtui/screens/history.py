"""Provides `HistoryScreen`: every check-in of one key result, newest first, with notes.

Superseded check-ins stay visible (struck through) because history is never overwritten.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from okrtui.domain.models import CheckIn, KeyResult, format_number
from okrtui.domain.progress import KrSnapshot


def history_rows(history: list[CheckIn], snap: KrSnapshot) -> list[tuple[Text, ...]]:
    """Table rows for a KR's check-ins, newest first; superseded ones struck through."""
    live = {c.id for c in snap.checkins}
    rows = []
    for checkin in reversed(history):
        style = "" if checkin.id in live else "strike bright_black"
        rows.append(
            (
                Text(f"{checkin.date:%Y-%m-%d}", style=style),
                Text(format_number(checkin.value), style=style, justify="right"),
                Text(str(checkin.confidence), style=style, justify="right"),
                Text(checkin.note or "–", style=style),
            )
        )
    return rows


class HistoryScreen(ModalScreen[None]):
    """A KR's check-in history."""

    BINDINGS = [Binding("escape,q,enter", "dismiss", "Close", id="history.close")]

    def __init__(self, kr: KeyResult, history: list[CheckIn], snap: KrSnapshot) -> None:
        super().__init__()
        self._kr = kr
        self._rows = history_rows(history, snap)

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box", classes="dialog"):
            yield Static(f"[b]{self._kr.key}[/b]  {self._kr.title}", id="history-title", markup=True)
            yield DataTable(id="history-table", cursor_type="row")
            yield Static("Esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Date", "Value", "Conf", "Note")
        table.add_rows(self._rows)
        if not self._rows:
            self.query_one("#history-title", Static).update(
                Text(f"{self._kr.key} has no check-ins yet", style="bold")
            )

    def action_dismiss(self) -> None:
        self.dismiss(None)
