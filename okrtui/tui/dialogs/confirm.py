"""Provides `ConfirmScreen`: a yes/no question that dismisses with a bool."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from okrtui.tui.literal import literal, literal_text
from okrtui.tui.screen_base import OkrDialog


class ConfirmScreen(OkrDialog[bool]):
    """Ask before something that cannot be taken back casually; y/Enter yes, n/Esc no."""

    CSS: ClassVar[str] = """
    ConfirmScreen {
        align: center middle;
    }

    .confirm {
        width: 70;
        max-width: 100%;
    }

    .confirm-detail {
        margin-top: 1;
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "", yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self._question, self._detail, self._yes, self._no = question, detail, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(literal_text(self._question, "bold"))
            if self._detail:
                yield Static(literal(self._detail), classes="confirm-detail")
            with Horizontal(classes="form-buttons"):
                yield Button(Text(f"{self._yes}  [y]"), id="yes", variant="warning")
                yield Button(Text(f"{self._no}  [n]"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
