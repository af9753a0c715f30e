"""Provides `DashboardScreen`: a cycle at a glance, and the start of every everyday action.

A summary line (cycle, dates, how much of it has passed, KRs by status), the table of
objectives and key results, and a detail line for the selected row. `/` filters with a small
query language, `[` and `]` switch cycles, `c` starts the weekly check-in (over the KRs on
screen), Enter opens a KR, `u` undoes; `d`, `m`, `a` and `R` open discovery, the roadmap
(map) of bets, alignment and the review of the cycle on screen. An empty database opens the
welcome screen on top. The screen re-reads the database whenever it changes, here or in
another process (say `okrtui checkin` in another terminal): the app's watcher tells it. A badge on the summary line counts the
conflicts team merges left open; `!` opens them, `S` syncs with the team's git remote.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from okrtui.domain.alignment import shown_progress
from okrtui.domain.checkin_flow import CheckinSummary, checkin_queue, is_due
from okrtui.domain.errors import OkrError
from okrtui.domain.filters import Filter, parse_filter
from okrtui.domain.models import Cycle, KeyResult, Objective
from okrtui.domain.progress import KrSnapshot
from okrtui.domain.wording import count as counted
from okrtui.tui.literal import literal
from okrtui.tui.renderables.dashboard_lines import (
    cycle_summary,
    cycle_time,
    filter_status,
    kr_detail,
    objective_detail,
)
from okrtui.tui.screen_base import DataScreen
from okrtui.tui.widgets.footer import OkrFooter
from okrtui.tui.widgets.okr_table import ObjectiveRows, OkrTable

# The screens the dashboard opens (check-in, draft, KR detail, discovery, roadmap, alignment,
# review, conflicts, sync, the welcome…) are imported by the action that opens them: with
# their widgets and rules they would add over 100 ms to every launch, before the dashboard
# is on screen, for screens a session may never open.


class DashboardScreen(DataScreen[None, str]):
    """A cycle's objectives and key results."""

    # DEFAULT_CSS, not CSS: Textual loads a screen's CSS when the screen is pushed, and the
    # default screen (this one) is installed without that step.
    DEFAULT_CSS: ClassVar[str] = """
    #summary {
        height: 1;
        padding: 0 1;
        background: $boost;
    }

    #okrs {
        height: 1fr;
    }

    #filter-status {
        height: 1;
        padding: 0 1;
    }

    #filter-bar {
        dock: bottom;
        margin-bottom: 1;
    }

    #empty {
        height: auto;
        padding: 1 2;
        color: $text-muted;
    }

    #detail {
        height: 2;
        padding: 0 1;
        background: $boost;
    }
    """

    TITLE = "Dashboard"
    BINDINGS = [
        Binding("c", "checkin", "Check in", id="dashboard.checkin"),
        Binding("n", "new_objective", "New objective", id="dashboard.new_objective"),
        Binding("e", "edit_objective", "Edit", id="dashboard.edit_objective"),
        Binding("slash", "edit_filter", "Filter", key_display="/", id="dashboard.filter"),
        Binding("escape", "clear_filter", "Clear filter", id="dashboard.clear_filter"),
        Binding(
            "left_square_bracket",
            "cycle(-1)",
            "Prev cycle",
            key_display="[",
            id="dashboard.prev_cycle",
        ),
        Binding(
            "right_square_bracket",
            "cycle(1)",
            "Next cycle",
            key_display="]",
            id="dashboard.next_cycle",
        ),
        Binding("u", "undo", "Undo", id="dashboard.undo"),
        Binding("N", "new_cycle", "New cycle", id="dashboard.new_cycle", show=False),
        Binding("x", "delete", "Delete", id="dashboard.delete", show=False),
        # The footer is full at 120 columns: these four are listed by ? and the palette.
        Binding("d", "discovery", "Discovery", id="dashboard.discovery", show=False),
        Binding("m", "roadmap", "Roadmap (map of bets)", id="dashboard.roadmap", show=False),
        Binding("a", "alignment", "Alignment", id="dashboard.alignment", show=False),
        Binding("R", "review", "Review and close the cycle", id="dashboard.review", show=False),
        Binding(
            "C", "context", "Context: purpose, strategy, inputs", id="dashboard.context", show=False
        ),
        Binding("b", "backlog", "Backlog linked to the OKRs", id="dashboard.backlog", show=False),
        Binding("w", "weekly_report", "Weekly report", id="dashboard.report", show=False),
        Binding(
            "exclamation_mark",
            "conflicts",
            "Conflicts",
            key_display="!",
            id="dashboard.conflicts",
            show=False,
        ),
        Binding("S", "sync", "Sync with the team", id="dashboard.sync", show=False),
        Binding("r", "reload", "Reload", id="dashboard.reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._cycle: Cycle | None = None
        #: The cycle chosen with [ and ]; None follows the repository's current cycle.
        self._chosen_cycle_id: str | None = None
        self._filter = Filter()
        self._all_groups: list[ObjectiveRows] = []
        self._snapshots: dict[str, KrSnapshot] = {}
        self._objectives: dict[str, Objective] = {}
        #: The statuses of the backlog items linked to each KR, by KR id.
        self._backlog: dict[str, list[str]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield Static(id="filter-status", classes="hidden")
        yield OkrTable(id="okrs")
        yield Static(id="empty", classes="hidden")
        yield Static(id="detail")
        yield Input(
            id="filter-bar",
            classes="hidden",
            placeholder="owner:maria team:growth level:team status:stale kind:output  words…",
        )
        yield OkrFooter()

    def on_mount(self) -> None:
        if self._repository_is_empty():
            from okrtui.tui.screens.welcome import WelcomeScreen

            self.app.push_screen(WelcomeScreen())
        else:
            self._offer_kept_draft()

    def _offer_kept_draft(self) -> None:
        """A draft left unsaved by the last session (an error, a crash, a closed terminal)
        is offered again: reopen it, or discard it."""
        kept = self.app.kept_draft.load()
        if not kept:
            return
        cycle = next((c for c in self.repository.cycles() if c.id == kept.get("cycle_id")), None)
        if cycle is None:
            self.app.kept_draft.discard()
            return
        from okrtui.tui.dialogs.confirm import ConfirmScreen

        title = str(kept.get("title") or "(untitled draft)")
        self.app.push_screen(
            ConfirmScreen(
                "Reopen the draft you had not saved?",
                f"“{title}” in {cycle.name}, kept when okrtui last closed or failed.",
                yes="Reopen it",
                no="Discard it",
            ),
            lambda yes: self._reopen_kept_draft(cycle, kept) if yes else self._discard_kept(),
        )

    def _discard_kept(self) -> None:
        self.app.kept_draft.discard()

    def _reopen_kept_draft(self, cycle: Cycle, kept: dict[str, Any]) -> None:
        from okrtui.tui.screens.draft import DraftScreen

        objective = next(
            (o for o in self.repository.objectives(cycle) if o.id == kept.get("objective_id")),
            None,
        )
        key_results = self.repository.key_results(objective) if objective else None
        screen = DraftScreen(cycle, objective, key_results, restore=kept["fields"])
        self.app.push_screen(screen, self._after_draft)

    def _repository_is_empty(self) -> bool:
        try:
            return self.repository.is_empty()
        except OkrError:
            return False

    def on_screen_resume(self) -> None:
        """Back from another screen: re-read what changed (the base), and show its keys again
        (the footer was worked out while a modal was on top, when q did not quit)."""
        super().on_screen_resume()
        self.refresh_bindings()

    # -- loading ---------------------------------------------------------------------------

    def refresh_data(self, select: str | None = None) -> None:
        """Read the chosen cycle from the repository and show it, keeping the selection (or
        moving to `select`). Also called when what is shown changes: filter, cycle."""
        table = self.query_one(OkrTable)
        selected = select or table.selected_key
        try:
            cycle = self._resolve_cycle()
            groups = self._groups(cycle) if cycle else []
            self._backlog = {
                kr_id: [item.status for item in items]
                for kr_id, items in self.repository.backlog.items_by_key_result().items()
            }
        except OkrError as error:
            self.report(error, "Cannot read the database")
            return
        self._cycle = cycle
        self._all_groups = groups
        shown = self._filtered(groups)
        table.show_objectives(
            shown, select=selected, backlog={k: len(v) for k, v in self._backlog.items()}
        )
        self._show_summary(groups)
        self._show_filter_status(shown, groups)
        self._show_empty_hint(cycle, groups, shown)
        self._show_detail()

    def _resolve_cycle(self) -> Cycle | None:
        cycles = self.repository.cycles()
        chosen = next((c for c in cycles if c.id == self._chosen_cycle_id), None)
        return chosen or self.repository.current_cycle()

    def _groups(self, cycle: Cycle) -> list[ObjectiveRows]:
        by_objective = self.repository.cycle_snapshots(cycle)
        objectives = self.repository.objectives(cycle)
        self._objectives = {o.id: o for o in objectives}
        # Strong links roll up here as in the alignment view.
        progress = shown_progress(objectives, by_objective, self.repository.cycle_links(cycle))
        return [
            ObjectiveRows(self._objectives[objective_id], snaps, progress.get(objective_id))
            for objective_id, snaps in by_objective.items()
        ]

    def _filtered(self, groups: list[ObjectiveRows]) -> list[ObjectiveRows]:
        """The objectives and KRs the filter lets through (objectives without a match go)."""
        shown = []
        for group in groups:
            matching = [s for s in group.key_results if self._filter.matches(group.objective, s)]
            if matching or not self._filter.active:
                shown.append(ObjectiveRows(group.objective, matching, group.progress))
        self._snapshots = {snap.kr.key: snap for group in shown for snap in group.key_results}
        return shown

    def _show_summary(self, groups: list[ObjectiveRows]) -> None:
        summary = self.query_one("#summary", Static)
        badge = self._conflict_badge()
        if self._cycle is None:
            summary.update(Text("No cycle yet").append_text(badge))
            return
        snaps = [snap for group in groups for snap in group.key_results]
        width = summary.size.width - 2 - badge.cell_len
        summary.update(
            literal(
                cycle_summary(self._cycle, snaps, self.repository.today(), width).append_text(badge)
            )
        )

    def _conflict_badge(self) -> Text:
        """`  ⚠ 2 conflicts (!)` while team merges left conflicts open; empty otherwise."""
        try:
            count = self.repository.conflicts.open_count()
        except OkrError:
            return Text()
        if not count:
            return Text()
        return Text(f"  ⚠ {counted(count, 'conflict')} (!)", style="bold red")

    def _show_filter_status(self, shown: list[ObjectiveRows], groups: list[ObjectiveRows]) -> None:
        line = self.query_one("#filter-status", Static)
        line.set_class(not self._filter.active, "hidden")
        if self._filter.active:
            total = sum(len(g.key_results) for g in groups)
            line.update(literal(filter_status(self._filter, len(self._snapshots), total)))

    def _show_empty_hint(
        self, cycle: Cycle | None, groups: list[ObjectiveRows], shown: list[ObjectiveRows]
    ) -> None:
        hint = self.query_one("#empty", Static)
        hint.set_class(bool(shown), "hidden")
        if shown:
            return
        if groups:
            hint.update(
                literal(f"No key result matches “{self._filter.text}”. Esc clears the filter.")
            )
        elif cycle:
            hint.update(
                literal(f"{cycle.name} has no objectives yet. Press n to draft the first one.")
            )
        else:
            hint.update("There is no cycle yet.")

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        key = self.query_one(OkrTable).selected_key
        if key in self._snapshots:
            snap = self._snapshots[key]
            line = kr_detail(snap)
            if self._backlog.get(snap.kr.id):
                from okrtui.domain.backlog import status_tally

                first, *rest = line.split("\n", allow_blank=True)
                first.append("  · backlog: ", style="bright_black")
                first.append(status_tally(self._backlog[snap.kr.id]), style="cyan")
                line = Text("\n").join([first, *rest])
            detail.update(literal(line))
        elif key is not None:
            objective = next((o for o in self._objectives.values() if o.key == key), None)
            detail.update(literal(objective_detail(objective) if objective else ""))
        else:
            detail.update("")

    def on_resize(self) -> None:
        """Refit the summary line (its status counts drop their words when narrow)."""
        self._show_summary(self._all_groups)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    # -- filter ----------------------------------------------------------------------------

    def action_edit_filter(self) -> None:
        """Open the filter bar with the current query."""
        bar = self.query_one("#filter-bar", Input)
        bar.value = self._filter.text
        bar.remove_class("hidden")
        bar.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "filter-bar":
            return
        try:
            parse_filter(event.value)
        except OkrError as error:
            self.notify(str(error), title="Filter", severity="error")
            return
        self._close_filter_bar()
        self.apply_filter(event.value)

    def _close_filter_bar(self) -> None:
        self.query_one("#filter-bar", Input).add_class("hidden")
        self.query_one(OkrTable).focus()
        self.refresh_bindings()

    def action_clear_filter(self) -> None:
        """Esc: close the filter bar if open, else drop the active filter."""
        bar = self.query_one("#filter-bar", Input)
        if not bar.has_class("hidden"):
            self._close_filter_bar()
            return
        self._filter = Filter()
        self.refresh_data()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            bar_open = not self.query_one("#filter-bar", Input).has_class("hidden")
            return bar_open or self._filter.active
        return True

    # -- actions ---------------------------------------------------------------------------

    def action_cycle(self, step: int) -> None:
        """Show the previous (-1) or next (+1) cycle."""
        cycles = self.repository.cycles()
        if not cycles or self._cycle is None:
            return
        index = next(i for i, c in enumerate(cycles) if c.id == self._cycle.id)
        target = cycles[max(0, min(len(cycles) - 1, index + step))]
        if target.id == self._cycle.id:
            self.notify(f"{target.name} is the {'first' if step < 0 else 'last'} cycle", timeout=2)
            return
        self.show_cycle(target)

    def show_cycle(self, cycle: Cycle) -> None:
        """Switch the dashboard to `cycle`."""
        self.show_cycle_id(cycle.id)

    def show_cycle_id(self, cycle_id: str) -> None:
        """Switch the dashboard to the cycle with this id."""
        self._chosen_cycle_id = cycle_id
        self.refresh_data()

    def apply_filter(self, query: str) -> None:
        """Filter the dashboard by `query` (the empty query clears the filter)."""
        try:
            self._filter = parse_filter(query)
        except OkrError as error:
            self.notify(str(error), title="Filter", severity="error")
            return
        self.refresh_data()
        self.refresh_bindings()  # "esc Clear filter" comes and goes with the filter

    def on_okr_table_key_result_chosen(self, event: OkrTable.KeyResultChosen) -> None:
        """Enter on a KR row opens its detail: facts, chart and check-ins; on an objective's
        row, the objective whole (its KRs, links, bets, evidence, latest check-ins)."""
        if event.key in self._snapshots:
            from okrtui.tui.screens.kr_detail import KrDetailScreen

            self.app.push_screen(KrDetailScreen(event.key))
        elif any(o.key == event.key for o in self._objectives.values()):
            from okrtui.tui.screens.objective import ObjectiveScreen

            self.app.push_screen(ObjectiveScreen(event.key))

    def action_new_objective(self) -> None:
        """Draft a new objective in the cycle on screen."""
        if self._cycle is None:
            self.notify("Start a cycle first", severity="warning")
            return
        from okrtui.tui.screens.draft import DraftScreen

        self.app.push_screen(DraftScreen(self._cycle), self._after_draft)

    def action_new_cycle(self) -> None:
        """Start a cycle: by default the one after the latest (next quarter, same cadence)."""
        cycles = self.repository.cycles()
        latest = max(cycles, key=lambda c: c.end) if cycles else None
        from okrtui.tui.dialogs.cycle_form import CycleFormScreen

        self.app.push_screen(CycleFormScreen(after=latest), self._after_new_cycle)

    def _after_new_cycle(self, cycle: Cycle | None) -> None:
        if cycle is not None:
            self.show_cycle_id(cycle.id)

    def action_delete(self) -> None:
        """Delete the selected objective (with its KRs) or KR, after asking; only what has no
        check-ins (history is closed at the review, never deleted). `u` brings it back."""
        kr = self.selected_key_result
        record: Objective | KeyResult | None = kr or self._selected_objective()
        if record is None:
            return
        problem = self.repository.removal_problem(record)
        if problem:  # said before asking, not after
            self.notify(problem, title="Not deleted", severity="error")
            return
        if kr is None:
            count = sum(1 for s in self._snapshots.values() if s.kr.objective_id == record.id)
            question = f"Delete {record.key} and its {count} key result(s)?"
        else:
            question = f"Delete {record.key}?"
        title = getattr(record, "label", None) or getattr(record, "title", "")
        from okrtui.tui.dialogs.confirm import ConfirmScreen

        confirm = ConfirmScreen(question, f"“{title}” — u undoes it.", yes="Delete", no="Keep")
        self.app.push_screen(confirm, lambda yes: self._delete(record) if yes else None)

    def _delete(self, record: Objective | KeyResult) -> None:
        try:
            if isinstance(record, KeyResult):
                deleted = self.repository.delete_key_result(record).description
            else:
                deleted = self.repository.delete_objective(record).description
        except OkrError as error:
            self.notify(str(error), title="Not deleted", severity="error")
            return
        self.notify(deleted, timeout=4)

    def action_edit_objective(self) -> None:
        """Edit the selected objective (or the objective of the selected KR)."""
        objective = self._selected_objective()
        if objective is None or self._cycle is None:
            self.notify("Select an objective or key result to edit", severity="warning")
            return
        krs = self.repository.key_results(objective)
        from okrtui.tui.screens.draft import DraftScreen

        self.app.push_screen(DraftScreen(self._cycle, objective, krs), self._after_draft)

    def _selected_objective(self) -> Objective | None:
        key = self.query_one(OkrTable).selected_key
        snap = self._snapshots.get(key or "")
        if snap is not None:
            return self._objectives.get(snap.kr.objective_id)
        return next((o for o in self._objectives.values() if o.key == key), None)

    def _after_draft(self, objective: Objective | None) -> None:
        if objective is not None:
            self.select_after_change(objective.key)

    @property
    def filter_text(self) -> str:
        """The active filter's query ("" when none)."""
        return self._filter.text if self._filter.active else ""

    def action_checkin(self) -> None:
        """Start the weekly check-in over the due KRs on screen (the filter applies)."""
        if self._cycle is None or not self._snapshots:
            self.notify("There are no key results to check in here", severity="warning")
            return
        today = self.repository.today()
        if today < self._cycle.start:
            self.notify(
                f"{self._cycle.name} starts on {self._cycle.start.isoformat()} "
                f"({cycle_time(self._cycle, today)}): check-ins begin then",
                severity="warning",
            )
            return
        titles = {o.id: f"{o.key}  {o.label}" for o in self._objectives.values()}
        queue = checkin_queue(list(self._snapshots.values()), self._cycle)
        if not queue:  # closed KRs (killed, graduated, closed with the cycle) take none
            why = (
                f"{self._cycle.name} is closed: its key results take no more check-ins"
                if self._cycle.state == "closed"
                else "No key result shown takes a check-in: each one is closed (killed or "
                "graduated)"
            )
            self.notify(why, severity="warning")
            return
        if not any(is_due(snap, self._cycle) for snap in queue):
            self.notify(
                "Nothing is due yet this week: going over every open key result again.", timeout=4
            )
        from okrtui.tui.screens.checkin import CheckinScreen

        self.app.push_screen(CheckinScreen(self._cycle, queue, titles), self._after_checkin)

    def _after_checkin(self, summary: CheckinSummary | None) -> None:
        if summary is None or summary.empty:
            self.notify("No check-ins saved", timeout=3)
            return
        from okrtui.tui.dialogs.checkin_summary import CheckinSummaryScreen

        self.app.push_screen(CheckinSummaryScreen(summary, self._cycle), self._after_summary)

    def _after_summary(self, report_wanted: bool | None) -> None:
        if report_wanted:
            self.action_weekly_report()

    def action_undo(self, confirmed: bool = False) -> None:
        """Take back the person's latest change made here (also one made before a restart)
        and say which; when newer changes (a teammate's) stand after it, ask first."""
        from okrtui.store.engine.journal import UndoNeedsConfirmation

        try:
            action = self.repository.undo(confirmed=confirmed)
        except UndoNeedsConfirmation as question:
            from rich.markup import escape

            from okrtui.tui.dialogs.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self.action_undo(confirmed=True)

            self.app.push_screen(
                ConfirmScreen(
                    f"Undo “{escape(question.action)}”?",
                    escape(str(question)),
                    yes="Undo",
                    no="Keep",
                ),
                answered,
            )
            return
        except OkrError as error:
            self.notify(str(error), title="Undo", severity="warning")
            return
        self.notify(f"Undid: {action}", title="Undo")

    # -- the practice's screens: discovery, roadmap, alignment, review ------------------------

    def _open_for_cycle(self, screen_type: Callable[[Cycle], Screen[None]]) -> None:
        """Open a screen about the cycle on screen."""
        if self._cycle is None:
            self.notify("Start a cycle first", severity="warning")
            return
        self.app.push_screen(screen_type(self._cycle))

    def action_discovery(self) -> None:
        """The cycle's discovery KRs: assumptions, evidence, kill-by dates."""
        from okrtui.tui.screens.discovery import DiscoveryScreen

        self._open_for_cycle(DiscoveryScreen)

    def action_roadmap(self) -> None:
        """The Now / Next / Later roadmap of bets (it spans cycles)."""
        from okrtui.tui.screens.roadmap import RoadmapScreen

        self.app.push_screen(RoadmapScreen())

    def action_alignment(self) -> None:
        """The cycle's objectives as a tree of weak and strong links."""
        from okrtui.tui.screens.alignment import AlignmentScreen

        self._open_for_cycle(AlignmentScreen)

    def action_review(self, cycle_id: str = "") -> None:
        """Review (and close) the cycle on screen, or first switch to the one with `cycle_id`."""
        if cycle_id:
            self.show_cycle_id(cycle_id)
        from okrtui.tui.screens.review import ReviewScreen

        self._open_for_cycle(ReviewScreen)

    def action_context(self) -> None:
        """The workspace's and the cycle's context: purpose, vision, strategy, inputs."""
        from okrtui.tui.screens.context import ContextScreen

        self._open_for_cycle(ContextScreen)

    def action_backlog(self) -> None:
        """The backlog items, what they serve, and the share of the backlog serving an OKR."""
        from okrtui.tui.screens.backlog import BacklogScreen

        self._open_for_cycle(BacklogScreen)

    def action_weekly_report(self) -> None:
        """The weekly story of the cycle on screen (the check-in summary's report)."""
        from okrtui.tui.screens.report import ReportScreen

        self._open_for_cycle(ReportScreen)

    def action_conflicts(self) -> None:
        """What team merges left to decide."""
        from okrtui.tui.screens.conflicts import ConflictsScreen

        self.app.push_screen(ConflictsScreen())

    def action_sync(self) -> None:
        """Exchange changes with the team (the dashboard reloads when the sync changed the file)."""
        from okrtui.tui.sync_worker import sync_in_background

        sync_in_background(self.app)

    def action_reload(self) -> None:
        self.refresh_data()
        self.notify("Reloaded from disk", timeout=2)

    # -- what is selected ------------------------------------------------------------------

    @property
    def selected_key_result(self) -> KeyResult | None:
        """The KR under the cursor, if the cursor is on a KR row."""
        snap = self._snapshots.get(self.query_one(OkrTable).selected_key or "")
        return snap.kr if snap else None

    def reveal(self, key: str) -> bool:
        """Put the cursor on record `key`, switching to its cycle and clearing a filter that
        hides it; False when no such record exists."""
        table = self.query_one(OkrTable)
        if table.select(key):
            return True
        try:
            cycle = self._cycle_holding(key)
        except OkrError:
            return False
        self._chosen_cycle_id = cycle.id
        self._filter = Filter()
        self.refresh_data()
        return table.select(key)

    def _cycle_holding(self, key: str) -> Cycle:
        repository = self.repository
        if key.upper().startswith("KR-"):
            objective = repository.objective_of(repository.find(KeyResult, key))
        else:
            objective = repository.find(Objective, key)
        return repository.cycle_of(objective)
