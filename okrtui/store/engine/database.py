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
from okrtui.store.engine import archive, backups, journal, record_checks, schema
from okrtui.store.engine.errors import DatabaseLocked, NewerSchema, UnreadableDatabase, WriteFailed
from okrtui.store.engine.locking import LockUnusable, database_lock
from okrtui.store.engine.restore import missing_database, newest_good
from okrtui.store.engine.storage import (
    AtomicJSONStorage,
    refuse_special_file,
    remove_orphan_temp_files,
)
from okrtui.store.engine.transaction import Transaction

#: Seconds to wait for another okrtui process to finish writing.
LOCK_TIMEOUT = 10.0


class Database:
    """An open okrtui database file: TinyDB on atomic storage, a lock, and the `_meta` record."""

    def __init__(self, path: Path, clock: Clock, *, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.path = Path(os.path.realpath(path))
        self.clock = clock
        self._lock_timeout = lock_timeout
        self._lock: FileLock | None = None
        self._backed_up = False
        #: Author and clone stamped on journal entries ("", "" for a database not shared):
        #: undo takes back only the person's own changes made in this clone.
        self.origin: tuple[str, str] = ("", "")
        self._transaction: Transaction | None = None
        #: Called under the lock after each write of a transaction, with its description
        #: (auto-commit to git plugs in here).
        self.after_write: list[Callable[[str], None]] = []
        self._check_folder()
        self.tinydb = TinyDB(self.path, storage=AtomicJSONStorage)
        storage = self.tinydb.storage
        if not isinstance(storage, AtomicJSONStorage):  # TinyDB made it from the class above
            raise TypeError(f"TinyDB storage is {type(storage).__name__}, not AtomicJSONStorage")
        self.storage = storage
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
        except LockUnusable:
            if not self.path.is_file():
                raise
            # A lock path that is not a plain file of ours (a folder, a symlink, another
            # user's file) refuses every change with its reason, but never blocks reading.
            with self._refusals():
                self._prepare(writable=False)
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
            kept = missing_database(self.path)
            if kept is not None:
                raise UnreadableDatabase(kept)
            if not writable:
                raise WriteFailed(f"{self.path} does not exist and okrtui cannot create it")
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
            archive.remove_orphans(self.archive, raw)

    @contextmanager
    def _refusals(self) -> Iterator[None]:
        """Add to a refusal of the file what the person can do about it: `okrtui restore`
        and the newest good backup it would bring back, or another file."""
        try:
            yield
        except UnreadableDatabase as exc:
            if _has_conflict_markers(self.path):
                raise UnreadableDatabase(
                    f"{exc}. It holds conflict markers from a text merge (a plain 'git pull' "
                    "without okrtui's merge driver): run 'okrtui sync --resolve' to merge it "
                    "record by record; okrtui did not change it"
                ) from None
            if str(exc).startswith(f"{self.path} is missing, but"):
                raise
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
        # Checked every time (someone may have put a symlink there since); one lock object,
        # so that holding it again in the same process nests instead of waiting on itself.
        lock = database_lock(self.path, self._lock_timeout)
        if self._lock is None:
            self._lock = lock
        lock = self._lock
        try:
            lock.acquire()
        except Timeout:
            raise DatabaseLocked(
                f"another okrtui process is writing {self.path} and has held its lock for "
                f"over {self._lock_timeout:g} s; try again in a moment"
            ) from None
        except OSError as exc:
            raise WriteFailed(
                f"cannot change {self.path}: its lock file cannot be written "
                f"({exc.strerror}); nothing was changed"
            ) from exc
        try:
            yield
        finally:
            lock.release()

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
                        transaction, transaction.action, self.clock.now().isoformat(), self.origin
                    )
                transaction.settle_archive(self.clock.today(), f"okrtui {__version__}")
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


def _has_conflict_markers(path: Path) -> bool:
    """Whether the file holds the markers of git's text merge (`<<<<<<< ` … `>>>>>>> `)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return False
    starts = any(line.startswith(b"<<<<<<< ") for line in data.splitlines())
    return starts and b"\n>>>>>>> " in data
