"""Pilot tests of the command palette: "Category: action" commands that jump and act."""

from __future__ import annotations

from datetime import date

from okrtui.domain.models import Objective
from okrtui.settings.views import SavedViews, View
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.dialogs.prompt import PromptScreen
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.kr_detail import KrDetailScreen
from okrtui.tui.widgets.okr_table import OkrTable

SIZE = (120, 40)


async def run_command(pilot, query: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_go_to_a_kr_by_title_opens_it(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "Go: time to first invoice")
        assert isinstance(app.screen, KrDetailScreen)
        assert app.dashboard.query_one(OkrTable).selected_key == "KR-2"


async def test_go_to_an_objective_by_key_selects_it(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "Go: O-1 Improve")
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one(OkrTable).selected_key == "O-1"


async def test_go_to_switches_to_the_cycle_that_holds_the_record(filled_repo: Repository):
    old = filled_repo.create_cycle("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), state="closed")
    filled_repo.create(
        Objective, cycle_id=old.id, title="Retire the legacy exporter", state="committed"
    )
    app = OkrApp(filled_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "Go: legacy exporter")
        assert "2026-Q3" in str(app.screen.query_one("#summary").render())
        assert app.screen.query_one(OkrTable).selected_key == "O-3"


async def test_filter_commands_apply_a_ready_made_filter(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "Filter: stale key results")
        keys = [row.key.value for row in app.screen.query_one(OkrTable).ordered_rows]
        assert keys == ["O-2", "KR-4", "O-1", "KR-2"]


async def test_check_in_command_starts_the_check_in(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "Check-in: start")
        assert type(app.screen).__name__ == "CheckinScreen"


async def test_a_filter_saved_as_a_view_comes_back_from_the_palette_and_can_be_forgotten(
    filled_repo: Repository, tmp_path
):
    views = SavedViews(tmp_path / "views.json")
    app = OkrApp(filled_repo, views)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "View: save the current filter")
        assert isinstance(app.screen, DashboardScreen)  # nothing to save yet
        assert any("Filter with / first" in str(n.message) for n in app._notifications)
        await app.apply_filter("status:stale")
        await pilot.pause()
        await run_command(pilot, "View: save the current filter")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"stale ones", "enter")
        await pilot.pause()
        assert views.all() == [View("stale ones", "status:stale")]
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert app.dashboard.filter_text == ""
        await run_command(pilot, "View: stale ones")
        assert app.dashboard.filter_text == "status:stale"
        await run_command(pilot, "View: forget stale ones")
    assert SavedViews(tmp_path / "views.json").all() == []
