"""Provides `restore_shared`: bring a backup back into a team's database without deleting.

In a database shared through git, putting an old file in place would be committed as an
ordinary change: every record a teammate added since the backup would read as deleted, and
the next sync would delete it from every clone. So a restore here is a change like any other,
made through the database's transaction (journalled, committed, undoable): every record the
backup had is re-created, or put back as the backup had it, and every record added since is
kept. It refuses, saying why, where that cannot be done without taking something away: a
record of the backup whose key another record holds now.

A file that no longer opens is kept aside as `<name>.corrupt-<time>` (a second name, so the
path always holds a file) and the last committed version is checked out first, atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from okrtui.domain.clock import Clock
from okrtui.domain.errors import OkrError
from okrtui.store.engine import backups, restore, schema
from okrtui.store.engine.database import Database
from okrtui.store.engine.errors import DatabaseError, UnreadableDatabase
from okrtui.store.engine.journal import JOURNAL_TABLE
from okrtui.store.engine.locking import database_lock
from okrtui.store.engine.storage import atomic_write_bytes, parse_database
from okrtui.store.team.conflicts import CONFLICTS_TABLE
from okrtui.store.team.gitrepo import show_blob
from okrtui.store.team.recovery import attach

#: What a sync's merge changes in a record by itself (a colliding key renumbered, the old one
#: kept as an alias): a restore keeps the record's key as it is now.
_RENUMBERING = ("key", "aliases")
#: Bookkeeping that stays as it is now: the shared `_meta`, the undo journal, the conflicts.
_KEPT_AS_NOW = {schema.META_TABLE, JOURNAL_TABLE, CONFLICTS_TABLE}


@dataclass(frozen=True)
class SharedRestore:
    """What a team restore did: the backup, records brought back, records kept, and where
    an unreadable file went."""

    backup: backups.Backup
    counts: dict[str, int]
    brought_back: int
    kept_since: int
    kept_aside: Path | None


def _checkout_committed(db_path: Path, now: datetime) -> Path | None:
    """When the file does not open: keep it aside and put the last committed version in its
    place (the backup's records then come on top of it). None when the file is fine."""
    try:
        schema.read_meta(parse_database(db_path.read_bytes(), db_path), db_path)
        return None
    except FileNotFoundError:
        pass
    except DatabaseError:
        pass
    committed = show_blob(db_path.parent, f"HEAD:{db_path.name}")
    if committed is None:
        raise UnreadableDatabase(
            f"{db_path} does not open and git holds no committed version of it: restore a "
            "copy by hand"
        )
    with database_lock(db_path, restore.LOCK_TIMEOUT):
        kept = restore.keep_aside(db_path, now) if db_path.exists() else None
        atomic_write_bytes(db_path, committed)
    return kept


def restore_shared(db_path: Path, clock: Clock, name: str | None = None) -> SharedRestore:
    """Re-create what backup `name` (default: the newest good one) had in the team database
    at `db_path`, keeping what was added since; one described, committed change."""
    chosen = restore.choose(db_path, name)
    tables = parse_database(backups.read_backup(chosen.backup), chosen.backup.path)
    kept_aside = _checkout_committed(db_path, clock.now())
    db = Database(db_path, clock)
    hook = attach(db)  # committed like every change
    try:
        with db.transaction() as tx:
            brought = _bring_back(tx, tables)
            backup_ids = {(t, r.get("id")) for t, recs in tables.items() for r in recs.values()}
            since = sum(
                1
                for table, records in tx.tables.items()
                if table not in _KEPT_AS_NOW
                for record in records.values()
                if (table, record.get("id")) not in backup_ids
            )
            counters = _max_counters(tx.meta(), tables)
            if counters is not None:
                tx.set_meta(counters)
            described = (
                f"Restore {chosen.backup.path.name}: {brought} record"
                + ("s" if brought != 1 else "")
                + f" brought back, {since} added since kept"
            )
            tx.describe(described if brought else "")
        if hook is not None and hook.problem:
            raise OkrError(hook.problem)
    finally:
        db.close()
    return SharedRestore(chosen.backup, chosen.counts, brought, since, kept_aside)


def _bring_back(tx: Any, tables: dict[str, dict[str, dict[str, Any]]]) -> int:
    """Put each of the backup's records back as it was there; the number changed."""
    keys = {
        table: {r.get("key"): r.get("id") for r in tx.records(table).values() if r.get("key")}
        for table in tables
    }
    changed = 0
    for table in sorted(tables):
        if table in _KEPT_AS_NOW:
            continue
        for record in tables[table].values():
            if not isinstance(record.get("id"), str):
                continue
            current = tx.get(table, record["id"])
            if current is not None:
                # A sync may have renumbered it since (KR-13 → KR-14): it keeps the key the
                # team knows it by now.
                record = record | {k: current[k] for k in _RENUMBERING if k in current}
            holder = keys[table].get(record.get("key"))
            if record.get("key") and holder not in (None, record["id"]):
                raise OkrError(
                    f"cannot restore: the backup's {record['key']} is now the key of another "
                    f"record in {table}; nothing was changed. Rename one of them first"
                )
            if current == record:
                continue
            if current is None:
                tx.insert(table, record)
            else:
                tx.replace(table, record)
            changed += 1
    return changed


def _max_counters(meta: dict[str, Any], tables: dict[str, Any]) -> dict[str, Any] | None:
    """`_meta` with key counters never below the backup's (a key is never handed out twice)."""
    theirs = tables.get(schema.META_TABLE, {}).get(schema.META_DOC_ID, {}).get("key_counters", {})
    counters = dict(meta.get("key_counters", {}))
    merged = {k: max(int(counters.get(k, 0)), int(v)) for k, v in theirs.items()}
    if all(int(counters.get(k, 0)) >= v for k, v in merged.items()):
        return None
    return meta | {"key_counters": counters | merged}
