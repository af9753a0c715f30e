"""Provides `OkrAppBase`: what every part of the TUI may use of the running app (the
repository, the saved views, the "data changed" signal with its one watcher, and the
navigation the command palette drives). `OkrApp` builds on it with the screens; the screens,
dialogs, palette and workers are typed against this base, so none of them imports the app.
"""

from __future__ import annotations

from textual.app import App
from textual.signal import Signal

from okrtui.settings.kept_draft import KeptDraft
from okrtui.settings.views import SavedViews
from okrtui.store.repository import Repository
from okrtui.tui.data_changes import DatabaseWatcher, DataChange, DataChanged
from okrtui.tui.terminal_guard import guard_terminal


class OkrAppBase(App[None]):
    """The app's state and services; the screens and the navigation come with `OkrApp`."""

    def __init__(
        self,
        repository: Repository,
        views: SavedViews | None = None,
        kept_draft: KeptDraft | None = None,
    ) -> None:
        super().__init__()
        #: The draft being typed, kept until it is saved or discarded (in memory unless a
        #: file is given), so that an error or a closed terminal never loses it.
        self.kept_draft = kept_draft if kept_draft is not None else KeptDraft()
        #: The one way the UI reads and changes data.
        self.repository = repository
        #: The person's named filters (in memory only unless a file is given).
        self.views = views if views is not None else SavedViews()
        #: Published on the UI thread whenever the database changed, by this process or
        #: another: every screen that shows data subscribes and re-reads itself.
        self.data_changed: Signal[DataChange] = Signal(self, "data-changed")
        self._watcher = DatabaseWatcher(self, repository, self.data_changed.publish)

    def on_mount(self) -> None:
        self._watcher.start()
        guard_terminal(self)

    def on_unmount(self) -> None:
        self._watcher.stop()

    def on_data_changed(self, message: DataChanged) -> None:
        """A change heard off the UI thread (another process's, a worker's): publish it."""
        self.data_changed.publish(message.change)

    # -- navigation, implemented by OkrApp (it knows the screens) -----------------------------

    def action_help(self) -> None:
        """Show every key that works here."""
        raise NotImplementedError

    async def go_to(self, key: str) -> None:
        """Show record `key` on the dashboard; a KR also opens its detail."""
        raise NotImplementedError

    async def show_cycle(self, cycle_id: str) -> None:
        raise NotImplementedError

    async def apply_filter(self, query: str) -> None:
        raise NotImplementedError

    async def run_dashboard_action(self, action: str) -> None:
        raise NotImplementedError

    async def save_view(self) -> None:
        raise NotImplementedError

    def forget_view(self, name: str) -> None:
        raise NotImplementedError
