"""Provides `OkrApp`, the Textual application: it owns the repository (and through it the
clock), opens on the dashboard, greets an empty database with the welcome screen, and offers
okrtui's commands in the command palette (ctrl+p)."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.theme import Theme

from okrtui.domain.errors import OkrError
from okrtui.settings.kept_draft import KeptDraft
from okrtui.settings.preferences import Preferences
from okrtui.settings.views import SavedViews, View
from okrtui.store.repository import Repository
from okrtui.tui.app_base import OkrAppBase
from okrtui.tui.dialogs.help import HelpScreen
from okrtui.tui.literal import shown
from okrtui.tui.palette import OkrCommands
from okrtui.tui.screens.dashboard import DashboardScreen

# Screens opened from the palette (a KR's detail, the prompt) are imported where they are
# opened, as the dashboard does with its own: launch pays only for what it shows.


class OkrApp(OkrAppBase):
    """okrtui's terminal UI."""

    TITLE = "okrtui"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {OkrCommands}
    BINDINGS = [
        # q quits from the dashboard only: on other screens it goes back (their own q) or does
        # nothing, so a q typed where no field takes it never closes the app mid-draft.
        Binding("q", "quit_from_dashboard", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Keys", key_display="?", id="app.help"),
        # Where a text field takes "?" (the draft, forms), F1 lists the keys.
        Binding("f1", "help", "Keys", id="app.help_f1", show=False),
    ]

    def __init__(
        self,
        repository: Repository,
        views: SavedViews | None = None,
        kept_draft: KeptDraft | None = None,
        preferences: Preferences | None = None,
    ) -> None:
        super().__init__(repository, views, kept_draft)
        #: The person's theme and keymap (nothing kept unless a folder is given).
        self.preferences = preferences if preferences is not None else Preferences()

    def on_mount(self) -> None:
        """Bring back the person's theme and keys, and remember the theme they choose."""
        super().on_mount()
        theme = self.preferences.theme()
        if theme in self.available_themes:
            self.theme = theme
        elif theme:
            self.notify(f"The theme '{theme}' is not available: using the default", timeout=5)
        self.set_keymap(self.preferences.keymap())
        for problem in self.preferences.problems:
            self.notify(problem, severity="warning", timeout=8)
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        try:
            self.preferences.set_theme(theme.name)
        except (OkrError, OSError) as error:
            self.notify(f"The theme was not remembered: {error}", severity="warning")

    async def _dispatch_action(self, namespace: DOMNode, action_name: str, params: Any) -> bool:
        """Run an action; an error it did not handle is reported on the screen, not a crash
        (the one place every key binding's action passes through)."""
        try:
            return await super()._dispatch_action(namespace, action_name, params)
        except Exception as error:
            from okrtui.tui.screen_base import OkrScreen

            screen = self.screen
            if not isinstance(screen, OkrScreen):
                raise
            screen.report(error)
            return True

    def get_default_screen(self) -> DashboardScreen:
        return DashboardScreen()

    @property
    def dashboard(self) -> DashboardScreen:
        """The dashboard, always at the bottom of the screen stack."""
        dashboard = self.screen_stack[0]
        assert isinstance(dashboard, DashboardScreen)
        return dashboard

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast (screens' `notify` comes here too) shows its message and title as
        text: messages quote titles, keys and names people typed, which are never markup."""
        super().notify(
            shown(message),
            title=shown(title, single_line=True),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit_from_dashboard":
            return isinstance(self.screen, DashboardScreen)
        return True

    async def action_quit_from_dashboard(self) -> None:
        """Quit (q on the dashboard; ctrl+q quits from anywhere)."""
        await self.action_quit()

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
            from okrtui.tui.screens.kr_detail import KrDetailScreen

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

    # -- saved views (palette: "View: …") -----------------------------------------------

    async def save_view(self) -> None:
        """Ask for a name and keep the dashboard's filter under it."""
        dashboard = await self.back_to_dashboard()
        query = dashboard.filter_text
        if not query:
            self.notify("Filter with / first, then save that filter as a view", severity="warning")
            return
        from okrtui.tui.dialogs.prompt import PromptScreen

        form = PromptScreen(
            "Save the filter as a view",
            "Name",
            lambda name: self.views.save(name, query),
            detail=query,
            placeholder="e.g. my stale KRs",
        )
        self.push_screen(form, self._view_saved)

    def _view_saved(self, view: View | None) -> None:
        if view is not None:
            self.notify(f"Saved the view “{view.name}”: ctrl+p, then View: {view.name}", timeout=5)

    def forget_view(self, name: str) -> None:
        """Drop the saved view `name`."""
        try:
            self.views.forget(name)
        except OkrError as error:
            self.notify(str(error), severity="error")
            return
        self.notify(f"Forgot the view “{name}”", timeout=3)
