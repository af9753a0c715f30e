"""Fixtures for the CLI tests: run `okrtui` in-process, and a small, fully known workspace.

The CLI's clock is fixed through `OKRTUI_TODAY` at the same day as the shared `clock` fixture,
so what the repository stored and what the command computes agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from okrtui.cli import main
from okrtui.domain.models import KeyResult, Objective
from okrtui.store.repository import Repository
from tests.conftest import TODAY, written_on


@dataclass(frozen=True)
class Result:
    """What one `okrtui` run produced."""

    code: int
    out: str
    err: str

    @property
    def error_lines(self) -> list[str]:
        return self.err.splitlines()


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKRTUI_TODAY", TODAY.isoformat())


@pytest.fixture
def okrtui(capsys: pytest.CaptureFixture[str]):
    """Call `okrtui` with the given arguments in this process; returns a `Result`."""

    def run(*args: str | Path) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def fill(repo: Repository) -> None:
    """One cycle (day 53 of 91), two objectives, KRs of every shape, a few check-ins.

    KR-1 completion: 45 → 70 %, read 52 three days ago (confidence 7).
    KR-2 time to invoice: decrease 9 → 3 days, last read 22 days ago: stale.
    KR-3 launch: a milestone, never checked in.
    KR-4 churn: stay_below 2 %, never checked in.
    KR-5 NPS: 30 → 50, read 60: beyond its target (progress shows 100 %).
    """
    cycle = repo.create_cycle(
        "2026-Q4", TODAY - timedelta(days=53), TODAY + timedelta(days=38), state="active"
    )
    # Planned on the cycle's first day, checked in on since.
    with written_on(repo, cycle.start):
        repo.create_cycle("2026-Q3", TODAY - timedelta(days=150), TODAY - timedelta(days=60))
        onboarding = repo.create(
            Objective,
            cycle_id=cycle.id,
            title="New users reach value in their first week",
            state="committed",
        )
        completion = repo.create(
            KeyResult,
            objective_id=onboarding.id,
            title="Onboarding completion rate",
            unit="%",
            baseline=45,
            target=70,
        )
        invoice = repo.create(
            KeyResult,
            objective_id=onboarding.id,
            title="Time to first invoice",
            unit="days",
            baseline=9,
            target=3,
            direction="decrease",
        )
        repo.create(
            KeyResult, objective_id=onboarding.id, title="Launch the new flow", type="milestone"
        )
        repo.create(
            KeyResult,
            objective_id=onboarding.id,
            title="Weekly churn",
            unit="%",
            target=2,
            direction="stay_below",
        )
        loyalty = repo.create(
            Objective, cycle_id=cycle.id, title="Customers recommend us", state="committed"
        )
        nps = repo.create(KeyResult, objective_id=loyalty.id, title="NPS", baseline=30, target=50)
    repo.add_checkin(completion, 48, 6, day=TODAY - timedelta(days=10), note="tour drafted")
    repo.add_checkin(completion, 52, 7, day=TODAY - timedelta(days=3))
    repo.add_checkin(invoice, 7, 4, day=TODAY - timedelta(days=22))
    repo.add_checkin(nps, 60, 9, day=TODAY - timedelta(days=1))


@pytest.fixture
def workspace(repo: Repository, db_path: Path) -> Path:
    """The path of a database filled by `fill` (and closed again)."""
    fill(repo)
    repo.close()
    return db_path


@pytest.fixture
def reopen(clock):
    """Open a database again to look at what a command stored."""
    opened: list[Repository] = []

    def open_(path: Path) -> Repository:
        repository = Repository.open(path, clock)
        opened.append(repository)
        return repository

    yield open_
    for repository in opened:
        repository.close()
