"""Provides `Database`: one okrtui file opened safely.

Opening checks the file before anything is written: a file that is unreadable, not an
okrtui database, or from a newer okrtui is refused with a message naming it and is never
modified; an older one is backed up and migrated all or nothing. Every change happens inside
`Database.transaction()`, which holds a cross-process file lock around the read-modify-write, so
two processes never lose each other's writes, and takes a backup before the process's first
write.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB

from okrtui import __version__
from okrtui.domain.clock import Clock
from okrtui.store.engine import archive, backups, canonical, journal, record_checks, schema
from okrtui.store.engine.errors import DatabaseLocked, NewerSchema, UnreadableDatabase, WriteFailed
from okrtui.store.engine.restore import newest_good
from okrtui.store.engine.storage import (
    AtomicJSONStorage,
    refuse_special_file,
    remove_orphan_temp_files,
)

#: Seconds to wait for another okrtui process to finish writing.
LOCK_TIMEOUT = 10.0


def lock_path(path: Path) -> str:
    """The sidecar lock file every process changing the database at `path` holds."""
    return os.path.realpath(path) + ".lock"


class Database:
    """An open okrtui database file: TinyDB on atomic storage, a lock, and the `_meta` record."""

    def __init__(self, path: Path, clock: Clock, *, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.path = Path(os.path.realpath(path))
        self.clock = clock
        self._lock = FileLock(lock_path(self.path), timeout=lock_timeout)
        self._backed_up = False
        self._transaction: Transaction | None = None
        #: Called under the lock after each write of a transaction, with its description
        #: (auto-commit to git plugs in here).
        self.after_write: list[Callable[[str], None]] = []
        self._check_folder()
        self.tinydb = TinyDB(self.path, storage=AtomicJSONStorage)
        self.storage: AtomicJSONStorage = self.tinydb.storage  # type: ignore[assignment]
        #: Closed cycles moved out of the live file (see `okrtui.store.engine.archive`).
        self.archive = archive.Archive(self.path)
        self._open()

    # -- opening -------------------------------------------------------------------------

    def _check_folder(self) -> None:
        folder = self.path.parent
        if not folder.exists():
            try:
                folder.mkdir(parents=True)
            except OSError as exc:
                raise WriteFailed(f"cannot create the folder {folder}: {exc.strerror}") from exc
        if self.path.is_dir():
            raise UnreadableDatabase(f"{self.path} is a folder; give the path of a file")
        refuse_special_file(self.path)

    def _open(self) -> None:
        try:
            with self._locked(), self._refusals():
                self._prepare(writable=True)
        except WriteFailed:
            if os.access(self.path.parent, os.W_OK) or not self.path.is_file():
                raise
            # A folder okrtui may not write (read-only media, another user's folder): the
            # file can still be shown, since writers replace it atomically and an unlocked
            # read sees a whole version; every change is refused by the lock, with the reason.
            with self._refusals():
                self._prepare(writable=False)

    def _prepare(self, writable: bool) -> None:
        """Check the file before anything else; create or migrate it when `writable`."""
        raw = self.storage.read()
        if raw is None:
            self._create()
            return
        meta = schema.read_meta(raw, self.path)
        version = schema.check_version(meta, self.path)
        if version < schema.SCHEMA_VERSION:
            if not writable:
                raise WriteFailed(
                    f"{self.path} needs migrating to schema {schema.SCHEMA_VERSION}, but okrtui "
                    "cannot write in its folder; nothing was changed"
                )
            self._migrate(raw, meta, version)
        else:
            record_checks.check(raw, self.path, models=False)
        # From now on every read of a changed file (another process, a sync) is checked too.
        self.storage.check = lambda tables: record_checks.check(tables, self.path, models=False)
        if writable:
            remove_orphan_temp_files(self.path)

    @contextmanager
    def _refusals(self) -> Iterator[None]:
        """Add to a refusal of the file what the person can do about it: `okrtui restore`
        and the newest good backup it would bring back, or another file."""
        try:
            yield
        except UnreadableDatabase as exc:
            good = newest_good(self.path)
            restore = (
                f"'okrtui restore' brings back the newest good backup, {good.path} (taken "
                f"{good.taken_at:%Y-%m-%d %H:%M} UTC), and keeps this file aside"
                if good
                else "there is no good backup of it; restore a copy if you have one"
            )
            raise UnreadableDatabase(
                f"{exc}. okrtui did not change it: {restore}, "
                "or point --db (or OKRTUI_DB) at another file"
            ) from None
        except NewerSchema as exc:
            good = newest_good(self.path)
            back = (
                f"; or, to go back to the newest backup this okrtui can read, {good.path}, "
                "run 'okrtui restore'"
                if good
                else ""
            )
            raise NewerSchema(f"{exc}{back}") from None

    def _current(self) -> schema.Raw:
        """The file as it is now, checked as at open: since then another process may have
        removed it or put a file there that this okrtui must not write."""
        with self._refusals():
            raw = self.storage.read()
            if raw is None:
                raise UnreadableDatabase(
                    f"{self.path} was moved or removed while okrtui had it open"
                )
            meta = schema.read_meta(raw, self.path)
        version = schema.check_version(meta, self.path)
        if version < schema.SCHEMA_VERSION:
            raise UnreadableDatabase(
                f"{self.path} was replaced by an older okrtui database (schema {version}) while "
                "okrtui had it open; nothing was written. Reopen okrtui to migrate it"
            )
        return raw

    def _create(self) -> None:
        meta = schema.new_meta(self.clock.now().isoformat(), f"okrtui {__version__}")
        self.storage.write({schema.META_TABLE: {schema.META_DOC_ID: meta}})

    def _migrate(self, raw: schema.Raw, meta: dict[str, Any], version: int) -> None:
        migrated = schema.migrate(raw, version)
        schema.validate_all(migrated, self.path)
        backup = backups.take_backup(
            self.path,
            self.path.read_bytes(),
            self.clock.now(),
            label=f"pre-v{schema.SCHEMA_VERSION}",
        )
        new_meta = dict(meta)
        new_meta["schema_version"] = schema.SCHEMA_VERSION
        new_meta["migrations"] = [
            *meta.get("migrations", []),
            {
                "from": version,
                "to": schema.SCHEMA_VERSION,
                "at": self.clock.now().isoformat(),
                "backup": str(backup.relative_to(self.path.parent)),
            },
        ]
        new_meta.setdefault("key_counters", {})
        migrated[schema.META_TABLE] = {schema.META_DOC_ID: new_meta}
        self.storage.write(migrated)
        self._backed_up = True

    # -- locking and writing ----------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self._lock.acquire()
        except Timeout:
            raise DatabaseLocked(
                f"another okrtui process is writing {self.path} and has held its lock for "
                f"over {self._lock.timeout:g} s; try again in a moment"
            ) from None
        except OSError as exc:
            raise WriteFailed(
                f"cannot change {self.path}: its lock file cannot be written "
                f"({exc.strerror}); nothing was changed"
            ) from exc
        try:
            yield
        finally:
            self._lock.release()

    def locked(self) -> AbstractContextManager[None]:
        """Hold the database's write lock (for work that must not interleave with writes)."""
        return self._locked()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Hold the lock around a read-modify-write and write the result once, atomically.

        The transaction starts from the file as it is now (re-read if another process wrote
        it). Nested calls join the outer transaction. If the block raises, nothing is written.
        """
        if self._transaction is not None:
            yield self._transaction
            return
        with self._locked():
            raw = self._current()
            self._backup_once()
            transaction = Transaction(raw, self.archive)
            self._transaction = transaction
            try:
                yield transaction
            finally:
                self._transaction = None
            if transaction.dirty:
                if transaction.action:
                    journal.append_entry(
                        transaction, transaction.action, self.clock.now().isoformat()
                    )
                archive.settle(
                    transaction, self.archive, self.clock.today(), f"okrtui {__version__}"
                )
                self.storage.write(transaction.tables)
                for hook in self.after_write:
                    hook(transaction.action)

    def _backup_once(self) -> None:
        if self._backed_up:
            return
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        backups.take_backup(self.path, data, self.clock.now())
        self._backed_up = True

    # -- access ---------------------------------------------------------------------------

    def raw_table(self, name: str) -> dict[str, dict[str, Any]]:
        """The records of a table as stored (never mutate them), re-read if the file changed."""
        data = self.storage.read() or {}
        return data.get(name, {})

    def meta(self) -> dict[str, Any]:
        return dict(self.raw_table(schema.META_TABLE).get(schema.META_DOC_ID, {}))

    def archived_cycles(self) -> dict[str, str]:
        """Cycles whose records live in an archive file: {cycle id: file name}."""
        return archive.index(self.meta())

    def cycle_tables(self, cycle_id: str) -> schema.Raw:
        """The tables holding cycle `cycle_id`'s records: its archive's, else the live file's."""
        name = self.archived_cycles().get(cycle_id)
        if name is not None:
            return self.archive.read(name, cycle_id)
        return self.storage.read() or {}

    def archived_tables(self) -> Iterator[schema.Raw]:
        """The tables of every archive file (each read once, then cached)."""
        return self.archive.all_tables(self.archived_cycles())

    def changed_on_disk(self) -> bool:
        """Whether another process wrote the file since this one last read it."""
        return self.storage.changed_on_disk()

    def close(self) -> None:
        self.tinydb.close()


