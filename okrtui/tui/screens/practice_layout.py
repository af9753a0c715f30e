"""Provides `PracticeScreen`: the one layout of the practice's screens (discovery, roadmap,
alignment, review): a heading line, the screen's own body (a table, columns, a tree), the
selected row's detail and a message line, then whatever docks at the bottom, and the footer.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.widgets import Static

from okrtui.tui.literal import literal
from okrtui.tui.screen_base import OpenedScreen, ResultType, Selection
from okrtui.tui.widgets.footer import OkrFooter


class PracticeScreen(OpenedScreen[ResultType, Selection]):
    """Heading / body / detail / message, shared instead of one set of ids per screen."""

    DEFAULT_CSS: ClassVar[str] = """
    PracticeScreen .practice-heading {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    PracticeScreen .practice-detail {
        height: auto;
        max-height: 10;
        padding: 0 1;
        background: $boost;
    }
    PracticeScreen .practice-message {
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="practice-heading")
        yield from self.compose_body()
        yield Static(classes="practice-detail")
        yield Static(classes="practice-message error")
        yield from self.compose_docked()
        yield OkrFooter()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets between the heading and the detail."""
        raise NotImplementedError

    def compose_docked(self) -> ComposeResult:
        """Widgets docked above the footer (a note bar); none by default."""
        yield from ()

    def show_heading(self, heading: RenderableType) -> None:
        self.query_one(".practice-heading", Static).update(literal(heading))

    def show_detail(self, detail: RenderableType) -> None:
        self.query_one(".practice-detail", Static).update(literal(detail))

    def show_message(self, message: RenderableType) -> None:
        """Say what went wrong (or clear it with an empty message) above the footer."""
        self.query_one(".practice-message", Static).update(literal(message))
