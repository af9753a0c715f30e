"""Provides the synced `conflicts` and `aliases` tables: what a merge could not decide alone.

When two people change the same field differently, the merge keeps the newer value and writes
an entry here holding base, mine and theirs, who and when, so nothing is lost and anyone can
resolve it later; the file never holds conflict markers. Info entries tell a person that their
`KR-13` was renumbered; the old key stays in `aliases`, so it still finds the record.

Entry ids are a hash of what conflicted (kind, record, field and both values, in either
order), so the same conflict found by two merges is one entry, and a resolved entry stays
resolved whichever side it came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson

CONFLICTS_TABLE = "conflicts"
ALIASES_TABLE = "aliases"

OPEN = "open"
INFO = "info"
RESOLVED = "resolved"

#: Kinds of entries, and what a person can do about each (the Conflicts screen's choices).
FIELD = "field"
RECORD = "record"
DELETE_EDIT = "delete_edit"
ORPHAN_RESTORED = "orphan_restored"
DANGLING_REF = "dangling_ref"
KEY_RENUMBERED = "key_renumbered"
ARCHIVE = "archive"

KIND_LABELS = {
    FIELD: "same field changed on both sides",
    RECORD: "edits that do not fit together",
    DELETE_EDIT: "deleted on one side, edited on the other",
    ORPHAN_RESTORED: "deleted, but the other side still uses it",
    DANGLING_REF: "points at a record that does not exist",
    KEY_RENUMBERED: "key taken by another record: renumbered",
    ARCHIVE: "closed cycle archived differently on both sides",
}


def _digest(*parts: Any) -> str:
    return hashlib.sha256(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)).hexdigest()[:24]


def entry_id(kind: str, table: str, record_id: str, field: str, ours: Any, theirs: Any) -> str:
    """The id of a conflict entry: the same whichever side is "ours"."""
    sides = sorted(orjson.dumps(v, option=orjson.OPT_SORT_KEYS) for v in (ours, theirs))
    return _digest(kind, table, record_id, field, [s.decode() for s in sides])


def alias_id(table: str, record_id: str, key: str) -> str:
    """The id of the alias record that lets `key` still find `record_id`."""
    return _digest("alias", table, record_id, key)


def alias_record(table: str, record_id: str, key: str) -> dict[str, Any]:
    """A row of the `aliases` table: `key` used to name `record_id` of `table`."""
    return {
        "id": alias_id(table, record_id, key),
        "table": table,
        "record_id": record_id,
        "key": key,
    }


def shown(value: Any) -> str:
    """A stored value as people read it: text as is, whole numbers without `.0`, `–` for
    none, JSON for lists and objects."""
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


def count_open(entries: Iterable[dict[str, Any]]) -> int:
    """How many entries still need a person's decision (info entries do not count)."""
    return sum(1 for e in entries if e.get("status") == OPEN)


@dataclass(frozen=True)
class Conflict:
    """A read-only view of one entry of the `conflicts` table, for the CLI and the TUI."""

    entry: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.entry.get("id", ""))

    @property
    def kind(self) -> str:
        return str(self.entry.get("kind", ""))

    @property
    def status(self) -> str:
        return str(self.entry.get("status", ""))

    @property
    def where(self) -> str:
        """`KR-7.target`, or just the key when the whole record is concerned."""
        key = self.entry.get("record_key") or self.entry.get("record_id", "?")
        field = self.entry.get("field")
        return f"{key}.{field}" if field else str(key)

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)
