"""Provides `edit_text`: long text (an objective's why, a note) edited in `$EDITOR`.

The TUI is suspended while the editor runs, so a person writes a paragraph with the editor
they know; the text comes back when they save and quit.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual.app import App

from okrtui.domain.errors import OkrError

FALLBACK_EDITORS = ("nano", "vi")


def editor_command() -> list[str]:
    """`$VISUAL`, else `$EDITOR`, else nano or vi."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            return shlex.split(value)
    return [FALLBACK_EDITORS[0]]


def run_editor(text: str, command: list[str] | None = None) -> str:
    """Run the editor on a temp file holding `text`; return what it holds afterwards."""
    command = command or editor_command()
    with tempfile.TemporaryDirectory(prefix="okrtui-") as folder:
        path = Path(folder) / "okrtui-text.md"
        path.write_text(text, encoding="utf-8")
        try:
            subprocess.run([*command, str(path)], check=True)
        except FileNotFoundError:
            raise OkrError(
                f"the editor '{command[0]}' was not found: set $EDITOR to one you have"
            ) from None
        except subprocess.CalledProcessError as error:
            raise OkrError(
                f"the editor exited with status {error.returncode}; text unchanged"
            ) from None
        return path.read_text(encoding="utf-8").rstrip("\n")


def edit_text(app: App, text: str) -> str:
    """Suspend `app`, edit `text` in the editor, resume; returns the edited text."""
    with app.suspend():
        return run_editor(text)
