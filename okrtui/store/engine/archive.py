"""Provides the archive: closed cycles' records moved out of the live file into files of their own.

okrtui holds years of history, but every command and every dashboard refresh works on the
live file: the archive keeps that file the size of the current work, so the active cycle's
speed and memory do not grow with the years behind it (docs/design.md, "Storage").

What moves: a closed cycle that ended more than `ARCHIVE_AFTER_DAYS` ago has its objectives,
key results, check-ins, evidence and links (the `PARTITIONED` tables) moved to
`archive/<db stem>-<cycle key>-<sha256[:8]>.json` beside the database, in the same canonical
format. The cycle record itself, the roadmap, the journal and `_meta` stay live, so listing and
switching cycles never opens an archive.

Why it is safe: `_meta.archived` in the live file maps cycle id → archive file name and is the
only thing that says where a cycle's records are. Archive files are written before the live
file and never changed afterwards (the name carries the content hash; a cycle archived again
with other records gets a new file), so the live file's atomic replace is the commit point: a
crash leaves at most an archive file nothing lists, never a record in two places or in none,
and a backup of the live file always finds the archive files it lists.

Reads of an archived cycle (switching to it, `status --cycle`, export) open its file through
a stat-validated cache. A change that needs an archived record (a check-in on an old KR, an
undo) brings the whole cycle back into the live file within the same transaction; the archive
pass at the end of that transaction moves it out again if it is still due (both are the
transaction's work: `okrtui.store.engine.transaction`). This module knows the files and the
rules, not transactions.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from okrtui.store.engine import canonical, schema
from okrtui.store.engine.errors import NewerSchema, UnreadableDatabase, WriteFailed
from okrtui.store.engine.locations import own_file, own_folder
from okrtui.store.engine.storage import (
    AtomicJSONStorage,
    atomic_write_bytes,
    new_file_mode,
    new_folder_mode,
)

#: Tables whose records belong to one cycle and move with it, parents before children.
PARTITIONED = ("objectives", "key_results", "checkins", "evidence", "links")
#: How long after its end a closed cycle stays live (the review and corrections happen then).
ARCHIVE_AFTER_DAYS = 90
#: The `_meta` field listing archived cycles: {cycle id: archive file name}.
INDEX_FIELD = "archived"
#: What an archive file's `_meta` says it is.
ARCHIVE_KIND = "archive"
#: How many archive files a process keeps parsed in memory (the rest are read again when
#: asked for): enough for browsing nearby cycles, small enough that reading all history once
#: does not leave it all in memory.
CACHED_ARCHIVES = 4

Raw = schema.Raw


def archive_dir(db_path: Path) -> Path:
    """Archive files live in an `archive` folder beside the database."""
    return db_path.parent / "archive"


def index(meta: dict[str, Any]) -> dict[str, str]:
    """The archived cycles of a database: {cycle id: archive file name}."""
    found = meta.get(INDEX_FIELD)
    return dict(found) if isinstance(found, dict) else {}


#: What makes a record part of a cycle: the field holding its owner's id, the owner's table.
OWNERS = {
    "objectives": ("cycle_id", "cycles"),
    "key_results": ("objective_id", "objectives"),
    "checkins": ("key_result_id", "key_results"),
    "evidence": ("key_result_id", "key_results"),
    "links": ("from_objective_id", "objectives"),
}


def cycle_doc_ids(tables: Raw, cycle_id: str) -> dict[str, list[str]]:
    """The document ids, table by table, of every record that belongs to cycle `cycle_id`."""
    owned: dict[str, set[str]] = {"cycles": {cycle_id}}
    found: dict[str, list[str]] = {}
    for table in PARTITIONED:
        field, parent = OWNERS[table]
        records = tables.get(table, {})
        found[table] = [d for d, r in records.items() if r.get(field) in owned[parent]]
        owned[table] = {records[d]["id"] for d in found[table]}
    return found


def _is_due(cycle: dict[str, Any], limit: str) -> bool:
    end = cycle.get("end")
    return cycle.get("state") == "closed" and isinstance(end, str) and end < limit


def due(tables: Raw, today: date, archived: dict[str, str]) -> list[dict[str, Any]]:
    """Live cycles the archive pass should move out: closed, and ended long enough ago."""
    limit = (today - timedelta(days=ARCHIVE_AFTER_DAYS)).isoformat()
    return [
        cycle
        for cycle in tables.get("cycles", {}).values()
        if _is_due(cycle, limit) and cycle.get("id") not in archived
    ]


def no_longer_due(tables: Raw, today: date, archived: dict[str, str]) -> list[str]:
    """Archived cycles that should be live again: reopened, or their end moved later."""
    limit = (today - timedelta(days=ARCHIVE_AFTER_DAYS)).isoformat()
    cycles = {c.get("id"): c for c in tables.get("cycles", {}).values()}
    # A cycle record that is gone keeps its archive: its records are never dropped silently.
    return [cid for cid in archived if cid in cycles and not _is_due(cycles[cid], limit)]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:40] or "cycle"


class Archive:
    """The archive files of one database, read through stat-validated caches."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.folder = archive_dir(db_path)
        #: The archives read most recently, newest last: a read of the whole history (an
        #: export) passes through every file without keeping them all in memory.
        self._stores: OrderedDict[str, AtomicJSONStorage] = OrderedDict()
        self._ids: dict[tuple[str, int], dict[str, set[str]]] = {}
        self._migrated: dict[tuple[str, int], Raw] = {}

    def _store(self, name: str) -> AtomicJSONStorage:
        store = self._stores.pop(name, None) or AtomicJSONStorage(self._path(name))
        self._stores[name] = store
        while len(self._stores) > CACHED_ARCHIVES:
            evicted, _ = self._stores.popitem(last=False)
            self._ids = {key: ids for key, ids in self._ids.items() if key[0] != evicted}
        return store

    def _path(self, name: str) -> Path:
        """Where archive `name` is: a plain name in a real `archive/` beside the database
        (the name comes from the shared file; see `locations.own_file`)."""
        try:
            own_folder(self.db_path, self.folder)
        except WriteFailed as exc:
            raise UnreadableDatabase(str(exc)) from None
        return own_file(self.folder, name)

    def read(self, name: str, cycle_id: str) -> Raw:
        """The tables of archive file `name`, which must hold cycle `cycle_id`."""
        store = self._store(name)
        tables = store.read()
        if tables is None:
            raise UnreadableDatabase(
                f"{self.db_path} lists the archive {store.path} but it is missing: put it back "
                "(from git or a copy of the folder); okrtui did not change anything"
            )
        meta = tables.get(schema.META_TABLE, {}).get(schema.META_DOC_ID)
        if (
            not isinstance(meta, dict)
            or meta.get("kind") != ARCHIVE_KIND
            or meta.get("cycle_id") != cycle_id
        ):
            raise UnreadableDatabase(
                f"{store.path} is not the archive of the cycle {self.db_path} says it is; "
                "put the right file back; okrtui did not change anything"
            )
        version = meta.get("schema_version")
        if not isinstance(version, int) or version > schema.SCHEMA_VERSION:
            raise NewerSchema(
                f"{store.path} was written by a newer okrtui (schema {version}); upgrade okrtui"
            )
        if version < schema.SCHEMA_VERSION:
            # Written by an older okrtui: migrated in memory (the file is never rewritten; a
            # change to the cycle archives it again at the current version), once per version
            # of the file.
            key = (name, store.generation)
            if key not in self._migrated:
                self._migrated = {key: schema.migrate(tables, version)}
            return self._migrated[key]
        return tables

    def holding(self, archived: dict[str, str], table: str, record_id: str) -> str | None:
        """The id of the archived cycle whose file holds record `record_id` of `table`."""
        for cycle_id, name in archived.items():
            tables = self.read(name, cycle_id)
            key = (name, self._stores[name].generation)
            ids = self._ids.get(key)
            if ids is None:
                ids = {
                    t: {r["id"] for r in tables.get(t, {}).values() if "id" in r}
                    for t in PARTITIONED
                }
                self._ids[key] = ids
            if record_id in ids.get(table, ()):
                return cycle_id
        return None

    def write(self, cycle: dict[str, Any], tables: Raw, written_by: str) -> str:
        """Write a cycle's records as an archive file (unless that exact file exists already);
        returns its name. The name carries the content hash, so no file is ever changed."""
        meta = {
            "app": schema.APP_MARKER,
            "kind": ARCHIVE_KIND,
            "schema_version": schema.SCHEMA_VERSION,
            "cycle_id": cycle["id"],
            "cycle_key": cycle.get("key", ""),
            "cycle_name": cycle.get("name", ""),
            "written_by": written_by,
        }
        data = canonical.dumps({schema.META_TABLE: {schema.META_DOC_ID: meta}, **tables})
        digest = hashlib.sha256(data).hexdigest()[:8]
        name = f"{self.db_path.stem}-{_slug(cycle.get('key', ''))}-{_slug(cycle.get('name', ''))}"
        name += f"-{digest}.json"
        own_folder(self.db_path, self.folder)
        target = self.folder / name
        if target.is_symlink():
            raise WriteFailed(f"{target} is a symbolic link: okrtui never writes through one")
        if target.exists() and target.read_bytes() == data:
            return name
        try:
            self.folder.mkdir(mode=new_folder_mode(self.db_path), exist_ok=True)
        except OSError as exc:
            raise WriteFailed(
                f"cannot create the archive folder {self.folder}: {exc.strerror}"
            ) from exc
        atomic_write_bytes(target, data, mode=new_file_mode(self.db_path))
        return name

    def all_tables(self, archived: dict[str, str]) -> Iterator[Raw]:
        """Every archived cycle's tables."""
        for cycle_id, name in archived.items():
            yield self.read(name, cycle_id)


