"""Provides `HelpScreen`: the keys that work on the screen beneath, read from live bindings,
so the help can never drift from what the keys really do."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from okrtui.tui.literal import literal

#: Rows of the help box that are not the table: border 2, padding 2, title 2, hint 2.
HELP_CHROME = 8

#: Keys that Textual binds everywhere but that say nothing useful in okrtui's tables.
_HIDDEN_ACTIONS = {
    "app.focus_next",
    "app.focus_previous",
    "help_quit",
    "cursor_left",
    "cursor_right",
    "page_left",
    "page_right",
    "screen.copy_text",
    "copy_text",
}
#: Movement okrtui adds vim keys for (j, k, g, G): listed with Textual's own navigation.
_NAVIGATION = {"cursor_down", "cursor_up", "scroll_top", "scroll_bottom"}
#: Clearer words for Textual's built-in descriptions.
_RENAMED = {
    "palette": "Command palette",
    "Select": "Open",
    "Cursor down": "Down",
    "Cursor up": "Up",
}


def describe_bindings(active: dict, key_display) -> list[tuple[str, str, str]]:
    """(keys, description, binding id) for the active bindings, one row per description:
    okrtui's own keys (bindings with an id, which `keymap.json` remaps) first, then the
    navigation Textual provides.

    Keys described alike share a row (`↓, j  Down`; `←→  Column` for ← and →, whose
    bindings share that display)."""
    rows: dict[str, tuple[list[str], bool]] = {}
    ids: dict[str, str] = {}
    for active_binding in active.values():
        binding: Binding = active_binding.binding
        if binding.action in _HIDDEN_ACTIONS or not active_binding.enabled:
            continue
        description = binding.description or binding.tooltip or binding.action.replace("_", " ")
        description = _RENAMED.get(description, description)
        keys, ours = rows.get(description, ([], False))
        if binding.id and description not in ids:
            ids[description] = binding.id
        display = key_display(binding)
        if display not in keys:
            keys.append(display)
        rows[description] = (
            keys,
            ours or (binding.id is not None and binding.action not in _NAVIGATION),
        )
    ordered = sorted(rows.items(), key=lambda row: (not row[1][1], row[0]))
    return [
        (", ".join(keys), description, ids.get(description, ""))
        for description, (keys, _) in ordered
    ]


class HelpScreen(ModalScreen[None]):
    """A modal table of the keys of the screen it was opened from."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("down,j", "scroll('down')", "Scroll down", show=False, priority=True),
        Binding("up,k", "scroll('up')", "Scroll up", show=False, priority=True),
        Binding("pagedown,space", "scroll('page_down')", "Page down", show=False, priority=True),
        Binding("pageup", "scroll('page_up')", "Page up", show=False, priority=True),
        Binding("end,G", "scroll('end')", "Last key", show=False, priority=True),
        Binding("home,g", "scroll('home')", "First key", show=False, priority=True),
    ]

    def __init__(self, beneath: Screen, active: dict) -> None:
        super().__init__()
        self._title = f"Keys — {beneath.title or beneath.__class__.__name__.removesuffix('Screen')}"
        self._rows = describe_bindings(active, beneath.app.get_key_display)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(literal(self._title), id="help-title")
            yield DataTable(id="help-table", cursor_type="none", show_cursor=False)
            yield Static("↑↓ PgUp PgDn scroll · Esc, q or ? closes this", id="help-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Does", "Id (keymap.json)")
        for keys, text, binding_id in self._rows:
            table.add_row(keys, text, Text(binding_id, style="dim"))
        self._fit_table()
        table.focus()  # arrows and page keys scroll a list taller than the terminal

    def on_resize(self) -> None:
        self._fit_table()

    def _fit_table(self) -> None:
        """Give the table the rows the box leaves (the box's border, padding, title and hint
        take HELP_CHROME), so on a short terminal it scrolls instead of being cut off."""
        room = int(self.size.height * 0.9) - HELP_CHROME
        self.query_one(DataTable).styles.max_height = max(3, room)

    def action_scroll(self, where: str) -> None:
        """Scroll the list of keys (it is longer than a small terminal)."""
        table = self.query_one(DataTable)
        if where == "end":
            table.scroll_end(animate=False)
        elif where == "home":
            table.scroll_home(animate=False)
        else:
            getattr(table, f"scroll_{where}")(animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
