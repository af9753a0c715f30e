"""Provides `apply_commit`: bring a commit's files into the clone without a moment of harm.

`git merge` and `git checkout` rewrite a file by unlinking it and creating it again, and hold
`.git/index.lock` while they do: killed in between, a clone is left without its database, or
with a lock that stops every later commit. okrtui instead writes each changed file itself,
atomically (the old bytes or the new, never none), and only then moves HEAD. A note in `.git`
(`SYNC_FILE`) says what was being applied, so the next okrtui to take the database's lock
finishes the job (`recovery.finish_interrupted_sync`).

What the commit holds never chooses where okrtui writes: a symbolic link, a submodule, a path
through a symlinked folder or out of the clone is refused, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from okrtui.store.engine.storage import atomic_write_bytes, fsync_folder, new_file_mode
from okrtui.store.team.gitrepo import SYNC_FILE, GitError, busy, git, show_blob

#: git's modes for what a tree entry is: okrtui writes only plain files.
_PLAIN = ("100644", "100755")


class UnsafeTree(GitError):
    """The commit holds something okrtui will not write into the clone."""


def changed_paths(folder: Path, old: str, new: str) -> list[tuple[str, str]]:
    """[(status, path)] of the files that differ between two commits (A, M, D, T)."""
    out = git(folder, "diff", "--no-renames", "--name-status", "-z", old, new).stdout
    words = [w for w in out.split("\0") if w]
    return [(words[i][0], words[i + 1]) for i in range(0, len(words) - 1, 2)]


def _modes(folder: Path, commit: str, paths: list[str]) -> dict[str, str]:
    if not paths:
        return {}
    out = git(folder, "ls-tree", "-z", "--full-tree", commit, "--", *paths).stdout
    modes = {}
    for entry in out.split("\0"):
        if entry:
            info, _, path = entry.partition("\t")
            modes[path] = info.split()[0]
    return modes


def _target(folder: Path, path: str) -> Path:
    """The file `path` of the clone, refusing anything that leads out of it."""
    parts = Path(path).parts
    if not parts or Path(path).is_absolute() or ".." in parts or parts[0] == ".git":
        raise UnsafeTree(
            f"the team's repository holds the path {path!r}, which okrtui never writes"
        )
    current = folder
    for part in parts[:-1]:
        current = current / part
        if current.is_symlink() or (current.exists() and not current.is_dir()):
            raise UnsafeTree(
                f"{current} is not a real folder of the clone (a symbolic link?): okrtui never "
                "writes through one; replace it with a folder and sync again"
            )
    target = folder / path
    if target.is_symlink():
        raise UnsafeTree(f"{target} is a symbolic link: okrtui never writes through one")
    return target


def check_commit(db_path: Path, old: str, new: str) -> list[tuple[str, str]]:
    """The changes from `old` to `new`, after checking that okrtui may write every one."""
    folder = db_path.parent
    changes = changed_paths(folder, old, new)
    modes = _modes(folder, new, [p for status, p in changes if status != "D"])
    for status, path in changes:
        _target(folder, path)
        if status != "D" and modes.get(path) not in _PLAIN:
            raise UnsafeTree(
                f"the team's repository holds {path} as a symbolic link or submodule (mode "
                f"{modes.get(path)}): okrtui syncs plain files only; nothing was changed. "
                "Remove it from the repository"
            )
    return changes


def apply_commit(db_path: Path, old: str, new: str) -> None:
    """Under the database's lock, with the clone holding `old` and nothing pending: write
    `new`'s files into the clone (the database last), move HEAD to `new`, refresh the index."""
    folder = db_path.parent
    changes = check_commit(db_path, old, new)
    note = folder / ".git" / SYNC_FILE
    with busy(folder):
        atomic_write_bytes(note, f"{old} {new}\n".encode("ascii"))
        # Archive files and the rest first, the database last: it is what lists the archive
        # files, so at no moment does it name one that is not there.
        ordered = sorted(changes, key=lambda change: (change[1] == db_path.name, change[1]))
        for status, path in ordered:
            target = _target(folder, path)
            if status == "D":
                if target.is_file():
                    target.unlink()
                    fsync_folder(target.parent)
                continue
            data = show_blob(folder, f"{new}:{path}")
            if data is None:
                raise UnsafeTree(f"cannot read {path} of commit {new[:12]}; nothing was changed")
            if target.exists() and target.read_bytes() == data:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, data, mode=new_file_mode(db_path))
        git(folder, "update-ref", "-m", f"okrtui sync: {new[:12]}", "HEAD", new, old)
        git(folder, "reset", "-q")
        note.unlink(missing_ok=True)
