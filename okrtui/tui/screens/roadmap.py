"""Provides `RoadmapScreen`: the bets in Now / Next / Later columns (m on the dashboard).

Each card shows the bet's key, status, title and the key results it should move with the
expected change; a bet that moves none is flagged (`unlinked-bet`: the roadmap drifting into
a parallel universe). Below, the selected bet in full with how its KRs are doing.

Keys: ←/→ change column, ↑/↓ (j/k) move within it; `<`/`>` (shift+←/→) move the bet to a
sooner or later horizon, `K`/`J` (shift+↑/↓) reorder it; `s` steps its status; `n` adds a
bet, `e` (or Enter) edits it, `l` links it to a KR with the expected change.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static

from okrtui.domain.coach import coach_bets
from okrtui.domain.errors import OkrError
from okrtui.domain.models import Bet, KeyResult
from okrtui.domain.progress import KrSnapshot
from okrtui.domain.roadmap import (
    HORIZON_LABELS,
    HORIZONS,
    columns,
    impact_text,
    move_to_horizon,
    next_status,
    reorder,
)
from okrtui.domain.wording import plain
from okrtui.store.repository import Change
from okrtui.tui.dialogs.bet_forms import BetFormScreen, BetLinkScreen
from okrtui.tui.renderables.glyphs import progress_bar, status_label
from okrtui.tui.screens.practice_layout import PracticeScreen
from okrtui.tui.widgets.bet_list import BetList

STATUS_STYLES = {
    "idea": "bright_black",
    "discovery": "magenta",
    "delivery": "cyan",
    "done": "green",
    "dropped": "strike bright_black",
}


def bet_card(bet: Bet, krs: dict[str, KeyResult], unlinked: bool) -> Text:
    """A bet as a card: key and status, title, and the KRs it should move."""
    text = Text(f"{bet.key} ", style="bold")
    text.append(f"● {bet.status}", style=STATUS_STYLES[bet.status])
    title_style = "strike bright_black" if bet.status == "dropped" else ""
    text.append(f"\n{bet.title}", style=title_style)
    if bet.moves:
        moves = ", ".join(impact_text(m, krs.get(m.key_result_id)) for m in bet.moves)
        text.append(f"\n→ {moves}")
    if unlinked:
        text.append("\n⚠ moves no open key result", style="yellow")
    return text


def bet_detail(
    bet: Bet, krs: dict[str, KeyResult], snaps: dict[str, KrSnapshot], warning: str
) -> Text:
    """The selected bet in full: status, link, note, and each KR it moves with its progress."""
    text = Text(f"{bet.key}  {bet.title}", style="bold")
    text.append(f"  · {HORIZON_LABELS[bet.horizon]} · ")
    text.append(bet.status, style=STATUS_STYLES[bet.status])
    if bet.url:
        text.append(f" · {bet.url}", style="underline")
    if bet.note:
        text.append(f"\n{bet.note}", style="italic")
    for move in bet.moves:
        kr = krs.get(move.key_result_id)
        text.append(f"\n→ {impact_text(move, kr)}  ", style="bold")
        if kr is None:
            continue
        text.append(kr.title[:60] + "  ")
        snap = snaps.get(kr.id)
        if snap is not None:
            text.append(progress_bar(snap.progress, width=8))
            text.append("  ")
            text.append(status_label(snap.status))
        elif kr.state == "closed":
            text.append("closed", style="blue")
    if warning:
        text.append(f"\n⚠ {warning}", style="yellow")
    return text


class RoadmapScreen(PracticeScreen[None, str]):
    """The roadmap of bets in three horizons (it spans cycles: bets link to any open KR)."""

    CSS: ClassVar[str] = """
    #roadmap-columns {
        height: 1fr;
    }

    .roadmap-column {
        width: 1fr;
        border: round $primary 50%;
    }

    .roadmap-column:focus-within {
        border: round $accent;
    }

    .roadmap-column-heading {
        height: 1;
        padding: 0 1;
        text-style: bold;
    }
    """

    TITLE = "Roadmap"
    BINDINGS = [
        # Priority: the focused column (an OptionList) would otherwise claim ←/→ to scroll.
        Binding(
            "left",
            "column(-1)",
            "Column",
            key_display="←→",
            show=False,
            priority=True,
            id="roadmap.left",
        ),
        Binding(
            "right",
            "column(1)",
            "Column",
            key_display="←→",
            show=False,
            priority=True,
            id="roadmap.right",
        ),
        # One footer entry for the pair, so that every key fits at 80 columns (? lists both).
        Binding(
            "shift+left,less_than_sign",
            "move(-1)",
            "Horizon",
            key_display="<>",
            tooltip="Move the bet to a sooner horizon",
            id="roadmap.sooner",
        ),
        Binding(
            "shift+right,greater_than_sign",
            "move(1)",
            "Later",
            key_display=">",
            show=False,
            id="roadmap.later",
        ),
        # Listed by ? (the footer keeps room for the rest at 80 columns).
        Binding(
            "shift+up,K", "reorder(-1)", "Move up", key_display="K", id="roadmap.up", show=False
        ),
        Binding(
            "shift+down,J",
            "reorder(1)",
            "Move down",
            key_display="J",
            id="roadmap.down",
            show=False,
        ),
        Binding("s", "status", "Status", id="roadmap.status"),
        Binding("n", "new", "New", tooltip="New bet", id="roadmap.new"),
        Binding("e", "edit", "Edit", id="roadmap.edit"),
        Binding("l", "link", "Link KR", id="roadmap.link"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._bets: dict[str, Bet] = {}
        self._krs: dict[str, KeyResult] = {}
        self._snaps: dict[str, KrSnapshot] = {}
        self._warnings: dict[str, str] = {}

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="roadmap-columns"):
            for horizon in HORIZONS:
                with Vertical(classes="roadmap-column"):
                    yield Static(id=f"heading-{horizon}", classes="roadmap-column-heading")
                    yield BetList(horizon)

    def on_mount(self) -> None:
        self.query_one(BetList).focus()

    # -- loading ---------------------------------------------------------------------------

    def refresh_data(self, select: str | None = None) -> None:
        """Re-read bets and KRs; keep the cursor on `select` (or the selected bet)."""
        select = select or self.selected_key
        repo = self.repository
        try:
            bets = repo.bets()
            self._krs = {kr.id: kr for kr in repo.key_results()}
            live = self._live_kr_ids()
        except OkrError as error:
            self.show_message(str(error))
            return
        self._bets = {bet.key: bet for bet in bets}
        self._warnings = {f.ref: f.message for f in coach_bets(bets, live)}
        for horizon, column in columns(bets).items():
            cards = [
                (bet.key, bet_card(bet, self._krs, bet.key in self._warnings)) for bet in column
            ]
            self.query_one(f"#bets-{horizon}", BetList).show(cards)
            self.query_one(f"#heading-{horizon}", Static).update(
                Text.assemble((HORIZON_LABELS[horizon], "bold"), f"  {len(column)}")
            )
        self._show_heading(bets)
        if select in self._bets:
            self._focus_bet(select)
        self._show_detail()

    def _live_kr_ids(self) -> set[str]:
        """Open KRs of cycles that are not closed (what a bet can still move), and their
        snapshots for the detail line."""
        repo = self.repository
        live: set[str] = set()
        self._snaps = {}
        for cycle in repo.cycles():
            if cycle.state == "closed":
                continue
            for snaps in repo.cycle_snapshots(cycle).values():
                for snap in snaps:
                    self._snaps[snap.kr.id] = snap
                    if snap.kr.state == "active":
                        live.add(snap.kr.id)
        return live

    def _show_heading(self, bets: list[Bet]) -> None:
        open_bets = [b for b in bets if b.status not in ("done", "dropped")]
        text = Text("Roadmap", style="bold")
        text.append(f" · {len(open_bets)} open bets of {len(bets)}")
        if self._warnings:
            text.append(f" · {len(self._warnings)} move no open key result", style="yellow")
        text.append(" · the bets the team believes will move its OKRs", style="bright_black")
        self.show_heading(text)

    def _show_detail(self) -> None:
        bet = self.selected_bet
        if bet is None:
            self.show_detail("No bet here. n adds one; ←/→ change column.")
            return
        text = bet_detail(bet, self._krs, self._snaps, self._warnings.get(bet.key, ""))
        try:
            items = self.repository.backlog.items_of(bet)
        except OkrError:
            items = []
        if items:  # the backlog items that serve it (b on the dashboard links them)
            shown = ", ".join(f"{i.tracker_key} ({i.status or 'no status'})" for i in items[:6])
            more = f" and {len(items) - 6} more" if len(items) > 6 else ""
            text.append(f"\n▤ backlog: {plain(shown)}{more}", style="cyan")
        self.show_detail(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def on_descendant_focus(self) -> None:
        self._show_detail()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a bet edits it."""
        self.action_edit()

    # -- what is selected ------------------------------------------------------------------

    @property
    def column(self) -> BetList:
        """The focused column (the first one when focus is elsewhere)."""
        focused = self.focused
        return focused if isinstance(focused, BetList) else self.query_one(BetList)

    @property
    def selected_key(self) -> str | None:
        return self.column.selected_key if self.is_mounted else None

    @property
    def selected_bet(self) -> Bet | None:
        return self._bets.get(self.selected_key or "")

    def _focus_bet(self, key: str) -> None:
        """Focus the column holding bet `key` and highlight it."""
        for column in self.query(BetList):
            if key in column.bet_keys:
                column.focus()
                column.highlight(key)

    # -- actions ---------------------------------------------------------------------------

    def action_column(self, step: int) -> None:
        """Focus the column to the left (−1) or right (+1)."""
        lists = list(self.query(BetList))
        index = lists.index(self.column) + step
        if 0 <= index < len(lists):
            lists[index].focus()

    def _require_bet(self) -> Bet | None:
        bet = self.selected_bet
        if bet is None:
            self.show_message("Select a bet first (this column is empty).")
        return bet

    def action_move(self, step: int) -> None:
        """Move the selected bet to a sooner (−1) or later (+1) horizon."""
        bet = self._require_bet()
        if bet is None:
            return
        places = move_to_horizon(list(self._bets.values()), bet, step)
        if not places:
            self.show_message(
                f"{bet.key} is in {HORIZON_LABELS[bet.horizon]} already: the "
                f"{'first' if step < 0 else 'last'} horizon."
            )
            return
        self._store(bet.key, lambda: self.repository.roadmap.move_bet(bet, places))

    def action_reorder(self, step: int) -> None:
        """Move the selected bet up (−1) or down (+1) within its horizon."""
        bet = self._require_bet()
        if bet is None:
            return
        places = reorder(list(self._bets.values()), bet, step)
        if not places:
            self.show_message(f"{bet.key} is at the {'top' if step < 0 else 'bottom'} already.")
            return
        where = "up" if step < 0 else "down"
        self._store(
            bet.key,
            lambda: self.repository.roadmap.arrange_bets(
                places, f"Move {bet.key} {where} in {HORIZON_LABELS[bet.horizon]}"
            ),
        )

    def action_status(self) -> None:
        """Step the selected bet's status: idea → discovery → delivery → done → dropped."""
        bet = self._require_bet()
        if bet is None:
            return
        status = next_status(bet.status)
        self._store(bet.key, lambda: self.repository.roadmap.edit_bet(bet, status=status))

    def _store(self, key: str, change) -> None:
        """Run a repository change, then show it; an error shows in the screen instead."""
        try:
            change()
        except OkrError as error:
            self.show_message(str(error))
            return
        self.show_message("")
        self.select_after_change(key)

    def action_new(self) -> None:
        """Add a bet to the focused horizon."""
        self.app.push_screen(BetFormScreen(None, horizon=self.column.horizon), self._after_form)

    def action_edit(self) -> None:
        bet = self._require_bet()
        if bet is not None:
            self.app.push_screen(BetFormScreen(bet), self._after_form)

    def action_link(self) -> None:
        """Link the selected bet to a KR it should move, with the expected change."""
        bet = self._require_bet()
        if bet is None:
            return
        choices = [kr for kr in self._krs.values() if kr.id in self._snaps and kr.state == "active"]
        if not choices:
            self.show_message("There is no open key result to link to: draft some first.")
            return
        self.app.push_screen(BetLinkScreen(bet, choices), self._after_form)

    def _after_form(self, change: Change[Bet] | None) -> None:
        if change is not None:
            self.show_message("")
            self.notify(change.description, timeout=3)
            self.select_after_change(change.result.key)
