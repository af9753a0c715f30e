"""Helpers for the reliability tests: a known workspace on disk, and `okrtui` run as a real
process (another terminal, another user, another locale)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from okrtui.domain.clock import FixedClock
from okrtui.store.repository import Repository
from tests.cli.conftest import fill
from tests.conftest import TODAY

ROOT = Path(__file__).parents[2]


def filled_workspace(path: Path) -> Path:
    """Write the CLI tests' known workspace (`tests.cli.conftest.fill`) to `path`."""
    repo = Repository.open(path, FixedClock(TODAY))
    fill(repo)
    repo.close()
    return path


def run_okrtui(
    path: Path,
    *args: str,
    env: Mapping[str, str] | None = None,
    prefix: Sequence[str] = (),
) -> subprocess.CompletedProcess[bytes]:
    """`okrtui --db PATH ARGS…` as a separate process on the tests' day; `env` replaces
    (or, with a None value, removes) variables; `prefix` wraps the command (setpriv …)."""
    environment = dict(os.environ, OKRTUI_TODAY=TODAY.isoformat())
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [*prefix, sys.executable, "-m", "okrtui", "--db", str(path), *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        timeout=60,
    )
