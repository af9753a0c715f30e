"""Real failing disks, not simulated ones: a full file system, a read-only file system, and a
folder the user may not write. `okrtui checkin` ends with one clear line and exit 2, the
database keeps its bytes, no temp file is left anywhere, and reading still works.

The tests run as root, which ignores folder permissions, so the full and read-only cases
mount a small tmpfs and the permission case runs okrtui as `nobody` (setpriv); each is
skipped where that is not possible. (`tests/store/test_storage.py` covers every failing step
of a write by monkeypatching, everywhere.)
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from okrtui.domain.clock import FixedClock
from okrtui.domain.models import CheckIn, KeyResult
from okrtui.store.engine.errors import WriteFailed
from okrtui.store.repository import Repository
from tests.conftest import TODAY
from tests.reliability.conftest import filled_workspace, run_okrtui

NOBODY = 65534


def _okrtui(path: Path, *args: str, user: int | None = None) -> subprocess.CompletedProcess[str]:
    prefix = (
        [] if user is None else ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"]
    )
    done = run_okrtui(path, *args, env={"HOME": str(path.parent)}, prefix=prefix)
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def _one_clear_line(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 2, result
    (line,) = result.stderr.splitlines()
    assert line.startswith("okrtui: error: ") and "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in line, line


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 1 MiB tmpfs of our own (skipped where mounting is not allowed)."""
    mount_point = Path(tempfile.mkdtemp(prefix="okrtui-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        mount_point.rmdir()
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
        mount_point.rmdir()


def _workspace(folder: Path) -> Path:
    return filled_workspace(folder / "okrtui.json")


def _fill_up(folder: Path) -> None:
    with open(folder / "filler", "wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def test_a_full_disk_changes_nothing(small_disk: Path) -> None:
    path = _workspace(small_disk)
    before = path.read_bytes()
    # A running process (its first-write backup already taken) meets the full disk on the
    # database itself; a new command meets it on the backup before that.
    repo = Repository.open(path, FixedClock(TODAY))
    kr = repo.find(KeyResult, "KR-1")
    repo.add_checkin(kr, 53)
    before = path.read_bytes()
    _fill_up(small_disk)
    with pytest.raises(WriteFailed, match="No space left on device"):
        repo.add_checkin(kr, 54)
    assert path.read_bytes() == before
    result = _okrtui(path, "checkin", "KR-1", "55")
    _one_clear_line(result, "No space left on device", "Nothing was changed")
    assert path.read_bytes() == before
    assert _leftovers(small_disk) == []
    assert _okrtui(path, "status").returncode == 0
    # Once there is room again, the same process writes, from the file as it is.
    (small_disk / "filler").unlink()
    repo.add_checkin(kr, 56)
    assert [c.value for c in repo.all(CheckIn) if c.key_result_id == kr.id][-1] == 56


def test_a_read_only_file_system_changes_nothing_and_still_reads(small_disk: Path) -> None:
    path = _workspace(small_disk)
    before = path.read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        result = _okrtui(path, "checkin", "KR-1", "55")
        _one_clear_line(result, str(path), "Read-only file system", "nothing was changed")
        assert path.read_bytes() == before
        status = _okrtui(path, "status")
        assert status.returncode == 0, status.stderr
        assert "2026-Q4" in status.stdout
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert _leftovers(small_disk) == []


@pytest.fixture
def nobodys_folder() -> Iterator[Path]:
    """A folder owned by `nobody` (who will run okrtui), later made read-only."""
    if shutil.which("setpriv") is None or os.geteuid() != 0:
        pytest.skip("needs root and setpriv to run okrtui as another user")
    folder = Path(tempfile.mkdtemp(prefix="okrtui-perm-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_a_folder_the_user_may_not_write_changes_nothing(nobodys_folder: Path) -> None:
    path = _workspace(nobodys_folder)
    for item in [nobodys_folder, *nobodys_folder.rglob("*")]:
        os.chown(item, NOBODY, NOBODY)
    probe = _okrtui(path, "status", user=NOBODY)
    if probe.returncode != 0:
        pytest.skip(f"okrtui cannot run as nobody here: {probe.stderr.strip()[:200]}")
    before = path.read_bytes()
    for folder in (nobodys_folder, nobodys_folder / "backups"):
        folder.chmod(0o555)
    result = _okrtui(path, "checkin", "KR-1", "55", user=NOBODY)
    _one_clear_line(result, "Permission denied", "othing was changed")
    assert path.read_bytes() == before
    assert _leftovers(nobodys_folder) == []
    assert _okrtui(path, "status", user=NOBODY).returncode == 0
