"""Provides `LinkFormScreen`: link an objective to a higher objective or key result of its
cycle, or edit such a link — its strength and the hypothesis that connects the two.

A link is weak by default (it informs and changes no figure); strong rolls progress up. The
hypothesis is required: a link that cannot say why it holds is a cascade in disguise.
Links go up the levels (company > team > personal), so the list offers only the objectives of
a strictly higher level and their KRs; a company objective has nothing to link to, and the form
says so. Saving goes through the repository, which refuses links against the level order,
loops, duplicates and other cycles; the form then shows why and writes nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widgets import Input, Label, Select, Static

from okrtui.domain.alignment import link_targets, no_target_text
from okrtui.domain.errors import InvalidInput, OkrError
from okrtui.domain.models import Cycle, KeyResult, Link, Objective
from okrtui.store.repository import Change
from okrtui.tui.dialogs.form import FormScreen, chosen, form_buttons
from okrtui.tui.literal import literal, literal_options

STRENGTHS = [("weak: informs, no roll-up", "weak"), ("strong: progress rolls up", "strong")]
#: Characters of a title shown in the target list.
CHOICE_WIDTH = 64


def _clip(text: str) -> str:
    return text if len(text) <= CHOICE_WIDTH else text[: CHOICE_WIDTH - 1] + "…"


class LinkFormScreen(FormScreen[Change[Link]]):
    """Add a link from `source` (or edit `link`); dismisses with the change (its result the
    stored Link)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="link_form.cancel"),
        Binding("ctrl+s", "save", "Save", id="link_form.save"),
    ]

    def __init__(self, source: Objective, cycle: Cycle, link: Link | None = None) -> None:
        super().__init__()
        self._source, self._cycle, self._link = source, cycle, link

    def _targets(self) -> list[tuple[str, str]]:
        """The objectives of the cycle at a strictly higher level than the source, highest
        first, each followed by its KRs."""
        repo = self.repository
        choices = []
        for objective in link_targets(self._source, repo.objectives(self._cycle)):
            choices.append(
                (_clip(f"{objective.key} {objective.label} ({objective.level})"), objective.id)
            )
            choices += [
                (_clip(f"    {kr.key} {kr.title}"), kr.id) for kr in repo.key_results(objective)
            ]
        return choices

    def compose(self) -> ComposeResult:
        source, link = self._source, self._link
        heading = f"Edit {link.key} of {source.key}" if link else f"Link {source.key} to…"
        with Vertical(id="link-form", classes="form"):
            yield Static(Text(heading, style="bold"))
            yield Static(literal(f"{source.key} {source.label}"), classes="prompt-detail")
            if link is None:
                yield Label("Higher objective or key result it contributes to")
                targets = self._targets()
                if targets:
                    yield Select(
                        literal_options(targets),
                        value=targets[0][1],
                        allow_blank=False,
                        id="link-target",
                    )
                else:
                    yield Static(literal(self._no_target()), id="link-no-target", classes="error")
            yield Label("Strength")
            yield Select(
                STRENGTHS,
                value=link.strength if link else "weak",
                allow_blank=False,
                id="link-strength",
            )
            yield Label("Hypothesis: why would progress here help there?")
            yield Input(
                link.hypothesis if link else "",
                id="link-hypothesis",
                placeholder="e.g. more shared views → higher retention",
            )
            yield Static("", id="link-error", classes="error")
            yield form_buttons()

    def on_mount(self) -> None:
        self.query_one("#link-hypothesis", Input).focus()

    def _no_target(self) -> str:
        return no_target_text(self._source, self._cycle.name)

    def _target(self) -> Objective | KeyResult:
        try:
            value = self.query_one("#link-target", Select).value
        except NoMatches:  # nothing to link to: the form shows why
            value = Select.NULL
        if value is Select.NULL:
            raise InvalidInput(self._no_target())
        objectives = {o.id: o for o in self.repository.objectives(self._cycle)}
        if value in objectives:
            return objectives[value]
        return self.repository.by_id(KeyResult, str(value))

    def action_save(self) -> None:
        """Store the link, or show why not and keep the form open."""
        hypothesis = " ".join(self.query_one("#link-hypothesis", Input).value.split())
        strength = chosen(self.query_one("#link-strength", Select))
        try:
            if not hypothesis:
                raise InvalidInput(
                    "write the hypothesis that connects the two: it is what the "
                    "review will ask about"
                )
            if self._link is None:
                link = self.repository.alignment.add_link(
                    self._source, self._target(), strength, hypothesis
                )
            else:
                link = self.repository.alignment.edit_link(
                    self._link, strength=strength, hypothesis=hypothesis
                )
        except OkrError as error:
            self.query_one("#link-error", Static).update(literal(str(error)))
            return
        self.dismiss(link)
