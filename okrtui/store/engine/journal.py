"""Provides the change journal that makes undo survive a restart.

Every described transaction appends one entry to the `journal` table, written in the same
atomic replace as the change itself: what was done ("Check in KR-12: 40 → 45") and, per
record touched, the version before and after. Undo applies the newest entry that is not yet
undone in reverse, but only where the records still are as that change left them, so it never
throws away what someone (or another process) did since.

In a team's database the journal syncs with everything else, so each entry also says whose
change it was (`author`, the git author) and in which clone it was made (`clone`, a random id
kept in the clone's `.git`): undo takes back only the person's own changes made in this clone,
says which one before doing it when newer changes (a teammate's, or another clone's) stand
after it, and refuses to remove a record that someone else's records now point at. An entry
without `clone` (written before entries had one) counts as this clone's only in a database that
is not shared.
"""

from __future__ import annotations

from typing import Any

from okrtui.domain.errors import OkrError
from okrtui.domain.models import new_id
from okrtui.domain.wording import count
from okrtui.store.engine.canonical import doc_order
from okrtui.store.engine.transaction import Transaction

JOURNAL_TABLE = "journal"
#: How many entries the journal keeps; older ones can no longer be undone.
KEEP_ENTRIES = 100


class NothingToUndo(OkrError):
    """There is no change left that undo could take back."""


class UndoNeedsConfirmation(OkrError):
    """The change undo would take back is not the newest one: the person must say yes first
    (`question` says which it is, and what stands after it)."""

    def __init__(self, message: str, action: str) -> None:
        super().__init__(message)
        self.action = action


def append_entry(tx: Transaction, action: str, at: str, origin: tuple[str, str] = ("", "")) -> None:
    """Record the transaction's changes as one journal entry (with its author and clone) and
    trim old entries."""
    changes = [
        {"table": table, "id": record_id, "before": before, "after": after}
        for table, record_id, before, after in tx.changes
    ]
    if not changes:
        return
    records = tx.tables.setdefault(JOURNAL_TABLE, {})
    tx.insert_raw(
        JOURNAL_TABLE,
        {
            "id": new_id(),
            "at": at,
            "action": action,
            "changes": changes,
            "undone": False,
            "author": origin[0],
            "clone": origin[1],
        },
    )
    excess = len(records) - KEEP_ENTRIES
    for doc_id in sorted(records, key=doc_order)[: max(0, excess)]:
        del records[doc_id]


