"""Provides the one door from data to a terminal or a file for the CLI: `guarded_output`,
`neutral_cell` (CSV) and `json_text_safe` (JSON).

- `guarded_output` puts every line a command or an error message writes to stdout and
  stderr through `plain_text.visible`, for the time of one command: titles, notes, units,
  keys, cycle names, the lists of known keys in error messages, argparse's own messages
  quoting what was typed. An escape sequence in a teammate's note is shown (`␛]52;…`), never
  obeyed (OSC 52 would write the clipboard, CSI 2J clear the screen). Newlines and tabs
  pass.
- `neutral_cell` is the OWASP advice for CSV injection: a text cell starting with `=`, `+`,
  `-`, `@`, a tab or a carriage return is read as a formula by spreadsheets, so it gets a
  leading `'`, which they show as text.
- `json_text_safe` writes C1 controls and bidi controls in JSON text as `\\uXXXX` escapes
  (C0 controls are escaped by every JSON writer already): the same data, read back exactly,
  and nothing that acts or reorders when the document is shown in a terminal.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from okrtui.domain.plain_text import BIDI_CONTROLS, SEPARATORS, visible

#: What a spreadsheet reads as the start of a formula (OWASP "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_JSON_ESCAPES = {
    code: f"\\u{code:04x}" for code in (*range(0x7F, 0xA0), *BIDI_CONTROLS, *SEPARATORS)
}


class GuardedStream:
    """A text stream that shows control characters instead of writing them."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        # flush, isatty, encoding, fileno, buffer (write_utf8 writes JSON made safe by
        # `json_text_safe` through it), reconfigure...
        return getattr(self._stream, name)


@contextlib.contextmanager
def guarded_output() -> Iterator[None]:
    """Guard `sys.stdout` and `sys.stderr` for the duration of the block."""
    saved = sys.stdout, sys.stderr
    sys.stdout = GuardedStream(saved[0])
    sys.stderr = GuardedStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def neutral_cell(text: str) -> str:
    """A CSV text cell no spreadsheet runs as a formula (see the module docstring)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def json_text_safe(text: str) -> str:
    """JSON text with C1 and bidi controls written as `\\uXXXX` (the same document)."""
    return text.translate(_JSON_ESCAPES)
