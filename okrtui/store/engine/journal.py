"""Provides the change journal that makes undo survive a restart.

Every described transaction appends one entry to the `journal` table, written in the same
atomic replace as the change itself: what was done ("Check in KR-12: 40 → 45") and, per
record touched, the version before and after. Undo applies the newest entry that is not yet
undone in reverse, but only where the records still are as that change left them, so it never
throws away what someone (or another process) did since.
"""

from __future__ import annotations

from typing import Any

from okrtui.domain.errors import OkrError
from okrtui.domain.models import new_id
from okrtui.store.engine.canonical import doc_order
from okrtui.store.engine.transaction import Transaction

JOURNAL_TABLE = "journal"
#: How many entries the journal keeps; older ones can no longer be undone.
KEEP_ENTRIES = 100


class NothingToUndo(OkrError):
    """There is no change left that undo could take back."""


def append_entry(tx: Transaction, action: str, at: str) -> None:
    """Record the transaction's changes as one journal entry and trim old entries."""
    changes = [
        {"table": table, "id": record_id, "before": before, "after": after}
        for table, record_id, before, after in tx.changes
    ]
    if not changes:
        return
    records = tx.tables.setdefault(JOURNAL_TABLE, {})
    tx.insert_raw(
        JOURNAL_TABLE,
        {"id": new_id(), "at": at, "action": action, "changes": changes, "undone": False},
    )
    excess = len(records) - KEEP_ENTRIES
    for doc_id in sorted(records, key=doc_order)[: max(0, excess)]:
        del records[doc_id]


def undo_last(tx: Transaction) -> str:
    """Reverse the newest entry not yet undone; returns its description.

    Raises `NothingToUndo` when there is none, or `OkrError` naming the record when a record
    changed since, in which case nothing is touched.
    """
    entries = tx.records(JOURNAL_TABLE)
    pending = [(doc_id, e) for doc_id, e in entries.items() if not e.get("undone")]
    if not pending:
        raise NothingToUndo("there is nothing to undo")
    doc_id, entry = max(pending, key=lambda item: doc_order(item[0]))
    for change in entry["changes"]:
        current = tx.get(change["table"], change["id"])
        if current != change["after"]:
            key = (change["after"] or change["before"] or {}).get("key", change["id"])
            raise OkrError(
                f"cannot undo “{entry['action']}”: {key} has changed since; edit it by hand instead"
            )
    for change in reversed(entry["changes"]):
        table, record_id, before = change["table"], change["id"], change["before"]
        if before is None:
            tx.remove(table, record_id, journal=False)
        elif change["after"] is None:
            tx.insert(table, before, journal=False)
        else:
            tx.replace(table, before, journal=False)
    entries[doc_id] = entry | {"undone": True}
    tx.dirty = True
    return str(entry["action"])


def last_undoable(tables: dict[str, dict[str, Any]]) -> str | None:
    """The description of the change `u` would undo, if any."""
    pending = [
        (doc_order(doc_id), e)
        for doc_id, e in tables.get(JOURNAL_TABLE, {}).items()
        if not e.get("undone")
    ]
    return max(pending, key=lambda item: item[0])[1]["action"] if pending else None
