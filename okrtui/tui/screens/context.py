"""Provides `ContextScreen`: the shared context a team drafts its OKRs in, written down.

"Before anyone starts suggesting Objectives or Key Results, everyone needs to understand the
context for the upcoming cycle" (docs/practice.md). The screen edits the workspace's lasting
context (purpose, vision, product strategy as strategic narrative, playing field and winning
moves, with its owner) or, after `ctrl+t`, the cycle's own, plus free inputs, one a line as
`title | owner | detail`. `ctrl+g` pulls the parent level's OKRs and last cycle's unfinished
key results into the cycle's inputs. The draft shows all of it beside the form.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Static, TextArea

from okrtui.domain.context import inputs_text, parse_inputs
from okrtui.domain.errors import OkrError
from okrtui.domain.models import Context, Cycle
from okrtui.tui.dialogs.confirm import ConfirmScreen
from okrtui.tui.widgets.footer import OkrFooter

#: (field, label, multi-line) in screen order.
FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("purpose", "Purpose: why the company exists", False),
    ("vision", "Vision: the future it works toward", False),
    ("narrative", "Strategic narrative: the why behind the choices (principles, goals)", True),
    (
        "playing_field",
        "Playing field: target market, their urgent jobs, current alternatives",
        True,
    ),
    (
        "winning_moves",
        "Winning moves: the bets to stand out (channels, offers, differentiation)",
        True,
    ),
    ("owner", "Owner of the strategy", False),
)


class ContextScreen(Screen[None]):
    """Edit the workspace's or the cycle's context."""

    TITLE = "Context"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="context.save"),
        Binding("ctrl+t", "switch_scope", "Workspace ⇄ cycle", id="context.scope"),
        Binding("ctrl+g", "pull_inputs", "Pull in inputs", id="context.pull"),
        Binding("escape", "back", "Back", id="context.back"),
    ]

    def __init__(self, cycle: Cycle) -> None:
        super().__init__()
        self._cycle = cycle
        #: True while editing the cycle's own context, False for the workspace's.
        self._cycle_scope = False
        self._opened_with: dict[str, str] = {}

    @property
    def repository(self):
        return self.app.repository  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Static(id="context-heading")
        with VerticalScroll(id="context-form"):
            for name, label, multiline in FIELDS:
                yield Label(label)
                if multiline:
                    yield TextArea(id=f"context-{name}", soft_wrap=True, classes="context-area")
                else:
                    yield Input(id=f"context-{name}", compact=True)
            yield Label("Inputs, one a line: title | owner | detail (ctrl+g pulls in OKRs)")
            yield TextArea(id="context-inputs", soft_wrap=True, classes="context-area")
        yield Static(id="context-message")
        yield OkrFooter()

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#context-purpose", Input).focus()

    # -- the form ---------------------------------------------------------------------------

    def _scope_cycle(self) -> Cycle | None:
        return self._cycle if self._cycle_scope else None

    def _fill(self) -> None:
        try:
            context = self.repository.context.of(self._scope_cycle())
        except OkrError as error:
            self._say(str(error), error=True)
            context = None
        values = self._values_of(context)
        for name, value in values.items():
            widget = self.query_one(f"#context-{name}")
            if isinstance(widget, TextArea):
                widget.load_text(value)
            elif isinstance(widget, Input):
                widget.value = value
        self._opened_with = values
        scope = (
            f"the context of {self._cycle.name}"
            if self._cycle_scope
            else ("the workspace's context (it holds for every cycle)")
        )
        heading = Text(f"Editing {scope}", style="bold")
        heading.append("   ctrl+t switches workspace ⇄ cycle", style="bright_black")
        self.query_one("#context-heading", Static).update(heading)

    @staticmethod
    def _values_of(context: Context | None) -> dict[str, str]:
        values = {name: str(getattr(context, name, "") or "") for name, _, _ in FIELDS}
        values["inputs"] = inputs_text(context.inputs) if context else ""
        return values

    def _values_now(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for name in [*(f for f, _, _ in FIELDS), "inputs"]:
            widget = self.query_one(f"#context-{name}")
            if isinstance(widget, TextArea):
                values[name] = widget.text
            elif isinstance(widget, Input):
                values[name] = widget.value
        return values

    @property
    def changed(self) -> bool:
        return self._values_now() != self._opened_with

    def _say(self, message: str, error: bool = False) -> None:
        self.query_one("#context-message", Static).update(
            Text(message, style="red" if error else "green")
        )

    # -- actions ----------------------------------------------------------------------------

    def action_save(self) -> bool:
        values = self._values_now()
        fields: dict[str, Any] = {k: v.strip() for k, v in values.items() if k != "inputs"}
        try:
            fields["inputs"] = [i.model_dump() for i in parse_inputs(values["inputs"])]
            action = self.repository.context.save(self._scope_cycle(), **fields).description
        except (OkrError, ValueError) as error:
            self._say(f"Not saved: {error}", error=True)
            return False
        self._fill()
        self._say(f"{action}.")
        return True

    def action_switch_scope(self) -> None:
        if self.changed and not self.action_save():
            return
        self._cycle_scope = not self._cycle_scope
        self._fill()

    def action_pull_inputs(self) -> None:
        """Add the parent level's OKRs and last cycle's unfinished KRs to the cycle's inputs."""
        if self.changed and not self.action_save():
            return
        try:
            pulled = self.repository.context.pull_inputs(self._cycle, "team")
            added, action = pulled.result, pulled.description
        except OkrError as error:
            self._say(str(error), error=True)
            return
        self._cycle_scope = True
        self._fill()
        if added:
            self._say(f"{action}: " + "; ".join(i.title for i in added))
        else:
            self._say(
                "Nothing new to pull in: no company OKRs in this cycle and no unfinished "
                "key results last cycle that are not inputs already."
            )

    def action_back(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmScreen("Leave without saving the context?", yes="Discard", no="Keep editing"),
            self._leave_if,
        )

    def _leave_if(self, yes: bool | None) -> None:
        if yes:
            self.dismiss(None)
