"""Provides `CheckinSummaryScreen`: the modal at the end of a check-in round, with what moved
and the bets whose key results did not (keep, pivot or drop). Given the cycle, it is a view of
the weekly report: a line of the week, and `w` opens the whole report (`ReportScreen`), which
`w` on the dashboard reopens later."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from okrtui.domain.checkin_flow import CheckinSummary, Movement
from okrtui.domain.errors import OkrError
from okrtui.domain.models import Cycle
from okrtui.tui.dialogs.bet_forms import BetFormScreen
from okrtui.tui.literal import literal
from okrtui.tui.screen_base import OkrDialog
from okrtui.tui.widgets.bet_decisions import BetDecisions


def summary_text(summary: CheckinSummary) -> Text:
    """The end-of-round report: what moved, what did not, confidence drops, what is stale."""
    counts = f"{summary.checked} checked in, {summary.skipped} skipped"
    if summary.not_reached:
        counts += f", {summary.not_reached} not reached"
    text = Text(counts + "\n", style="bold")
    sections: list[tuple[str, list[Movement], str]] = [
        ("Moved", summary.moved, "green"),
        ("Did not move", summary.unmoved, "yellow"),
        ("Confidence dropped", summary.confidence_dropped, "red"),
        ("Confidence rose", summary.confidence_rose, "green"),
        ("Stale (no check-in within the cadence)", summary.stale, "bright_black"),
    ]
    for heading, items, colour in sections:
        if not items:
            continue
        text.append(f"\n{heading}\n", style=f"bold {colour}")
        for item in items:
            text.append(f"  {item.key:<6} ", style="bold")
            text.append(f"{item.text}  ")
            text.append(item.title, style="bright_black")
            text.append("\n")
    return text


class CheckinSummaryScreen(OkrDialog[bool]):
    """The summary at the end of a check-in round, then the bets whose key results did not
    move: keep, pivot or drop? (see `BetDecisions`). Dismisses with True when the person asks
    for the week's whole report (`w`), which the screen beneath then opens: a dialog opens no
    screens."""

    CSS: ClassVar[str] = """
    CheckinSummaryScreen {
        align: center middle;
    }

    #bet-decisions {
        height: auto;
        margin-top: 1;
    }

    #bet-decisions-table {
        height: auto;
        max-height: 10;
    }
    """

    # Priority: Enter closes even while the bets table (which would take Enter) has focus.
    BINDINGS = [
        Binding("escape,enter,q", "close", "Close", priority=True, id="checkin_summary.close"),
        Binding("w", "weekly_report", "Weekly report", priority=True, id="checkin_summary.report"),
    ]

    def __init__(self, summary: CheckinSummary, cycle: Cycle | None = None) -> None:
        super().__init__()
        self._summary = summary
        self._cycle = cycle

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin-summary", classes="dialog"):
            yield Static("[b]Check-in done[/b]", markup=True)
            yield Static(literal(summary_text(self._summary)), id="checkin-summary-text")
            if self._cycle is not None:
                yield Static(literal(self._week_line()), id="checkin-summary-week")
            yield BetDecisions(self.repository, [item.key for item in self._summary.unmoved])
            yield Static(
                "Enter closes" + (" · w the weekly report" if self._cycle else ""),
                classes="dialog-hint",
            )

    def _week_line(self) -> Text:
        from okrtui.tui.widgets.report_view import week_line

        assert self._cycle is not None
        try:
            return week_line(self.repository.weekly.report(self._cycle))
        except OkrError as error:
            return Text(str(error), style="red")

    def action_weekly_report(self) -> None:
        """Open the week's whole report in place of this summary."""
        if self._cycle is None:
            return
        self.dismiss(True)

    def on_bet_decisions_pivot_asked(self, event: BetDecisions.PivotAsked) -> None:
        """Pivot a bet: the bet form, back in the bet's table when it closes."""
        decisions = self.query_one(BetDecisions)
        self.app.push_screen(
            BetFormScreen(event.bet, pivot=True),
            lambda change: decisions.pivoted(event.bet, change),
        )

    def action_close(self) -> None:
        self.dismiss(False)
