"""Provides rotating, verified, gzip-compressed backups of the database file.

A backup is named `<db stem>-<UTC time>-<sha256[:8]>[-label].json.gz` in `backups/` beside the
database. It is written atomically and read back before it counts, so the newest backup always
parses. Plain backups rotate (the newest `KEEP` stay, and one a day for two weeks and one a
week for eight); labelled ones (before a migration or a restore) stay until the user removes
them.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from okrtui.store.engine.errors import WriteFailed
from okrtui.store.engine.locations import backup_dir, own_folder
from okrtui.store.engine.storage import (
    atomic_write_bytes,
    new_file_mode,
    new_folder_mode,
    parse_database,
)

#: How many of the newest unlabelled backups rotation keeps.
KEEP = 10
#: Besides those, the newest backup of each of the `DAILY` latest days and `WEEKLY` latest
#: weeks: every okrtui command takes a backup, so a burst of commands (a script checking in
#: twenty KRs) must not push yesterday's or last month's copy out.
DAILY = 14
WEEKLY = 8


@dataclass(frozen=True)
class Backup:
    """One backup file and what its name says about it."""

    path: Path
    taken_at: datetime
    digest: str
    label: str


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]


def list_backups(db_path: Path) -> list[Backup]:
    """The database's backups, newest first."""
    folder = backup_dir(db_path)
    if folder.is_symlink() or not folder.is_dir():  # never read through a planted symlink
        return []
    found = []
    for path in folder.glob(f"{db_path.stem}-*.json.gz"):
        parts = path.name[len(db_path.stem) + 1 : -len(".json.gz")].split("-", 2)
        if len(parts) < 2:
            continue
        try:
            taken = datetime.strptime(parts[0], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(Backup(path, taken, parts[1], parts[2] if len(parts) > 2 else ""))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def read_backup(backup: Backup) -> bytes:
    """The database bytes inside a backup."""
    return gzip.decompress(backup.path.read_bytes())


def take_backup(db_path: Path, data: bytes, now: datetime, label: str = "") -> Path:
    """Write `data` (the database's bytes) as a verified backup and rotate old ones.

    Skips the copy when the newest backup already holds exactly these bytes. Refuses bytes
    that do not parse: a copy that would not restore must never become the newest backup.
    """
    parse_database(data, db_path)
    digest = _digest(data)
    existing = list_backups(db_path)
    if not label and existing and existing[0].digest == digest:
        return existing[0].path
    folder = own_folder(db_path, backup_dir(db_path))
    try:
        folder.mkdir(mode=new_folder_mode(db_path), exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"cannot create the backup folder {folder}: {exc.strerror}") from exc
    stamp = _taken_at(now, existing).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"{db_path.stem}-{stamp}-{digest}" + (f"-{label}" if label else "") + ".json.gz"
    target = folder / name
    # Level 1: half the time of the default for a file a quarter bigger; backups are taken on
    # the first write of every okrtui command, so their cost is paid on every check-in.
    # Never more readable than the database it copies (a 0600 file keeps 0600 backups).
    atomic_write_bytes(
        target, gzip.compress(data, compresslevel=1, mtime=0), mode=new_file_mode(db_path)
    )
    if not _reads_back(target, data):
        target.unlink(missing_ok=True)
        raise WriteFailed(f"the backup {target} did not read back as written; check the disk")
    rotate(db_path)
    return target


def _taken_at(now: datetime, existing: list[Backup]) -> datetime:
    """`now`, or just after the newest backup when the clock stands still (a fixed clock) or
    went back: names must order backups as they were taken, or rotation could drop the
    newest."""
    now = now.astimezone(UTC)
    if existing and now <= existing[0].taken_at:
        return existing[0].taken_at + timedelta(microseconds=1)
    return now


def _reads_back(target: Path, data: bytes) -> bool:
    try:
        return gzip.decompress(target.read_bytes()) == data
    except (OSError, EOFError, zlib.error):
        return False


def rotate(db_path: Path, keep: int = KEEP) -> None:
    """Delete unlabelled backups except the newest `keep` and the newest of each of the
    `DAILY` most recent days and `WEEKLY` most recent weeks that have one. Counting days that
    have backups, not calendar days, keeps a fortnight of history for someone who opens
    okrtui once a month too; and the result depends on the backups alone, not the clock."""
    plain = [b for b in list_backups(db_path) if not b.label]  # newest first
    kept = {b.path for b in plain[:keep]}
    days: set[object] = set()
    weeks: set[object] = set()
    for backup in plain:
        day, week = backup.taken_at.date(), backup.taken_at.isocalendar()[:2]
        if day not in days and len(days) < DAILY:
            days.add(day)
            kept.add(backup.path)
        if week not in weeks and len(weeks) < WEEKLY:
            weeks.add(week)
            kept.add(backup.path)
    for backup in plain:
        if backup.path not in kept:
            backup.path.unlink(missing_ok=True)
