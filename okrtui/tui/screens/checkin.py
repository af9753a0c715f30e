"""Provides the weekly check-in: one key result at a time, fast enough to do them all in a
minute, then a summary of what moved.

The value field starts with the last value, selected, so typing replaces it; confidence
carries over. Checking in a KR whose confidence did not change is the digits of the new value
and Enter. Tab reaches confidence and note, `s` skips (outside the note), ctrl+o writes the note in
`$EDITOR`, Esc ends early and keeps what was saved.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from okrtui.domain.checkin_flow import CheckinSummary, summarize
from okrtui.domain.errors import InvalidInput, OkrError
from okrtui.domain.models import DEFAULT_CONFIDENCE, Cycle, format_number, target_phrase
from okrtui.domain.numbers import parse_confidence, parse_number
from okrtui.domain.progress import KrSnapshot
from okrtui.tui.external_editor import edit_text
from okrtui.tui.literal import literal
from okrtui.tui.renderables.glyphs import progress_bar, sparkline, status_label
from okrtui.tui.screen_base import OkrScreen
from okrtui.tui.widgets.footer import OkrFooter
from okrtui.tui.widgets.number_input import NumberInput

#: Characters of a title the check-in card shows (a 2000-character title would push the
#: card's numbers and fields off an 80×24 screen; the KR's screen shows it whole).
CARD_TITLE = 150


def _short(text: str, limit: int = CARD_TITLE) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def kr_card(snap: KrSnapshot, objective_title: str) -> Text:
    """What the person sees about the KR they are checking in."""
    kr = snap.kr
    text = Text(f"{kr.key}  ", style="bold")
    text.append(_short(kr.title), style="bold")
    text.append(f"\n{_short(objective_title)}\n\n", style="bright_black")
    last = (
        f"{format_number(snap.value)} {kr.unit} on {snap.last_checkin:%b %-d}"
        if snap.last_checkin
        else "no check-in yet"
        + (
            f" (baseline {format_number(kr.baseline)} {kr.unit})".replace(" )", ")")
            if kr.baseline is not None
            else ""
        )
    )
    text.append("last ")
    text.append(last.replace("  ", " "), style="bold")
    text.append(f" · aim {target_phrase(kr)}  ")
    text.append(progress_bar(snap.progress))
    text.append("  ")
    text.append(sparkline(snap.values, width=10, style="cyan"))
    text.append("  ")
    text.append(status_label(snap.status))
    if snap.last_note:
        text.append(f"\nlast note: “{_short(snap.last_note)}”", style="italic")
    return text


class CheckinScreen(OkrScreen[CheckinSummary]):
    """Walks the due KRs of a cycle one at a time; dismisses with the round's summary."""

    CSS: ClassVar[str] = """
    #checkin-progress {
        height: 1;
        padding: 0 1;
        background: $boost;
    }

    #checkin-card {
        height: auto;
        margin: 1 2;
        padding: 1 2;
        border: round $primary;
    }

    #checkin-kr {
        height: auto;
    }

    #checkin-fields {
        height: auto;
        margin-top: 1;
    }

    .checkin-field {
        width: 20;
        height: auto;
        margin-right: 2;
    }

    .checkin-field.checkin-confidence {
        width: 18;
    }

    .checkin-field.checkin-note {
        width: 1fr;
    }

    #checkin-hint {
        color: $text-muted;
        margin-top: 1;
    }
    """

    TITLE = "Weekly check-in"
    BINDINGS = [
        Binding("escape", "finish", "Finish", id="checkin.finish"),
        Binding("s", "skip", "Skip KR", priority=True, id="checkin.skip"),
        Binding("ctrl+o", "edit_note", "Note in $EDITOR", id="checkin.edit_note"),
    ]

    def __init__(
        self, cycle: Cycle, queue: list[KrSnapshot], objective_titles: dict[str, str]
    ) -> None:
        super().__init__()
        self._cycle = cycle
        self._queue = queue
        self._titles = objective_titles
        self._index = 0
        self._checked: set[str] = set()
        #: Keys of the KRs passed over with `s` (the one on screen at Esc, and those after
        #: it, are not reached, not skipped).
        self._skipped: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static(id="checkin-progress")
        with Vertical(id="checkin-card"):
            yield Static(id="checkin-kr")
            with Horizontal(id="checkin-fields"):
                with Vertical(classes="checkin-field"):
                    yield Label("Value")
                    yield NumberInput(id="checkin-value")
                with Vertical(classes="checkin-field checkin-confidence"):
                    yield Label("Confidence 0–10")
                    yield NumberInput(id="checkin-confidence")
                with Vertical(classes="checkin-field checkin-note"):
                    yield Label("Note (optional)")
                    yield Input(id="checkin-note", placeholder="what moved it, what blocks it")
            yield Static("", id="checkin-error", classes="error")
            yield Static(
                "Enter saves and goes on · Tab: confidence, note · s skips · Esc finishes",
                id="checkin-hint",
            )
        yield OkrFooter()

    def on_mount(self) -> None:
        self._snapshots_before = list(self._queue)
        self._show_current()

    @property
    def current(self) -> KrSnapshot:
        return self._queue[self._index]

    def _show_current(self) -> None:
        snap = self.current
        self.query_one("#checkin-progress", Static).update(
            Text.assemble(
                (f"Check-in {self._index + 1} of {len(self._queue)}", "bold"),
                f" · {self._cycle.name} · {len(self._checked)} saved",
            )
        )
        self.query_one("#checkin-kr", Static).update(
            literal(kr_card(snap, self._titles.get(snap.kr.objective_id, "")))
        )
        value = self.query_one("#checkin-value", Input)
        # The last value, or the baseline before the first check-in (a rolled-over KR starts
        # from its last value); selected, so typing replaces it.
        known = snap.value if snap.value is not None else snap.kr.baseline
        value.value = format_number(known).replace(",", "") if known is not None else ""
        confidence = snap.confidence if snap.confidence is not None else DEFAULT_CONFIDENCE
        self.query_one("#checkin-confidence", Input).value = str(confidence)
        self.query_one("#checkin-note", Input).value = ""
        self.query_one("#checkin-error", Static).update("")
        value.focus()
        value.select_all()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._save()

    def _save(self) -> None:
        snap = self.current
        try:
            typed = self.query_one("#checkin-value", Input).value
            if not typed.strip():
                raise InvalidInput("type the new value, or press s to skip this key result")
            value = parse_number(typed, "value")
            confidence_text = self.query_one("#checkin-confidence", Input).value.strip()
            confidence = parse_confidence(confidence_text) if confidence_text else None
            self.repository.add_checkin(
                snap.kr,
                value,
                confidence,
                note=self.query_one("#checkin-note", Input).value,
            )
        except OkrError as error:
            self.query_one("#checkin-error", Static).update(literal(str(error)))
            return
        self._checked.add(snap.kr.key)
        self._advance()

    def action_edit_note(self) -> None:
        """Write a longer note in `$EDITOR`."""
        note = self.query_one("#checkin-note", Input)
        try:
            note.value = " ".join(edit_text(self.app, note.value).split())
        except OkrError as error:
            self.query_one("#checkin-error", Static).update(literal(str(error)))
            return
        note.focus()

    def action_skip(self) -> None:
        self._skipped.add(self.current.kr.key)
        self._advance()

    def _advance(self) -> None:
        if self._index + 1 >= len(self._queue):
            self.action_finish()
            return
        self._index += 1
        self._show_current()

    def action_finish(self) -> None:
        """End the round (what was saved stays saved) and hand back the summary."""
        try:
            after = [self.repository.snapshot(s.kr, self._cycle) for s in self._snapshots_before]
        except OkrError as error:
            self.notify(str(error), severity="error")
            after = self._snapshots_before
        self.dismiss(summarize(self._snapshots_before, after, self._checked, self._skipped))
