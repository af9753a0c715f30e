"""Provides `OkrApp`, the Textual application: it owns the repository (and through it the
clock), opens on the dashboard and greets an empty database with the welcome screen."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from okrtui.screens.dashboard import DashboardScreen
from okrtui.screens.help import HelpScreen
from okrtui.store.repository import Repository


class OkrApp(App[None]):
    """okrtui's terminal UI."""

    TITLE = "okrtui"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Keys", key_display="?", id="app.help"),
    ]

    def __init__(self, repository: Repository) -> None:
        super().__init__()
        #: The one way the UI reads and changes data.
        self.repository = repository

    def get_default_screen(self) -> DashboardScreen:
        return DashboardScreen()

    def action_help(self) -> None:
        """Show every key that works here, read from the live bindings."""
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen, self.active_bindings))
