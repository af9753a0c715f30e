"""What okrtui creates beside the database, and the lock (issue 13, items 5 and 6).

Files get the database's own permissions (or the umask's), never more readable; a lock path
that is not a plain file of ours refuses changes with a clear message but never blocks reads;
refusals say where the data is and what to run; an archive move killed half-way leaves no
archive file the database does not list.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from okrtui.cli import main
from okrtui.domain.clock import FixedClock
from okrtui.domain.models import KeyResult, Objective
from okrtui.store.engine import archive, backups, canonical, schema
from okrtui.store.engine.errors import UnreadableDatabase, WriteFailed
from okrtui.store.repository import Repository
from tests.conftest import TODAY
from tests.store.conftest import Seeded, seed


def run(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backups_are_never_more_readable_than_the_database(seeded: Seeded) -> None:
    path = seeded.repo.path
    seeded.repo.close()
    os.chmod(path, 0o600)
    Path(str(path) + ".lock").unlink()  # made afresh, with the database's permissions
    with umask(0o022):
        repo = Repository.open(path, FixedClock(TODAY))
        repo.add_checkin(repo.find(KeyResult, seeded.kr.key), 50)
        repo.close()
    newest = backups.list_backups(path)[0].path
    assert mode(newest) == 0o600
    assert mode(path) == 0o600
    assert mode(Path(str(path) + ".lock")) & 0o077 == 0


def test_a_new_database_and_an_export_respect_the_umask(tmp_path: Path) -> None:
    with umask(0o077):
        path = tmp_path / "new" / "okrtui.json"
        seed(Repository.open(path, FixedClock(TODAY))).repo.close()
        code, _, err = run(
            "--db", path, "export", "--format", "csv", "--output", tmp_path / "x.csv"
        )
    assert code == 0, err
    assert mode(path) == 0o600
    assert mode(tmp_path / "x.csv") == 0o600


def test_archive_files_get_the_databases_permissions(seeded: Seeded) -> None:
    repo = seeded.repo
    os.chmod(repo.path, 0o640)
    old = repo.create_cycle("2025-Q1", date(2025, 1, 6), date(2025, 4, 6))
    objective = repo.create(Objective, cycle_id=old.id, title="Old goal", state="committed")
    repo.create(KeyResult, objective_id=objective.id, title="Old KR", baseline=1, target=9)
    with umask(0o022):
        repo.update(old, state="closed")
    files = list(archive.archive_dir(repo.path).glob("*.json"))
    assert files and all(mode(f) == 0o640 for f in files)


@pytest.mark.parametrize("kind", ["folder", "symlink"])
def test_a_lock_path_that_is_not_our_file_refuses_changes_but_not_reads(
    seeded: Seeded, tmp_path: Path, kind: str
) -> None:
    path = seeded.repo.path
    seeded.repo.close()
    lock = Path(str(path) + ".lock")
    lock.unlink(missing_ok=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    if kind == "folder":
        lock.mkdir()
    else:
        lock.symlink_to(victim)

    status = run("--db", path, "status")
    checkin = run("--db", path, "checkin", seeded.kr.key, "50")

    assert status[0] == 0, status[2]
    assert checkin[0] != 0
    assert str(lock) in checkin[2]
    assert ("symbolic link" if kind == "symlink" else "not a plain file") in checkin[2]
    assert "Traceback" not in checkin[2]
    assert victim.read_text() == "precious"


def test_a_lock_file_of_another_user_is_named(seeded: Seeded, monkeypatch) -> None:
    path = seeded.repo.path
    seeded.repo.close()
    Path(str(path) + ".lock").touch()
    real = os.geteuid()
    monkeypatch.setattr(os, "geteuid", lambda: real + 1)  # as if it were someone else's

    status = run("--db", path, "status")
    checkin = run("--db", path, "checkin", seeded.kr.key, "50")

    assert status[0] == 0
    assert checkin[0] != 0 and "belongs to another user" in checkin[2]


def test_conflict_markers_point_to_sync_resolve(seeded: Seeded) -> None:
    path = seeded.repo.path
    seeded.repo.close()
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(
        b"".join(lines[:2])
        + b"<<<<<<< HEAD\n"
        + lines[2]
        + b"=======\n"
        + lines[2]
        + b">>>>>>> origin/main\n"
        + b"".join(lines[3:])
    )

    code, _, err = run("--db", path, "status")

    assert code != 0
    assert "okrtui sync --resolve" in err and "conflict markers" in err
    assert "okrtui restore" not in err


def test_a_missing_database_beside_a_corrupt_copy_says_where_the_data_is(seeded: Seeded) -> None:
    path = seeded.repo.path
    seeded.repo.add_checkin(seeded.kr, 50)
    seeded.repo.close()
    aside = path.with_name(f"{path.name}.corrupt-20261123T120000Z")
    os.replace(path, aside)  # a restore killed between moving the file aside and writing

    status = run("--db", path, "status")
    checkin = run("--db", path, "checkin", seeded.kr.key, "51")

    for code, _, err in (status, checkin):
        assert code != 0
        assert str(aside) in err and "okrtui --db" in err and "restore" in err
    assert not path.exists()  # no new empty database in its place
    assert run("--db", path, "restore")[0] == 0
    Repository.open(path, FixedClock(TODAY)).close()


def test_a_killed_restore_never_leaves_the_path_empty(seeded: Seeded, monkeypatch) -> None:
    from okrtui.store.engine import restore as restoring

    path = seeded.repo.path
    seeded.repo.add_checkin(seeded.kr, 50)
    seeded.repo.close()
    path.write_bytes(b"not json")
    seen = []

    def dies(target, data, mode=None):
        seen.append(path.exists())
        raise KeyboardInterrupt  # killed right before the restored file is written

    monkeypatch.setattr(restoring, "atomic_write_bytes", dies)
    with pytest.raises(KeyboardInterrupt):
        restoring.restore(path, FixedClock(TODAY).now())
    assert seen == [True] and path.read_bytes() == b"not json"
    assert list(path.parent.glob("okrtui.json.corrupt-*"))


def test_archive_names_from_the_file_are_plain_names(tmp_path: Path) -> None:
    from okrtui.store.engine.locations import own_file

    folder = tmp_path / "archive"
    folder.mkdir()
    for bad in ("../x.json", "/etc/passwd", ".hidden.json", "a/b.json", "x.txt", ""):
        with pytest.raises(UnreadableDatabase):
            own_file(folder, bad)
    (folder / "okrtui-Q1-abc.json").symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(UnreadableDatabase):
        own_file(folder, "okrtui-Q1-abc.json")
    assert (
        own_file(folder, "okrtui-2025-Q1-1a2b3c4d.json") == folder / "okrtui-2025-Q1-1a2b3c4d.json"
    )


def test_a_symlinked_backup_folder_is_refused(seeded: Seeded, tmp_path: Path) -> None:
    path = seeded.repo.path
    seeded.repo.close()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = backups.backup_dir(path)
    if folder.exists():
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
    folder.symlink_to(elsewhere)
    with pytest.raises(WriteFailed, match="symbolic link"):
        backups.take_backup(path, path.read_bytes(), FixedClock(TODAY).now())
    assert list(elsewhere.iterdir()) == []


def test_an_archive_file_left_by_a_killed_move_is_removed_and_data_is_kept(seeded: Seeded) -> None:
    repo = seeded.repo
    old = repo.create_cycle("2025-Q1", date(2025, 1, 6), date(2025, 4, 6))
    objective = repo.create(Objective, cycle_id=old.id, title="Old goal", state="committed")
    repo.create(KeyResult, objective_id=objective.id, title="Old KR", baseline=1, target=9)
    tables = canonical.loads(repo.path.read_bytes())
    cycle = next(c for c in tables["cycles"].values() if c["id"] == old.id)
    part = {
        t: {d: tables[t][d] for d in ids}
        for t, ids in archive.cycle_doc_ids(tables, old.id).items()
        if ids
    }
    # What a move killed after writing the archive file and before the live file leaves.
    leftover = repo.db.archive.write(cycle, part, "okrtui test")
    # And an unlisted archive holding a record found nowhere else: data, kept.
    lone = dict(part)
    lone["objectives"] = {
        "1": part["objectives"][next(iter(part["objectives"]))] | {"id": "x" * 32}
    }
    kept = repo.db.archive.write(cycle | {"name": "other"}, lone, "okrtui test")
    repo.close()

    reopened = Repository.open(repo.path, FixedClock(TODAY))

    names = {p.name for p in archive.archive_dir(repo.path).iterdir()}
    assert leftover not in names and kept in names
    meta = canonical.loads(repo.path.read_bytes())[schema.META_TABLE][schema.META_DOC_ID]
    assert leftover not in archive.index(meta).values()
    assert any(o.title == "Old goal" for o in reopened.all(Objective))
