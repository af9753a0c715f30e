"""Provides `WelcomeScreen`: what an empty database greets a newcomer with.

Two ways in: load the sample workspace (a realistic company, two teams and a personal set,
dated around today) to see okrtui in use, or start a first cycle of one's own.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from okrtui.domain.errors import OkrError
from okrtui.tui.dialogs.cycle_form import CycleFormScreen
from okrtui.tui.literal import escaped
from okrtui.tui.screen_base import OkrScreen

WELCOME_TEXT = """\
[b]Welcome to okrtui[/b]

Objectives and key results, offline and from the keyboard: draft outcomes (not outputs), \
check in every week in a minute, and see which key results move, stall or go stale.

This database is empty: [i]{path}[/i]
"""


class WelcomeScreen(OkrScreen[bool]):
    """Offers the sample workspace or a first cycle; dismisses True once data exists."""

    CSS: ClassVar[str] = """
    WelcomeScreen {
        align: center middle;
    }

    #welcome-box {
        width: 80;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        border: round $primary;
    }

    #welcome-text {
        height: auto;
    }

    #welcome-buttons {
        height: auto;
        margin: 1 0;
    }

    #welcome-buttons Button {
        margin-right: 2;
    }

    #welcome-hint {
        color: $text-muted;
    }
    """

    TITLE = "Welcome"
    BINDINGS = [
        Binding("s", "load_sample", "Load sample", id="welcome.sample"),
        Binding("n", "new_cycle", "Start a first cycle", id="welcome.new_cycle"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome-box"):
            yield Static(WELCOME_TEXT.format(path=escaped(self.repository.path)), id="welcome-text")
            with Horizontal(id="welcome-buttons"):
                yield Button(Text("Load the sample workspace  [s]"), id="sample", variant="primary")
                yield Button(Text("Start a first cycle  [n]"), id="new-cycle")
            yield Static(
                "The sample is a demo you can explore and change freely; ctrl+q quits, ? shows the keys.",
                id="welcome-hint",
            )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "sample":
            self.action_load_sample()
        else:
            self.action_new_cycle()

    def action_load_sample(self) -> None:
        from okrtui.domain.sample import build_sample  # only needed on an empty database

        repository = self.repository
        try:
            if not repository.is_empty():
                self.dismiss(True)
                return
            records = repository.add_workspace(build_sample(repository.today()))
        except OkrError as error:
            self.notify(str(error), title="Could not load the sample", severity="error")
            return
        self.notify(f"Loaded the sample workspace ({len(records)} records)")
        self.dismiss(True)

    def action_new_cycle(self) -> None:
        self.app.push_screen(CycleFormScreen(), self._after_cycle_form)

    def _after_cycle_form(self, cycle: object | None) -> None:
        if cycle is not None:
            self.dismiss(True)
