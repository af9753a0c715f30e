"""Provides `KeptDraft`: the objective draft a person is typing, kept on disk until it is
saved or discarded, so that nothing typed is lost to an error, a crash or a closed terminal.

The draft screen writes what its fields hold after every change (`keep`) and forgets it once
the objective is saved or the person discards it (`discard`); the next launch offers what is
left (`load`). It is the person's own, like their saved views: `$OKRTUI_CONFIG/draft.json`,
else the platform's config folder. Without a path (tests, a read-only config folder) it is
kept in memory only.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from okrtui.settings.views import default_views_path
from okrtui.store.engine.errors import WriteFailed
from okrtui.store.engine.storage import atomic_write_bytes

DRAFT_FILENAME = "draft.json"
#: The most a kept draft may weigh when read back (a draft is a few kilobytes of text).
MAX_BYTES = 8 * 1024 * 1024


def default_draft_path() -> Path:
    """`draft.json` beside the saved views."""
    return default_views_path().with_name(DRAFT_FILENAME)


class KeptDraft:
    """One kept draft: `{"cycle_id", "objective_id", "title", "fields": [[id, value]...]}`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._memory: dict[str, Any] | None = None

    def keep(self, draft: dict[str, Any]) -> None:
        """Remember `draft` (on disk when there is a path; a failed write keeps it in memory)."""
        self._memory = draft
        if self.path is None:
            return
        with contextlib.suppress(WriteFailed, OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, json.dumps(draft, ensure_ascii=False).encode("utf-8"))

    def load(self) -> dict[str, Any] | None:
        """The kept draft, or None (none kept, or a file that is not one)."""
        if self.path is None or not self.path.is_file():
            return self._memory
        try:
            with self.path.open("rb") as handle:
                data = json.loads(handle.read(MAX_BYTES + 1)[:MAX_BYTES])
        except (OSError, ValueError):
            return self._memory
        if not isinstance(data, dict) or not isinstance(data.get("fields"), list):
            return None
        fields = [f for f in data["fields"] if isinstance(f, list) and len(f) == 2]
        return data | {"fields": [(str(k), v) for k, v in fields]}

    def discard(self) -> None:
        """Forget the kept draft."""
        self._memory = None
        if self.path is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
