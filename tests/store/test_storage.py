"""Atomic writes: whatever step of a write fails (the temp file, the write, fsync, the replace),
the old file is byte-identical, no temp file is left, and the error is `WriteFailed` naming
the file. Also the order of the durable steps, the stat-validated cache and orphan clean-up."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from okrtui.domain.models import CheckIn
from okrtui.store.engine import canonical, storage
from okrtui.store.engine.errors import UnreadableDatabase, WriteFailed
from okrtui.store.engine.storage import (
    AtomicJSONStorage,
    atomic_write_bytes,
    remove_orphan_temp_files,
)
from okrtui.store.repository import Repository
from tests.store.conftest import Seeded, sha256, temp_files

OLD = b'{\n"t": {\n"1": {"a": 1}\n}\n}\n'
NEW = b'{\n"t": {\n"1": {"a": 2}\n}\n}\n'


def _eio(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.EIO, "Input/output error")


class _FailingHandle:
    """A file handle that writes part of the data and then reports the disk full."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    def __enter__(self) -> _FailingHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def _patch_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FailingHandle(real_fdopen(*a, **k)))


def _patch_mkstemp(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a read-only folder does to the temp file (a root test run ignores chmod)."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)


FAILURES = {
    "replace": lambda mp: mp.setattr(os, "replace", _eio),
    "fsync": lambda mp: mp.setattr(os, "fsync", _eio),
    "write": _patch_write,
    "read-only folder": _patch_mkstemp,
}
REASONS = {
    "replace": "Input/output error",
    "fsync": "Input/output error",
    "write": "No space left on device",
    "read-only folder": "Permission denied",
}


@pytest.mark.parametrize("step", FAILURES)
def test_a_failed_write_leaves_the_old_file_and_no_temp(
    step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "db.json"
    target.write_bytes(OLD)
    FAILURES[step](monkeypatch)
    with pytest.raises(WriteFailed) as info:
        atomic_write_bytes(target, NEW)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert temp_files(tmp_path) == []
    assert str(target) in str(info.value)
    assert REASONS[step] in str(info.value)
    assert "Nothing was changed" in str(info.value)


@pytest.mark.parametrize("step", FAILURES)
def test_a_failed_checkin_leaves_the_database_intact(
    step: str, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole path (repository → transaction → storage) keeps the old file, and the
    repository stays usable: the next write starts from the file, not the failed state."""
    repo = seeded.repo
    repo.add_checkin(seeded.kr, 50, confidence=6)  # the process's first write (and backup)
    before = sha256(repo.path)
    FAILURES[step](monkeypatch)
    with pytest.raises(WriteFailed, match=str(repo.path)):
        repo.add_checkin(seeded.kr, 99, confidence=9)
    monkeypatch.undo()
    assert sha256(repo.path) == before
    assert temp_files(repo.path.parent) == []
    assert [c.value for c in repo.all(CheckIn)] == [50]
    repo.add_checkin(seeded.kr, 55)
    assert [c.value for c in repo.all(CheckIn)] == [50, 55]
    assert [c.key for c in repo.all(CheckIn)] == ["CI-1", "CI-2"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_folder_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    target = tmp_path / "db.json"
    target.write_bytes(OLD)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(WriteFailed, match=str(target)):
            atomic_write_bytes(target, NEW)
    finally:
        tmp_path.chmod(0o755)
    assert target.read_bytes() == OLD


def test_a_value_that_is_not_json_fails_before_the_file_is_touched(tmp_path: Path) -> None:
    target = tmp_path / "db.json"
    target.write_bytes(OLD)
    store = AtomicJSONStorage(target)
    with pytest.raises(TypeError):
        store.write({"t": {"1": {"a": object()}}})
    with pytest.raises(TypeError):
        store.write({"t": {"1": {"a": "lone \ud800 surrogate"}}})
    assert target.read_bytes() == OLD
    assert temp_files(tmp_path) == []
    assert store.read() == {"t": {"1": {"a": 1}}}


def test_the_durable_steps_come_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fsync the data, then replace, then fsync the folder (or a crash can lose the rename)."""
    target = tmp_path / "db.json"
    target.write_bytes(OLD)
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        calls.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic_write_bytes(target, NEW)
    assert calls == ["fsync file", "replace", "fsync folder"]
    assert target.read_bytes() == NEW


def test_a_write_keeps_the_files_permissions(tmp_path: Path) -> None:
    target = tmp_path / "db.json"
    target.write_bytes(OLD)
    target.chmod(0o600)
    atomic_write_bytes(target, NEW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_storage_writes_canonical_bytes(tmp_path: Path) -> None:
    target = tmp_path / "db.json"
    data = {"b": {"10": {"z": 1, "a": "ü"}, "2": {}}, "a": {}}
    AtomicJSONStorage(target).write(data)
    assert target.read_bytes() == canonical.dumps(data)
    assert target.read_bytes() == (
        b'{\n"a": {},\n"b": {\n"2": {},\n"10": {"a":"\xc3\xbc","z":1}\n}\n}\n'
    )


# -- the read cache --------------------------------------------------------------------------


def test_the_cache_is_reused_until_the_file_changes(tmp_path: Path) -> None:
    target = tmp_path / "db.json"
    target.write_bytes(OLD)
    store = AtomicJSONStorage(target)
    first = store.read()
    assert store.read() is first
    assert not store.changed_on_disk()
    atomic_write_bytes(target, NEW)  # another process's write: a new inode
    assert store.changed_on_disk()
    assert store.read() == {"t": {"1": {"a": 2}}}
    assert not store.changed_on_disk()


def test_an_in_place_edit_of_the_same_size_is_noticed(tmp_path: Path) -> None:
    """An editor that rewrites the file in place keeps its inode and size: mtime tells."""
    target = tmp_path / "db.json"
    target.write_bytes(OLD)
    store = AtomicJSONStorage(target)
    assert store.read() == {"t": {"1": {"a": 1}}}
    mtime = target.stat().st_mtime_ns
    target.write_bytes(NEW)
    os.utime(target, ns=(mtime + 1_000_000, mtime + 1_000_000))
    assert store.read() == {"t": {"1": {"a": 2}}}


def test_an_in_place_edit_that_puts_the_mtime_back_is_noticed(tmp_path: Path) -> None:
    """Same inode, same size, mtime restored (`touch -r`, `rsync --times`): only the change
    time, which nothing can set back, tells the cache the bytes are new."""
    target = tmp_path / "db.json"
    target.write_bytes(OLD)
    store = AtomicJSONStorage(target)
    assert store.read() == {"t": {"1": {"a": 1}}}
    before = target.stat()
    time.sleep(0.01)
    with target.open("r+b") as handle:
        handle.write(NEW)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = target.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )
    assert store.changed_on_disk()
    assert store.read() == {"t": {"1": {"a": 2}}}


def test_a_removed_file_reads_as_missing(tmp_path: Path) -> None:
    target = tmp_path / "db.json"
    target.write_bytes(OLD)
    store = AtomicJSONStorage(target)
    store.read()
    target.unlink()
    assert store.read() is None


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "is empty (0 bytes)"),
        (b"  \n", "is empty"),
        (b'{\n"t": {\n"1": {"a": 1}', "is not valid JSON (line 3"),
        (b"\x00" * 64, "is not valid JSON"),
        (b"[1, 2]", "not an okrtui database"),
        (b'{"t": [1]}', "not an okrtui database"),
        (b'{"t": {"1": 5}}', "not an okrtui database"),
    ],
)
def test_unparseable_bytes_are_refused_naming_the_file(
    data: bytes, says: str, tmp_path: Path
) -> None:
    target = tmp_path / "db.json"
    target.write_bytes(data)
    with pytest.raises(UnreadableDatabase) as info:
        AtomicJSONStorage(target).read()
    assert str(target) in str(info.value)
    assert says in str(info.value)


# -- leftovers of killed writers ---------------------------------------------------------------


def test_old_orphan_temp_files_are_removed_on_open(seeded: Seeded) -> None:
    path = seeded.repo.path
    old = path.parent / f".{path.name}.abc123.tmp"
    fresh = path.parent / f".{path.name}.def456.tmp"  # maybe a live writer's: keep it
    for orphan in (old, fresh):
        orphan.write_bytes(b'{"half": ')
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    unrelated = path.parent / ".other.json.x.tmp"
    unrelated.write_bytes(b"")
    os.utime(unrelated, (an_hour_ago, an_hour_ago))
    Repository.open(path, seeded.repo.clock).close()
    assert not old.exists()
    assert fresh.exists()
    assert unrelated.exists()
    assert remove_orphan_temp_files(path, now=time.time() + storage.ORPHAN_AGE_SECONDS + 1) == 1
