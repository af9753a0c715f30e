"""Provides `GraduateScreen`: the form that graduates a validated future-behaviour KR into an
outcome KR, in its own cycle or a later one, keeping its history.

It shows the assumption and the evidence (with a caution when it is thin or contrary), lets
the person pick the objective the outcome KR belongs to (its own by default; objectives of
later open cycles too) and adjust its title and target. Saving calls the repository; a
refusal keeps the form open with the reason and writes nothing.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from okrtui.domain.discovery import EvidenceTally, graduation_warning
from okrtui.domain.errors import InvalidInput, OkrError
from okrtui.domain.models import Cycle, KeyResult, Objective, format_number
from okrtui.domain.numbers import parse_optional_number
from okrtui.store.repository import Change
from okrtui.tui.dialogs.form import FormScreen, chosen, form_buttons
from okrtui.tui.literal import literal, literal_options


class GraduateScreen(FormScreen[Change[KeyResult]]):
    """Graduate one KR; dismisses with the change (its result the outcome KR), or None when
    cancelled. Enter in a field moves on: graduating closes the KR, so only ctrl+s or the
    button does it."""

    SAVE_ON_ENTER = False

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="graduate.cancel"),
        Binding("ctrl+s", "save", "Graduate", id="graduate.save"),
    ]

    def __init__(self, kr: KeyResult, cycle: Cycle, evidence: EvidenceTally) -> None:
        super().__init__()
        self._kr, self._cycle, self._evidence = kr, cycle, evidence

    def _choices(self) -> list[tuple[str, str]]:
        """Objectives the outcome KR may join: this cycle's (its own first), then later
        open cycles'."""
        repo = self.repository
        home = repo.objective_of(self._kr)
        later = [c for c in repo.cycles() if c.state != "closed" and c.start > self._cycle.start]
        choices = []
        for cycle in [self._cycle, *later]:
            objectives = sorted(repo.objectives(cycle), key=lambda o: o.id != home.id)
            choices += [(f"{cycle.name} · {o.key} {o.label}"[:70], o.id) for o in objectives]
        return choices

    def compose(self) -> ComposeResult:
        kr = self._kr
        with Vertical(id="graduate-form", classes="form"):
            yield Static(Text(f"Graduate {kr.key} into an outcome KR", style="bold"))
            facts = Text(kr.title + "\n")
            facts.append("Assumption: ", style="bold")
            facts.append((kr.assumption or "none named") + "\n", style="italic")
            facts.append(f"Evidence {self._evidence.counts} · {self._evidence.trend_text}")
            yield Static(literal(facts), classes="prompt-detail")
            warning = graduation_warning(self._evidence)
            yield Static(
                literal(warning), id="graduate-warning", classes="warning" if warning else "hidden"
            )
            yield Label("Into the objective")
            yield Select(
                literal_options(self._choices()),
                value=self.repository.objective_of(kr).id,
                allow_blank=False,
                id="graduate-objective",
            )
            yield Label("Title of the outcome KR")
            yield Input(kr.title, id="graduate-title")
            yield Label(literal(f"Target ({kr.unit})" if kr.unit else "Target"))
            yield Input(format_number(kr.target).replace(",", ""), id="graduate-target")
            yield Static(
                "Its check-ins and evidence stay with it; in a later cycle a new KR "
                "continues it from its last value.",
                classes="dialog-hint",
            )
            yield Static("", id="graduate-error", classes="error")
            yield form_buttons("Graduate")

    def on_mount(self) -> None:
        title = self.query_one("#graduate-title", Input)
        title.focus()
        title.cursor_position = 0  # show the title's start, not its end

    def _changes(self) -> dict[str, Any]:
        title = self.query_one("#graduate-title", Input).value.strip()
        target = parse_optional_number(self.query_one("#graduate-target", Input).value, "target")
        if not title:
            raise InvalidInput("give the outcome KR a title")
        return {"title": title, "target": target}

    def action_save(self) -> None:
        """Graduate, or show why not and keep the form open."""
        try:
            objective = self.repository.by_id(Objective, chosen(self.query_one(Select)))
            outcome = self.repository.discovery.graduate(self._kr, objective, self._changes())
        except OkrError as error:
            self._show_error(str(error))
            return
        self.dismiss(outcome)

    def _show_error(self, message: str) -> None:
        self.query_one("#graduate-error", Static).update(literal(message))
