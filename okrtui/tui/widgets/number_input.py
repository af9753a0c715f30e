"""Provides `NumberInput`: a number field that leaves letters to the screen's key bindings."""

from __future__ import annotations

from textual.widgets import Input


class NumberInput(Input):
    """An Input for numbers that lets letters through to the screen's bindings (`s` skips).

    Textual hides a binding while the focused widget would consume its key; a number field
    has no use for letters, so it declines them.
    """

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character is None or not character.isprintable():
            return False
        if character.isdigit() or character in "+-.,eE":
            return True
        # A letter on the untouched field (the last value, all selected) is a command (`s`
        # skips); once the person is typing, it is part of what they typed, kept so that
        # saving says what is wrong with it instead of dropping it.
        return not self._untouched()

    def _untouched(self) -> bool:
        start, end = sorted(self.selection)
        return not self.value or (start == 0 and end == len(self.value))
