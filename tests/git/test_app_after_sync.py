"""A running app beside `okrtui sync`: it shows what the sync brought in, and a change made
afterwards from what it read before keeps the merged data (the store re-reads under the lock)."""

from __future__ import annotations

from okrtui.domain.models import KeyResult
from okrtui.tui.app import OkrApp
from okrtui.tui.widgets.okr_table import OkrTable
from tests.git.conftest import Team, add_checkin, okrtui


async def test_the_app_reloads_after_a_sync_and_never_writes_stale_data(team: Team):
    app = OkrApp(team.a.repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        stale = team.a.repo.find(KeyResult, "KR-5")
        add_checkin(team.b, "KR-1", 66)
        team.b.sync()
        assert okrtui("--db", team.a.db, "sync").code == 0  # beside the running app
        await pilot.pause(2.5)  # the dashboard polls every 2 s
        table = app.dashboard.query_one(OkrTable)
        row = table.get_row("KR-1")
        assert any("66" in str(cell) for cell in row)
        app.repository.update(stale, owner="carol")  # made from data read before the sync
    values = [c.value for c in app.repository.history(app.repository.find(KeyResult, "KR-1"))]
    assert 66 in values
    assert app.repository.find(KeyResult, "KR-5").owner == "carol"
    assert team.a.log()[0] == "Edit KR-5 “NPS”"
