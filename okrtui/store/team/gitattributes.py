"""Provides `tracks`: whether a database is shared through git, read from `.gitattributes`.

Apart from `okrtui.store.team.gitrepo` so that every open can ask it cheaply: `gitrepo` brings
git's machinery (subprocess, sockets, the user's identity), which only a shared database needs
and which `Repository.open` imports only then.
"""

from __future__ import annotations

from pathlib import Path

#: The name of the merge and diff drivers in `.gitattributes` and the git config.
DRIVER = "okrtui"


def tracks(db_path: Path) -> bool:
    """Whether the database sits at the top of a git repository that merges it with okrtui's
    driver. Reads two small files, no git process: cheap enough for every open."""
    folder = db_path.parent
    if not (folder / ".git").exists():
        return False
    try:
        text = (folder / ".gitattributes").read_text(encoding="utf-8")
    except OSError:
        return False
    return f"merge={DRIVER}" in text and any(
        line.split()[:1] == [db_path.name] for line in text.splitlines()
    )
