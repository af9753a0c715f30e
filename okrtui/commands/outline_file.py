"""Provides `read_outline`: an outline file read and parsed for `lint` and `import`, with
errors that name the file and the line (`plan.md: line 7: expected …`).

`-` reads standard input, so an editor can pipe the buffer: `okrtui lint - < plan.md`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from okrtui.domain.errors import InvalidInput
from okrtui.domain.outline import Outline, OutlineError, parse_outline

STDIN = "-"


def label_of(name: str) -> str:
    """How messages call the file: its name, or `standard input`."""
    return "standard input" if name == STDIN else name


def read_outline(name: str) -> Outline:
    """Read and parse the outline in file `name`; `InvalidInput` names the file (and the
    line, for text that is not UTF-8 or does not fit the outline format)."""
    label = label_of(name)
    try:
        data = sys.stdin.buffer.read() if name == STDIN else Path(name).expanduser().read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {label}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidInput(
            f"{label}: line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the "
            "file as UTF-8"
        ) from None
    try:
        return parse_outline(text)
    except OutlineError as exc:
        raise InvalidInput(f"{label}: {exc}") from None
