"""Provides `SavedViews`: the dashboard filters a person has named ("my stale KRs" →
`owner:maria status:stale`), kept in a small JSON file of their own.

Views are personal, so they live in the user's config folder (`views.json`, or beside
`$OKRTUI_CONFIG`), not in the database a team may share through git. The file is read on
every call (it holds a handful of lines) and replaced atomically on every change. A file that
cannot be read is reported, never overwritten: saving then fails with the file's name, and
listing shows no views.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from okrtui.domain.errors import InvalidInput
from okrtui.domain.filters import parse_filter
from okrtui.settings.preferences import ENV_CONFIG, config_folder
from okrtui.store.engine.errors import WriteFailed
from okrtui.store.engine.storage import atomic_write_bytes

__all__ = ["ENV_CONFIG", "SavedViews", "View", "default_views_path"]
VIEWS_FILENAME = "views.json"
MAX_NAME = 60


def default_views_path() -> Path:
    """`$OKRTUI_CONFIG/views.json`, else the platform's config folder (~/.config/okrtui)."""
    return config_folder() / VIEWS_FILENAME


@dataclass(frozen=True)
class View:
    """A named filter query."""

    name: str
    query: str


class SavedViews:
    """The saved views in `path`; with no path, views live in memory only (tests, and an app
    opened without a config folder)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._memory: list[View] = []

    def all(self) -> list[View]:
        """The views, in the order they were first saved; none when the file is unreadable."""
        try:
            return self._read()
        except InvalidInput:
            return []

    def save(self, name: str, query: str) -> View:
        """Keep `query` under `name` (replacing a view of that name). `InvalidInput` for an
        empty or too long name, a query the filter language refuses, or an unreadable file."""
        name = " ".join(name.split())
        if not name:
            raise InvalidInput("give the view a name, e.g. 'my stale KRs'")
        if len(name) > MAX_NAME:
            raise InvalidInput(f"a view's name is at most {MAX_NAME} characters")
        query = " ".join(query.split())
        if not parse_filter(query).active:
            raise InvalidInput("there is no filter to save: filter with / first")
        view = View(name, query)
        views = self._read()
        position = next(
            (i for i, v in enumerate(views) if v.name.casefold() == name.casefold()), None
        )
        if position is None:
            views.append(view)
        else:
            views[position] = view
        self._write(views)
        return view

    def forget(self, name: str) -> None:
        """Drop the view called `name`; `InvalidInput` when there is none."""
        views = self._read()
        kept = [v for v in views if v.name != name]
        if len(kept) == len(views):
            raise InvalidInput(f"there is no saved view called '{name}'")
        self._write(kept)

    # -- the file ---------------------------------------------------------------------------

    def _read(self) -> list[View]:
        if self.path is None:
            return list(self._memory)
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return [View(str(item["name"]), str(item["query"])) for item in raw["views"]]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(
                f"the saved views in {self.path} cannot be read ({type(exc).__name__}): fix or "
                "remove that file"
            ) from None

    def _write(self, views: list[View]) -> None:
        if self.path is None:
            self._memory = list(views)
            return
        document = {"views": [{"name": v.name, "query": v.query} for v in views]}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteFailed(
                f"could not create {self.path.parent}: {exc.strerror or exc}"
            ) from None
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        atomic_write_bytes(self.path, text.encode("utf-8"))