def keep_counters_ahead(meta: dict[str, Any], part: Raw) -> None:
    """Key counters must stay above every archived key, or a key could be handed out again
    (the repository also looks at the live records' keys, which no longer include these)."""
    counters = dict(meta.get("key_counters", {}))
    for records in part.values():
        for record in records.values():
            prefix, _, number = str(record.get("key", "")).rpartition("-")
            if prefix and number.isdigit():
                counters[prefix] = max(int(counters.get(prefix, 0)), int(number))
    meta["key_counters"] = counters


def remove_orphans(archive: Archive, tables: Raw) -> list[str]:
    """Delete archive files `_meta` does not list whose records are all still somewhere
    listed (live, or in the cycle's listed file): what an archive move killed before the live
    file was replaced leaves behind. A file holding any record found nowhere else is kept
    (it is data); so is anything that is not an archive of this database. Runs under the
    database's lock (no archive move is under way); returns the names removed."""
    folder = archive.folder
    if folder.is_symlink() or not folder.is_dir():
        return []
    listed = index(tables.get(schema.META_TABLE, {}).get(schema.META_DOC_ID, {}))
    names = set(listed.values())
    removed = []
    for path in folder.glob(f"{archive.db_path.stem}-*.json"):
        if path.name in names or path.is_symlink() or not path.is_file():
            continue
        try:
            orphan = canonical.loads(path.read_bytes())
            meta = orphan[schema.META_TABLE][schema.META_DOC_ID]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not isinstance(meta, dict) or meta.get("kind") != ARCHIVE_KIND:
            continue
        elsewhere = [tables]
        if meta.get("cycle_id") in listed:
            try:
                elsewhere.append(archive.read(listed[meta["cycle_id"]], meta["cycle_id"]))
            except (UnreadableDatabase, NewerSchema):
                continue
        known = {
            table: {r.get("id") for where in elsewhere for r in where.get(table, {}).values()}
            for table in PARTITIONED
        }
        if all(
            record.get("id") in known[table]
            for table in PARTITIONED
            for record in orphan.get(table, {}).values()
        ):
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed
