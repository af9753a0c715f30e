"""Provides `sync_in_background`: the app runs `okrtui sync` without blocking the screen.

The sync runs as its own `okrtui sync` process, in a worker thread: it takes the database's
lock like any other process, so the app's writes wait for it and never land mid-merge, and
the dashboard's poll re-reads the file once git has replaced it. Git may not ask for a
password here (the terminal belongs to the app): set up a credential helper or an SSH agent.
"""

from __future__ import annotations

import os
import subprocess
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from okrtui.store.team import gitrepo
from okrtui.store.team.gitattributes import tracks

if TYPE_CHECKING:
    from okrtui.tui.app_base import OkrAppBase

#: Seconds a sync may take before the app gives up waiting for it.
SYNC_TIMEOUT = 300


def shared(path: Path) -> bool:
    """Whether the database is in an okrtui repository with a remote to sync with."""
    return tracks(path) and bool(gitrepo.git(path.parent, "remote", check=False).stdout.split())


def sync_in_background(app: OkrAppBase, *, quiet: bool = False) -> None:
    """Start a sync of the app's database; say how it went when it is done. `quiet` skips
    the notice that the database is not shared (after a change, where it is no news)."""
    path = app.repository.path
    if not shared(path):
        if not quiet:
            app.notify(
                "This database is not shared through git yet: run 'okrtui git init --remote URL' "
                "(or 'okrtui git clone URL DIR') in a shell",
                title="Sync",
                severity="warning",
            )
        return
    if not quiet:
        app.notify("Syncing with the team…", title="Sync", timeout=3)
    app.run_worker(partial(_sync, app, path), thread=True, group="sync", exclusive=True)


def _sync(app: OkrAppBase, path: Path) -> None:
    environ = os.environ | {
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh -o BatchMode=yes"),
    }
    try:
        done = subprocess.run(
            [*gitrepo.okrtui_command(), "--db", str(path), "sync"],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            env=environ,
            start_new_session=True,
            timeout=SYNC_TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        app.call_from_thread(
            app.notify, f"the sync did not finish: {error}", title="Sync failed", severity="error"
        )
        return
    if done.returncode == 0:
        app.call_from_thread(app.notify, done.stdout.strip(), title="Synced", timeout=6)
    else:
        message = gitrepo.last_line(done.stderr).removeprefix("okrtui: error: ")
        app.call_from_thread(app.notify, message, title="Sync failed", severity="error", timeout=10)
