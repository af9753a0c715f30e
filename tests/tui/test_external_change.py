"""A long-running TUI and another process: the dashboard notices the other process's change on
its own (no key pressed), and what the TUI saves afterwards never writes over it, even from a
screen that read its data before the change (R10 of the storage reference)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from okrtui.domain.models import Bet, CheckIn, KeyResult
from okrtui.store.repository import Repository
from okrtui.tui import data_changes
from okrtui.tui.app import OkrApp
from okrtui.tui.dialogs.checkin_summary import CheckinSummaryScreen
from okrtui.tui.screens.checkin import CheckinScreen
from okrtui.tui.screens.kr_detail import KrDetailScreen
from okrtui.tui.screens.roadmap import RoadmapScreen
from okrtui.tui.widgets.bet_list import BetList
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
    monkeypatch.setattr(data_changes, "WATCH_INTERVAL", 0.1)  # the app looks every 2 s
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


async def test_a_kr_detail_open_on_the_dashboard_shows_another_terminals_check_in(
    app: OkrApp, filled_repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's one watcher tells the screen on top, not only the dashboard: a real
    `okrtui checkin` process writes, and the open KR detail lists it within the interval."""
    monkeypatch.setattr(data_changes, "WATCH_INTERVAL", 0.1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.dashboard.reveal("KR-2")
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, KrDetailScreen)
        assert not any("from another terminal" in row for row in detail_rows(detail))
        _checkin_from_a_shell(filled_repo.path, "KR-2", "6", "from another terminal")
        await _until(pilot, lambda: any("from another terminal" in r for r in detail_rows(detail)))
        assert app.screen is detail  # nothing was pressed: the screen refreshed itself
        assert "now 6 days" in str(detail.query_one("#kr-header").render())
        await pilot.press("escape")
        await pilot.pause()
        assert "6 / 3 days" in row_text(app, "KR-2")  # and the dashboard below it too


async def test_the_roadmap_shows_a_bet_another_process_added(
    sample_app: OkrApp, sample_repo: Repository, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second Repository on the same file stands for another process (a sync, a teammate's
    okrtui on a shared disk): the open roadmap shows its bet without a key pressed."""
    monkeypatch.setattr(data_changes, "WATCH_INTERVAL", 0.1)
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        roadmap = sample_app.screen
        assert isinstance(roadmap, RoadmapScreen)
        before = sum(len(keys) for keys in _bet_keys(roadmap).values())
        other = Repository.open(sample_repo.path, clock)
        bet = other.create(Bet, title="Self-serve SSO setup", horizon="later", rank=99)
        other.close()
        await _until(pilot, lambda: bet.key in _bet_keys(roadmap)["later"])
        assert sum(len(keys) for keys in _bet_keys(roadmap).values()) == before + 1


async def test_the_watcher_reads_a_changed_file_off_the_ui_thread(
    app: OkrApp, filled_repo: Repository, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The look at the disk, and the parse of the changed file, run in a worker thread."""
    monkeypatch.setattr(data_changes, "WATCH_INTERVAL", 0.1)
    threads: list[int] = []
    storage = filled_repo.db.storage
    original = storage.read

    def spy() -> object:
        threads.append(threading.get_ident())
        return original()

    monkeypatch.setattr(storage, "read", spy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ui_thread = threading.get_ident()
        other = Repository.open(filled_repo.path, clock)
        other.add_checkin(other.find(KeyResult, "KR-2"), 7, 6, "elsewhere", clock.today())
        other.close()
        await _until(pilot, lambda: "7 / 3 days" in row_text(app, "KR-2"))
    assert any(thread != ui_thread for thread in threads)


def detail_rows(screen: KrDetailScreen) -> list[str]:
    table = screen.query_one("#kr-checkins")
    return [" ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


def _bet_keys(screen: RoadmapScreen) -> dict[str, list[str]]:
    return {column.horizon: column.bet_keys for column in screen.query(BetList)}
