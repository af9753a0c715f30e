"""Rotating backups: the first write of a process takes one, unchanged bytes are not copied
twice, rotation keeps the newest `KEEP` unlabelled ones and every labelled one, and the newest
backup always parses (a copy that would not restore is never left behind)."""

from __future__ import annotations

import gzip
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from okrtui.domain.clock import FixedClock
from okrtui.domain.models import CheckIn
from okrtui.store.engine import backups, canonical
from okrtui.store.engine.backups import KEEP, list_backups, read_backup, rotate, take_backup
from okrtui.store.engine.errors import UnreadableDatabase, WriteFailed
from okrtui.store.engine.schema import SCHEMA_VERSION
from okrtui.store.repository import Repository
from tests.conftest import TODAY
from tests.store.conftest import Seeded, seed, temp_files

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def version(n: int) -> bytes:
    """The bytes of a small, distinct, valid database."""
    return canonical.dumps(
        {"_meta": {"1": {"app": "okrtui", "schema_version": SCHEMA_VERSION, "n": n}}}
    )


def test_the_first_write_of_a_process_backs_up_the_file_before_it(
    db_path: Path, clock: FixedClock
) -> None:
    repo = Repository.open(db_path, clock)
    assert list_backups(db_path) == []  # creating a file is not a write worth a backup
    before_first_write = db_path.read_bytes()
    seeded = seed(repo)
    found = list_backups(db_path)
    assert len(found) == 1
    assert read_backup(found[0]) == before_first_write
    seeded.repo.add_checkin(seeded.kr, 50)
    assert len(list_backups(db_path)) == 1  # one per process, not one per write

    second_process = Repository.open(db_path, clock)
    before_its_first_write = db_path.read_bytes()
    second_process.add_checkin(seeded.kr, 51)
    found = list_backups(db_path)
    assert len(found) == 2
    assert read_backup(found[0]) == before_its_first_write


def test_unchanged_bytes_are_not_copied_twice(seeded: Seeded) -> None:
    path = seeded.repo.path
    count = len(list_backups(path))
    for _ in range(3):  # three processes that look but change nothing
        with Repository.open(path, FixedClock(TODAY)).db.transaction():
            pass
    assert len(list_backups(path)) == count + 1
    data = path.read_bytes()
    assert take_backup(path, data, NOON) == take_backup(path, data, NOON + timedelta(hours=1))
    assert len(list_backups(path)) == count + 1


def test_the_name_says_when_what_and_why(db_path: Path) -> None:
    plain = take_backup(db_path, version(1), NOON)
    labelled = take_backup(db_path, version(1), NOON + timedelta(seconds=1), label="pre-v3")
    assert plain.parent == db_path.parent / "backups"
    assert plain.name.startswith("okrtui-20261123T120000000000Z-")
    assert labelled.name.endswith("-pre-v3.json.gz")
    newest, oldest = list_backups(db_path)
    assert (newest.label, oldest.label) == ("pre-v3", "")
    assert newest.digest == oldest.digest and len(newest.digest) == 8
    assert gzip.decompress(labelled.read_bytes()) == version(1)


def test_rotation_keeps_the_newest_and_every_labelled_backup(db_path: Path) -> None:
    take_backup(db_path, version(0), NOON - timedelta(days=30), label="pre-v2")
    for n in range(1, KEEP + 6):
        take_backup(db_path, version(n), NOON + timedelta(minutes=n))
        newest = list_backups(db_path)[0]
        assert read_backup(newest) == version(n)
        canonical.loads(read_backup(newest))
    found = list_backups(db_path)
    plain = [b for b in found if not b.label]
    assert len(plain) == KEEP
    assert [read_backup(b) for b in plain] == [version(n) for n in range(KEEP + 5, 5, -1)]
    assert [read_backup(b) for b in found if b.label] == [version(0)]


