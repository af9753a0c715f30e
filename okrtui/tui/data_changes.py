"""Provides the TUI's one "data changed" signal and `DatabaseWatcher`, its only source.

Screens never poll the disk and never re-read after their own actions: the app owns one
watcher of the database, which hears both kinds of change and publishes a `DataChange` on
`OkrAppBase.data_changed`, the signal every screen that shows data subscribes to:

- this process's writes, through the database's `after_write` hook (called under the lock
  after each transaction, with the change's description);
- other processes' writes (`okrtui checkin` in another terminal, a team sync replacing the
  file), through a look at the file's identity every `WATCH_INTERVAL` seconds. The look, and
  the parse of a changed file, run in a worker thread: the UI thread then reads from memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.message import Message
from textual.timer import Timer

from okrtui.domain.errors import OkrError
from okrtui.store.repository import Repository

#: Seconds between looks at the file for changes made by other processes.
WATCH_INTERVAL = 2.0


@dataclass(frozen=True)
class DataChange:
    """What changed in the database."""

    #: The change's one-line description ("Check in KR-12: 40 → 45"); empty for a change
    #: made by another process (only the file's identity is known).
    description: str
    #: True when another process (a shell, a sync) made it.
    external: bool


class DataChanged(Message):
    """Posted to the app from a worker thread; the app publishes its change on the signal."""

    def __init__(self, change: DataChange) -> None:
        super().__init__()
        self.change = change


class DatabaseWatcher:
    """The app's only watch on its database: hears its own writes and other processes'."""

    def __init__(
        self, app: App[Any], repository: Repository, publish: Callable[[DataChange], None]
    ) -> None:
        self._app = app
        self._repository = repository
        #: Tells the subscribers (the app's signal), on the UI thread.
        self._publish = publish
        self._ui_thread = threading.get_ident()
        self._timer: Timer | None = None
        #: A look at the disk is under way in a worker (ticks meanwhile are skipped).
        self._looking = threading.Event()

    def start(self) -> None:
        """Hook into the database's writes and start looking at the file (on the UI thread)."""
        self._ui_thread = threading.get_ident()
        self._repository.db.after_write.append(self._written)
        self._timer = self._app.set_interval(WATCH_INTERVAL, self._tick, name="database watch")

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        hooks = self._repository.db.after_write
        if self._written in hooks:
            hooks.remove(self._written)

    def _written(self, description: str) -> None:
        """This process wrote: tell the screens (at once on the UI thread, else through it)."""
        change = DataChange(description, external=False)
        if threading.get_ident() == self._ui_thread:
            self._publish(change)
        else:
            self._app.post_message(DataChanged(change))

    def _tick(self) -> None:
        if self._looking.is_set():
            return
        self._looking.set()
        self._app.run_worker(self._look, thread=True, group="database watch", exit_on_error=False)

    def _look(self) -> None:
        """In a worker thread: has another process changed the file? Read it here if so."""
        repository = self._repository
        try:
            if not repository.reload_needed():
                return
            # Parsed off the UI thread; the screens' reads then hit the storage's cache.
            repository.db.storage.read()
        except OkrError:
            pass  # an unreadable file: the screens' refresh reports it
        finally:
            self._looking.clear()
        self._app.post_message(DataChanged(DataChange("", external=True)))
