"""Provides `AtomicJSONStorage`, the TinyDB storage okrtui writes through.

A write never leaves a half-written file: the canonical bytes are serialised first, written
to a temp file in the same folder, flushed and fsynced, moved over the database with
`os.replace`, and the folder is fsynced. There is no write-back cache: a write returns only
once it is on disk. Reads are cached and the cache is checked against the file's identity
(inode, size, mtime, ctime) on every read, so a process sees another process's writes at once, and
under the write lock always modifies the latest version. The identity includes the change
time (ctime), which no program can set back: an in-place rewrite of the same size whose
mtime was restored (`touch -r`, `rsync --times`, some editors) is still noticed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from okrtui.store.engine import canonical
from okrtui.store.engine.errors import UnreadableDatabase, WriteFailed

TEMP_SUFFIX = ".tmp"
#: The largest database file okrtui reads (a team's ten years of weekly check-ins are a few
#: megabytes): a bigger one is refused rather than read until memory runs out.
MAX_DATABASE_BYTES = 256 * 1024 * 1024
#: Temp files older than this are leftovers of a killed writer and may be removed.
ORPHAN_AGE_SECONDS = 300


def fsync_file(handle: Any) -> None:
    """Flush a file's data to the disk (on macOS all the way, with F_FULLFSYNC)."""
    if sys.platform == "darwin":  # pragma: no cover - exercised on macOS only
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.fcntl(handle.fileno(), fcntl.F_FULLFSYNC)
            return
    os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse it
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace `path` with `data` so that readers see the old bytes or the new, never a mix.

    The file keeps its permissions; a new one gets `mode`, else what the umask allows (a
    file of another's, such as a backup, passes the database's own: `new_file_mode`). On
    failure the old file is untouched, no temp file is left behind, and `WriteFailed` says
    what happened.
    """
    folder = path.parent
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            fsync_file(handle)
        with contextlib.suppress(OSError):
            os.chmod(tmp_name, _mode_for(path, mode))
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_folder(folder)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WriteFailed(
            f"could not write {path}: {reason}. Nothing was changed; "
            "free some space or fix the folder's permissions and try again"
        ) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _mode_for(path: Path, mode: int | None) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return default_file_mode() if mode is None else mode


def current_umask() -> int:
    """The process's umask (read from /proc where it can be, since setting it to read it
    races with other threads creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def default_file_mode() -> int:
    """What `open(path, "w")` would give a new file: 0o666 less the umask."""
    return 0o666 & ~current_umask()


def new_file_mode(db_path: Path) -> int:
    """Permissions for a file okrtui creates beside the database (backup, archive, lock): the
    database's own read/write bits, so none is more readable than it, else the umask's."""
    try:
        return db_path.stat().st_mode & 0o666 & ~current_umask() or 0o600
    except OSError:
        return default_file_mode()


def new_folder_mode(db_path: Path) -> int:
    """Permissions for a folder beside the database: its file mode with search bits."""
    mode = new_file_mode(db_path)
    return mode | ((mode & 0o444) >> 2)


def remove_orphan_temp_files(path: Path, now: float | None = None) -> int:
    """Delete temp files a killed writer left beside `path`; returns how many went."""
    now = time.time() if now is None else now
    removed = 0
    for candidate in path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if now - candidate.stat().st_mtime > ORPHAN_AGE_SECONDS:
                candidate.unlink()
                removed += 1
    return removed


def refuse_special_file(path: Path) -> None:
    """Refuse a path that exists and is not a regular file: reading a FIFO waits for a
    writer forever, a device (`/dev/zero`, `/dev/urandom`) never ends."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UnreadableDatabase(f"cannot read {path}: {exc.strerror}") from exc
    if not stat.S_ISREG(mode):
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a regular file"
        )
        raise UnreadableDatabase(
            f"{path} is {kind}, not a database file: give the path of a regular file"
        )


def read_bounded(path: Path, limit: int = MAX_DATABASE_BYTES) -> bytes:
    """The bytes of the regular file `path`, refusing one larger than `limit`."""
    refuse_special_file(path)
    # O_NONBLOCK: if a FIFO was put there since the check, opening it does not wait.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnreadableDatabase(f"{path} is not a regular file: give a database file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnreadableDatabase(
            f"{path} is larger than {limit // (1024 * 1024)} MB: it is not an okrtui database"
        )
    return data


def parse_database(data: bytes, path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Parse database bytes, refusing anything that is not a TinyDB-shaped JSON object."""
    if not data.strip():
        raise UnreadableDatabase(
            f"{path} is empty ({len(data)} bytes): it is not an okrtui database"
        )
    try:
        tables = canonical.loads(data)
    except orjson.JSONDecodeError as exc:
        line = data.count(b"\n", 0, exc.pos) + 1
        raise UnreadableDatabase(
            f"{path} is not valid JSON (line {line}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(tables, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in tables.values()
    ):
        raise UnreadableDatabase(
            f"{path} is JSON but not an okrtui database (expected tables of records)"
        )
    return tables


class AtomicJSONStorage(Storage):
    """TinyDB storage: canonical JSON, atomic replace, stat-validated read cache."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(os.path.realpath(path))
        self._cache: dict[str, dict[str, dict[str, Any]]] | None = None
        self._cache_identity: tuple[int, int, int, int] | None = None
        #: Bumped whenever the data this storage returns changes, so callers can memoise.
        self.generation = 0
        #: Run on every fresh read of the file (the database's record checks), raising
        #: when the file must not be used.
        self.check: Callable[[dict[str, dict[str, dict[str, Any]]]], None] | None = None

    def _identity(self) -> tuple[int, int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)

    def read(self) -> dict[str, dict[str, dict[str, Any]]] | None:
        identity = self._identity()
        if identity is None:
            self._forget()
            return None
        if identity == self._cache_identity and self._cache is not None:
            return self._cache
        try:
            data = read_bounded(self.path)
        except FileNotFoundError:
            self._forget()
            return None
        except OSError as exc:
            raise UnreadableDatabase(f"cannot read {self.path}: {exc.strerror}") from exc
        tables = parse_database(data, self.path)
        if self.check is not None:
            self.check(tables)
        self._cache = tables
        self._cache_identity = identity
        self.generation += 1
        return self._cache

    def write(self, data: dict[str, dict[str, dict[str, Any]]]) -> None:
        try:
            payload = canonical.dumps(data)
            atomic_write_bytes(self.path, payload)
        except BaseException:
            # TinyDB mutates the dict it read before calling write; after a failure the
            # cached dict may no longer match the file, so read the file again next time.
            self._forget()
            raise
        self._cache = data
        self._cache_identity = self._identity()
        self.generation += 1

    def changed_on_disk(self) -> bool:
        """Whether the file differs from what this storage last read or wrote."""
        return self._identity() != self._cache_identity

    def _forget(self) -> None:
        self._cache = None
        self._cache_identity = None
        self.generation += 1

    def close(self) -> None:
        self._forget()
