"""Refusing files okrtui must not touch: unreadable, not an okrtui database, from a newer
okrtui, or replaced by such a file while a process has it open. Each is refused with a
message naming the file and what to do, and stays byte-identical: no write, no backup."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from filelock import FileLock

from okrtui.domain.clock import FixedClock
from okrtui.domain.models import CheckIn, Cycle
from okrtui.store.engine import backups, canonical
from okrtui.store.engine.database import Database
from okrtui.store.engine.errors import DatabaseLocked, NewerSchema, UnreadableDatabase
from okrtui.store.engine.schema import SCHEMA_VERSION
from okrtui.store.repository import Repository
from tests.conftest import TODAY
from tests.store.conftest import Seeded, seed, sha256, temp_files


def _meta(**changes: object) -> dict:
    meta = {
        "app": "okrtui",
        "schema_version": SCHEMA_VERSION,
        "created_at": "2026-11-01T12:00:00+00:00",
        "written_by": "okrtui 0.1.0",
        "key_counters": {},
        "migrations": [],
    }
    return meta | changes


def _newer() -> bytes:
    return canonical.dumps(
        {"_meta": {"1": _meta(schema_version=99, written_by="okrtui 9.0")}, "spaceships": {}}
    )


BAD_FILES: dict[str, tuple[bytes, type[Exception], str]] = {
    "empty": (b"", UnreadableDatabase, "is empty"),
    "whitespace": (b"\n\n", UnreadableDatabase, "is empty"),
    "truncated": (
        canonical.dumps({"_meta": {"1": _meta()}, "cycles": {}})[:-9],
        UnreadableDatabase,
        "not valid JSON",
    ),
    "trailing garbage": (
        canonical.dumps({"_meta": {"1": _meta()}}) + b"}\x00garbage",
        UnreadableDatabase,
        "not valid JSON",
    ),
    "garbage": (os.urandom(16) + b"\xff\xfe not json", UnreadableDatabase, "not valid JSON"),
    "nul-filled": (b"\x00" * 4096, UnreadableDatabase, "not valid JSON"),
    "a list": (b'[{"_meta": {}}]', UnreadableDatabase, "not an okrtui database"),
    "a string": (b'"okrtui"', UnreadableDatabase, "not an okrtui database"),
    "an empty object": (b"{}", UnreadableDatabase, "not an okrtui database"),
    "a plain TinyDB file": (
        b'{"_default": {"1": {"title": "groceries"}}}',
        UnreadableDatabase,
        "not an okrtui database",
    ),
    "another app's _meta": (
        b'{"_meta": {"1": {"schema_version": 2}}}',
        UnreadableDatabase,
        "not an okrtui database",
    ),
    "a schema version that is not a number": (
        canonical.dumps({"_meta": {"1": _meta(schema_version="2")}}),
        UnreadableDatabase,
        "invalid schema version",
    ),
    "a newer schema": (_newer(), NewerSchema, "schema 99"),
}

#: What each refusal tells the person to do.
ADVICE = {
    UnreadableDatabase: ("--db", "backup"),
    NewerSchema: ("upgrade okrtui",),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_is_refused_and_left_byte_identical(
    name: str, db_path: Path, clock: FixedClock
) -> None:
    data, error, says = BAD_FILES[name]
    db_path.write_bytes(data)
    before = (sha256(db_path), db_path.stat().st_mtime_ns, db_path.stat().st_ino)
    with pytest.raises(error) as info:
        Repository.open(db_path, clock)
    message = str(info.value)
    assert str(db_path) in message
    assert says in message
    for hint in ADVICE[error]:
        assert hint in message, f"{message!r} does not say what to do ({hint})"
    assert (sha256(db_path), db_path.stat().st_mtime_ns, db_path.stat().st_ino) == before
    assert not backups.backup_dir(db_path).exists()
    assert temp_files(db_path.parent) == []
    # Refusing again (the lock file now exists) changes nothing either.
    with pytest.raises(error):
        Repository.open(db_path, clock)
    assert sha256(db_path) == before[0]


def test_the_refusal_of_an_unreadable_file_names_its_newest_backup(
    seeded: Seeded, clock: FixedClock
) -> None:
    path = seeded.repo.path
    seeded.repo.add_checkin(seeded.kr, 50)  # the first write takes a backup
    seeded.repo.close()
    newest = backups.list_backups(path)[0]
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(UnreadableDatabase) as info:
        Repository.open(path, clock)
    assert newest.path.name in str(info.value)


def test_records_that_break_the_model_are_reported_not_rewritten(
    seeded: Seeded, clock: FixedClock
) -> None:
    repo = seeded.repo
    repo.add_checkin(seeded.kr, 50, confidence=6)
    repo.close()
    raw = canonical.loads(repo.path.read_bytes())
    raw["checkins"]["1"]["confidence"] = 50
    repo.path.write_bytes(canonical.dumps(raw))
    before = sha256(repo.path)
    reopened = Repository.open(repo.path, clock)
    with pytest.raises(UnreadableDatabase, match="CI-1") as info:
        reopened.all(CheckIn)
    assert str(repo.path) in str(info.value)
    assert sha256(repo.path) == before


# -- a file that changes under an open process --------------------------------------------


def test_a_file_replaced_by_a_newer_okrtui_is_not_written(seeded: Seeded) -> None:
    repo = seeded.repo
    repo.add_checkin(seeded.kr, 50)
    repo.path.write_bytes(_newer())  # a newer okrtui migrated it meanwhile
    before = sha256(repo.path)
    with pytest.raises(NewerSchema, match="schema 99"):
        repo.create_cycle("2027-Q1", TODAY.replace(year=2027), TODAY.replace(year=2028))
    assert sha256(repo.path) == before


def test_a_file_replaced_by_garbage_is_not_written_nor_backed_up(
    db_path: Path, clock: FixedClock
) -> None:
    """Before its first write a process backs the file up: a garbage backup must not be
    left behind, or the newest backup would no longer parse."""
    repo = Repository.open(db_path, clock)
    db_path.write_bytes(b"\x00" * 100)
    with pytest.raises(UnreadableDatabase, match=str(db_path)):
        # add_workspace goes straight to the transaction (no read before it).
        repo.add_workspace([Cycle(name="2026-Q4", start=TODAY, end=TODAY.replace(year=2027))])
    assert db_path.read_bytes() == b"\x00" * 100
    for backup in backups.list_backups(db_path):
        canonical.loads(backups.read_backup(backup))


def test_a_file_removed_while_open_is_not_recreated_half_empty(seeded: Seeded) -> None:
    """Writing to a removed file would create one without `_meta`: not an okrtui database."""
    repo = seeded.repo
    repo.path.unlink()
    with pytest.raises(UnreadableDatabase, match=str(repo.path)):
        repo.create_cycle("2027-Q1", TODAY.replace(year=2027), TODAY.replace(year=2028))
    assert not repo.path.exists()


def test_a_file_replaced_by_an_older_okrtui_database_is_not_written(seeded: Seeded) -> None:
    """Writing schema-2 records under a schema-1 `_meta` would corrupt it on the next open."""
    repo = seeded.repo
    raw = canonical.loads(repo.path.read_bytes())
    raw["_meta"]["1"]["schema_version"] = 1
    repo.path.write_bytes(canonical.dumps(raw))
    before = sha256(repo.path)
    with pytest.raises(UnreadableDatabase, match="schema 1"):
        repo.add_checkin(seeded.kr, 50)
    assert sha256(repo.path) == before


# -- the lock ------------------------------------------------------------------------------


def test_a_held_lock_refuses_opening_and_writing(seeded: Seeded, clock: FixedClock) -> None:
    path = seeded.repo.path
    held = FileLock(str(path) + ".lock")
    waiting = Database(path, clock, lock_timeout=0.2)
    before = sha256(path)
    with held:
        with pytest.raises(DatabaseLocked) as info:
            Database(path, clock, lock_timeout=0.2)
        assert str(path) in str(info.value)
        assert "try again" in str(info.value)
        with pytest.raises(DatabaseLocked), waiting.transaction() as tx:
            tx.insert("cycles", {"id": "x"})
    assert sha256(path) == before
    # Once released, writing works again and nothing of the refused attempt remains.
    Repository(waiting).create_cycle("2027-Q1", TODAY.replace(year=2027), TODAY.replace(year=2028))
    assert [c.name for c in Repository(waiting).all(Cycle)] == ["2026-Q4", "2027-Q1"]


def test_a_transaction_that_raises_writes_nothing(seeded: Seeded) -> None:
    repo = seeded.repo
    before = sha256(repo.path)
    with pytest.raises(RuntimeError), repo.db.transaction() as tx:
        tx.insert("cycles", {"id": "half"})
        raise RuntimeError("changed my mind")
    assert sha256(repo.path) == before
    assert [c.key for c in repo.all(Cycle)] == ["C-1"]


def test_nested_transactions_write_once(seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = seeded.repo
    writes: list[int] = []
    real_write = repo.db.storage.write
    monkeypatch.setattr(repo.db.storage, "write", lambda data: (writes.append(1), real_write(data)))
    with repo.db.transaction():
        repo.add_checkin(seeded.kr, 50)
        repo.add_checkin(seeded.kr, 51)
    assert len(writes) == 1
    assert [c.value for c in repo.all(CheckIn)] == [50, 51]


def test_a_new_file_is_created_with_its_folder(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "deep" / "er" / "okrs.json"
    repo = Repository.open(path, clock)
    assert canonical.loads(path.read_bytes())["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    seed(repo)
    assert Repository.open(path, clock).find(Cycle, "2026-Q4").key == "C-1"


def test_a_folder_is_refused_as_a_database(tmp_path: Path, clock: FixedClock) -> None:
    with pytest.raises(UnreadableDatabase, match="is a folder"):
        Repository.open(tmp_path, clock)


def test_a_hand_edited_document_id_does_not_break_writing(seeded: Seeded) -> None:
    """Only ASCII digits number documents: `²` passes `str.isdigit` but not `int`."""
    repo = seeded.repo
    raw = canonical.loads(repo.path.read_bytes())
    raw["cycles"]["²"] = raw["cycles"].pop("1")
    repo.path.write_bytes(canonical.dumps(raw))
    repo.create_cycle("2027-Q1", TODAY.replace(year=2027), TODAY.replace(year=2028))
    assert sorted(canonical.loads(repo.path.read_bytes())["cycles"]) == ["1", "²"]
    assert [c.name for c in repo.cycles()] == ["2026-Q4", "2027-Q1"]
