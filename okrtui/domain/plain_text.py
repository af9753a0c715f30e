"""Provides `visible`: text from people and teammates made safe to show anywhere, by making
every character that could act instead of being read into one that is read.

A title can hold an escape sequence (OSC 52 writes the clipboard, CSI 2J clears the screen),
a bell, a carriage return that overwrites the line, or a bidi override that shows `exe.txt` as
`txt.exe`. Written raw to a terminal they act; here each becomes a visible stand-in: C0
controls their Unicode control picture (`ESC` → `␛`, `BEL` → `␇`), DEL `␡`, C1 controls and
bidi controls a `<U+202E>` tag. Newlines and tabs stay, since notes have lines; `one_line`
also shows those for places that hold one line (a table cell, a heading, an error).

Pure and lossless to the reader: the shown text says which characters were there. Both doors
use it: the TUI's (`okrtui.tui.literal`) and the CLI's (`okrtui.commands.terminal`).
"""

from __future__ import annotations

#: Bidirectional controls: embeddings, overrides, isolates and marks. They reorder what
#: follows them on screen, so "the order you read is the order stored" no longer holds.
#: (The marks U+200E, U+200F and U+061C only nudge neutral characters and are kept: right-to-
#: left writers use them.)
BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
#: Line and paragraph separators: some terminals and editors start a new line at them.
SEPARATORS = frozenset([0x2028, 0x2029])


def _tag(code: int) -> str:
    return f"<U+{code:04X}>"


def _table(keep_lines: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if keep_lines and code in (0x09, 0x0A):
            continue
        table[code] = chr(0x2400 + code)
    table[0x7F] = "\u2421"
    for code in range(0x80, 0xA0):
        table[code] = _tag(code)
    for code in BIDI_CONTROLS | SEPARATORS:
        table[code] = _tag(code)
    return table


_MULTILINE = _table(keep_lines=True)
_ONE_LINE = _table(keep_lines=False)
#: Every code point `visible` changes, for a quick "is there anything to do" test.
_UNSAFE = frozenset(_ONE_LINE)


def visible(text: str) -> str:
    """`text` with every control character shown instead of acting (lines and tabs kept)."""
    return text.translate(_MULTILINE)


def stored_text(text: str) -> str:
    """What a record keeps of typed or synced text: Windows and old Mac line ends become
    newlines, and every other control is made visible (`visible`), so no stored title, note
    or name can act on a terminal or reorder a screen, whichever door it later leaves by."""
    return visible(text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    """Like `visible`, and newlines and tabs shown too (`␊`, `␉`): for one-line places."""
    return text.translate(_ONE_LINE)


def is_plain(text: str) -> bool:
    """Whether `text` holds nothing `one_line` would change."""
    return not any(ord(ch) in _UNSAFE for ch in text)
