"""Provides `BetList`: one roadmap column of bet cards, moved through with ↑/↓ or j/k."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class BetList(OptionList):
    """One column of bets, moved through with ↑/↓ or j/k."""

    DEFAULT_CSS: ClassVar[str] = """
    BetList, BetList:focus {
        height: 1fr;
        border: none;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="bets.down"),
        Binding("k", "cursor_up", "Up", show=False, id="bets.up"),
    ]

    def __init__(self, horizon: str) -> None:
        super().__init__(id=f"bets-{horizon}", classes="bet-list")
        self.horizon = horizon
        #: Bet keys in the order of the options (each option's id is its bet's key).
        self.bet_keys: list[str] = []

    @property
    def selected_key(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def show(self, cards: list[tuple[str, Text]]) -> None:
        """Replace the cards (bet key, card), separated by rules; keep the highlight's place."""
        highlighted = self.highlighted
        self.clear_options()
        self.bet_keys = [key for key, _ in cards]
        options: list[Option | None] = []
        for key, card in cards:
            options += [Option(card, id=key), None]
        self.add_options(options[:-1])
        if cards:
            self.highlighted = min(highlighted or 0, len(cards) - 1)

    def highlight(self, key: str) -> None:
        """Highlight the card of bet `key`."""
        self.highlighted = self.get_option_index(key)
