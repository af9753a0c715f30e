"""Pilot tests of the conflicts badge and the Conflicts screen: decisions apply to the record,
mark the entry resolved, and the badge counts only what is still open."""

from __future__ import annotations

from okrtui.domain.models import KeyResult
from okrtui.store.repository import Repository
from okrtui.store.team import conflicts
from okrtui.tui.app import OkrApp
from okrtui.tui.screens.conflicts import ConflictsScreen
from tests.tui.test_palette import run_command

SIZE = (120, 40)


def record_conflicts(repo: Repository) -> None:
    """What a merge leaves: KR-1's target changed on both sides (open), a renumbered key (info)."""
    kr = repo.find(KeyResult, "KR-1")
    with repo.db.transaction() as tx:
        field = {
            "id": conflicts.entry_id("field", "key_results", kr.id, "target", 75.0, 80.0),
            "kind": "field",
            "table": "key_results",
            "record_id": kr.id,
            "record_key": "KR-1",
            "field": "target",
            "base": 70.0,
            "ours": 75.0,
            "theirs": 80.0,
            "kept": "theirs",
            "ours_label": "alice",
            "theirs_label": "bob",
            "ours_at": "2026-11-22T10:00:00Z",
            "theirs_at": "2026-11-22T11:00:00Z",
            "status": "open",
            "note": "",
        }
        info = {
            "id": "renumbered-1",
            "kind": "key_renumbered",
            "table": "key_results",
            "record_id": kr.id,
            "record_key": "KR-1",
            "field": "key",
            "status": "info",
            "old_key": "KR-9",
            "new_key": "KR-1",
            "note": "alice's KR-9 is now KR-1; KR-9 stays bob's",
        }
        tx.insert_raw(conflicts.CONFLICTS_TABLE, field)
        tx.insert_raw(conflicts.CONFLICTS_TABLE, info)
    repo.update(kr, target=80)


def summary(app: OkrApp) -> str:
    return str(app.dashboard.query_one("#summary").render())


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_the_badge_counts_open_conflicts_only(filled_repo: Repository):
    record_conflicts(filled_repo)
    app = OkrApp(filled_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "⚠ 1 conflict (!)" in summary(app)


async def test_keep_mine_applies_it_and_the_badge_goes(filled_repo: Repository):
    record_conflicts(filled_repo)
    app = OkrApp(filled_repo)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "exclamation_mark")
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        detail = str(screen.query_one("#conflict-detail").render())
        assert "KR-1.target" in detail and "75" in detail and "80" in detail and "alice" in detail
        await press(pilot, "m")
        assert filled_repo.find(KeyResult, "KR-1").target == 75
        assert filled_repo.undoable() == "Resolve conflict KR-1.target (kept 75)"
        await press(pilot, "escape")
        assert "conflict" not in summary(app)


async def test_edit_keeps_a_typed_value(filled_repo: Repository):
    record_conflicts(filled_repo)
    app = OkrApp(filled_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "Team: resolve conflicts")
        assert isinstance(app.screen, ConflictsScreen)
        await press(pilot, "e")
        app.screen.query_one("#conflict-edit").value = ""
        await press(pilot, *"77", "enter")
        assert filled_repo.find(KeyResult, "KR-1").target == 77
        statuses = sorted(
            e["status"] for e in filled_repo.db.raw_table(conflicts.CONFLICTS_TABLE).values()
        )
        assert statuses == ["info", "resolved"]


async def test_a_renumbered_key_can_only_be_dismissed(filled_repo: Repository):
    record_conflicts(filled_repo)
    app = OkrApp(filled_repo)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "exclamation_mark")
        await press(pilot, "down")
        screen = app.screen
        assert screen.selected.kind == "key_renumbered"
        assert screen.check_action("keep_mine", ()) is False
        await press(pilot, "x")
        assert [c.status for c in screen._conflicts] == ["open"]
