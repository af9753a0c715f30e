"""Provides `Conflicts`, what a person can do about a merge conflict (`repo.conflicts`): list
them, count the open ones, and resolve one.

Resolving applies the choice to the record as it is stored now (keep mine, keep theirs, an
edited value; keep or delete a record that one side deleted) and marks the entry resolved,
with who and when, in one described transaction: in a git repository that is one commit
("Resolve conflict KR-7.target (kept 130)"), and the resolution syncs like any change.
"""

from __future__ import annotations

from typing import Any

from okrtui.domain.errors import InvalidInput, NotFound
from okrtui.domain.models import TABLES, format_number
from okrtui.domain.wording import count
from okrtui.store.engine import archive, schema
from okrtui.store.engine.integrity import delete_with_dependants
from okrtui.store.repository.records import Records
from okrtui.store.repository.work import Change, UnitOfWork
from okrtui.store.team import conflicts
from okrtui.store.team.conflicts import CONFLICTS_TABLE, Conflict

#: The choices a resolution takes.
OURS, THEIRS, EDIT, KEEP, DELETE, DISMISS = "ours", "theirs", "edit", "keep", "delete", "dismiss"

#: What each kind of entry may be resolved with.
CHOICES: dict[str, tuple[str, ...]] = {
    conflicts.FIELD: (OURS, THEIRS, EDIT, DISMISS),
    conflicts.RECORD: (OURS, THEIRS, DISMISS),
    conflicts.DELETE_EDIT: (KEEP, DELETE),
    conflicts.ORPHAN_RESTORED: (KEEP, DELETE),
    conflicts.DANGLING_REF: (KEEP, DELETE),
    conflicts.KEY_RENUMBERED: (DISMISS,),
    conflicts.ARCHIVE: (OURS, THEIRS),
}
_STATUS_ORDER = {conflicts.OPEN: 0, conflicts.INFO: 1, conflicts.RESOLVED: 2}
#: Fields a resolution never copies from a stored version: identity and bookkeeping.
_FIXED = {"id", "key", "created_at", "updated_at"}


class Conflicts:
    """The merge conflicts recorded in one database, and their resolution."""

    def __init__(self, records: Records) -> None:
        self.records = records

    def entries(self, *, include_resolved: bool = False) -> list[Conflict]:
        """Open entries first, then info (renumbered keys), then (if asked) resolved ones."""
        entries = self.records.db.raw_table(CONFLICTS_TABLE).values()
        shown = [
            Conflict(e)
            for e in entries
            if include_resolved or e.get("status") != conflicts.RESOLVED
        ]
        return sorted(shown, key=lambda c: (_STATUS_ORDER.get(c.status, 3), c.where))

    def open_count(self) -> int:
        """How many conflicts wait for a decision (the dashboard's badge)."""
        return conflicts.count_open(self.records.db.raw_table(CONFLICTS_TABLE).values())

    def resolve(
        self, conflict_id: str, choice: str, value: Any = None, by: str = ""
    ) -> Change[Conflict]:
        """Apply `choice` to the conflict's record and mark the entry resolved; the change's
        result is the entry as resolved."""
        with self.records.work() as work:
            tx = work.tx
            entry = next(
                (e for e in tx.records(CONFLICTS_TABLE).values() if e.get("id") == conflict_id),
                None,
            )
            if entry is None:
                raise NotFound(f"no conflict has the id {conflict_id}")
            conflict = Conflict(entry)
            allowed = CHOICES.get(entry.get("kind", ""), (DISMISS,))
            if choice not in allowed:
                raise InvalidInput(
                    f"a {entry.get('kind')} conflict is resolved with {', '.join(allowed)}, "
                    f"not {choice}"
                )
            outcome = _apply_choice(work, entry, choice, value)
            now = self.records.clock.now().isoformat()
            resolved = entry | {
                "status": conflicts.RESOLVED,
                "resolution": choice,
                "resolved_by": by,
                "resolved_at": now,
            }
            tx.replace(CONFLICTS_TABLE, resolved, journal=False)
            described = work.describe(f"Resolve conflict {conflict.where} ({outcome})")
        return Change(Conflict(resolved), described)


def _apply_choice(work: UnitOfWork, entry: dict[str, Any], choice: str, value: Any) -> str:
    """Inside `work`: what `choice` does to the conflict's record; returns it in a few words."""
    tx = work.tx
    table, record_id, field = entry["table"], entry["record_id"], entry.get("field", "")
    if choice == DISMISS:
        return "dismissed"
    if choice == KEEP:
        return "kept"
    if choice == DELETE:
        removed = delete_with_dependants(tx, table, record_id)
        return f"deleted {count(removed, 'record')}"
    chosen = value if choice == EDIT else entry.get(choice)
    if entry["kind"] == conflicts.ARCHIVE:
        meta = tx.records(schema.META_TABLE)[schema.META_DOC_ID]
        archived = archive.index(meta) | {record_id: chosen}
        tx.set_meta(meta | {archive.INDEX_FIELD: archived})
        return f"kept the archive {chosen}"
    if entry["kind"] == conflicts.RECORD:
        if not isinstance(chosen, dict):
            raise InvalidInput(
                "that side deleted the record: dismiss the conflict or edit the record"
            )
        changes = {k: v for k, v in chosen.items() if k not in _FIXED}
        _change(work, table, record_id, changes)
        return f"kept {entry.get(choice + '_label', choice)}'s version"
    _change(work, table, record_id, {field: chosen})
    shown = (
        format_number(chosen)
        if isinstance(chosen, int | float) and not isinstance(chosen, bool)
        else repr(chosen)
    )
    return f"kept {shown}"


def _change(work: UnitOfWork, table: str, record_id: str, changes: dict[str, Any]) -> None:
    current = work.get(TABLES[table], record_id)
    if current is None:
        raise NotFound(f"the record {record_id} no longer exists: dismiss this conflict")
    work.apply(current, changes)
