"""Provides `CorrectionScreen`: the form that corrects one check-in, and `parse_correction`,
which turns what was typed into a `Correction` or says what is wrong.

History is never overwritten: the form only collects the corrected reading; the screen that
opened it stores it as a new check-in that supersedes the old one. Invalid input keeps the
form open with a message and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, Vertical, VerticalGroup
from textual.widgets import Input, Label, Static

from okrtui.domain.calendar import parse_day
from okrtui.domain.errors import InvalidInput, OkrError
from okrtui.domain.models import CheckIn, KeyResult, format_number
from okrtui.domain.numbers import parse_confidence, parse_number
from okrtui.tui.dialogs.form import FormScreen, form_buttons
from okrtui.tui.literal import literal


@dataclass(frozen=True)
class Correction:
    """The corrected reading of a check-in, as the person typed it (validated)."""

    value: float
    confidence: int
    note: str
    day: date


def _number(text: str, what: str) -> float | str:
    """`text` as a finite number, or a message saying why it is not one."""
    try:
        return parse_number(text, what)
    except InvalidInput as error:
        return str(error)


def parse_correction(
    kr: KeyResult, value: str, confidence: str, note: str, day: str, today: date
) -> Correction:
    """Validate the typed fields of a correction of a check-in of `kr`.

    Raises `InvalidInput` listing every problem (one per line), so the person fixes them in
    one go: a value that is no number (or not 0/1 for a milestone), a confidence that is not
    a whole number from 0 to 10, a date that is not `YYYY-MM-DD` or lies after `today`.
    """
    problems: list[str] = []
    number = _number(value, "value")
    if isinstance(number, str):
        problems.append(number)
    elif kr.type == "milestone" and number not in (0, 1):
        problems.append(f"{kr.key} is a milestone: the value is 1 when done, 0 when not")
    sure: int | str
    try:
        sure = parse_confidence(confidence)
    except InvalidInput as error:
        sure = str(error)
        problems.append(sure)
    when: date | None = None
    try:
        when = parse_day(day)
    except InvalidInput as error:
        problems.append(str(error))
    if when is not None and when > today:
        problems.append(
            f"the date {when} is after today ({today}): a check-in records what was measured"
        )
    if problems:
        raise InvalidInput("\n".join(problems))
    assert isinstance(number, float) and isinstance(sure, int) and when is not None
    return Correction(value=number, confidence=sure, note=note.strip(), day=when)


class CorrectionScreen(FormScreen[Correction]):
    """Correct one check-in: the form starts with its reading; dismisses the `Correction`,
    or None when cancelled."""

    CSS: ClassVar[str] = """
    #correction-form {
        width: 76;
    }

    #correction-form Input {
        margin-right: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="correction.cancel"),
        Binding("ctrl+s", "save", "Save", id="correction.save"),
    ]

    def __init__(self, kr: KeyResult, checkin: CheckIn, today: date) -> None:
        super().__init__()
        self._kr = kr
        self._checkin = checkin
        self._today = today

    def compose(self) -> ComposeResult:
        old = self._checkin
        unit = f" {self._kr.unit}" if self._kr.unit else ""
        with Vertical(id="correction-form", classes="form"):
            title = Text(f"Correct {old.key}", style="bold")
            title.append(
                f" of {self._kr.key}: {format_number(old.value)}{unit}, "
                f"confidence {old.confidence} on {old.date}"
            )
            yield Static(literal(title), id="correction-title")
            yield Static(
                "The old check-in stays in the history, marked as corrected.",
                classes="dialog-hint",
            )
            with HorizontalGroup():
                with VerticalGroup():
                    yield Label(literal(f"Value ({self._kr.unit})" if self._kr.unit else "Value"))
                    yield Input(format_number(old.value).replace(",", ""), id="correction-value")
                with VerticalGroup():
                    yield Label("Confidence 0–10")
                    yield Input(str(old.confidence), id="correction-confidence")
                with VerticalGroup():
                    yield Label("Date (YYYY-MM-DD)")
                    yield Input(old.date.isoformat(), id="correction-date")
            yield Label("Note")
            yield Input(old.note, id="correction-note")
            yield Static("", id="correction-error", classes="error")
            yield form_buttons("Save correction")

    def on_mount(self) -> None:
        value = self.query_one("#correction-value", Input)
        value.focus()
        value.select_all()

    def action_save(self) -> None:
        """Dismiss with the correction, or show what is wrong and keep the form open."""
        try:
            correction = parse_correction(
                self._kr,
                value=self._text("value"),
                confidence=self._text("confidence"),
                note=self._text("note"),
                day=self._text("date"),
                today=self._today,
            )
        except OkrError as error:
            self.query_one("#correction-error", Static).update(literal(str(error)))
            return
        self.dismiss(correction)

    def _text(self, field: str) -> str:
        return self.query_one(f"#correction-{field}", Input).value
