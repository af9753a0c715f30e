"""`kill -9` at random moments while check-ins are written never costs an acknowledged
check-in and never leaves a database that does not open (R1, R2 of the storage reference).

The writers are real processes: forked children that open the database and append check-ins
until they are killed, each reporting every check-in `add_checkin` returned from through a
pipe, and a few real `okrtui checkin` commands killed part-way. The database starts with
closed cycles due for the archive, so early kills also land in the middle of archiving.
After every kill the database must open, and every acknowledged check-in must be in it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.workspace import generate
from okrtui.domain.clock import FixedClock
from okrtui.domain.models import CheckIn, KeyResult
from okrtui.store.engine import canonical
from okrtui.store.engine.archive import archive_dir
from okrtui.store.repository import Repository
from tests.conftest import TODAY

ROOT = Path(__file__).parents[2]
#: Kills of forked writers; on top of them, `CLI_KILLS` real `okrtui checkin` commands.
KILLS = 100
CLI_KILLS = 8


def _writer(path: Path, tag: str, kr_key: str, out: int) -> None:
    """The child: append check-ins forever, acknowledging each one once it is stored."""
    try:
        repo = Repository.open(path, FixedClock(TODAY))
        kr = repo.find(KeyResult, kr_key)
        for i in range(10_000):
            repo.add_checkin(kr, float(i % 40), confidence=5, note=f"{tag}-{i}")
            os.write(out, f"{tag}-{i}\n".encode())
    finally:
        os._exit(0)


def _kill_a_writer(path: Path, tag: str, kr_key: str, delay: float) -> set[str]:
    """Fork a writer, kill it after `delay` seconds; returns the notes it acknowledged."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(read_end)
        _writer(path, tag, kr_key, write_end)
    os.close(write_end)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as acks:
        return set(acks.read().decode().split())


def _kill_a_command(path: Path, note: str, kr_key: str, delay: float) -> set[str]:
    """Run `okrtui checkin`, kill it after `delay` unless it finished; returns its note if it
    printed its confirmation (the command's promise that the check-in is stored)."""
    env = dict(os.environ, OKRTUI_TODAY=TODAY.isoformat())
    command = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "okrtui",
            "--db",
            str(path),
            "checkin",
            kr_key,
            "12",
            "--note",
            note,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(delay)
    command.send_signal(signal.SIGKILL)
    out, _ = command.communicate()
    return {note} if out.startswith(kr_key.encode()) else set()


def _notes(path: Path, kr_key: str) -> set[str]:
    """Open the database as a new process would (it must open) and read the KR's notes."""
    repo = Repository.open(path, FixedClock(TODAY))
    try:
        return {c.note for c in repo.history(repo.find(KeyResult, kr_key))}
    finally:
        repo.close()


@pytest.mark.slow
def test_kill_9_never_loses_an_acknowledged_check_in(tmp_path: Path) -> None:
    path = tmp_path / "okrtui.json"
    made = generate(path, TODAY, checkins=900, teams=2, closed_cycles=4)
    kr_key = made.active_kr_keys[0]
    before = len(Repository.open(path, FixedClock(TODAY)).all(CheckIn))
    rng = random.Random(6)
    acknowledged: set[str] = set()
    for n in range(KILLS):
        acknowledged |= _kill_a_writer(path, f"w{n}", kr_key, rng.uniform(0.0, 0.05))
        stored = _notes(path, kr_key)
        missing = acknowledged - stored
        assert not missing, f"kill {n}: acknowledged but lost: {sorted(missing)[:5]}"
    for n in range(CLI_KILLS):
        acknowledged |= _kill_a_command(path, f"cli-{n}", kr_key, rng.uniform(0.1, 1.2))
        assert acknowledged <= _notes(path, kr_key), f"command {n} printed success but lost it"

    # Kills landed both before a writer's first check-in (opening, backing up, archiving) and
    # between and during later ones.
    assert len(acknowledged) > KILLS // 3
    # Whatever the kills interrupted, the database is whole: canonical, every record once
    # (live or archived, never both), every listed archive present, keys unique.
    repo = Repository.open(path, FixedClock(TODAY))
    data = path.read_bytes()
    assert canonical.dumps(canonical.loads(data)) == data
    checkins = repo.all(CheckIn)
    assert len({c.id for c in checkins}) == len(checkins) >= before + len(acknowledged)
    assert len({c.key for c in checkins}) == len(checkins)
    assert repo.db.archived_cycles(), "the archive pass never completed"
    for name in repo.db.archived_cycles().values():
        canonical.loads((archive_dir(path) / name).read_bytes())
