"""A long-running TUI and another process: the dashboard notices the other process's change on
its own (no key pressed), and what the TUI saves afterwards never writes over it, even from a
screen that read its data before the change (R10 of the storage reference)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from okrtui.domain.models import CheckIn, KeyResult
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.screens import dashboard
from okrtui.tui.screens.checkin import CheckinScreen, CheckinSummaryScreen
from tests.reliability.conftest import run_okrtui
from tests.tui.test_dashboard import SIZE, row_text


def _checkin_from_a_shell(path: Path, key: str, value: str, note: str) -> None:
    """`okrtui checkin` in a separate process, as someone in another terminal would run it."""
    done = run_okrtui(path, "checkin", key, value, "--note", note)
    assert done.returncode == 0, done.stderr


async def _until(pilot, condition: Callable[[], bool], seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the TUI never showed the change")


async def test_the_tui_notices_another_process_and_never_writes_over_it(
    app: OkrApp, filled_repo: Repository, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dashboard, "RELOAD_INTERVAL", 0.1)  # the app polls every 2 s
    path = filled_repo.path
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "8 / 3 days" in row_text(app, "KR-2")
        # The weekly check-in reads its queue now, before the other process writes.
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        first = app.screen.current.kr.key
        _checkin_from_a_shell(path, "KR-2", "6", "from another terminal")
        await pilot.press("4", "2", "enter", "escape")
        await pilot.pause()
        if isinstance(app.screen, CheckinSummaryScreen):
            await pilot.press("enter")
        # Back on the dashboard: the other process's reading shows without pressing r.
        await _until(pilot, lambda: "6 / 3 days" in row_text(app, "KR-2"))

    stored = Repository.open(path, clock).all(CheckIn)
    notes = [c.note for c in stored]
    assert "from another terminal" in notes  # not written over by the TUI's save
    mine = [c for c in stored if c.value == 42]
    assert [c.key_result_id for c in mine] == [filled_repo.find(KeyResult, first).id]
    assert len({c.key for c in stored}) == len(stored)  # the two writers never shared a key
