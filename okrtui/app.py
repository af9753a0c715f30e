"""Provides `OkrApp`, the Textual application: it owns the repository (and through it the
clock), opens on the dashboard, greets an empty database with the welcome screen, and offers
okrtui's commands in the command palette (ctrl+p)."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from okrtui.screens.dashboard import DashboardScreen
from okrtui.screens.help import HelpScreen
from okrtui.screens.kr_detail import KrDetailScreen
from okrtui.screens.palette import OkrCommands
from okrtui.store.repository import Repository


class OkrApp(App[None]):
    """okrtui's terminal UI."""

    TITLE = "okrtui"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {OkrCommands}
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

    @property
    def dashboard(self) -> DashboardScreen:
        """The dashboard, always at the bottom of the screen stack."""
        return self.screen_stack[0]  # type: ignore[return-value]

    def action_help(self) -> None:
        """Show every key that works here, read from the live bindings."""
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen, self.active_bindings))

    # -- navigation used by the command palette -------------------------------------------

    async def back_to_dashboard(self) -> DashboardScreen:
        """Close every screen above the dashboard."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        return self.dashboard

    async def go_to(self, key: str) -> None:
        """Show record `key` on the dashboard (in its cycle); a KR also opens its detail."""
        dashboard = await self.back_to_dashboard()
        if not dashboard.reveal(key):
            self.notify(f"{key} is not on the dashboard", severity="warning")
            return
        if key.upper().startswith("KR-"):
            await self.push_screen(KrDetailScreen(key))

    async def show_cycle(self, cycle_id: str) -> None:
        dashboard = await self.back_to_dashboard()
        dashboard.show_cycle_id(cycle_id)

    async def apply_filter(self, query: str) -> None:
        dashboard = await self.back_to_dashboard()
        dashboard.apply_filter(query)

    async def run_dashboard_action(self, action: str) -> None:
        dashboard = await self.back_to_dashboard()
        await dashboard.run_action(action)
