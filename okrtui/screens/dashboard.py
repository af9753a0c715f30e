"""Provides `DashboardScreen`: the active cycle at a glance.

A summary line (cycle, dates, how much of it has passed, KRs by status), the table of
objectives and key results, and a detail line for the selected row (its latest note and
check-in). An empty database opens the welcome screen on top. The screen re-reads the
database when another process (say `okrtui checkin` in another terminal) changes it.
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from okrtui.domain.checkin_flow import CheckinSummary, checkin_queue
from okrtui.domain.errors import OkrError
from okrtui.domain.models import Cycle, KeyResult, Objective, format_number
from okrtui.domain.progress import STATUS_LABELS, KrSnapshot, Status, expected_progress
from okrtui.screens.checkin import CheckinScreen, CheckinSummaryScreen
from okrtui.screens.kr_detail import KrDetailScreen
from okrtui.screens.welcome import WelcomeScreen
from okrtui.widgets.glyphs import STATUS_STYLES
from okrtui.widgets.okr_table import ObjectiveRows, OkrTable

#: Seconds between checks for changes made by other processes.
RELOAD_INTERVAL = 2.0


def cycle_summary(cycle: Cycle, snapshots: list[KrSnapshot], expected: float) -> Text:
    """`2026-Q4 · Oct 1 → Dec 31 · week 8 of 13 (59 %) · 12 KRs: 7 on track, 2 stale`."""
    weeks = max(1, round(cycle.length_days / 7))
    week = min(weeks, max(1, round(expected * weeks + 0.5)))
    text = Text(cycle.name, style="bold")
    text.append(
        f" · {cycle.start:%b %-d} → {cycle.end:%b %-d, %Y} · {cycle.state}"
        f" · week {week} of {weeks} ({expected:.0%} elapsed)",
    )
    counts = Counter(s.status for s in snapshots)
    text.append(f" · {len(snapshots)} KRs", style="bold")
    order: list[Status] = ["on_track", "at_risk", "off_track", "stale", "not_started", "closed"]
    for status in order:
        if counts[status]:
            colour, glyph = STATUS_STYLES[status]
            text.append(f"  {glyph} {counts[status]} {STATUS_LABELS[status]}", style=colour)
    return text


def kr_detail(snap: KrSnapshot) -> Text:
    """One line about the selected KR: last check-in, confidence and note, or why none."""
    kr = snap.kr
    text = Text(f"{kr.key} ", style="bold")
    facts = [kr.kind, kr.indicator, kr.direction.replace("_", " ")]
    if kr.owner:
        facts.insert(0, kr.owner)
    text.append(" · ".join(facts), style="bright_black")
    if not snap.checkins:
        text.append("  no check-ins yet", style="italic")
        return text
    last = snap.checkins[-1]
    text.append(
        f"  last {last.date:%b %-d}: {format_number(last.value)}, confidence {last.confidence}"
    )
    if last.note:
        text.append(f" — “{last.note}”", style="italic")
    return text


class DashboardScreen(Screen[None]):
    """The active cycle's objectives and key results."""

    TITLE = "Dashboard"
    BINDINGS = [
        Binding("c", "checkin", "Check in", id="dashboard.checkin"),
        Binding("r", "reload", "Reload", id="dashboard.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._cycle: Cycle | None = None
        self._snapshots: dict[str, KrSnapshot] = {}
        self._objectives: dict[str, Objective] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield OkrTable(id="okrs")
        yield Static(id="empty", classes="hidden")
        yield Static(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        self.set_interval(RELOAD_INTERVAL, self._reload_if_changed)
        if self._repository_is_empty():
            self.app.push_screen(WelcomeScreen(), self._after_welcome)

    @property
    def repository(self):
        return self.app.repository  # type: ignore[attr-defined]

    def _repository_is_empty(self) -> bool:
        try:
            return self.repository.is_empty()
        except OkrError:
            return False

    def _after_welcome(self, loaded: bool | None) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        """Back from another screen: show what it changed."""
        self.load()

    # -- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read the current cycle from the repository and show it, keeping the selection."""
        table = self.query_one(OkrTable)
        selected = table.selected_key
        try:
            cycle = self.repository.current_cycle()
            groups = self._groups(cycle) if cycle else []
        except OkrError as error:
            self.notify(str(error), title="Cannot read the database", severity="error")
            return
        self._cycle = cycle
        table.show(groups, select=selected)
        self._show_summary(groups)
        self._show_empty_hint(cycle, groups)
        self._show_detail()

    def _groups(self, cycle: Cycle) -> list[ObjectiveRows]:
        by_objective = self.repository.cycle_snapshots(cycle)
        self._objectives = {o.id: o for o in self.repository.objectives(cycle)}
        self._snapshots = {
            snap.kr.key: snap for snaps in by_objective.values() for snap in snaps
        }
        return [
            ObjectiveRows(self._objectives[objective_id], snaps)
            for objective_id, snaps in by_objective.items()
        ]

    def _show_summary(self, groups: list[ObjectiveRows]) -> None:
        summary = self.query_one("#summary", Static)
        if self._cycle is None:
            summary.update(Text("No cycle yet", style="bold"))
            return
        snaps = [snap for group in groups for snap in group.key_results]
        expected = snaps[0].expected if snaps else expected_progress(self._cycle, self.repository.today())
        summary.update(cycle_summary(self._cycle, snaps, expected))

    def _show_empty_hint(self, cycle: Cycle | None, groups: list[ObjectiveRows]) -> None:
        hint = self.query_one("#empty", Static)
        if groups:
            hint.add_class("hidden")
            return
        hint.remove_class("hidden")
        where = f"{cycle.name} has no objectives yet." if cycle else "There is no cycle yet."
        hint.update(where)

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        key = self.query_one(OkrTable).selected_key
        if key in self._snapshots:
            detail.update(kr_detail(self._snapshots[key]))
        elif key is not None:
            objective = next((o for o in self._objectives.values() if o.key == key), None)
            detail.update(_objective_detail(objective) if objective else "")
        else:
            detail.update("")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _reload_if_changed(self) -> None:
        try:
            changed = self.repository.reload_needed()
        except OkrError:
            return
        if changed:
            self.load()

    def on_okr_table_key_result_chosen(self, event: OkrTable.KeyResultChosen) -> None:
        """Enter on a KR row opens its detail: facts, chart and check-ins."""
        if event.key in self._snapshots:
            self.app.push_screen(KrDetailScreen(event.key))

    def action_checkin(self) -> None:
        """Start the weekly check-in over the due KRs of the cycle on screen."""
        if self._cycle is None or not self._snapshots:
            self.notify("There are no key results to check in yet", severity="warning")
            return
        titles = {o.id: f"{o.key}  {o.label}" for o in self._objectives.values()}
        queue = checkin_queue(list(self._snapshots.values()), self._cycle)
        self.app.push_screen(CheckinScreen(self._cycle, queue, titles), self._after_checkin)

    def _after_checkin(self, summary: CheckinSummary | None) -> None:
        if summary is None or summary.empty:
            self.notify("No check-ins saved", timeout=3)
            return
        self.app.push_screen(CheckinSummaryScreen(summary))

    def action_reload(self) -> None:
        self.load()
        self.notify("Reloaded from disk", timeout=2)

    # -- what is selected ------------------------------------------------------------------

    @property
    def selected_key_result(self) -> KeyResult | None:
        """The KR under the cursor, if the cursor is on a KR row."""
        snap = self._snapshots.get(self.query_one(OkrTable).selected_key or "")
        return snap.kr if snap else None


def _objective_detail(objective: Objective) -> Text:
    text = Text(f"{objective.key} ", style="bold")
    facts = [objective.level, objective.mode, objective.state]
    if objective.owner:
        facts.insert(0, objective.owner)
    text.append(" · ".join(facts), style="bright_black")
    if objective.why:
        text.append(f"  why: {objective.why}", style="italic")
    return text
