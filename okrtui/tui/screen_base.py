"""Provides the bases every okrtui screen and dialog is built on.

- `OkrScreen`: a typed `app` (the app's surface, `OkrAppBase`) and `repository`, and `report`, which shows an
  error as an error notification, never as a crash.
- `DataScreen`: a screen that shows data. It subscribes to the app's "data changed" signal and
  re-reads itself (`refresh_data`) when the database changes, whoever changed it: at once if it
  is the screen on top, else when it is shown again. Screens never re-read by hand after
  their own actions.
- `OpenedScreen`: a data screen opened on top of the dashboard, closed by Esc or q.
- `OkrDialog`: a modal form with the same typed `app` and `repository`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from textual import log
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from okrtui.domain.errors import OkrError
from okrtui.store.repository import Repository
from okrtui.tui.data_changes import DataChange

if TYPE_CHECKING:
    from textual import getters

    from okrtui.tui.app_base import OkrAppBase

ResultType = TypeVar("ResultType")
#: What a data screen's selection is (a row key, or for the alignment tree a pair of ids).
Selection = TypeVar("Selection")


def error_text(error: Exception) -> str:
    """What an error says to the person: okrtui's own errors as they are, anything else as an
    unexpected error naming its kind."""
    if isinstance(error, OkrError):
        return str(error)
    return f"Unexpected error ({type(error).__name__}): {error}"


class OkrScreen(Screen[ResultType]):
    """Every okrtui screen (and, through `OkrDialog`, every modal form)."""

    if TYPE_CHECKING:
        # Typed for the checker; at run time the inherited property answers.
        app = getters.app(OkrAppBase)

    @property
    def repository(self) -> Repository:
        """The one way the UI reads and changes data."""
        return self.app.repository

    def report(self, error: Exception, title: str = "") -> None:
        """Show `error` as an error notification (the app keeps running)."""
        if not isinstance(error, OkrError):
            log.error(f"unexpected error on {self!r}: {error!r}")
        self.notify(error_text(error), title=title or "Error", severity="error", markup=False)


class DataScreen(OkrScreen[ResultType], Generic[ResultType, Selection]):
    """A screen that shows data and keeps it current through the app's "data changed" signal."""

    def __init__(self) -> None:
        super().__init__()
        #: The database changed while this screen was covered: re-read when shown again.
        self._stale = False
        #: The row (or record key) to move to at the next refresh, chosen by an action whose
        #: change is about to arrive (say the KR a graduation created).
        self.select_next: Selection | None = None

    def on_mount(self) -> None:
        """Subscribe to the data changes, and show the data for the first time (after the
        screen's own `on_mount`, which Textual calls first)."""
        self.app.data_changed.subscribe(self, self._data_changed, immediate=True)
        self._stale = True
        self.refresh_if_stale()

    def _data_changed(self, change: DataChange) -> None:
        """Called on the UI thread for every change: re-read now if on top, else later."""
        self._stale = True
        if self.is_current:
            self.call_next(self.refresh_if_stale)

    def on_screen_resume(self) -> None:
        self.refresh_if_stale()

    def refresh_if_stale(self) -> None:
        """Re-read the data if the database changed since this screen last read it."""
        if not self._stale:
            return
        self._stale = False
        select, self.select_next = self.select_next, None
        try:
            self.refresh_data(select)
        except Exception as error:  # shown as an error, not a crash
            self.report(error, "Cannot show the data")

    def select_after_change(self, selection: Selection) -> None:
        """Move to `selection` (say the record an action just created) once the data shows
        the change: at the refresh the change set off, or now if that refresh already ran."""
        self.select_next = selection
        self._stale = True
        if self.is_current:
            self.refresh_if_stale()

    def refresh_data(self, select: Selection | None = None) -> None:
        """Read what this screen shows from the repository and show it (keeping the selection,
        or moving to `select`). Each data screen implements it."""
        raise NotImplementedError


class OpenedScreen(DataScreen[ResultType, Selection]):
    """A data screen opened on top of the dashboard: Esc or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "back", "Back", id="back")]

    def action_back(self) -> None:
        """Back to the screen below (which re-reads what changed here)."""
        self.dismiss()


class OkrDialog(ModalScreen[ResultType], OkrScreen[ResultType]):
    """A modal form over a screen. ModalScreen comes first so that its styles (the see-through
    backdrop showing the screen below) win over the plain Screen's."""
