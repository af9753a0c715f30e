"""Provides where okrtui keeps its files: the database path, its lock file and its backup
folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

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
