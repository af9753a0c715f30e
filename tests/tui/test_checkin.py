"""Pilot tests of the weekly check-in: the flow, skipping, errors, the summary, and the
keystroke budget that makes a ten-KR check-in take a minute."""

from __future__ import annotations

from datetime import timedelta

import pytest

from okrtui.domain.models import DEFAULT_CONFIDENCE, CheckIn, KeyResult, Objective
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.dialogs.checkin_summary import CheckinSummaryScreen
from okrtui.tui.screens.checkin import CheckinScreen
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.widgets.okr_table import OkrTable
from tests.conftest import TODAY

SIZE = (120, 40)


def latest(repo: Repository, key: str) -> CheckIn | None:
    snap = repo.snapshot(repo.find(KeyResult, key))
    return snap.checkins[-1] if snap.checkins else None


async def test_c_walks_the_due_krs_stale_first(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        order = [snap.kr.key for snap in screen._queue]
        # KR-2 and KR-4 are stale; KR-1 was checked in today: not due, offered last.
        assert order[:2] == ["KR-4", "KR-2"] or order[:2] == ["KR-2", "KR-4"]
        assert order[2:] == ["KR-3", "KR-1"]


async def test_when_nothing_is_due_c_says_it_goes_over_every_kr_again(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.apply_filter("KR-1")  # checked in today: not due
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert [snap.kr.key for snap in app.screen._queue] == ["KR-1"]
        assert any("Nothing is due yet" in str(n.message) for n in app._notifications)


async def test_before_the_first_check_in_the_value_holds_the_baseline(
    app: OkrApp, filled_repo: Repository
):
    fresh = [
        kr
        for kr in filled_repo.all(KeyResult)
        if latest(filled_repo, kr.key) is None and kr.baseline is not None
    ]
    assert fresh, "the fixture needs a KR with a baseline and no check-in"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.apply_filter(fresh[0].key)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert app.screen.query_one("#checkin-value").value == f"{fresh[0].baseline:g}"
        assert "no check-in yet (baseline" in str(app.screen.query_one("#checkin-kr").render())


async def test_value_is_prefilled_and_typing_replaces_it(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        first = app.screen.current.kr.key
        before = latest(filled_repo, first)
        value = app.screen.query_one("#checkin-value")
        kr = filled_repo.find(KeyResult, first)
        expected_prefill = f"{before.value:g}" if before else f"{kr.baseline:g}"
        assert value.value == expected_prefill
        await pilot.press("4", "2", "enter")
        await pilot.pause()
        saved = latest(filled_repo, first)
        assert saved.value == 42
        assert saved.confidence == (
            before.confidence if before else DEFAULT_CONFIDENCE
        )  # carried over
        assert saved.date == TODAY


async def test_tab_reaches_confidence_and_note(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        key = app.screen.current.kr.key
        await pilot.press("7", "tab")
        app.screen.query_one("#checkin-confidence").value = ""
        await pilot.press("3", "tab", *"slips sadly", "enter")
        await pilot.pause()
        saved = latest(filled_repo, key)
        assert (saved.value, saved.confidence, saved.note) == (7, 3, "slips sadly")


async def test_s_skips_without_writing(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        first = app.screen.current.kr.key
        count = len(filled_repo.all(CheckIn))
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.current.kr.key != first
        assert len(filled_repo.all(CheckIn)) == count


async def test_a_bad_value_is_explained_and_nothing_is_saved(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        count = len(filled_repo.all(CheckIn))
        app.screen.query_one("#checkin-confidence").value = "12"
        await pilot.press("5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert "confidence" in str(app.screen.query_one("#checkin-error").render())
        assert len(filled_repo.all(CheckIn)) == count


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("1,5", "use a dot for decimals"),  # 1.5 or 15? The CLI refuses it too.
        ("nan", "not a finite number"),
        ("twelve", "'twelve' is not a number"),
    ],
)
async def test_a_value_that_is_not_a_plain_number_is_refused(
    app: OkrApp, filled_repo: Repository, typed, said
):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        count = len(filled_repo.all(CheckIn))
        app.screen.query_one("#checkin-value").value = typed
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert said in str(app.screen.query_one("#checkin-error").render())
        assert len(filled_repo.all(CheckIn)) == count


async def test_an_empty_value_says_to_type_one_or_skip(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#checkin-value").value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert "press s to skip" in str(app.screen.query_one("#checkin-error").render())


async def test_escape_ends_early_keeps_what_was_saved_and_summarises(
    app: OkrApp, filled_repo: Repository
):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        first = app.screen.current.kr.key
        await pilot.press("1", "enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CheckinSummaryScreen)
        text = str(app.screen.query_one("#checkin-summary-text").render())
        assert "1 checked in" in text and first in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert latest(filled_repo, first).value == 1


async def test_summary_names_what_moved_dropped_and_went_stale(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        while app.screen.current.confidence is None:  # reach a KR checked in before
            await pilot.press("s")
            await pilot.pause()
        key = app.screen.current.kr.key
        # new value, confidence dropped to 1; then skip the rest.
        await pilot.press("9", "9", "tab")
        app.screen.query_one("#checkin-confidence").value = "1"
        await pilot.press("enter")
        await pilot.pause()
        while isinstance(app.screen, CheckinScreen):
            await pilot.press("s")
            await pilot.pause()
        text = str(app.screen.query_one("#checkin-summary-text").render())
        assert "Moved" in text and key in text
        assert "Confidence dropped" in text
        assert "Stale" in text


async def test_ten_krs_take_digits_plus_one_keys_each_plus_two(tmp_path, clock):
    repo = Repository.open(tmp_path / "ten.json", clock)
    cycle = repo.create_cycle("2026-Q4", TODAY - timedelta(days=53), TODAY + timedelta(days=38))
    values = []
    for o in range(5):
        objective = repo.create(
            Objective, cycle_id=cycle.id, title=f"Objective {o}", state="committed"
        )
        for k in range(2):
            kr = repo.create(
                KeyResult, objective_id=objective.id, title=f"KR {o}.{k}", baseline=0, target=1000
            )
            repo.add_checkin(kr, 10 * (o + k), 6, "", TODAY - timedelta(days=7))
            values.append(str(100 + 37 * (2 * o + k)))
    app = OkrApp(repo)
    presses = 0
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        async def press(*keys: str) -> None:
            nonlocal presses
            presses += len(keys)
            await pilot.press(*keys)

        await press("c")
        await pilot.pause()
        for value in values:
            await press(*value, "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinSummaryScreen)
        await press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    budget = sum(len(v) + 1 for v in values) + 2
    assert presses <= budget
    saved = sorted(c.value for c in repo.all(CheckIn) if c.date == TODAY)
    assert saved == sorted(float(v) for v in values)
    assert {c.confidence for c in repo.all(CheckIn) if c.date == TODAY} == {6}


async def test_ctrl_o_writes_the_note_in_the_external_editor(
    app: OkrApp, filled_repo: Repository, monkeypatch
):
    monkeypatch.setattr(
        "okrtui.tui.screens.checkin.edit_text",
        lambda app_, text: "Churn call went well;\nrenewal likely",
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        key = app.screen.current.kr.key
        await pilot.press("5", "ctrl+o")
        await pilot.pause()
        assert app.screen.query_one("#checkin-note").value == "Churn call went well; renewal likely"
        await pilot.press("enter")
        await pilot.pause()
        assert latest(filled_repo, key).note == "Churn call went well; renewal likely"


async def test_a_killed_kr_is_not_offered_and_leaves_its_objective_s_progress(
    sample_app: OkrApp, sample_repo: Repository
):
    """Kill KR-12 (discovery objective O-4): the check-in walks past it, and O-4's progress
    on the dashboard is the mean of its two other KRs, as in `okrtui status` and the review."""
    killed = sample_repo.discovery.kill(
        sample_repo.find(KeyResult, "KR-12"), "Large accounts reconcile in their ERP"
    ).result
    o4 = sample_repo.find(Objective, "O-4")
    others = [sample_repo.snapshot(kr) for kr in sample_repo.key_results(o4) if kr.id != killed.id]
    expected = sum(s.shown_progress for s in others) / len(others)
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = [str(cell) for cell in sample_app.screen.query_one(OkrTable).get_row("O-4")]
        assert f" {expected:>4.0%}" in row[3]
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(sample_app.screen, CheckinScreen)
        queue = [snap.kr.key for snap in sample_app.screen._queue]
        assert queue and "KR-12" not in queue


async def test_c_on_a_closed_cycle_says_why_nothing_is_offered(sample_app: OkrApp):
    async with sample_app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("left_square_bracket")  # the closed cycle before
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(sample_app.screen, DashboardScreen)
        assert any(
            "is closed: its key results take no more check-ins" in n.message
            for n in sample_app._notifications
        )


async def test_escape_before_the_end_counts_the_rest_as_not_reached(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        total = len(app.screen._queue)
        # Skip one, check in one, Esc on the third: it and the rest were never done.
        await pilot.press("s", "1", "enter", "escape")
        await pilot.pause()
        text = str(app.screen.query_one("#checkin-summary-text").render())
        assert f"1 checked in, 1 skipped, {total - 2} not reached" in text


async def test_c_on_a_cycle_not_started_says_when_check_ins_begin(
    app: OkrApp, filled_repo: Repository
):
    later = filled_repo.create_cycle(
        "2027-Q1", TODAY + timedelta(days=32), TODAY + timedelta(days=120)
    )
    objective = filled_repo.create(Objective, cycle_id=later.id, title="Next quarter")
    signups = filled_repo.create(KeyResult, objective_id=objective.id, title="Signups", target=10)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("]")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert any("check-ins begin then" in str(n.message) for n in app._notifications)
    assert filled_repo.snapshot(signups).checkins == ()
