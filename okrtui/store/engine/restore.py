"""Provides restoring the database from a backup, and which backups are good to restore.

A backup is good when it decompresses, parses as an okrtui database, and was written by a
schema this okrtui knows. `restore` takes the lock, keeps whatever is at the database's path
aside (an unreadable file as `<name>.corrupt-<UTC time>`, a readable one as a labelled
backup), then writes the chosen backup into place atomically: at every moment the path holds
either the old bytes or the restored ones, and nothing is ever deleted.
"""

from __future__ import annotations

import gzip
import os
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from filelock import Timeout

from okrtui.store.engine import backups, record_checks, schema
from okrtui.store.engine.errors import (
    DatabaseError,
    DatabaseLocked,
    UnreadableDatabase,
    WriteFailed,
)
from okrtui.store.engine.locking import database_lock
from okrtui.store.engine.storage import atomic_write_bytes, fsync_folder, parse_database

#: Seconds to wait for another okrtui process to finish writing before giving up.
LOCK_TIMEOUT = 10.0


@dataclass(frozen=True)
class Candidate:
    """A backup and what a look inside it found: record counts, or why it cannot be used."""

    backup: backups.Backup
    counts: dict[str, int]
    problem: str = ""

    @property
    def good(self) -> bool:
        return not self.problem


def inspect(backup: backups.Backup, db_path: Path) -> Candidate:
    """Open a backup and count its records; `problem` says why it is unusable, if it is."""
    try:
        data = backups.read_backup(backup)
        raw = parse_database(data, backup.path)
        meta = schema.read_meta(raw, backup.path)
        version = schema.check_version(meta, backup.path)
        current = raw if version == schema.SCHEMA_VERSION else schema.migrate(raw, version)
        problems = record_checks.all_problems(current)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return Candidate(backup, {}, f"cannot be read ({exc})")
    except DatabaseError as exc:
        return Candidate(backup, {}, str(exc).replace(str(backup.path), "it"))
    if problems:  # restoring it would bring back a file okrtui refuses to open
        return Candidate(
            backup, {}, f"holds records okrtui cannot use: {record_checks.summary(problems)}"
        )
    counts = {table: len(records) for table, records in raw.items() if table != schema.META_TABLE}
    return Candidate(backup, counts)


def candidates(db_path: Path) -> list[Candidate]:
    """Every backup of the database, newest first, each inspected."""
    return [inspect(backup, db_path) for backup in backups.list_backups(db_path)]


def newest_good(db_path: Path) -> backups.Backup | None:
    """The newest backup that can be restored, if any (only as many are opened as needed)."""
    for backup in backups.list_backups(db_path):
        if inspect(backup, db_path).good:
            return backup
    return None


@dataclass(frozen=True)
class Restored:
    """What `restore` did: which backup came back and where the previous file went."""

    backup: backups.Backup
    counts: dict[str, int]
    kept_aside: Path | None


def restore(db_path: Path, now: datetime, name: str | None = None) -> Restored:
    """Put backup `name` (a file name in the backup folder; default: the newest good one)
    back at `db_path`, keeping the file that was there. Raises `DatabaseError` saying why
    when there is no such backup, it is not good, or the write fails (nothing is changed)."""
    db_path = Path(os.path.realpath(db_path))
    chosen = choose(db_path, name)
    data = backups.read_backup(chosen.backup)
    try:
        with database_lock(db_path, LOCK_TIMEOUT):
            kept = keep_aside(db_path, now)
            atomic_write_bytes(db_path, data)
    except Timeout:
        raise DatabaseLocked(
            f"another okrtui process is writing {db_path}; close it and try again"
        ) from None
    return Restored(chosen.backup, chosen.counts, kept)


def choose(db_path: Path, name: str | None) -> Candidate:
    found = candidates(db_path)
    if name is None:
        good = [c for c in found if c.good]
        if not good:
            where = backups.backup_dir(db_path)
            raise UnreadableDatabase(
                f"there is no good backup of {db_path} in {where}"
                + (f" ({len(found)} found, none readable)" if found else "")
            )
        return good[0]
    wanted = Path(name).name
    for candidate in found:
        if candidate.backup.path.name == wanted:
            if not candidate.good:
                raise UnreadableDatabase(
                    f"the backup {wanted} {candidate.problem}; see 'okrtui restore --list'"
                )
            return candidate
    raise UnreadableDatabase(
        f"there is no backup called {wanted} in {backups.backup_dir(db_path)}; "
        "see 'okrtui restore --list'"
    )


def keep_aside(db_path: Path, now: datetime) -> Path | None:
    """Keep what is at `db_path` before it is replaced: an unreadable file is renamed to
    `<name>.corrupt-<time>` (kept for inspection, never parsed again); a readable one is
    backed up with the label `pre-restore`, so the restore itself can be undone."""
    if not db_path.exists():
        return None
    try:
        data = db_path.read_bytes()
        schema.read_meta(parse_database(data, db_path), db_path)
    except UnreadableDatabase:
        stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = db_path.with_name(f"{db_path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = db_path.with_name(f"{db_path.name}.corrupt-{stamp}-{n}")
        # A second name for the same file, then the atomic replace of the first: killed at any
        # instant, the database's path still holds the old file or the restored one.
        try:
            os.link(db_path, aside)
        except OSError:
            try:
                atomic_write_bytes(aside, db_path.read_bytes())
            except (OSError, DatabaseError) as exc:
                raise WriteFailed(f"could not keep {db_path} aside as {aside}: {exc}") from exc
        fsync_folder(db_path.parent)
        return aside
    return backups.take_backup(db_path, data, now, label="pre-restore")


def corrupt_copies(db_path: Path) -> list[Path]:
    """Files a restore kept aside beside the database (`<name>.corrupt-<time>`), newest first."""
    folder = db_path.parent
    if not folder.is_dir():
        return []
    found = sorted(folder.glob(f"{db_path.name}.corrupt-*"), reverse=True)
    return [path for path in found if path.is_file() and not path.is_symlink()]


def missing_database(db_path: Path) -> str | None:
    """For a database path that holds no file, where its data went, if okrtui moved it:
    a sentence naming the kept file and how to get the data back; None if nothing is kept."""
    kept = corrupt_copies(db_path)
    if not kept:
        return None
    good = newest_good(db_path)
    back = (
        f"'okrtui --db {db_path} restore' brings back the newest good backup, {good.path.name}"
        if good
        else "there is no good backup; inspect that file"
    )
    return (
        f"{db_path} is missing, but {kept[0]} beside it holds the file an interrupted restore "
        f"kept aside: {back} (or rename that file back to {db_path.name} to look at it). "
        "okrtui did not create a new empty database"
    )
