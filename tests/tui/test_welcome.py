"""Pilot tests of the welcome screen on an empty database: sample workspace, first cycle."""

from __future__ import annotations

from okrtui.domain.models import Cycle, KeyResult
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.dialogs.cycle_form import CycleFormScreen
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.welcome import WelcomeScreen
from okrtui.tui.widgets.okr_table import OkrTable

SIZE = (120, 40)


async def test_empty_database_greets_with_the_welcome_screen(empty_app: OkrApp):
    async with empty_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(empty_app.screen, WelcomeScreen)
        text = str(empty_app.screen.query_one("#welcome-text").render())
        assert "empty" in text and str(empty_app.repository.path) in text
        hint = str(empty_app.screen.query_one("#welcome-hint").render())
        assert "ctrl+q quits" in hint  # q does nothing here: the hint says the key that works


async def test_filled_database_opens_on_the_dashboard(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_s_loads_the_sample_workspace_into_the_dashboard(empty_app: OkrApp, repo: Repository):
    async with empty_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(empty_app.screen, DashboardScreen)
        assert not repo.is_empty()
        krs = repo.all(KeyResult)
        assert len(krs) >= 8
        table = empty_app.screen.query_one(OkrTable)
        shown = {row.key.value for row in table.ordered_rows}
        cycle = repo.current_cycle()
        assert {kr.key for kr in repo.cycle_key_results(cycle)} <= shown


async def test_n_starts_a_first_cycle_from_a_form(empty_app: OkrApp, repo: Repository):
    async with empty_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(empty_app.screen, CycleFormScreen)
        name = empty_app.screen.query_one("#name")
        assert name.value == "2026-Q4"  # the quarter around today, proposed
        name.value = ""
        await pilot.press(*"Autumn 2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(empty_app.screen, DashboardScreen)
        [cycle] = repo.all(Cycle)
        assert (cycle.name, str(cycle.start), str(cycle.end)) == (
            "Autumn 2026",
            "2026-10-01",
            "2026-12-31",
        )
        assert cycle.state == "active"
        hint = str(empty_app.screen.query_one("#empty").render())
        assert "Autumn 2026 has no objectives yet" in hint


async def test_cycle_form_shows_what_is_wrong_and_stays_open(empty_app: OkrApp, repo: Repository):
    async with empty_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = empty_app.screen
        form.query_one("#end").value = "31/12/2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert empty_app.screen is form
        error = str(form.query_one("#form-error").render())
        assert "end date" in error and "YYYY-MM-DD" in error
        form.query_one("#end").value = "2026-09-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "on or before it starts" in str(form.query_one("#form-error").render())
        assert repo.all(Cycle) == []


async def test_escape_cancels_the_cycle_form_and_writes_nothing(
    empty_app: OkrApp, repo: Repository
):
    async with empty_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(empty_app.screen, WelcomeScreen)
        assert repo.all(Cycle) == []
