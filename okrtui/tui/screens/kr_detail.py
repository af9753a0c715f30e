"""Provides `KrDetailScreen`: one key result in full, opened with Enter on the dashboard.

A header with what the KR is (objective, owner, baseline → target, kind, indicator) and how
it is doing (value, progress against the expected pace, status, confidence, days since the
last check-in); a chart of its value over the cycle with the target, the ideal pace and the
confidence; and every check-in, newest first, with notes. Superseded check-ins stay visible,
struck through and marked with the check-in that corrected them, because history is never
overwritten: `x` corrects the selected check-in by storing a new one that supersedes it.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.console import Console
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from okrtui.domain.errors import OkrError
from okrtui.domain.models import CheckIn, Cycle, KeyResult, Objective, format_number, target_phrase
from okrtui.domain.progress import KrSnapshot, joined_on
from okrtui.domain.series import kr_series, pace_value
from okrtui.domain.wording import count
from okrtui.tui.dialogs.correction import Correction, CorrectionScreen
from okrtui.tui.literal import literal, shown
from okrtui.tui.renderables.glyphs import progress_bar, status_label
from okrtui.tui.screen_base import OpenedScreen
from okrtui.tui.widgets.fit_table import FitTable, Row
from okrtui.tui.widgets.footer import OkrFooter

#: Characters of the author's name in the table (the note line below shows it whole).
AUTHOR_WIDTH = 8
#: Lines of the selected check-in's note below the table (`n` reads all of it).
NOTE_LINES = 3

#: The check-in table's columns: key, label, width (0: the note takes what is left and a
#: long one ends in "…"; the selected check-in's note is shown whole below the table).
COLUMNS = (
    ("key", "Check-in", 8),
    ("date", "Date", 10),
    ("value", "Value", 9),
    ("confidence", "Conf", 4),
    ("author", "By", AUTHOR_WIDTH),
    ("correction", "Correction", 12),
    ("note", "Note", 0),
)
#: How superseded check-ins look: still there, plainly not counting.
SUPERSEDED_STYLE = "strike bright_black"


def last_checkin_text(days: int | None) -> str:
    """`checked in today`, `last check-in 1 day ago`, `never checked in`."""
    if days is None:
        return "never checked in"
    if days == 0:
        return "checked in today"
    return f"last check-in {count(days, 'day')} ago"


def standing_text(snap: KrSnapshot, cycle: Cycle, today: date) -> Text:
    """How the KR is doing: status, value, progress (and where the ideal pace is today) and
    confidence. Stale reads as stale, never as on track."""
    kr = snap.kr
    unit = f" {kr.unit}" if kr.unit else ""
    text = Text()
    text.append(status_label(snap.status))
    text.append(" · now ")
    if snap.value is None:
        text.append("–", style="bold")
        text.append(" (no check-ins yet)")
    elif kr.type == "milestone":
        text.append("done" if snap.value >= 1 else "not done", style="bold")
    elif kr.direction in ("stay_above", "stay_below"):
        text.append(f"{format_number(snap.value)}{unit}", style="bold")
        text.append(", holding" if snap.shown_progress >= 1 else ", not holding")
    else:
        text.append(f"{format_number(snap.value)}{unit}", style="bold")
        text.append("  ")
        text.append(progress_bar(snap.progress))
    first = snap.checkins[0].date if snap.checkins else None
    pace = pace_value(kr, cycle, today, joined_on(kr, cycle, today, first))
    if pace is not None:
        text.append(f" · pace today {format_number(round(pace, 1))}{unit}")
    if snap.confidence is not None:
        text.append(f" · confidence {snap.confidence}/10")
    return text


def kr_header(snap: KrSnapshot, objective: Objective, cycle: Cycle, today: date) -> Text:
    """Four lines: the KR; where it belongs; what it aims for and when it was last checked
    in; how it is doing today. Short enough to stay four lines in an 80-column terminal."""
    kr = snap.kr
    text = Text()
    text.append(f"{kr.key}  {kr.title}", style="bold")
    text.append(f"\n{objective.key} {objective.label}", style="bright_black")
    text.append(f" · {cycle.name} · owner {kr.owner or objective.owner or '–'}")
    text.append(f"\n{target_phrase(kr)}", style="bold")
    text.append(f" · {kr.direction.replace('_', ' ')} · {kr.kind} · {kr.indicator}")
    if kr.discovery_type != "none":
        text.append(f" · discovery: {kr.discovery_type.replace('_', ' ')}")
    text.append(f" · {last_checkin_text(snap.days_since_checkin)}")
    text.append("\n")
    text.append(standing_text(snap, cycle, today))
    return text


def note_heading(checkin: CheckIn) -> str:
    """`CI-4 2026-11-20 · maria`: which check-in, when, and by whom."""
    by = f" · {checkin.author}" if checkin.author else ""
    return f"{checkin.key} {checkin.date:%Y-%m-%d}{by}"


def note_line(checkin: CheckIn, width: int, lines: int = NOTE_LINES) -> Text:
    """The heading and note of `checkin` in at most `lines` lines of `width`; a longer note
    ends in "… (n reads it all)"."""
    text = Text.assemble((shown(note_heading(checkin)) + "  ", "bold"), shown(checkin.note))
    wrapped = text.wrap(Console(width=width, legacy_windows=False), width)
    if len(wrapped) <= lines:
        return text
    more = " … (n reads it all)"
    last = wrapped[lines - 1]
    last.rstrip()
    last.truncate(max(0, width - len(more)))
    last.append(more, style="italic")
    return Text("\n").join([*wrapped[: lines - 1], last])


def _clipped(text: str, width: int, style: str) -> Text:
    cell = Text(text, style=style)
    cell.truncate(width, overflow="ellipsis")
    return cell


def checkin_rows(history: list[CheckIn]) -> list[Row]:
    """(key, cells) of each check-in, newest first. A superseded one is struck through and
    names the check-in that corrected it ("by CI-138"); a correction names the one it
    replaced ("of CI-12"): short enough that a key of any length stays whole in its column."""
    by_id = {c.id: c for c in history}
    corrected_by = {c.supersedes: c for c in history if c.supersedes}
    rows: list[Row] = []
    for checkin in reversed(history):
        newer = corrected_by.get(checkin.id)
        style = SUPERSEDED_STYLE if newer else ""
        if newer:
            remark = Text(f"by {newer.key}", style="bright_black")
        elif checkin.supersedes:
            replaced = by_id.get(checkin.supersedes)
            remark = Text(f"of {replaced.key if replaced else '?'}", style="italic")
        else:
            remark = Text("")
        cells = (
            Text(checkin.key, style=style),
            Text(f"{checkin.date:%Y-%m-%d}", style=style),
            Text(format_number(checkin.value), style=style, justify="right"),
            Text(str(checkin.confidence), style=style, justify="right"),
            _clipped(checkin.author or "–", AUTHOR_WIDTH, style),
            remark,
            Text(checkin.note or "–", style=style),
        )
        rows.append((checkin.key, cells))
    return rows


class KrDetailScreen(OpenedScreen[None, str]):
    """A key result's facts, chart and check-in history; corrects check-ins."""

    CSS: ClassVar[str] = """
    #kr-header {
        height: auto;
        padding: 0 1;
        background: $boost;
    }

    #kr-legend {
        height: 1;
        padding: 0 1;
    }

    #kr-chart {
        height: 1fr;
        min-height: 8;
    }

    #kr-message {
        padding: 0 1;
    }

    #kr-checkins {
        height: auto;
        max-height: 40%;
    }

    #kr-empty {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }

    #kr-note {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $boost;
    }
    """

    TITLE = "Key result"
    BINDINGS = [
        Binding("x", "correct", "Correct check-in", id="kr_detail.correct"),
        Binding("n", "read_note", "Read note", id="kr_detail.read_note"),
    ]

    def __init__(self, kr_key: str) -> None:
        super().__init__()
        #: The key of the KR shown (`KR-3`); the record is re-read on every load.
        self.kr_key = kr_key
        self._snap: KrSnapshot | None = None
        self._history: dict[str, CheckIn] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="kr-header")
        yield Static(id="kr-legend")
        # plotext loads here, when a chart is first shown, not when okrtui starts.
        from okrtui.tui.widgets.kr_chart import KrChart

        yield KrChart(id="kr-chart")
        yield Static(id="kr-message", classes="error hidden")
        yield FitTable(COLUMNS, id="kr-checkins")
        yield Static(id="kr-note", classes="hidden")
        yield Static(id="kr-empty", classes="hidden")
        yield OkrFooter()

    def on_mount(self) -> None:
        self.query_one("#kr-checkins", FitTable).focus()

    # -- loading ---------------------------------------------------------------------------

    def refresh_data(self, select: str | None = None) -> None:
        """Re-read the KR and its history and show them; keep the selected check-in (or
        select `select`). A repository error shows in the screen instead."""
        repo = self.repository
        try:
            kr = repo.find(KeyResult, self.kr_key)
            objective = repo.objective_of(kr)
            cycle = repo.cycle_of(objective)
            snap = repo.snapshot(kr, cycle)
            history = repo.history(kr)
        except OkrError as error:
            self.show_message(str(error))
            return
        today = repo.today()
        self._snap = snap
        self._history = {c.key: c for c in history}
        self.query_one("#kr-header", Static).update(
            literal(kr_header(snap, objective, cycle, today))
        )
        from okrtui.tui.widgets.kr_chart import KrChart

        chart = self.query_one(KrChart)
        chart.show(kr_series(kr, snap.checkins, cycle, today))
        self.query_one("#kr-legend", Static).update(chart.legend())
        self._show_history(history, select or self.selected_key)

    def _show_history(self, history: list[CheckIn], select: str | None) -> None:
        self.query_one("#kr-checkins", FitTable).show(
            checkin_rows(history), select=select if select in self._history else None
        )
        empty = self.query_one("#kr-empty", Static)
        empty.set_class(bool(history), "hidden")
        empty.update("No check-ins yet: the weekly check-in (c on the dashboard) adds the first.")

    def show_message(self, message: str) -> None:
        """Show an error (or clear it with an empty message) above the check-ins."""
        line = self.query_one("#kr-message", Static)
        line.update(literal(message))
        line.set_class(not message, "hidden")

    # -- what is selected ------------------------------------------------------------------

    @property
    def selected_key(self) -> str | None:
        """Key of the check-in under the cursor (`CI-4`), if any."""
        return self.query_one("#kr-checkins", FitTable).selected_key

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the highlighted check-in's note whole (the table's note column is clipped)."""
        checkin = self._history.get(str(event.row_key.value))
        line = self.query_one("#kr-note", Static)
        line.set_class(checkin is None or not checkin.note, "hidden")
        if checkin is not None and checkin.note:
            line.update(
                literal(note_line(checkin, max(20, line.size.width - 2 or self.size.width - 2)))
            )

    def action_read_note(self) -> None:
        """The selected check-in's note whole, however long."""
        checkin = self._history.get(self.selected_key or "")
        if checkin is None or not checkin.note:
            self.notify("The selected check-in has no note", timeout=3)
            return
        from okrtui.tui.dialogs.note import NoteScreen

        self.app.push_screen(NoteScreen(note_heading(checkin), checkin.note))

    # -- actions ---------------------------------------------------------------------------

    def action_correct(self) -> None:
        """Open the correction form for the selected check-in."""
        checkin = self._history.get(self.selected_key or "")
        if self._snap is None or checkin is None:
            self.show_message("There is no check-in to correct: select one in the table first.")
            return
        newer = next((c for c in self._history.values() if c.supersedes == checkin.id), None)
        if newer is not None:
            self.show_message(
                f"{checkin.key} was already corrected by {newer.key}: correct {newer.key} instead."
            )
            return
        self.show_message("")
        form = CorrectionScreen(self._snap.kr, checkin, self.repository.today())
        self.app.push_screen(form, lambda correction: self._store(checkin, correction))

    def _store(self, old: CheckIn, correction: Correction | None) -> None:
        """Store `correction` as a new check-in superseding `old`, then show both."""
        if correction is None or self._snap is None:
            return
        try:
            new = self.repository.add_checkin(
                self._snap.kr,
                correction.value,
                correction.confidence,
                note=correction.note,
                day=correction.day,
                author=old.author,
                supersedes=old,
            )
        except OkrError as error:
            self.show_message(f"The correction was not saved: {error}")
            return
        self.select_next = new.key  # the change's refresh (just queued) moves to it
        self.notify(f"{new.key} corrects {old.key}", timeout=3)
