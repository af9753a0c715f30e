"""Child processes for the concurrency tests: `python -m tests.store._workers ROLE PATH ...`.

Each opens its own `Repository` on the shared file, so everything between them goes through
the file, the lock and the stat-validated cache, exactly as between two okrtui commands.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from okrtui.domain.clock import FixedClock
from okrtui.domain.models import Bet, CheckIn, KeyResult
from okrtui.store.repository import Repository
from tests.conftest import TODAY


def _wait_for(flag: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not flag.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{flag} never appeared")
        time.sleep(0.002)


def writer(path: Path, tag: str, count: int, go: Path) -> None:
    """Append `count` check-ins to KR-1, starting together with the others at `go`."""
    repo = Repository.open(path, FixedClock(TODAY))
    kr = repo.find(KeyResult, "KR-1")
    _wait_for(go)
    for i in range(count):
        repo.add_checkin(kr, float(i), confidence=5, note=f"{tag}-{i}")


def reader(path: Path, go: Path, stop: Path) -> None:
    """Read the check-ins over and over while others write; the count may only grow."""
    repo = Repository.open(path, FixedClock(TODAY))
    _wait_for(go)
    reads, seen = 0, 0
    while not stop.exists():
        count = len(repo.all(CheckIn))
        if count < seen:
            raise SystemExit(f"went back from {seen} to {count} check-ins")
        seen = count
        reads += 1
        time.sleep(0.001)  # leave the writers the CPU
    print(reads)


def one_change(path: Path) -> None:
    """What another okrtui command does meanwhile: a check-in, a new bet, an edited title."""
    repo = Repository.open(path, FixedClock(TODAY))
    kr = repo.find(KeyResult, "KR-1")
    repo.add_checkin(kr, 60, confidence=8, note="from the other process")
    repo.create(Bet, title="Guided setup wizard")
    repo.update(kr, title="Onboarding completion rate from 45% to 72%")


if __name__ == "__main__":
    role, db, *rest = sys.argv[1:]
    if role == "writer":
        writer(Path(db), rest[0], int(rest[1]), Path(rest[2]))
    elif role == "reader":
        reader(Path(db), Path(rest[0]), Path(rest[1]))
    elif role == "one-change":
        one_change(Path(db))
    else:
        raise SystemExit(f"unknown role {role}")
