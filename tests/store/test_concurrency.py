"""Real processes sharing one file: four concurrent writers lose nothing and never share a key,
readers never see a half-written file, and a long-lived repository notices another process's
write and never writes over it (R4, R10 of the storage reference)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from okrtui.domain.clock import FixedClock
from okrtui.domain.models import Bet, CheckIn, KeyResult
from okrtui.store.engine import canonical, schema
from okrtui.store.repository import Repository
from tests.conftest import TODAY
from tests.store.conftest import Seeded, temp_files

ROOT = Path(__file__).parents[2]
WRITERS = 4
PER_WRITER = 25


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store._workers", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return out


@pytest.mark.slow
def test_concurrent_writers_lose_nothing(seeded: Seeded, tmp_path: Path) -> None:
    path = seeded.repo.path
    go, stop = tmp_path / "go", tmp_path / "stop"
    writers = [
        _start("writer", str(path), f"w{n}", str(PER_WRITER), str(go)) for n in range(WRITERS)
    ]
    reader = _start("reader", str(path), str(go), str(stop))
    time.sleep(0.3)  # let them import and open, so the writes overlap
    go.touch()
    try:
        for process in writers:
            _finish(process)
    finally:
        stop.touch()
    assert int(_finish(reader)) > 0  # the reader really read meanwhile, without an error

    data = path.read_bytes()
    raw = canonical.loads(data)
    assert canonical.dumps(raw) == data
    schema.validate_all(raw, path)  # ids and keys unique, every reference resolves
    checkins = Repository.open(path, FixedClock(TODAY)).all(CheckIn)
    total = WRITERS * PER_WRITER
    assert sorted(c.note for c in checkins) == sorted(
        f"w{n}-{i}" for n in range(WRITERS) for i in range(PER_WRITER)
    )
    assert sorted(c.key for c in checkins) == sorted(f"CI-{i}" for i in range(1, total + 1))
    assert len({c.id for c in checkins}) == total
    assert raw["_meta"]["1"]["key_counters"]["CI"] == total
    assert temp_files(path.parent) == []
    # Each writer's own check-ins are in the order it wrote them.
    for n in range(WRITERS):
        mine = [c for c in checkins if c.note.startswith(f"w{n}-")]
        assert [c.note for c in mine] == [f"w{n}-{i}" for i in range(PER_WRITER)]


def test_a_long_lived_repository_sees_and_keeps_another_process_write(seeded: Seeded) -> None:
    repo = seeded.repo
    mine = repo.add_checkin(seeded.kr, 50, confidence=6, note="from this process")
    assert repo.all(Bet) == []
    assert not repo.reload_needed()

    _finish(_start("one-change", str(repo.path)))

    assert repo.reload_needed()
    theirs = [c for c in repo.all(CheckIn) if c.note == "from the other process"]
    assert len(theirs) == 1 and theirs[0].key == "CI-2"
    assert [b.title for b in repo.all(Bet)] == ["Guided setup wizard"]
    assert repo.snapshot(seeded.kr).checkins[-1].value == 60
    assert not repo.reload_needed()

    # Writing from here keeps everything the other process wrote.
    later = repo.add_checkin(seeded.kr, 62, note="from this process again")
    repo.create(Bet, title="Onboarding email series")
    assert later.key == "CI-3"
    fresh = Repository.open(repo.path, FixedClock(TODAY))
    assert [c.key for c in fresh.history(seeded.kr)] == [mine.key, "CI-2", "CI-3"]
    assert [b.key for b in fresh.bets()] == ["B-1", "B-2"]
    assert fresh.find(KeyResult, "KR-1").title.endswith("to 72%")


def test_an_update_from_a_stale_copy_keeps_the_other_process_edit(seeded: Seeded) -> None:
    """This process read KR-1 before another process renamed it; changing its target here
    must not put the old title back."""
    repo = seeded.repo
    stale = repo.find(KeyResult, "KR-1")
    _finish(_start("one-change", str(repo.path)))
    repo.update(stale, owner="dana")
    stored = Repository.open(repo.path, FixedClock(TODAY)).find(KeyResult, "KR-1")
    assert stored.owner == "dana"
    assert stored.title == "Onboarding completion rate from 45% to 72%"
