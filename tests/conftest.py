"""Shared fixtures: every test runs on a throwaway database and a fixed clock, and nothing
from the developer's machine (OKRTUI_DB, data folders, NO_COLOR) leaks in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from okrtui.domain.clock import FixedClock
from okrtui.store.repository import Repository

#: The day every test lives on (a Monday in the middle of 2026-Q4).
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("OKRTUI_DB", raising=False)
    monkeypatch.delenv("OKRTUI_TODAY", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "okrtui.json"


@pytest.fixture
def repo(db_path: Path, clock: FixedClock) -> Repository:
    repository = Repository.open(db_path, clock)
    yield repository
    repository.close()


@contextmanager
def written_on(repository: Repository, day: date) -> Iterator[Repository]:
    """Let `repository` write as if on `day` (records get that creation time), then go back to
    its own clock: a workspace planned at its cycle's start and checked in on since."""
    own = repository.clock
    repository.clock = FixedClock(day)
    try:
        yield repository
    finally:
        repository.clock = own
