"""Pilot tests of the roadmap: Now / Next / Later columns, moving and reordering with keys,
status, new bets, linking to KRs with the expected change, and the check-in summary's
"keep, pivot or drop?" for bets whose KRs did not move."""

from __future__ import annotations

from okrtui.domain.checkin_flow import CheckinSummary, Movement
from okrtui.domain.models import Bet, KeyResult
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.dialogs.bet_forms import BetFormScreen, BetLinkScreen
from okrtui.tui.dialogs.checkin_summary import CheckinSummaryScreen
from okrtui.tui.screens.roadmap import RoadmapScreen
from okrtui.tui.widgets.bet_list import BetList

SIZE = (120, 40)


def column_keys(app: OkrApp) -> dict[str, list[str]]:
    return {column.horizon: column.bet_keys for column in app.screen.query(BetList)}


async def open_roadmap(pilot, bet: str | None = None) -> None:
    await pilot.press("m")
    await pilot.pause()
    if bet:
        pilot.app.screen._focus_bet(bet)
        await pilot.pause()


async def test_m_shows_the_bets_in_three_horizons_and_flags_unlinked_ones(sample_app: OkrApp):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_roadmap(pilot)
        assert isinstance(sample_app.screen, RoadmapScreen)
        assert column_keys(sample_app) == {
            "now": ["B-1", "B-2", "B-3", "B-4"],
            "next": ["B-5", "B-6", "B-7"],
            "later": ["B-8", "B-9", "B-10", "B-11"],
        }
        heading = str(sample_app.screen.query_one(".practice-heading").render())
        assert "1 move no open key result" in heading
        sample_app.screen._focus_bet("B-11")
        await pilot.pause()
        detail = str(sample_app.screen.query_one(".practice-detail").render())
        assert "Dark mode" in detail and "parallel universe" in detail