def _ordered(tables: dict[str, dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Journal entries not yet undone, oldest first: in document order, which a merge keeps
    for each side's own entries (a clock may stand still or go back; the file's order not)."""
    return sorted(
        ((doc_id, e) for doc_id, e in tables.get(JOURNAL_TABLE, {}).items() if not e.get("undone")),
        key=lambda item: doc_order(item[0]),
    )


def _mine(entry: dict[str, Any], clone: str) -> bool:
    return str(entry.get("clone") or "") == clone


def undoable_entry(
    tables: dict[str, dict[str, Any]], clone: str = ""
) -> tuple[str, dict[str, Any], list[dict[str, Any]]] | None:
    """(doc id, entry, newer entries) of the change undo would take back in clone `clone`
    ("" for a database that is not shared): the newest of this clone's not yet undone."""
    ordered = _ordered(tables)
    for position in range(len(ordered) - 1, -1, -1):
        doc_id, entry = ordered[position]
        if _mine(entry, clone):
            return doc_id, entry, [e for _, e in ordered[position + 1 :]]
    return None


def _whose(entry: dict[str, Any]) -> str:
    author = str(entry.get("author") or "")
    return f"{author}'s" if author else "a"


def undo_last(tx: Transaction, clone: str = "", confirmed: bool = False) -> str:
    """Reverse this clone's newest entry not yet undone; returns its description.

    Raises `NothingToUndo` when there is none; `UndoNeedsConfirmation` (unless `confirmed`)
    when newer changes stand after it; `OkrError` naming the record when a record changed
    since or another's record now depends on one the undo would remove. Nothing is touched
    then.
    """
    found = undoable_entry(tx.tables, clone)
    if found is None:
        others = _ordered(tx.tables)
        raise NothingToUndo(
            "there is nothing of yours to undo in this clone"
            + (
                f" (the newest change, {_whose(others[-1][1])} “{others[-1][1]['action']}”, "
                "was not made here)"
                if others
                else ""
            )
            if clone
            else "there is nothing to undo"
        )
    doc_id, entry, newer = found
    if newer and not confirmed:
        latest = newer[-1]
        raise UndoNeedsConfirmation(
            f"undo takes back your “{entry['action']}” "
            f"({str(entry.get('at', ''))[:16].replace('T', ' ')}); "
            f"{count(len(newer), 'newer change')} {'stays' if len(newer) == 1 else 'stay'} "
            f"as {'it is' if len(newer) == 1 else 'they are'}, the latest "
            f"{_whose(latest)} “{latest['action']}”",
            str(entry["action"]),
        )
    entries = tx.records(JOURNAL_TABLE)
    for change in entry["changes"]:
        current = tx.get(change["table"], change["id"])
        if _merged_view(current) != _merged_view(change["after"]):
            key = (change["after"] or change["before"] or {}).get("key", change["id"])
            raise OkrError(
                f"cannot undo “{entry['action']}”: {key} has changed since; edit it by hand instead"
            )
    _refuse_removing_what_others_use(tx, entry)
    for change in reversed(entry["changes"]):
        table, record_id, before = change["table"], change["id"], change["before"]
        if before is None:
            tx.remove(table, record_id, journal=False)
        elif change["after"] is None:
            tx.insert(table, before, journal=False)
        else:
            current = tx.get(table, record_id) or {}
            renumbered = {k: current[k] for k in _RENUMBERING if k in current}
            tx.replace(table, before | renumbered, journal=False)
    entries[doc_id] = entry | {"undone": True}
    tx.dirty = True
    return str(entry["action"])


#: What a sync's merge changes in a record by itself: a colliding key renumbered, the old
#: one kept as an alias. Not a change of the person's: undo looks past it, and keeps it.
_RENUMBERING = ("key", "aliases")


def _merged_view(record: dict[str, Any] | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {k: v for k, v in record.items() if k not in _RENUMBERING}


def _refuse_removing_what_others_use(tx: Transaction, entry: dict[str, Any]) -> None:
    """An undo that removes a record (takes back its creation) must not leave another's
    records pointing at nothing: a teammate's check-in on the KR being taken back is theirs."""
    from okrtui.store.engine.integrity import targets

    removed = {c["id"] for c in entry["changes"] if c["before"] is None}
    if not removed:
        return
    touched = {(c["table"], c["id"]) for c in entry["changes"]}
    for table, records in tx.tables.items():
        if table == JOURNAL_TABLE or table.startswith("_"):
            continue
        for record in records.values():
            if (table, record.get("id")) in touched:
                continue
            for _reference, target in targets(table, record):
                if target in removed:
                    gone = next(c for c in entry["changes"] if c["id"] == target)
                    key = (gone["after"] or {}).get("key", target)
                    raise OkrError(
                        f"cannot undo “{entry['action']}”: {record.get('key') or record.get('id')} "
                        f"now points at {key}, and undo never deletes another's record; delete "
                        "it by hand if it should go"
                    )


def last_undoable(tables: dict[str, dict[str, Any]], clone: str = "") -> str | None:
    """The description of the change `u` would undo in clone `clone`, if any."""
    found = undoable_entry(tables, clone)
    return str(found[1]["action"]) if found else None


def adopt_entries(tables: dict[str, dict[str, Any]], origin: tuple[str, str]) -> bool:
    """Stamp entries that name no clone with `origin` (when a personal database becomes a
    team's at `okrtui git init`, its history is the person's); True if any changed."""
    changed = False
    records = tables.get(JOURNAL_TABLE, {})
    for doc_id, entry in list(records.items()):
        if not entry.get("clone"):
            records[doc_id] = entry | {
                "author": entry.get("author") or origin[0],
                "clone": origin[1],
            }
            changed = True
    return changed
