"""Provides `ConflictsScreen`: what a team merge could not decide alone, and the decisions.

A list of the conflicts a merge recorded (open ones first, then renumbered keys), and for the
selected one: what happened, the record and field, the value in the common ancestor, on each
side (who and when) and which one the merge kept for now. The keys offered depend on the kind:
`m` keep mine, `t` keep theirs, `e` edit the value, `p` keep a record one side deleted, `d`
delete it (with what depends on it), `x` dismiss. Each decision is one change (one commit in
a shared database) and, when the database has a remote, a sync follows in the background.
"""

from __future__ import annotations

import getpass
import json
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from okrtui.domain.errors import InvalidInput, OkrError
from okrtui.domain.numbers import parse_number
from okrtui.domain.wording import count
from okrtui.store.repository.conflicts import CHOICES, DELETE, DISMISS, EDIT, KEEP, OURS, THEIRS
from okrtui.store.team import conflicts
from okrtui.store.team.conflicts import Conflict, shown
from okrtui.tui.literal import literal, literal_text
from okrtui.tui.literal import shown as clean
from okrtui.tui.screen_base import OpenedScreen
from okrtui.tui.sync_worker import sync_in_background
from okrtui.tui.widgets.footer import OkrFooter
from okrtui.tui.widgets.key_table import KeyTable

#: Keys that resolve, and the choice each makes (see `okrtui.store.repository.conflicts.CHOICES`).
CHOICE_OF_ACTION = {
    "keep_mine": OURS,
    "keep_theirs": THEIRS,
    "edit": EDIT,
    "keep_record": KEEP,
    "delete_record": DELETE,
    "dismiss_conflict": DISMISS,
}


def describe(conflict: Conflict) -> Text:
    """The detail of one entry: what happened, then base, mine and theirs with who and when.

    An entry is the merge's raw record (no model cleaned it): every piece of it goes through
    the screen's text door (`clean`)."""
    entry = conflict.entry
    text = Text(clean(conflict.where), style="bold")
    text.append(f"  {clean(conflict.label)}\n")
    if entry.get("note"):
        text.append(f"{clean(entry['note'])}\n", style="italic")
    if conflict.kind in (conflicts.FIELD, conflicts.RECORD, conflicts.ARCHIVE):
        kept = entry.get("kept")
        text.append(f"base:    {clean(shown(entry.get('base')))}\n")
        for side in ("ours", "theirs"):
            who = clean(entry.get(f"{side}_label") or side)
            when = clean(entry.get(f"{side}_at") or "")
            mark = "  ← kept for now" if kept == side else ""
            label = "mine" if side == "ours" else "theirs"
            text.append(f"{label:7}  {clean(shown(entry.get(side)))}", style="bold" if mark else "")
            text.append(
                f"   ({who}{', ' + when[:16].replace('T', ' ') if when else ''}){mark}\n",
                style="dim" if not mark else "",
            )
    if conflict.status == conflicts.RESOLVED:
        resolution = clean(f"{entry.get('resolution')}")
        by = clean(entry.get("resolved_by") or "?")
        at = clean(str(entry.get("resolved_at", ""))[:16])
        text.append(f"resolved ({resolution}) by {by} at {at}", style="green")
    return text


