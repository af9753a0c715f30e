"""Provides `NumberInput`: a number field that leaves letters to the screen's key bindings."""

from __future__ import annotations

from textual.widgets import Input


class NumberInput(Input):
    """An Input for numbers that lets letters through to the screen's bindings (`s` skips).

    Textual hides a binding while the focused widget would consume its key; a number field
    has no use for letters, so it declines them.
    """

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and (character.isdigit() or character in "+-.,eE")