async def test_keys_move_a_bet_between_horizons_and_reorder_it(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_roadmap(pilot, "B-2")
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert column_keys(sample_app)["next"] == ["B-5", "B-6", "B-7", "B-2"]
        assert sample_app.screen.selected_key == "B-2"  # the cursor follows the bet
        await pilot.press("K")
        await pilot.pause()
        assert column_keys(sample_app)["next"] == ["B-5", "B-6", "B-2", "B-7"]
        await pilot.press("shift+left")
        await pilot.pause()
        assert column_keys(sample_app)["now"] == ["B-1", "B-3", "B-4", "B-2"]
        await pilot.press("less_than_sign")  # already in Now
        await pilot.pause()
        assert "first horizon" in str(sample_app.screen.query_one(".practice-message").render())
    moved = sample_repo.find(Bet, "B-2")
    assert (moved.horizon, moved.rank) == ("now", 4)
    assert [b.key for b in sample_repo.bets() if b.horizon == "next"] == ["B-5", "B-6", "B-7"]
    assert sample_repo.undo() == "Move B-2 to Now"


async def test_s_steps_the_status_and_arrows_change_column(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_roadmap(pilot, "B-6")
        await pilot.press("s")
        await pilot.pause()
        assert sample_repo.find(Bet, "B-6").status == "discovery"
        await pilot.press("right")
        await pilot.pause()
        assert sample_app.screen.column.horizon == "later"
        await pilot.press("left", "left")
        await pilot.pause()
        assert sample_app.screen.column.horizon == "now"


async def test_n_adds_a_bet_to_the_focused_horizon_and_an_empty_title_is_refused(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_roadmap(pilot, "B-5")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(sample_app.screen, BetFormScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "title" in str(sample_app.screen.query_one("#bet-error").render())
        sample_app.screen.query_one("#bet-title").value = "Bank feed for small accounts"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(sample_app.screen, RoadmapScreen)
        assert column_keys(sample_app)["next"][-1] == "B-12"
    new = sample_repo.find(Bet, "B-12")
    assert (new.title, new.horizon, new.rank, new.status) == (
        "Bank feed for small accounts",
        "next",
        4,
        "idea",
    )


async def test_l_links_a_bet_to_a_kr_with_the_expected_change(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_roadmap(pilot, "B-11")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(sample_app.screen, BetLinkScreen)
        kr = sample_repo.find(KeyResult, "KR-1")
        sample_app.screen.query_one("#link-kr").value = kr.id
        change = sample_app.screen.query_one("#link-change")
        for bad, said in [
            ("a lot", "not a number"),
            ("nan", "not a finite number"),
            ("-inf", "not a finite number"),
            ("1,5", "use a dot for decimals"),
        ]:
            change.value = bad
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(sample_app.screen, BetLinkScreen), bad
            assert said in str(sample_app.screen.query_one("#link-error").render()), bad
            assert sample_repo.find(Bet, "B-11").moves == []
        change.value = "+2"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(sample_app.screen, RoadmapScreen)
        assert "1 move" not in str(sample_app.screen.query_one(".practice-heading").render())
    (move,) = sample_repo.find(Bet, "B-11").moves
    assert (move.key_result_id, move.expected_change) == (kr.id, 2)


def _summary(*keys: str) -> CheckinSummary:
    return CheckinSummary(unmoved=[Movement(key, "", "stayed") for key in keys], checked=len(keys))


async def test_after_a_check_in_bets_whose_krs_did_not_move_ask_keep_pivot_or_drop(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sample_app.push_screen(CheckinSummaryScreen(_summary("KR-4", "KR-8", "KR-9")))
        await pilot.pause()
        table = sample_app.screen.query_one("#bet-decisions-table")
        # B-1 (done) and B-7 (an idea) are not being worked on; KR-9 moves no bet.
        assert [r.key.value for r in table.ordered_rows] == ["B-2", "B-3"]
        await pilot.press("k")
        await pilot.pause()
        # keeping is a decision too: the weekly report tells of it
        assert [d.decision for d in sample_repo.find(Bet, "B-2").decisions] == ["kept"]
        assert "kept" in str(table.get_row("B-2"))
        await pilot.press("down", "p")
        await pilot.pause()
        assert isinstance(sample_app.screen, BetFormScreen)
        assert sample_app.screen.query_one("#bet-status").value == "discovery"
        sample_app.screen.query_one("#bet-title").value = "Billing portal for small accounts"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(sample_app.screen, CheckinSummaryScreen)
        assert "pivoted" in str(table.get_row("B-3"))
        await pilot.press("up", "d")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(sample_app.screen, CheckinSummaryScreen)
    pivoted, dropped = sample_repo.find(Bet, "B-3"), sample_repo.find(Bet, "B-2")
    assert (pivoted.title, pivoted.status) == ("Billing portal for small accounts", "discovery")
    assert dropped.status == "dropped" and dropped.note.startswith(
        "Dropped 2026-11-23: KR-4 did not move."
    )
    assert [d.decision for d in dropped.decisions] == ["kept", "dropped"]
    assert [d.decision for d in pivoted.decisions] == ["pivoted"]


async def test_the_summary_shows_no_bet_section_when_every_kr_moved(sample_app: OkrApp):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sample_app.push_screen(CheckinSummaryScreen(_summary()))
        await pilot.pause()
        assert not sample_app.screen.query_one("#bet-decisions").display


async def test_enter_on_the_link_button_saves_once_and_stays_on_the_roadmap(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_roadmap(pilot, "B-11")
        await pilot.press("l")
        await pilot.pause()
        form = sample_app.screen
        kr = sample_repo.find(KeyResult, "KR-2")
        form.query_one("#link-change").value = "3"
        form.query_one("#link-kr").value = kr.id  # choosing a KR keeps what was typed
        await pilot.pause()
        assert form.query_one("#link-change").value == "3"
        form.query_one("#save").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(sample_app.screen, RoadmapScreen)
    (move,) = sample_repo.find(Bet, "B-11").moves
    assert (move.key_result_id, move.expected_change) == (kr.id, 3)


async def test_the_link_form_starts_on_a_kr_the_bet_already_moves(
    sample_app: OkrApp, sample_repo: Repository
):
    bet = next(b for b in sample_repo.bets() if len(b.moves) >= 1 and b.moves[0].key_result_id)
    moved = sample_repo.by_id(KeyResult, bet.moves[0].key_result_id)
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_roadmap(pilot, bet.key)
        await pilot.press("l")
        await pilot.pause()
        assert sample_app.screen.query_one("#link-kr").value == moved.id
