"""Bad database files from the command line, and `okrtui restore`.

Every command (the TUI too) refuses a truncated, empty, garbage, wrong-shape or newer file
with one line that names the file, the newest good backup and `okrtui restore`, and leaves
the file byte-identical. `okrtui restore` brings back the newest good backup and keeps the
bad file aside as `<name>.corrupt-<time>`; `--list` and `--backup NAME` pick another.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from okrtui.store.engine import backups, canonical
from okrtui.store.engine.schema import SCHEMA_VERSION

COMMANDS = {
    "the app": [],
    "status": ["status"],
    "checkin": ["checkin", "KR-1", "55"],
    "export": ["export"],
    "lint": ["lint"],
    "undo-free import": ["import", "--dry-run", str(Path(__file__).parent / "data" / "plan.md")],
}


def _newer() -> bytes:
    meta = {"app": "okrtui", "schema_version": SCHEMA_VERSION + 1, "key_counters": {}}
    return canonical.dumps({"_meta": {"1": meta}, "starships": {}})


BAD = {
    "truncated": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
    "garbage": lambda good: b"\x89PNG\r\n\x1a\n\x00\x00 not a database \xff",
    "wrong shape: a list": lambda good: b"[1, 2, 3]",
    "wrong shape: another app's TinyDB file": lambda good: b'{"_default": {"1": {"todo": "milk"}}}',
    "newer version": lambda good: _newer(),
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def broken(okrtui, workspace: Path):
    """The workspace after one more check-in (so its newest backup holds the whole
    workspace), then overwritten with bad bytes; returns (path, bad bytes, newest backup)."""

    def make(kind: str) -> tuple[Path, bytes, backups.Backup]:
        assert okrtui("--db", workspace, "checkin", "KR-1", "53").code == 0
        newest = backups.list_backups(workspace)[0]
        bad = BAD[kind](workspace.read_bytes())
        workspace.write_bytes(bad)
        return workspace, bad, newest

    return make


@pytest.mark.parametrize("kind", BAD)
def test_every_command_refuses_a_bad_file_naming_the_newest_good_backup(okrtui, broken, kind):
    path, _bad, newest = broken(kind)
    before = (_digest(path), path.stat().st_mtime_ns)
    listed = len(backups.list_backups(path))
    for name, args in COMMANDS.items():
        result = okrtui("--db", path, *args)
        assert result.code == 2, (name, result)
        (line,) = result.error_lines
        assert line.startswith("okrtui: error: ") and str(path) in line, (name, line)
        assert newest.path.name in line and "okrtui restore" in line, (name, line)
        assert "Traceback" not in result.err
    assert (_digest(path), path.stat().st_mtime_ns) == before
    assert len(backups.list_backups(path)) == listed  # a refusal takes no backup either
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("kind", [k for k in BAD if k != "newer version"])
def test_restore_brings_back_the_newest_good_backup_and_keeps_the_bad_file(okrtui, broken, kind):
    path, bad, newest = broken(kind)
    result = okrtui("--db", path, "restore")
    assert result.code == 0, result
    assert newest.path.name in result.out
    assert path.read_bytes() == backups.read_backup(newest)
    (aside,) = path.parent.glob(f"{path.name}.corrupt-*")
    assert aside.read_bytes() == bad
    assert str(aside) in result.out
    assert okrtui("--db", path, "status").code == 0


def test_a_newer_file_is_kept_as_a_backup_when_restoring_over_it(okrtui, broken):
    path, bad, newest = broken("newer version")
    assert okrtui("--db", path, "restore").code == 0
    assert path.read_bytes() == backups.read_backup(newest)
    kept = [b for b in backups.list_backups(path) if b.label == "pre-restore"]
    assert [backups.read_backup(b) for b in kept] == [bad]
    assert not list(path.parent.glob(f"{path.name}.corrupt-*"))


def test_an_unusable_newest_backup_is_skipped(okrtui, broken):
    path, _bad, good = broken("truncated")
    # A newer backup that does not decompress: listed as unusable, never restored.
    broken_name = good.path.name.replace(good.digest, "00000000")
    stamp = good.path.name.split("-")[1]
    later = stamp[:-2] + "9Z"
    rotten = good.path.with_name(broken_name.replace(stamp, later))
    rotten.write_bytes(gzip.compress(b"{not json")[:-4])
    assert backups.list_backups(path)[0].path == rotten
    listing = okrtui("--db", path, "restore", "--list")
    assert listing.code == 0
    assert f"{rotten.name}" in listing.out and "unusable" in listing.out
    assert f"* {good.path.name}" in listing.out
    refused = okrtui("--db", path, "status")
    assert good.path.name in refused.err and rotten.name not in refused.err
    assert okrtui("--db", path, "restore").code == 0
    assert path.read_bytes() == backups.read_backup(good)


def test_restore_a_named_backup(okrtui, broken):
    path, _, newest = broken("garbage")
    oldest = backups.list_backups(path)[-1]
    assert oldest != newest
    assert okrtui("--db", path, "restore", "--backup", oldest.path.name).code == 0
    assert path.read_bytes() == backups.read_backup(oldest)
    unknown = okrtui("--db", path, "restore", "--backup", "okrtui-nope.json.gz")
    assert unknown.code == 2
    assert unknown.error_lines == [
        f"okrtui: error: there is no backup called okrtui-nope.json.gz in "
        f"{backups.backup_dir(path)}; see 'okrtui restore --list'"
    ]


def test_restoring_over_a_readable_file_keeps_it_as_a_backup(okrtui, workspace):
    assert okrtui("--db", workspace, "checkin", "KR-1", "53").code == 0
    current = workspace.read_bytes()
    assert okrtui("--db", workspace, "restore").code == 0
    assert workspace.read_bytes() != current
    (kept,) = [b for b in backups.list_backups(workspace) if b.label == "pre-restore"]
    assert backups.read_backup(kept) == current


def test_without_a_good_backup_restore_says_so(okrtui, tmp_path):
    path = tmp_path / "okrtui.json"
    path.write_bytes(b"{")
    result = okrtui("--db", path, "restore")
    assert result.code == 2
    assert result.error_lines == [
        f"okrtui: error: there is no good backup of {path} in {backups.backup_dir(path)}"
    ]
    assert path.read_bytes() == b"{"
    assert "no backups" in okrtui("--db", path, "restore", "--list").out


def test_restore_waits_for_a_writer_and_then_refuses(okrtui, broken, monkeypatch):
    """Restoring under another process's write would lose that write or be lost to it."""
    from filelock import FileLock

    from okrtui.store.engine import restore
    from okrtui.store.engine.locations import lock_path

    path, bad, _ = broken("truncated")
    monkeypatch.setattr(restore, "LOCK_TIMEOUT", 0.2)
    with FileLock(lock_path(path)):
        result = okrtui("--db", path, "restore")
    assert result.code == 2
    assert result.error_lines == [
        f"okrtui: error: another okrtui process is writing {path}; close it and try again"
    ]
    assert path.read_bytes() == bad
    assert not list(path.parent.glob(f"{path.name}.corrupt-*"))
