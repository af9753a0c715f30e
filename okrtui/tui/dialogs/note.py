"""Provides `NoteScreen`: one check-in's note whole, scrolling when it is longer than the
terminal (the KR detail shows only its first lines)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from okrtui.tui.literal import literal_text
from okrtui.tui.screen_base import OkrDialog


class NoteScreen(OkrDialog[None]):
    """A check-in's heading and its note as plain text (never markup)."""

    BINDINGS = [Binding("escape,q,n,enter", "close", "Close", id="note.close")]

    def __init__(self, heading: str, note: str) -> None:
        super().__init__()
        self._heading = heading
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box", classes="dialog"):
            yield Static(literal_text(self._heading, "bold"))
            with VerticalScroll(id="note-scroll"):
                yield Static(literal_text(self._note), id="note-text")
            yield Static("↑↓ scroll · Esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#note-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
