"""Shared helpers for the store tests: a seeded workspace and byte-level file checks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from okrtui.domain.models import Cycle, KeyResult, Objective
from okrtui.store.repository import Repository


def sha256(path: Path) -> str:
    """The file's content hash: what "byte-identical afterwards" is checked with."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def temp_files(folder: Path) -> list[Path]:
    """Temp files an atomic write left in `folder` (there should never be any)."""
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


@dataclass
class Seeded:
    repo: Repository
    cycle: Cycle
    objective: Objective
    kr: KeyResult


def seed(repo: Repository) -> Seeded:
    """One active cycle (2026-Q4) with one committed objective and one metric KR."""
    cycle = repo.create_cycle("2026-Q4", date(2026, 10, 5), date(2026, 12, 27))
    objective = repo.create(
        Objective, cycle_id=cycle.id, title="New users reach value faster", state="committed"
    )
    kr = repo.create(
        KeyResult,
        objective_id=objective.id,
        title="Onboarding completion rate from 45% to 70%",
        unit="%",
        baseline=45,
        target=70,
    )
    return Seeded(repo, cycle, objective, kr)


@pytest.fixture
def seeded(repo: Repository) -> Seeded:
    return seed(repo)
