"""Pilot tests of the dashboard: what it shows, how the keys move and open things."""

from __future__ import annotations

from okrtui.app import OkrApp
from okrtui.domain.models import KeyResult
from okrtui.screens.dashboard import DashboardScreen
from okrtui.screens.help import HelpScreen
from okrtui.screens.kr_detail import KrDetailScreen
from okrtui.store.repository import Repository
from okrtui.widgets.okr_table import OkrTable

SIZE = (120, 40)


def row_text(app: OkrApp, key: str) -> str:
    table = app.screen.query_one(OkrTable)
    return " | ".join(str(cell) for cell in table.get_row(key))


async def test_shows_every_objective_and_key_result_of_the_cycle(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(OkrTable)
        keys = [row.key.value for row in table.ordered_rows]
        # Company objectives come before team ones, each followed by its KRs.
        assert keys == ["O-2", "KR-3", "KR-4", "O-1", "KR-1", "KR-2"]
        summary = str(app.screen.query_one("#summary").render())
        assert "2026-Q4" in summary and "4 KRs" in summary


async def test_kr_row_shows_value_target_progress_status_and_age(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = row_text(app, "KR-1")
        assert "61 / 70 %" in row
        assert "64%" in row  # (61 - 45) / (70 - 45)
        assert "on track" in row
        assert "today" in row


async def test_stale_kr_is_shown_as_stale_never_green(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = row_text(app, "KR-2")
        assert "stale" in row and "on track" not in row
        assert "28d" in row
        never = row_text(app, "KR-4")
        assert "stale" in never and "never" in never


async def test_j_and_k_move_and_the_detail_line_follows(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(OkrTable)
        assert table.selected_key == "O-2"
        await pilot.press("j")
        assert table.selected_key == "KR-3"
        assert "survey" in str(app.screen.query_one("#detail").render())
        await pilot.press("j", "j", "j")
        assert table.selected_key == "KR-1"
        assert "week -0" in str(app.screen.query_one("#detail").render())
        await pilot.press("k")
        assert table.selected_key == "O-1"
        assert "New users drop" in str(app.screen.query_one("#detail").render())
        await pilot.press("down")
        assert table.selected_key == "KR-1"


async def test_enter_on_a_kr_opens_its_detail_and_escape_comes_back(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one(OkrTable).select("KR-1")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, KrDetailScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_question_mark_lists_the_live_keys(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = [" ".join(str(c) for c in app.screen.query_one("#help-table").get_row_at(i))
                for i in range(app.screen.query_one("#help-table").row_count)]
        text = "\n".join(rows)
        assert "Reload" in text and "Quit" in text and "j" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_q_quits(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_changes_from_another_process_appear_on_reload(app: OkrApp, filled_repo: Repository, clock):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        other = Repository.open(filled_repo.path, clock)
        other.add_checkin(other.find(KeyResult, "KR-2"), 6, 6, "caught up")
        other.close()
        assert app.screen.query_one(OkrTable)  # still showing the old data until reload
        await pilot.press("r")
        await pilot.pause()
        row = row_text(app, "KR-2")
        assert "6 / 3 days" in row and "stale" not in row
