"""Provides `FormScreen`, the base of okrtui's modal forms: Enter in any field or the Save
button saves, the Cancel button or Esc cancels, and the form dismisses a typed result.

Subclasses compose their fields and `form_buttons()` (buttons whose ids are `save` and
`cancel`), bind
their keys with their own ids, and implement `action_save`, which either dismisses with the
result or shows what is wrong and keeps the form open.
"""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import Button, Input, Select
from textual.widgets.button import ButtonVariant
from textual.widgets.select import NoSelection

from okrtui.tui.screen_base import OkrDialog

FormResult = TypeVar("FormResult")
Choice = TypeVar("Choice")


def chosen(select: Select[Choice]) -> Choice:
    """The value of a Select made with `allow_blank=False`, which always has one."""
    value = select.value
    if isinstance(value, NoSelection):
        raise ValueError(f"{select.id or 'the select'} has no blank option, yet none is chosen")
    return value


def form_buttons(
    save_label: str = "Save", *extra: Button, variant: ButtonVariant = "primary"
) -> Horizontal:
    """The row of buttons under a form: save (ctrl+s), any `extra` ones, cancel (esc).

    Labels are Text, not str: Button labels are markup, which would swallow "[esc]"."""
    return Horizontal(
        Button(Text(f"{save_label}  [ctrl+s]"), id="save", variant=variant),
        *extra,
        Button(Text("Cancel  [esc]"), id="cancel"),
        classes="form-buttons",
    )


class FormScreen(OkrDialog[FormResult | None]):
    """A modal form that dismisses its result when saved and None when cancelled.

    A form whose save cannot be taken back in one key (graduating a KR) sets
    `SAVE_ON_ENTER = False`: Enter in a field then moves to the next one, and only ctrl+s or
    the button saves."""

    SAVE_ON_ENTER = True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.SAVE_ON_ENTER:
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        """Dismiss with the form's result, or say what is wrong and stay open."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
