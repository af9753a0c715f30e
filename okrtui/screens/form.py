"""Provides `FormScreen`, the base of okrtui's modal forms: Enter in any field or the Save
button saves, the Cancel button or Esc cancels, and the form dismisses a typed result.

Subclasses compose their fields (with buttons whose ids are `save` and `cancel`), bind
their keys with their own ids, and implement `action_save`, which either dismisses with the
result or shows what is wrong and keeps the form open.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen
from textual.widgets import Button, Input

FormResult = TypeVar("FormResult")


class FormScreen(ModalScreen[FormResult | None]):
    """A modal form that dismisses its result when saved and None when cancelled."""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Dismiss with the form's result, or say what is wrong and stay open."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
