"""Provides the roadmap's forms: `BetFormScreen` adds, edits or pivots a bet, and
`BetLinkScreen` links a bet to a key result it should move, with the expected change.

Both save through the repository's roadmap and dismiss with the `Change` (the stored `Bet`
and what was done); bad input keeps the
form open with the reason, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from okrtui.domain.errors import OkrError
from okrtui.domain.models import Bet, KeyResult, format_number
from okrtui.domain.numbers import parse_optional_number
from okrtui.domain.roadmap import HORIZON_LABELS, HORIZONS, STATUSES, impact_text
from okrtui.store.repository import Change
from okrtui.tui.dialogs.form import FormScreen, chosen, form_buttons
from okrtui.tui.literal import literal, literal_options


class BetFormScreen(FormScreen[Change[Bet]]):
    """Add a bet (`bet` None), edit one, or pivot one (`pivot`: back to discovery, with a
    prompt to rewrite what the team will try instead)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="bet_form.cancel"),
        Binding("ctrl+s", "save", "Save", id="bet_form.save"),
    ]

    def __init__(self, bet: Bet | None, horizon: str = "now", pivot: bool = False) -> None:
        super().__init__()
        self._bet, self._horizon, self._pivot = bet, horizon, pivot

    def _initial(self, name: str, default: Any = "") -> Any:
        if self._pivot and name == "status":
            return "discovery"
        return getattr(self._bet, name) if self._bet is not None else default

    def compose(self) -> ComposeResult:
        bet = self._bet
        if bet is None:
            heading = "New bet"
        elif self._pivot:
            heading = f"Pivot {bet.key}: what will the team try instead?"
        else:
            heading = f"Edit {bet.key}"
        with Vertical(id="bet-form", classes="form"):
            yield Static(Text(heading, style="bold"))
            yield Label("Title: the initiative the team believes will move a key result")
            yield Input(
                self._initial("title"), id="bet-title", placeholder="e.g. Guided setup checklist"
            )
            with Horizontal(classes="form-row"):
                with Vertical():
                    yield Label("Horizon")
                    yield Select(
                        [(HORIZON_LABELS[h], h) for h in HORIZONS],
                        allow_blank=False,
                        value=self._initial("horizon", self._horizon),
                        id="bet-horizon",
                    )
                with Vertical():
                    yield Label("Status")
                    yield Select(
                        [(s, s) for s in STATUSES],
                        allow_blank=False,
                        value=self._initial("status", "idea"),
                        id="bet-status",
                    )
            yield Label("Link (issue tracker URL, optional)")
            yield Input(self._initial("url"), id="bet-url")
            yield Label("Note")
            yield Input(
                self._initial("note"), id="bet-note", placeholder="why this bet; what was learnt"
            )
            yield Static("", id="bet-error", classes="error")
            yield form_buttons()

    def on_mount(self) -> None:
        self.query_one("#bet-title", Input).focus()

    def _fields(self) -> dict[str, Any]:
        fields = {
            name: self.query_one(f"#bet-{name}", Input).value.strip()
            for name in ("title", "url", "note")
        }
        fields |= {
            name: chosen(self.query_one(f"#bet-{name}", Select)) for name in ("horizon", "status")
        }
        return fields

    def action_save(self) -> None:
        """Store the bet, or show what is wrong and keep the form open."""
        repository = self.repository
        fields = self._fields()
        try:
            if self._bet is None:
                change = repository.roadmap.add_bet(**fields)
            else:
                change = repository.roadmap.edit_bet(self._bet, **fields)
        except OkrError as error:
            self.query_one("#bet-error", Static).update(literal(str(error)))
            return
        self.dismiss(change)


def kr_choice(kr: KeyResult) -> str:
    """How a KR reads in the link form's list."""
    title = kr.title if len(kr.title) <= 60 else kr.title[:59] + "…"
    return f"{kr.key}  {title}"


class BetLinkScreen(FormScreen[Change[Bet]]):
    """Link a bet to a KR and say by how much it should move it (or unlink it)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="bet_link.cancel"),
        Binding("ctrl+s", "save", "Link", id="bet_link.save"),
        Binding("ctrl+r", "unlink", "Unlink", id="bet_link.unlink"),
    ]

    def __init__(self, bet: Bet, key_results: Sequence[KeyResult]) -> None:
        super().__init__()
        self._bet = bet
        self._krs = {kr.id: kr for kr in key_results}
        self._expected = {m.key_result_id: m.expected_change for m in bet.moves}

    def compose(self) -> ComposeResult:
        bet = self._bet
        # The KR the bet already moves (its expected change to review), else the first one.
        linked = [kr for kr in self._krs.values() if kr.id in self._expected]
        first = (linked or list(self._krs.values()))[0]
        #: The expected change the form last filled in (not typed by the person).
        self._filled = self._expected_text(first.id)
        with Vertical(id="bet-link-form", classes="form"):
            yield Static(Text(f"Link {bet.key} “{bet.title}” to a key result", style="bold"))
            moves = ", ".join(impact_text(m, self._krs.get(m.key_result_id)) for m in bet.moves)
            yield Static(literal(f"Moves now: {moves or 'nothing'}"), classes="prompt-detail")
            yield Label("Key result it should move")
            yield Select(
                literal_options((kr_choice(kr), kr.id) for kr in self._krs.values()),
                value=first.id,
                allow_blank=False,
                id="link-kr",
            )
            yield Label(
                "Expected change, in the KR's unit (e.g. +10 or -2; empty: not sure yet)",
                id="link-change-label",
            )
            yield Input(self._expected_text(first.id), id="link-change")
            yield Static("", id="link-error", classes="error")
            yield form_buttons("Link", Button(Text("Unlink  [ctrl+r]"), id="unlink"))

    def _expected_text(self, kr_id: str) -> str:
        change = self._expected.get(kr_id)
        return "" if change is None else format_number(change).replace(",", "")

    def on_mount(self) -> None:
        self.query_one("#link-change", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        """Show the expected change already recorded for the chosen KR, unless the person
        typed one: what they typed stays."""
        field = self.query_one("#link-change", Input)
        if field.value != self._filled:
            return
        self._filled = self._expected_text(str(event.value))
        field.value = self._filled

    def on_button_pressed(self, event: Button.Pressed) -> None:
        # Textual calls FormScreen's handler too (save, cancel): only unlink is handled here,
        # or Link would save twice and the second dismiss would close the roadmap.
        if event.button.id == "unlink":
            event.prevent_default()
            self.action_unlink()

    @property
    def chosen(self) -> KeyResult:
        return self._krs[str(self.query_one("#link-kr", Select).value)]

    def _run(self, change) -> None:
        try:
            done = change()
        except OkrError as error:
            self.query_one("#link-error", Static).update(literal(str(error)))
            return
        self.dismiss(done)

    def action_save(self) -> None:
        """Link the chosen KR with the expected change, or say what is wrong."""
        repository = self.repository

        def link() -> Change[Bet]:
            text = self.query_one("#link-change", Input).value
            change = parse_optional_number(text.replace("+", "", 1), "expected change")
            return repository.roadmap.link_bet(self._bet, self.chosen, change)

        self._run(link)

    def action_unlink(self) -> None:
        """Stop expecting the bet to move the chosen KR."""
        repository = self.repository
        self._run(lambda: repository.roadmap.unlink_bet(self._bet, self.chosen))