class Transaction:
    """Changes to a database's tables, written in one atomic replace when the block ends.

    Records are replaced, never mutated in place, so dicts handed out by earlier reads (and
    anything memoised on them) stay valid. Changes to records are noted in `changes`; once the
    repository `describe`s the transaction, they become one entry of the undo journal.
    """

    def __init__(self, tables: schema.Raw, archived: archive.Archive | None = None) -> None:
        self.tables: schema.Raw = {name: dict(records) for name, records in tables.items()}
        self._archive = archived
        self.dirty = False
        #: (table, record id, version before or None, version after or None), in order.
        self.changes: list[tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]] = []
        #: What this transaction does, for the journal ("Check in KR-12: 40 → 45").
        self.action = ""
        self._ids: dict[str, dict[str, str]] = {}
        self._next_doc: dict[str, int] = {}

    def describe(self, action: str) -> None:
        """Name what the transaction does; a described transaction can be undone."""
        self.action = action

    def records(self, table: str) -> dict[str, dict[str, Any]]:
        """The records of `table` as they stand in this transaction."""
        return self.tables.get(table, {})

    def _doc_id_of(self, table: str, record_id: str) -> str | None:
        index = self._ids.get(table)
        if index is None:
            index = {doc["id"]: doc_id for doc_id, doc in self.records(table).items()}
            self._ids[table] = index
        return index.get(record_id)

    def has(self, table: str, record_id: str) -> bool:
        """Whether `table` holds a record with this `id` live (archives are not searched)."""
        return self._doc_id_of(table, record_id) is not None

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        """The record with this `id` as it stands in this transaction, or None.

        A record of an archived cycle is found too: its cycle comes back into the live tables
        (so it can be changed, or be the parent of a new record) for this transaction."""
        doc_id = self._doc_id_of(table, record_id)
        if doc_id is None and self._archive is not None and table in archive.PARTITIONED:
            cycle_id = self._archive.holding(archive.index(self.meta()), table, record_id)
            if cycle_id is not None:
                archive.unarchive(self, self._archive, cycle_id)
                doc_id = self._doc_id_of(table, record_id)
        return None if doc_id is None else self.tables[table][doc_id]

    def meta(self) -> dict[str, Any]:
        """A copy of the `_meta` record as it stands in this transaction."""
        return dict(self.tables.get(schema.META_TABLE, {}).get(schema.META_DOC_ID, {}))

    def set_meta(self, meta: dict[str, Any]) -> None:
        """Replace the `_meta` record (a new dict: earlier reads stay valid)."""
        self.tables.setdefault(schema.META_TABLE, {})[schema.META_DOC_ID] = meta
        self.dirty = True

    def insert(self, table: str, record: dict[str, Any], journal: bool = True) -> None:
        """Add a record under the next document number of its table (its cycle comes back
        from the archive first if it was archived)."""
        if self._archive is not None and table in archive.OWNERS and journal:
            archive.owner_live(self, self._archive, table, record)
        records = self.tables.setdefault(table, {})
        if table not in self._next_doc:
            self._next_doc[table] = canonical.highest_doc_number(records) + 1
        doc_id = str(self._next_doc[table])
        self._next_doc[table] += 1
        records[doc_id] = record
        if table in self._ids:
            self._ids[table][record["id"]] = doc_id
        self._note(journal, table, record["id"], None, record)

    def insert_raw(self, table: str, record: dict[str, Any]) -> None:
        """Add a bookkeeping record (journal, conflicts) that undo does not track."""
        self.insert(table, record, journal=False)

    def replace(self, table: str, record: dict[str, Any], journal: bool = True) -> None:
        """Put a new version of the record with the same `id` in place of the old one."""
        doc_id = self._doc_id_of(table, record["id"])
        if doc_id is None:
            raise KeyError(record["id"])
        before = self.tables[table][doc_id]
        self.tables[table][doc_id] = record
        self._note(journal, table, record["id"], before, record)

    def remove(self, table: str, record_id: str, journal: bool = True) -> None:
        """Drop the record with this `id` (undo of a create)."""
        doc_id = self._doc_id_of(table, record_id)
        if doc_id is not None:
            before = self.tables[table].pop(doc_id)
            self._ids[table].pop(record_id, None)
            self._note(journal, table, record_id, before, None)

    def _note(
        self,
        journal: bool,
        table: str,
        record_id: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        self.dirty = True
        if journal:
            self.changes.append((table, record_id, before, after))

    def allocate_key(self, prefix: str, existing_max: int) -> str:
        """Next key for `prefix` (`KR-13`): never reused, even after a record is removed."""
        meta = self.meta()
        counters = dict(meta.get("key_counters", {}))
        number = max(int(counters.get(prefix, 0)), existing_max) + 1
        counters[prefix] = number
        meta["key_counters"] = counters
        self.set_meta(meta)
        return f"{prefix}-{number}"