class ConflictsScreen(OpenedScreen[None, None]):
    """The open conflicts and renumbered keys of the database, and their resolution."""

    CSS: ClassVar[str] = """
    #conflicts-summary {
        height: 1;
        padding: 0 1;
        background: $boost;
    }

    #conflict-list {
        height: 1fr;
    }

    #conflict-detail {
        height: auto;
        min-height: 5;
        padding: 0 1;
        background: $boost;
    }

    #conflict-edit {
        dock: bottom;
        margin-bottom: 1;
    }
    """

    TITLE = "Conflicts"
    BINDINGS = [
        Binding("m", "keep_mine", "Keep mine", id="conflicts.mine"),
        Binding("t", "keep_theirs", "Keep theirs", id="conflicts.theirs"),
        Binding("e", "edit", "Edit value", id="conflicts.edit"),
        Binding("p", "keep_record", "Keep record", id="conflicts.keep"),
        Binding("d", "delete_record", "Delete record", id="conflicts.delete"),
        Binding("x", "dismiss_conflict", "Dismiss", id="conflicts.dismiss"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._conflicts: list[Conflict] = []

    def compose(self) -> ComposeResult:
        yield Static(id="conflicts-summary")
        yield KeyTable(id="conflict-list", cursor_type="row")
        yield Static(id="conflict-detail")
        yield Input(
            id="conflict-edit",
            classes="hidden",
            placeholder="the value to keep; Enter saves, Esc cancels",
        )
        yield OkrFooter()

    def on_mount(self) -> None:
        table = self.query_one("#conflict-list", DataTable)
        table.add_columns("status", "where", "what happened")

    def refresh_data(self, select: None = None) -> None:
        """Read the entries again (after a decision, or a sync brought new ones)."""
        table = self.query_one("#conflict-list", DataTable)
        selected = self.selected.id if self.selected else None
        try:
            self._conflicts = self.repository.conflicts.entries()
        except OkrError as error:
            self.report(error, "Cannot read the database")
            return
        table.clear()
        for conflict in self._conflicts:
            table.add_row(
                *(
                    literal_text(cell, single_line=True)
                    for cell in (conflict.status, conflict.where, conflict.label)
                ),
                key=conflict.id,
            )
        rows = [c.id for c in self._conflicts]
        if selected in rows:
            table.move_cursor(row=rows.index(selected))
        waiting = conflicts.count_open(c.entry for c in self._conflicts)
        self.query_one("#conflicts-summary", Static).update(
            literal(
                f"{count(waiting, 'conflict')} to decide"
                if self._conflicts
                else "No conflicts: every merge so far decided itself."
            )
        )
        self._show_detail()
        self.refresh_bindings()

    @property
    def selected(self) -> Conflict | None:
        table = self.query_one("#conflict-list", DataTable)
        if (
            not self._conflicts
            or table.cursor_row is None
            or table.cursor_row >= len(self._conflicts)
        ):
            return None
        return self._conflicts[table.cursor_row]

    def _show_detail(self) -> None:
        conflict = self.selected
        self.query_one("#conflict-detail", Static).update(
            literal(describe(conflict) if conflict else "")
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the choices the selected entry's kind allows."""
        choice = CHOICE_OF_ACTION.get(action)
        if choice is None:
            return True
        conflict = self.selected
        if conflict is None or conflict.status == conflicts.RESOLVED:
            return False
        return choice in CHOICES.get(conflict.kind, ())

    # -- decisions -----------------------------------------------------------------------------

    def _resolve(self, choice: str, value: Any = None) -> None:
        conflict = self.selected
        if conflict is None:
            return
        try:
            change = self.repository.conflicts.resolve(
                conflict.id, choice, value, by=getpass.getuser()
            )
        except OkrError as error:
            self.notify(str(error), title="Cannot resolve", severity="error")
            return
        self.notify(change.description, title="Resolved")
        sync_in_background(self.app, quiet=True)

    def action_keep_mine(self) -> None:
        self._resolve(OURS)

    def action_keep_theirs(self) -> None:
        self._resolve(THEIRS)

    def action_keep_record(self) -> None:
        self._resolve(KEEP)

    def action_delete_record(self) -> None:
        self._resolve(DELETE)

    def action_dismiss_conflict(self) -> None:
        self._resolve(DISMISS)

    def action_edit(self) -> None:
        """Type the value to keep, starting from the one kept for now."""
        conflict = self.selected
        if conflict is None:
            return
        kept = conflict.entry.get(conflict.entry.get("kept", "theirs"))
        editor = self.query_one("#conflict-edit", Input)
        editor.value = clean(shown(kept)) if kept is not None else ""
        editor.remove_class("hidden")
        editor.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        conflict = self.selected
        event.input.add_class("hidden")
        self.query_one("#conflict-list", DataTable).focus()
        if conflict is not None:
            self._resolve(EDIT, typed_value(event.value, conflict))

    def action_back(self) -> None:
        """Esc: drop the value being typed, else go back."""
        editor = self.query_one("#conflict-edit", Input)
        if editor.has_class("hidden"):
            super().action_back()
            return
        editor.add_class("hidden")
        self.query_one("#conflict-list", DataTable).focus()


def typed_value(text: str, conflict: Conflict) -> Any:
    """What was typed, as the type of the values in conflict (a number stays a number; an empty
    answer is "none" where a side had none); the model then validates it."""
    sides = [conflict.entry.get(s) for s in ("base", "ours", "theirs")]
    text = text.strip()
    if not text and any(v is None for v in sides):
        return None
    if any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in sides):
        try:
            return parse_number(text, "value")
        except InvalidInput:
            return text  # the model says what is wrong with it
    if any(isinstance(v, (list, dict)) for v in sides):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text