def test_a_burst_of_commands_keeps_one_backup_a_day_and_a_week(db_path: Path) -> None:
    """Sixty days of one backup a day, then a script's twenty commands in one afternoon: the
    burst fills the newest ten, and yesterday's and last month's copies are still there."""
    start = NOON - timedelta(days=60)
    for day in range(60):
        take_backup(db_path, version(day), start + timedelta(days=day))
    for n in range(20):
        take_backup(db_path, version(100 + n), NOON + timedelta(minutes=n))
    kept = list_backups(db_path)
    contents = [read_backup(b) for b in kept]
    assert contents[:KEEP] == [version(119 - n) for n in range(KEEP)]
    assert version(59) in contents  # yesterday
    dailies = {b.taken_at.date() for b in kept}
    assert {(NOON - timedelta(days=d)).date() for d in range(backups.DAILY)} <= dailies
    weeks = {b.taken_at.isocalendar()[:2] for b in kept}
    assert len(weeks) == backups.WEEKLY  # the newest of each of the eight latest weeks
    assert len(kept) <= KEEP + backups.DAILY + backups.WEEKLY
    # Taking the same backups again changes nothing: rotation depends on them alone.
    rotate(db_path)
    assert list_backups(db_path) == kept


def test_rotation_keeps_the_newest_when_the_clock_stands_still(db_path: Path) -> None:
    """A fixed clock (tests, demos, OKRTUI_TODAY) gives every backup the same time: the one
    just taken must still count as the newest and survive rotation."""
    for n in range(KEEP + 5):
        take_backup(db_path, version(n), NOON)
        assert read_backup(list_backups(db_path)[0]) == version(n)
    plain = list_backups(db_path)
    assert len(plain) == KEEP
    assert [read_backup(b) for b in plain] == [version(n) for n in range(KEEP + 4, 4, -1)]


def test_a_clock_that_goes_back_does_not_hide_the_newest(db_path: Path) -> None:
    take_backup(db_path, version(1), NOON)
    take_backup(db_path, version(2), NOON - timedelta(hours=2))
    assert read_backup(list_backups(db_path)[0]) == version(2)


def test_rotation_leaves_other_databases_backups_alone(tmp_path: Path) -> None:
    main, team = tmp_path / "okrtui.json", tmp_path / "okrtui-team.json"
    take_backup(team, version(100), NOON)
    for n in range(KEEP + 3):
        take_backup(main, version(n), NOON + timedelta(minutes=n))
    assert len(list_backups(team)) == 1
    assert len(list_backups(main)) == KEEP
    (tmp_path / "backups" / "okrtui-notes.txt.json.gz").write_bytes(b"not mine")
    assert len(list_backups(main)) == KEEP


def test_a_copy_that_would_not_restore_is_refused_and_not_kept(db_path: Path) -> None:
    take_backup(db_path, version(1), NOON)
    with pytest.raises(UnreadableDatabase):
        take_backup(db_path, b'{"cut": ', NOON + timedelta(minutes=1))
    found = list_backups(db_path)
    assert [read_backup(b) for b in found] == [version(1)]


def test_a_failed_backup_write_leaves_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    take_backup(db_path, version(1), NOON)

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(WriteFailed, match="No space left"):
        take_backup(db_path, version(2), NOON + timedelta(minutes=1))
    monkeypatch.undo()
    assert [read_backup(b) for b in list_backups(db_path)] == [version(1)]
    assert temp_files(backups.backup_dir(db_path)) == []


def test_a_failed_backup_stops_the_write(seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    """No backup, no write: the first write of a process must not go ahead without one."""
    path = seeded.repo.path
    repo = Repository.open(path, FixedClock(TODAY))
    before = path.read_bytes()

    def refuse(*args: object, **kwargs: object) -> None:
        raise WriteFailed("cannot create the backup folder")

    monkeypatch.setattr(backups, "take_backup", refuse)
    with pytest.raises(WriteFailed):
        repo.add_checkin(seeded.kr, 50)
    assert path.read_bytes() == before
    assert repo.all(CheckIn) == []
