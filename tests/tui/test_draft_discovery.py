"""Pilot tests of drafting in discovery mode: the KR templates, the kill-by date, and a bad
date that blocks saving."""

from __future__ import annotations

from datetime import date

from okrtui.domain.discovery import TEMPLATES
from okrtui.domain.models import Objective
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.draft import DraftScreen

SIZE = (120, 40)


async def discovery_draft(pilot) -> None:
    await pilot.press("n")
    await pilot.pause()
    pilot.app.screen.query_one("#objective-title").value = "Learn whether admins want audit exports"
    pilot.app.screen.query_one("#objective-mode").value = "discovery"
    await pilot.pause()


async def test_templates_fill_a_discovery_kr_and_it_saves_with_its_kill_by_date(
    app: OkrApp, filled_repo: Repository
):
    async with app.run_test(size=SIZE) as pilot:
        await discovery_draft(pilot)
        editor = app.screen.editors()[0]
        assert editor.query_one("#kr-template").display
        beta = next(t for t in TEMPLATES if "opt-in" in t.name)
        editor.query_one("#kr-template").value = beta.name
        await pilot.pause()
        assert (
            editor.query_one("#kr-title").value
            == "Beta opt-in rate among invited accounts from 0% to 30%"
        )
        assert editor.query_one("#kr-discovery_type").value == "future_behaviour"
        assert (editor.query_one("#kr-baseline").value, editor.query_one("#kr-target").value) == (
            "0",
            "30",
        )
        assert "missing-assumption" in str(app.screen.query_one("#coach-text").render())
        editor.query_one("#kr-assumption").value = "Admins export audit logs monthly"
        editor.query_one("#kr-kill_by").value = "2026-12-15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    objective = next(
        o for o in filled_repo.all(Objective) if o.title.startswith("Learn whether admins")
    )
    (kr,) = filled_repo.key_results(objective)
    assert (objective.mode, kr.discovery_type, kr.indicator, kr.unit) == (
        "discovery",
        "future_behaviour",
        "leading",
        "%",
    )
    assert (kr.assumption, kr.kill_by) == ("Admins export audit logs monthly", date(2026, 12, 15))


async def test_a_bad_kill_by_date_blocks_saving_and_says_why(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await discovery_draft(pilot)
        editor = app.screen.editors()[0]
        editor.query_one("#kr-template").value = TEMPLATES[0].name
        editor.query_one("#kr-kill_by").value = "next month"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        assert "kill-by date 'next month' is not a date" in str(
            app.screen.query_one("#draft-error").render()
        )
    assert not any(o.title.startswith("Learn whether admins") for o in filled_repo.all(Objective))


async def test_editing_an_existing_kr_offers_no_template(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert not app.screen.query("#kr-template")
