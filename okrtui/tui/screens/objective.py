"""Provides `ObjectiveScreen` (Enter on an objective of the dashboard): the objective whole —
its why, its progress (strong links rolled up), its key results with their trends, the links
it hangs by and the ones that hang on it, the bets that should move its key results, the
evidence its discovery key results gathered, and the latest check-ins with who made them.

Everything is read from the repository at each refresh (the app's data-changed signal), and every text a person wrote is shown
as plain text, never markup. Enter on a key result opens its own screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from okrtui.domain.alignment import link_target_text, shown_progress
from okrtui.domain.errors import OkrError
from okrtui.domain.models import KeyResult, Objective, format_number
from okrtui.domain.progress import KrSnapshot
from okrtui.tui.literal import literal, shown
from okrtui.tui.renderables.glyphs import progress_bar, sparkline, status_label
from okrtui.tui.screen_base import OpenedScreen
from okrtui.tui.widgets.fit_table import FitTable, Row
from okrtui.tui.widgets.footer import OkrFooter
from okrtui.tui.widgets.okr_table import value_cell

#: The key results table: key, title (flexible), value, progress, trend, status.
COLUMNS = (
    ("key", "Key", 6),
    ("title", "Key result", 0),
    ("value", "Value / target", 13),
    ("progress", "Progress", 9),
    ("trend", "Trend", 8),
    ("status", "Status", 12),
)
#: Latest check-ins listed under the objective.
RECENT_CHECKINS = 8


def kr_rows(snapshots: list[KrSnapshot]) -> list[Row]:
    return [
        (
            s.kr.key,
            (
                Text(s.kr.key),
                Text(shown(s.kr.title, single_line=True)),
                value_cell(s, 13),
                progress_bar(s.progress, width=3),
                sparkline(s.values, width=8, style="cyan"),
                status_label(s.status),
            ),
        )
        for s in snapshots
    ]


class ObjectiveScreen(OpenedScreen[None, str]):
    """One objective whole (see the module docs)."""

    TITLE = "Objective"
    DEFAULT_CSS = """
    #objective-header { height: auto; padding: 0 1; background: $boost; }
    #objective-krs { height: auto; max-height: 50%; }
    #objective-more { height: 1fr; padding: 0 1; }
    """

    def __init__(self, objective_key: str) -> None:
        super().__init__()
        self.objective_key = objective_key

    def compose(self) -> ComposeResult:
        yield Static(id="objective-header")
        yield FitTable(COLUMNS, id="objective-krs")
        with VerticalScroll(id="objective-more"):
            yield Static(id="objective-links")
            yield Static(id="objective-bets")
            yield Static(id="objective-evidence")
            yield Static(id="objective-history")
        yield OkrFooter()

    def on_mount(self) -> None:
        self.query_one("#objective-krs", FitTable).focus()

    def refresh_data(self, select: str | None = None) -> None:
        """Read the objective and everything around it, and show it."""
        repo = self.repository
        try:
            objective = repo.find(Objective, self.objective_key)
            cycle = repo.cycle_of(objective)
            grouped = repo.cycle_snapshots(cycle)
            objectives = repo.objectives(cycle)
            links = repo.cycle_links(cycle)
            everyone = {o.id: o for o in repo.all(Objective)}
            krs = {kr.id: kr for kr in repo.key_results()}
            bets = repo.bets()
        except OkrError as error:
            self.query_one("#objective-header", Static).update(literal(str(error), "red"))
            return
        snaps = grouped.get(objective.id, [])
        progress = shown_progress(objectives, grouped, links).get(objective.id)
        self.query_one("#objective-header", Static).update(
            literal(self._header(objective, cycle.name, progress))
        )
        self.query_one("#objective-krs", FitTable).show(kr_rows(snaps))
        mine = {s.kr.id for s in snaps}
        self.query_one("#objective-links", Static).update(
            literal(self._links(objective, links, everyone, krs, mine))
        )
        self.query_one("#objective-bets", Static).update(literal(self._bets(bets, krs, mine)))
        self.query_one("#objective-evidence", Static).update(literal(self._evidence(snaps)))
        self.query_one("#objective-history", Static).update(literal(self._history(snaps)))

    # -- the parts ---------------------------------------------------------------------------

    @staticmethod
    def _header(objective: Objective, cycle_name: str, progress: float | None) -> Text:
        text = Text(f"{objective.key}  ", style="bold")
        text.append(shown(objective.label), style="bold")
        facts = [cycle_name, objective.level, objective.mode, objective.state]
        if objective.team:
            facts.insert(1, objective.team)
        if objective.owner:
            facts.insert(1, f"owner {objective.owner}")
        text.append("\n" + shown(" · ".join(facts), single_line=True) + "  ", style="bright_black")
        text.append(progress_bar(progress, width=10, style="bold cyan"))
        if objective.why:
            text.append("\nwhy: ", style="bold")
            text.append(shown(objective.why), style="italic")
        if objective.reflection:
            text.append("\nreflection: ", style="bold")
            text.append(shown(objective.reflection))
        return text

    @staticmethod
    def _links(objective, links, objectives, krs, mine: set[str]) -> Text:
        text = Text("Alignment\n", style="bold")
        up = [link for link in links if link.from_objective_id == objective.id]
        down = [
            link
            for link in links
            if link.to_objective_id == objective.id or link.to_key_result_id in mine
        ]
        if not up and not down:
            text.append("  not linked (a on the dashboard opens the alignment)\n", "bright_black")
        for link in up:
            mark = "═" if link.strength == "strong" else "~"
            text.append(f"  {mark} rolls into {shown(link_target_text(link, objectives, krs))}")
            if link.hypothesis:
                text.append(f"  “{shown(link.hypothesis)}”", style="italic")
            text.append("\n")
        for link in down:
            source = objectives.get(link.from_objective_id)
            name = f"{source.key} {source.label}" if source else "(gone)"
            mark = "═" if link.strength == "strong" else "~"
            text.append(f"  {mark} {shown(name)} links here")
            if link.hypothesis:
                text.append(f"  “{shown(link.hypothesis)}”", style="italic")
            text.append("\n")
        return text

    @staticmethod
    def _bets(bets, krs: dict[str, KeyResult], mine: set[str]) -> Text:
        text = Text("\nBets that should move its key results\n", style="bold")
        moving = [b for b in bets if any(m.key_result_id in mine for m in b.moves)]
        if not moving:
            text.append("  none (m on the dashboard opens the roadmap)\n", style="bright_black")
        for bet in moving:
            moves = ", ".join(
                f"{krs[m.key_result_id].key} "
                + ("?" if m.expected_change is None else f"{m.expected_change:+g}")
                for m in bet.moves
                if m.key_result_id in mine and m.key_result_id in krs
            )
            text.append(f"  {bet.key} ", style="bold")
            text.append(shown(bet.title))
            text.append(f"  {bet.horizon} · {bet.status} · {moves}\n", style="bright_black")
        return text

    def _evidence(self, snaps: list[KrSnapshot]) -> Text:
        text = Text()
        rows = []
        for snap in snaps:
            try:
                found = self.repository.evidence(snap.kr)
            except OkrError:
                continue
            if found:
                signs = {"supports": "+", "refutes": "−", "unclear": "?"}
                tally = " ".join(
                    f"{signs[v]}{sum(1 for e in found if e.verdict == v)}" for v in signs
                )
                rows.append((snap.kr.key, tally, found[-1].text))
        if rows:
            text.append("\nEvidence\n", style="bold")
            for key, tally, latest in rows:
                text.append(f"  {key} {tally}  latest: ", style="bright_black")
                text.append(shown(latest) + "\n")
        return text

    @staticmethod
    def _history(snaps: list[KrSnapshot]) -> Text:
        checkins = sorted(
            ((c, s.kr) for s in snaps for c in s.checkins),
            key=lambda pair: (pair[0].date, pair[0].created_at),
            reverse=True,
        )[:RECENT_CHECKINS]
        text = Text("\nLatest check-ins\n", style="bold")
        if not checkins:
            text.append("  none yet (c on the dashboard starts the check-in)\n", "bright_black")
        for checkin, kr in checkins:
            by = f" by {shown(checkin.author, single_line=True)}" if checkin.author else ""
            text.append(f"  {checkin.date:%Y-%m-%d} {kr.key} ", style="bright_black")
            text.append(shown(f"{format_number(checkin.value)} {kr.unit}".rstrip()))
            text.append(f" · confidence {checkin.confidence}{by}", style="bright_black")
            if checkin.note:
                text.append("  " + shown(checkin.note))
            text.append("\n")
        return text

    # -- actions -----------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a key result opens its screen."""
        from okrtui.tui.screens.kr_detail import KrDetailScreen

        self.app.push_screen(KrDetailScreen(str(event.row_key.value)))
