"""Hostile text, and the sample workspace with every text field holding it.

What people type and teammates sync: Textual markup that would style, close tags never
opened, click actions, terminal escapes (OSC 52 clipboard writes, OSC 0 window titles, OSC 8
links, CSI 2J screen clears, colours), bidi overrides, CJK and emoji, and one 2 MB text.
"""

from __future__ import annotations

from datetime import date
from typing import Any, get_args

from okrtui.domain.models import Record
from okrtui.domain.sample import build_sample

#: The start of every hostile text: the part a test looks for on screen, as typed.
MARKUP = "[WIP] [/] [ms] [/v2] [@click=app.quit]Q[/] [b]b[/b]"
#: Bytes that act on a terminal when written raw.
ESCAPES = (
    "\x1b]52;c;aGFjaw==\x07"  # OSC 52: write the clipboard
    "\x1b]0;pwned\x07"  # OSC 0: the window title
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\"  # OSC 8: a hyperlink
    "\x1b[2J\x1b[31m"  # CSI 2J: clear the screen; then red
    "\x9b2J\r\x08"  # C1 CSI, carriage return, backspace
)
BIDI = "\u202eevil\u202c\u2066iso\u2069"
WIDE = "目標 🚀 👩‍💻"
#: One text with all of it, the way a field holds it.
HOSTILE = f"{MARKUP} {ESCAPES}{BIDI} {WIDE}"
#: Strings a hostile record may hold, one by one (for the CLI and the property tests).
SAMPLES = (
    MARKUP,
    "[/]",
    "[@click=screen.undo]undo[/]",
    "Cut p95 latency [ms] from 900 to 300",
    "Errors on /api [/v2] below 1%",
    ESCAPES,
    BIDI,
    WIDE,
    "\\[b]not bold\\",
    "$x ${y} %s {0}",
    '=HYPERLINK("http://evil.example")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
)
#: Size of the one huge text in the workspace.
HUGE_SIZE = 2 * 1024 * 1024
#: Fields that must stay as they are for the workspace to hold together (ids, references).
KEEP = {"id", "key", "url"}


def _is_text(annotation: Any) -> bool:
    return annotation is str


def hostile_records(today: date, huge: bool = True) -> list[Record]:
    """The sample workspace on `today` with every free-text field holding `HOSTILE` (plus
    a number, so names stay unique), and one objective's `why` 2 MB long."""
    records = []
    huge_left = huge
    for number, record in enumerate(build_sample(today), start=1):
        update: dict[str, str] = {}
        for name, field in type(record).model_fields.items():
            if name in KEEP or name.endswith("_id") or not _is_text(field.annotation):
                continue
            if get_args(field.annotation):
                continue
            if getattr(record, name) == "" and name not in ("note", "why", "reflection"):
                continue
            update[name] = f"{HOSTILE} #{number}"
        if huge_left and "why" in update:
            update["why"] = f"{HOSTILE} " + "長" * (HUGE_SIZE // 3) + " end"
            huge_left = False
        records.append(record.model_copy(update=update))
    return records


def on_screen_text(app: Any) -> str:
    """Everything the app draws now, as the terminal would receive it (text only)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)
