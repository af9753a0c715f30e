"""Provides where okrtui keeps its files: the database path, its lock file and its backup
folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

from okrtui.store.engine.errors import UnreadableDatabase, WriteFailed

APP_NAME = "okrtui"
DB_FILENAME = "okrtui.json"
ENV_DB = "OKRTUI_DB"


def default_data_dir() -> Path:
    """The platform's user data folder for okrtui (e.g. ~/.local/share/okrtui on Linux)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def resolve_db_path(cli_path: str | os.PathLike[str] | None = None) -> Path:
    """The database to use: `--db PATH`, else `$OKRTUI_DB`, else the default data folder."""
    if cli_path:
        return Path(cli_path).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return default_data_dir() / DB_FILENAME


def lock_path(path: Path) -> str:
    """The sidecar lock file every process changing the database at `path` holds."""
    return os.path.realpath(path) + ".lock"


def backup_dir(db_path: Path) -> Path:
    """Backups live in a `backups` folder beside the database."""
    return db_path.parent / "backups"


def own_folder(db_path: Path, folder: Path) -> Path:
    """`folder` (`backups/`, `archive/`) if it is okrtui's to write: absent, or a real folder
    directly beside the database. In a team's clone the folder came from someone else's
    repository; a symlink there (`archive -> ~/.bashrc.d`) would make every change write
    outside the clone, so it is refused, never followed. Raises `WriteFailed` saying so."""
    if folder.is_symlink():
        raise WriteFailed(
            f"{folder} is a symbolic link to {os.readlink(folder)}: okrtui never writes "
            f"through one (a repository must not choose where okrtui writes). Replace it with a "
            f"real folder ('rm {folder}'); nothing was changed"
        )
    if folder.exists() and not folder.is_dir():
        raise WriteFailed(f"{folder} is not a folder: move it away; nothing was changed")
    if os.path.realpath(folder.parent) != os.path.realpath(db_path.parent):
        raise WriteFailed(f"{folder} is not beside {db_path}; nothing was changed")
    return folder


#: What an archive or backup file name may be: one plain name, no folder, no leading dot.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.json(\.gz)?")


def own_file(folder: Path, name: str) -> Path:
    """The file `name` in okrtui's `folder`, refusing a name that is not one plain file
    name (`../../.bashrc`, `/etc/x`, `.hidden`) or a file that is a symlink: names come
    from the shared database, which a teammate (or anyone with push access) wrote."""
    if not isinstance(name, str) or not _SAFE_NAME.fullmatch(name) or ".." in name:
        raise UnreadableDatabase(
            f"the database names the file {name!r} in {folder.name}/, which is not a plain "
            "file name okrtui writes; okrtui did not touch it. Fix the name with "
            "'okrtui sync --resolve' or restore a backup"
        )
    path = folder / name
    if path.is_symlink():
        raise UnreadableDatabase(
            f"{path} is a symbolic link: okrtui never reads or writes through one; "
            "replace it with the real file"
        )
    return path
