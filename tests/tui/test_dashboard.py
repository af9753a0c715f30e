"""Pilot tests of the dashboard: what it shows, how the keys move and open things."""

from __future__ import annotations

from datetime import timedelta

import pytest

from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.progress import objective_progress
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.dialogs.confirm import ConfirmScreen
from okrtui.tui.dialogs.cycle_form import CycleFormScreen
from okrtui.tui.dialogs.help import HelpScreen
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.kr_detail import KrDetailScreen
from okrtui.tui.widgets.okr_table import OkrTable

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
        rows = [
            " ".join(str(c) for c in app.screen.query_one("#help-table").get_row_at(i))
            for i in range(app.screen.query_one("#help-table").row_count)
        ]
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


async def test_changes_from_another_process_appear_on_reload(
    app: OkrApp, filled_repo: Repository, clock
):
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


async def test_u_undoes_the_last_change_and_says_what(filled_repo: Repository):
    kr = filled_repo.find(KeyResult, "KR-2")
    filled_repo.add_checkin(kr, 4, 8, "big jump")
    app = OkrApp(filled_repo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "4 / 3 days" in row_text(app, "KR-2")
        await pilot.press("u")
        await pilot.pause()
        assert "8 / 3 days" in row_text(app, "KR-2")
        messages = [n.message for n in app._notifications]
        assert any("Undid: Check in KR-2: 8 → 4" in m for m in messages)


async def test_slash_filters_by_query_and_esc_clears(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.press(*"owner:maria status:stale", "enter")
        await pilot.pause()
        table = app.screen.query_one(OkrTable)
        assert [row.key.value for row in table.ordered_rows] == ["O-1", "KR-2"]
        o1 = filled_repo.find(Objective, "O-1")
        unfiltered = objective_progress(
            filled_repo.cycle_snapshots(filled_repo.current_cycle())[o1.id]
        )
        assert f"{unfiltered:.0%}" in str(table.get_row("O-1")[3])  # the objective's own progress
        status = str(app.screen.query_one("#filter-status").render())
        assert "owner:maria status:stale" in status and "1 of 4 KRs" in status
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 6
        assert app.screen.query_one("#filter-status").has_class("hidden")


async def test_a_bad_filter_is_explained_and_the_view_kept(app: OkrApp):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"colour:red", "enter")
        await pilot.pause()
        assert any("unknown filter field 'colour'" in n.message for n in app._notifications)
        assert app.screen.query_one(OkrTable).row_count == 6


async def test_filter_that_matches_nothing_says_so(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"kind:output", "enter")
        await pilot.pause()
        assert "No key result matches" in str(app.screen.query_one("#empty").render())


async def test_check_in_walks_only_the_filtered_krs(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"owner:dev", "enter", "c")
        await pilot.pause()
        assert {s.kr.key for s in app.screen._queue} == {"KR-3", "KR-4"}


async def test_brackets_switch_between_cycles(filled_repo: Repository):
    from datetime import date

    old = filled_repo.create_cycle("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), state="closed")
    filled_repo.create(
        Objective,
        cycle_id=old.id,
        title="Last quarter's goal",
        state="committed",
    )
    app = OkrApp(filled_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "2026-Q4" in str(app.screen.query_one("#summary").render())
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "2026-Q3" in str(app.screen.query_one("#summary").render())
        assert [r.key.value for r in app.screen.query_one(OkrTable).ordered_rows] == ["O-3"]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "2026-Q4" in str(app.screen.query_one("#summary").render())


async def test_diverging_value_and_confidence_are_flagged(filled_repo: Repository):
    from datetime import timedelta

    from tests.conftest import TODAY

    kr = filled_repo.find(KeyResult, "KR-3")
    filled_repo.add_checkin(kr, 79, 5, "renewals at risk", TODAY - timedelta(days=4))
    filled_repo.add_checkin(kr, 81, 3, "two churn notices", TODAY)
    app = OkrApp(filled_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "⚑" in row_text(app, "KR-3")
        assert "⚑" not in row_text(app, "KR-1")
        app.screen.query_one(OkrTable).select("KR-3")
        await pilot.pause()
        assert "confidence falling while value rises" in str(
            app.screen.query_one("#detail").render()
        )


@pytest.mark.parametrize(("width", "trends"), [(120, True), (100, True), (90, False), (80, False)])
async def test_the_table_fits_the_terminal_and_drops_the_trends_when_narrow(
    app: OkrApp, width, trends
):
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(OkrTable)
        labels = [str(column.label) for column in table.columns.values()]
        assert ("Conf" in labels) is trends
        assert labels[-1] == "Last"
        assert (
            table.virtual_size.width <= table.scrollable_content_region.width
        )  # no sideways scroll


async def test_a_unit_that_does_not_fit_is_left_out_rather_than_cut(sample_app: OkrApp):
    async with sample_app.run_test(size=(90, 30)) as pilot:
        await pilot.pause()
        cells = {str(cell) for cell in sample_app.screen.query_one(OkrTable).get_row("KR-10")}
        assert "9 / 12" in cells  # "9 / 12 interviews" does not fit in 14 cells


async def test_shift_n_starts_the_cycle_after_the_latest_and_shows_it(
    app: OkrApp, filled_repo: Repository
):
    latest = max(filled_repo.cycles(), key=lambda c: c.end)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, CycleFormScreen)
        start = app.screen.query_one("#start").value
        assert start == (latest.end + timedelta(days=1)).isoformat()  # follows on, no gap
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        created = max(filled_repo.cycles(), key=lambda c: c.end)
        assert created.id != latest.id and created.start.isoformat() == start
        assert created.state == ("planning" if created.start > filled_repo.today() else "active")
        assert str(app.screen.query_one("#summary").render()).startswith(created.name)


async def test_x_deletes_an_objective_without_history_after_asking_and_u_brings_it_back(
    app: OkrApp, filled_repo: Repository
):
    cycle = filled_repo.current_cycle()
    fresh, _ = filled_repo.save_objective(
        None,
        {"cycle_id": cycle.id, "title": "A draft written by mistake", "state": "draft"},
        [(None, {"title": "Signups from 10 to 20", "baseline": 10, "target": 20})],
    ).result
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.reveal(fresh.key)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert fresh.key in {o.key for o in filled_repo.objectives()}
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert fresh.key not in {o.key for o in filled_repo.objectives()}
        await pilot.press("u")
        await pilot.pause()
        assert fresh.key in {o.key for o in filled_repo.objectives()}


async def test_x_on_a_kr_with_check_ins_says_why_and_deletes_nothing(
    app: OkrApp, filled_repo: Repository
):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.reveal("KR-1")
        await pilot.press("x", "y")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert "KR-1" in {kr.key for kr in filled_repo.key_results()}
        assert any("has check-ins" in str(n.message) for n in app._notifications)


async def test_the_new_cycle_form_shows_every_field_and_its_buttons(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        form = app.screen.query_one("#cycle-form")
        for widget in ("#name", "#start", "#end", "#cadence", "#save", "#cancel"):
            region = app.screen.query_one(widget).region
            assert region.height > 0 and form.region.contains_region(region), widget


async def test_help_scrolls_at_80x24_so_every_key_can_be_read(app: OkrApp):
    """At 80×24 the list is longer than the box: the last key must be reachable and the
    hint that closes it stays on screen."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#help-table")
        hint = app.screen.query_one("#help-hint")
        assert table.region.bottom <= hint.region.y <= 23
        assert table.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert table.scroll_y == table.max_scroll_y
