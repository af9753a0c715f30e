"""Provides `Preferences`: the person's own settings, kept in their config folder beside their
saved views, never in a database a team shares.

- `settings.json`: `{"author": "Maria Rossi", "theme": "gruvbox"}`. `author` names the person
  on their check-ins when the database is not shared through git (git's author wins there);
  `theme` is the last theme chosen in the command palette, restored at the next launch.
- `keymap.json`: `{"dashboard.checkin": "C", "app.help": "question_mark,f1"}`, binding ids (as
  `?` lists them) to the keys that replace theirs, comma-separated (Textual's keymap).

Both files are small and read when asked. A file that cannot be read, or holds the wrong
shapes, is reported (`problems`) and never overwritten: the app starts with the defaults and
says which file to fix. `settings.json` is replaced atomically when the theme changes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import platformdirs

from okrtui.domain.errors import InvalidInput
from okrtui.store.engine.locations import APP_NAME
from okrtui.store.engine.storage import atomic_write_bytes

ENV_CONFIG = "OKRTUI_CONFIG"
SETTINGS_FILENAME = "settings.json"
KEYMAP_FILENAME = "keymap.json"


def config_folder() -> Path:
    """`$OKRTUI_CONFIG`, else the platform's config folder (`~/.config/okrtui` on Linux)."""
    folder = os.environ.get(ENV_CONFIG)
    if folder:
        return Path(folder).expanduser()
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


class Preferences:
    """The settings and keymap in `folder`; with no folder, nothing is read or kept (tests,
    and an app opened without a config folder)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        #: What could not be read, one line per file (for the app to show once).
        self.problems: list[str] = []

    @property
    def settings_path(self) -> Path | None:
        return self.folder / SETTINGS_FILENAME if self.folder else None

    @property
    def keymap_path(self) -> Path | None:
        return self.folder / KEYMAP_FILENAME if self.folder else None

    # -- settings.json ----------------------------------------------------------------------

    def author(self) -> str:
        """The person's name for their check-ins ('' when unset)."""
        value = self._settings().get("author", "")
        return " ".join(value.split()) if isinstance(value, str) else ""

    def theme(self) -> str | None:
        """The theme last chosen, or None."""
        value = self._settings().get("theme")
        return value if isinstance(value, str) and value else None

    def set_theme(self, name: str) -> None:
        """Remember `name` as the theme; other settings stay as they are. An unreadable
        file is left alone (`InvalidInput` says which)."""
        path = self.settings_path
        if path is None:
            return
        settings = self._read_object(path, strict=True)
        if settings.get("theme") == name:
            return
        settings["theme"] = name
        text = json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, text.encode("utf-8"))

    def _settings(self) -> dict[str, Any]:
        path = self.settings_path
        return self._read_object(path) if path else {}

    # -- keymap.json ------------------------------------------------------------------------

    def keymap(self) -> dict[str, str]:
        """Binding id → keys, as Textual's `App.set_keymap` takes them; {} when none."""
        path = self.keymap_path
        if path is None:
            return {}
        raw = self._read_object(path)
        keymap = {}
        for binding_id, keys in raw.items():
            if not isinstance(keys, str) or not keys.strip():
                self._problem(
                    f"{path}: the keys of '{binding_id}' must be text such as \"C\" or "
                    '"ctrl+k,f5"; that entry is ignored'
                )
                continue
            keymap[str(binding_id)] = ",".join(k.strip() for k in keys.split(",") if k.strip())
        return keymap

    # -- the files --------------------------------------------------------------------------

    def _read_object(self, path: Path, strict: bool = False) -> dict[str, Any]:
        """The JSON object in `path` ({} when there is no file). Unreadable: reported, {}
        (with `strict`, `InvalidInput` instead, so nothing overwrites it)."""
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            message = f"{path} cannot be read ({type(exc).__name__}): fix or remove that file"
            if strict:
                raise InvalidInput(message) from None
            self._problem(message)
            return {}
        if not isinstance(value, dict):
            message = f"{path} must hold one JSON object ({{...}}): fix or remove that file"
            if strict:
                raise InvalidInput(message)
            self._problem(message)
            return {}
        return value

    def _problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)
