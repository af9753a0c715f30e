"""Provides `BetDecisions`: the part of the check-in summary that asks, for each bet being
worked on whose key results did not move this week, "keep, pivot or drop?".

The practice (docs/practice.md, "The roadmap is a set of bets"): "if the roadmap changes as
learning changes, the OKRs are doing useful strategic work". `k` keeps the bet (nothing is
written), `p` pivots it (the bet form opens, back in discovery, to rewrite what the team will
try), `d` drops it with a note of which KRs did not move. It hides itself when no bet needs a
decision.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from okrtui.domain.errors import OkrError
from okrtui.domain.models import Bet, KeyResult
from okrtui.domain.roadmap import BetToReconsider, bets_to_reconsider
from okrtui.store.repository import Change, Repository
from okrtui.tui.literal import literal, literal_text

COLUMNS = (
    ("key", "Bet", 5),
    ("title", "Title", 36),
    ("status", "Status", 10),
    ("unmoved", "Did not move", 16),
    ("decision", "Decision", 9),
)
DECISION_STYLES = {"kept": "green", "pivoted": "magenta", "dropped": "red"}


class BetDecisions(Vertical):
    """Keep, pivot or drop each bet whose KRs (by key, `unmoved`) did not move."""

    BINDINGS = [
        Binding("k", "decide('kept')", "Keep", id="bet_decisions.keep"),
        Binding("p", "decide('pivoted')", "Pivot", id="bet_decisions.pivot"),
        Binding("d", "decide('dropped')", "Drop", id="bet_decisions.drop"),
    ]

    class PivotAsked(Message):
        """p on a bet: its screen should open the pivot form (a widget opens no dialogs)."""

        def __init__(self, bet: Bet) -> None:
            super().__init__()
            self.bet = bet

    def __init__(self, repository: Repository, unmoved: Sequence[str]) -> None:
        super().__init__(id="bet-decisions")
        #: Where the bets are read and the decisions stored (the screen's repository).
        self.repository = repository
        self._unmoved = list(unmoved)
        self._items: dict[str, BetToReconsider] = {}
        self._decisions: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Bets whose key results did not move: keep, pivot or drop?", style="bold yellow")
        )
        yield DataTable(id="bet-decisions-table", cursor_type="row", zebra_stripes=False)
        yield Static(
            "k keeps · p pivots (edit the bet) · d drops",
            id="bet-decisions-message",
            classes="dialog-hint",
        )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        try:
            unmoved = {
                kr.id: kr.key for kr in self.repository.all(KeyResult) if kr.key in self._unmoved
            }
            items = bets_to_reconsider(self.repository.bets(), unmoved)
        except OkrError as error:
            self._say(str(error))
            items = []
        self._items = {item.bet.key: item for item in items}
        self.display = bool(items)
        if items:
            self._fill()
            table.focus()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        selected = table.cursor_row
        table.clear()
        for key, item in self._items.items():
            decision = self._decisions.get(key, "")
            table.add_row(
                literal_text(key),
                literal_text(item.bet.title[:36], single_line=True),
                item.bet.status,
                literal_text(", ".join(item.unmoved), single_line=True),
                Text(decision, style=DECISION_STYLES.get(decision, "")),
                key=key,
            )
        table.move_cursor(row=min(selected, len(self._items) - 1))

    def _say(self, message: str) -> None:
        self.query_one("#bet-decisions-message", Static).update(literal(message))

    @property
    def selected(self) -> BetToReconsider | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self._items.get(row_key.value or "")

    def action_decide(self, decision: str) -> None:
        """Record the decision about the selected bet (keep writes nothing)."""
        item = self.selected
        if item is None:
            return
        if decision == "pivoted":  # the screen opens the pivot form, then calls `pivoted`
            self.post_message(self.PivotAsked(item.bet))
            return
        if decision == "dropped":
            try:
                dropped = self.repository.roadmap.drop_bet(item.bet, item.unmoved)
            except OkrError as error:
                self._say(str(error))
                return
            self._decided(item, "dropped", dropped)
            return
        self._decided(item, "kept", Change(item.bet, f"Kept {item.bet.key}"))

    def pivoted(self, bet: Bet, change: Change[Bet] | None) -> None:
        """The pivot form for `bet` closed: note the pivot it saved (None: cancelled)."""
        item = self._items.get(bet.key)
        if item is not None:
            self._decided(item, "pivoted", change)

    def _decided(self, item: BetToReconsider, decision: str, change: Change[Bet] | None) -> None:
        if change is None:  # the pivot form was cancelled
            return
        self._items[item.bet.key] = BetToReconsider(change.result, item.unmoved)
        self._decisions[item.bet.key] = decision
        self._say(f"{change.description}. k keeps · p pivots · d drops")
        self._fill()
