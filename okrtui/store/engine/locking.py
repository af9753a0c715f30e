"""Provides the database's sidecar lock, checked before it is used.

Every process that changes the database holds `<db>.lock` (a `filelock` on a plain file
beside it). The lock path comes from the database's folder, which in a team's clone is a
git repository someone else filled: a lock that is a symlink would make okrtui open (and
truncate) whatever it points at, a folder or another user's file would make every command
wait and then fail. `check_lock_path` refuses all three with a message naming the path and
what to do, and `Database` then still opens the file for reading (see `Database._open`).
The lock file is created with the database's own permissions, never more open.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from filelock import FileLock

from okrtui.store.engine.errors import WriteFailed
from okrtui.store.engine.locations import lock_path
from okrtui.store.engine.storage import new_file_mode

__all__ = ["LockUnusable", "check_lock_path", "database_lock", "lock_path"]


class LockUnusable(WriteFailed):
    """The lock path is not a plain file of this user's: changes are refused, reads go on."""


def check_lock_path(db_path: Path) -> None:
    """Raise `LockUnusable` unless the lock path is absent or a plain file this user owns."""
    where = lock_path(db_path)
    try:
        st = os.lstat(where)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise LockUnusable(f"cannot use the lock file {where}: {exc.strerror}") from exc
    fix = f"remove it ('rm -r {where}') if no okrtui is running, then try again"
    if stat.S_ISLNK(st.st_mode):
        raise LockUnusable(
            f"the lock file {where} is a symbolic link (okrtui never writes through one); {fix}"
        )
    if not stat.S_ISREG(st.st_mode):
        raise LockUnusable(f"the lock file {where} is not a plain file; {fix}")
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        raise LockUnusable(
            f"the lock file {where} belongs to another user (uid {st.st_uid}); "
            "okrtui can read the database but not change it. Ask its owner, or " + fix
        )


def database_lock(db_path: Path, timeout: float) -> FileLock:
    """The database's lock (not yet acquired), after `check_lock_path`."""
    check_lock_path(db_path)
    return FileLock(lock_path(db_path), timeout=timeout, mode=new_file_mode(db_path))
