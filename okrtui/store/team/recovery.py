"""Provides what puts a clone right after a killed okrtui, and `attach`, which does it first.

A killed okrtui can leave traces git would trip over for ever: a `.git/index.lock` from the
commit it was making, a merge half written into the clone by a sync. `gitrepo.busy` marks the
moments okrtui changes the index (always under the database's lock), and `worktree` notes the
commit a sync is writing; so the next okrtui to take the lock knows such leftovers are a dead
okrtui's and repairs them (`repair_stale`): every command does, before anything else
(`attach`), and so does `okrtui sync`. What git itself left is repaired only when asked
(`okrtui sync --resolve`); `gitrepo.doctor` names it.
"""

from __future__ import annotations

from pathlib import Path

from okrtui.store.engine.database import Database
from okrtui.store.engine.errors import DatabaseError
from okrtui.store.engine.storage import parse_database
from okrtui.store.team.gitattributes import tracks
from okrtui.store.team.gitrepo import (
    BUSY_FILE,
    SYNC_FILE,
    AutoCommit,
    GitError,
    busy,
    git,
    git_file,
    origin,
)
from okrtui.store.team.worktree import apply_commit


def repair_stale(db_path: Path, *, asked: bool = False) -> list[str]:
    """Under the database's lock: repair what a killed okrtui left (a stale index.lock, a
    merge it had started, a sync half applied); with `asked` (`sync --resolve`), also
    what git left. Returns what was repaired, for people."""
    folder = db_path.parent
    repaired = []
    if finish_interrupted_sync(db_path):
        repaired.append("finished applying a sync that was stopped half-way")
    marker = git_file(folder, BUSY_FILE)
    ours = marker.exists()
    if not (ours or asked):
        return repaired
    lock = git_file(folder, "index.lock")
    if lock.exists():
        lock.unlink(missing_ok=True)
        repaired.append("removed the .git/index.lock a stopped git left")
    if git_file(folder, "MERGE_HEAD").exists() and not git(folder, "ls-files", "-u").stdout:
        repaired.append(_finish_merge(db_path))
    marker.unlink(missing_ok=True)
    return repaired


def _finish_merge(db_path: Path) -> str:
    """A merge git stopped before its commit, with nothing unmerged: commit it with what the
    clone holds now (the merge's result and any change saved since), or, when the file is not
    readable (killed mid-write), abort it: the half-written file was never anyone's change."""
    folder = db_path.parent
    try:
        parse_database(db_path.read_bytes(), db_path)
    except (OSError, DatabaseError):
        git(folder, "merge", "--abort", check=False)
        return "undid a merge that was stopped while writing the file (nothing was saved since)"
    with busy(folder):
        git(folder, "add", "--", *AutoCommit(db_path).paths())
        git(folder, "commit", "-q", "--no-verify", "--no-edit")
    return "finished a merge that was stopped before its commit"


def finish_interrupted_sync(db_path: Path) -> bool:
    """Under the database's lock: complete a sync killed while it wrote a merge into the
    work tree (see `gitsync`); True if there was one. The work tree still held the old commit
    when it started (nothing was pending), so writing the new commit's files again is safe."""
    folder = db_path.parent
    note = git_file(folder, SYNC_FILE)
    try:
        old, new = note.read_text(encoding="ascii").split()
    except (OSError, ValueError):
        if note.is_file():  # unreadable: a note cut short before anything was applied
            note.unlink(missing_ok=True)
        return False
    head = git(folder, "rev-parse", "HEAD", check=False).stdout.strip()
    if head == old:
        apply_commit(db_path, old, new)
    elif head == new:
        with busy(folder):
            git(folder, "reset", "-q")
    note.unlink(missing_ok=True)
    return True


def attach(db: Database) -> AutoCommit | None:
    """Turn on auto-commit for an open database whose folder is an okrtui repository:
    recover leftovers under its lock, then commit after every write. None elsewhere."""
    if not tracks(db.path):
        return None
    hook = AutoCommit(db.path)
    try:
        db.origin = origin(hook.folder)
        with db.locked():
            repair_stale(db.path)
            hook.recover()
    except GitError as exc:  # the clone's config is unsafe: never run git, say so
        hook.problem = f"{exc}; changes are saved but not committed until then"
        return hook
    except DatabaseError:  # the lock is unusable: reads go on, changes say why
        return hook
    db.after_write.append(hook)
    return hook
