"""Provides `PromptScreen`: a one-field modal form (a reason, a date, a score, a note, a
reflection) that hands what was typed to a `submit` function and dismisses with its result.

`submit` does the work (usually a repository call) and raises `OkrError` for bad input: the
form then shows the message and stays open, and nothing is written. One form serves every
one-field question, so each screen states only what it asks and what it does with the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static, TextArea

from okrtui.domain.errors import OkrError
from okrtui.tui.dialogs.form import FormScreen, form_buttons
from okrtui.tui.literal import literal

T = TypeVar("T")


class PromptScreen(FormScreen[T], Generic[T]):
    """Ask for one value; `submit(text)` turns it into the result or raises `OkrError`.

    `multiline` uses a text area (Enter starts a new line, ctrl+s saves) for reflections.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
        Binding("ctrl+s", "save", "Save", id="prompt.save"),
    ]

    def __init__(
        self,
        title: str,
        label: str,
        submit: Callable[[str], T],
        value: str = "",
        *,
        detail: str | Text = "",
        placeholder: str = "",
        multiline: bool = False,
        save_label: str = "Save",
    ) -> None:
        super().__init__()
        self._title, self._label, self._submit = title, label, submit
        self._value, self._detail, self._placeholder = value, detail, placeholder
        self._multiline, self._save_label = multiline, save_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="form prompt"):
            yield Static(Text(self._title, style="bold"), classes="prompt-title")
            if self._detail:
                yield Static(literal(self._detail), classes="prompt-detail")
            yield Label(literal(self._label))
            if self._multiline:
                yield TextArea(self._value, id="prompt-value", soft_wrap=True)
            else:
                yield Input(self._value, id="prompt-value", placeholder=self._placeholder)
            yield Static("", id="prompt-error", classes="error")
            yield form_buttons(self._save_label)

    def on_mount(self) -> None:
        field = self.query_one("#prompt-value")
        field.focus()
        if isinstance(field, Input):
            field.select_all()

    @property
    def text(self) -> str:
        """What is typed now."""
        field = self.query_one("#prompt-value")
        if isinstance(field, TextArea):
            return field.text
        assert isinstance(field, Input), field
        return field.value

    def action_save(self) -> None:
        """Hand the text to `submit`; dismiss with its result, or show why not."""
        try:
            result = self._submit(self.text)
        except OkrError as error:
            self.query_one("#prompt-error", Static).update(literal(str(error)))
            return
        self.dismiss(result)
