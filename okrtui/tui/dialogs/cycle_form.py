"""Provides `CycleFormScreen`: a small form to start a cycle (name, dates, cadence).

It proposes the calendar quarter around today (the first cycle) or the cycle after the
latest one (same length and cadence, the next quarter's name), validates through the
repository and dismisses with the created `Cycle`, or None when cancelled. A cycle that has
not started yet is created in planning; one under way is active.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from okrtui.domain.calendar import parse_day, quarter_of
from okrtui.domain.errors import OkrError
from okrtui.domain.models import Cycle
from okrtui.domain.review import propose_next_cycle
from okrtui.tui.dialogs.form import FormScreen, chosen, form_buttons
from okrtui.tui.literal import literal


class CycleFormScreen(FormScreen[Cycle]):
    """Start a new cycle."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cycle_form.cancel"),
        Binding("ctrl+s", "save", "Save", id="cycle_form.save"),
    ]

    def __init__(self, after: Cycle | None = None) -> None:
        super().__init__()
        self._after = after

    def compose(self) -> ComposeResult:
        repository = self.repository
        if self._after is None:
            name, start, end = quarter_of(repository.today())
            cadence = 7
        else:
            proposal = propose_next_cycle(self._after, [c.name for c in repository.cycles()])
            name, start, end, cadence = (
                proposal.name,
                proposal.start,
                proposal.end,
                proposal.cadence_days,
            )
        with Vertical(id="cycle-form", classes="form"):
            yield Static("[b]Start a cycle[/b]  (a quarter by default; any length works)")
            yield Label("Name")
            yield Input(name, id="name")
            with Horizontal(classes="form-row"):
                with Vertical():
                    yield Label("Starts (YYYY-MM-DD)")
                    yield Input(start.isoformat(), id="start")
                with Vertical():
                    yield Label("Ends (YYYY-MM-DD)")
                    yield Input(end.isoformat(), id="end")
            yield Label("Check in every")
            yield Select(
                [("7 days (weekly)", 7), ("14 days", 14)],
                value=cadence if cadence in (7, 14) else 7,
                allow_blank=False,
                id="cadence",
            )
            yield Static("", id="form-error", classes="error")
            yield form_buttons("Start cycle")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def action_save(self) -> None:
        """Create the cycle, or show what is wrong and keep the form open."""
        value = self._value
        repository = self.repository
        try:
            start = parse_day(value("start"), "start date")
            cycle = repository.create_cycle(
                name=value("name"),
                start=start,
                end=parse_day(value("end"), "end date"),
                cadence_days=chosen(self.query_one("#cadence", Select)),
                state="planning" if start > repository.today() else "active",
            )
        except OkrError as error:
            self.query_one("#form-error", Static).update(literal(str(error)))
            return
        self.notify(f"Started {cycle.name}")
        self.dismiss(cycle)

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value
