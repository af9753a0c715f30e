"""Pilot tests of the KR detail screen: opened from the dashboard, its header, chart and
check-in table, the correction flow (valid, invalid, refused) and the way back."""

from __future__ import annotations

import pytest

from okrtui.domain.errors import OkrError
from okrtui.domain.models import KeyResult
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.dialogs.correction import CorrectionScreen
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.kr_detail import KrDetailScreen
from okrtui.tui.widgets.kr_chart import KrChart
from okrtui.tui.widgets.okr_table import OkrTable

SIZE = (120, 40)


async def open_detail(app: OkrApp, pilot, key: str) -> KrDetailScreen:
    """Select `key` on the dashboard and press Enter, as a person would."""
    await pilot.pause()
    app.screen.query_one(OkrTable).select(key)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, KrDetailScreen)
    return app.screen


def header(screen: KrDetailScreen) -> str:
    return str(screen.query_one("#kr-header").render())


def rows(screen: KrDetailScreen) -> list[list[str]]:
    table = screen.query_one("#kr-checkins")
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def message(screen) -> str:
    return str(screen.query_one("#kr-message").render())


async def test_enter_on_a_kr_opens_its_detail_with_the_facts(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(app, pilot, "KR-1")
        text = header(screen)
        for fact in (
            "KR-1",
            "Onboarding completion rate from 45% to 70%",
            "O-1 Improve onboarding so new users reach value faster",
            "owner maria",
            "45 → 70 %",
            "increase · outcome · leading",
            "64%",  # (61 - 45) / (70 - 45)
            "on track",
            "confidence 8/10",
            "checked in today",
        ):
            assert fact in text, fact


async def test_a_stale_kr_reads_as_stale_with_its_age(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        text = header(await open_detail(app, pilot, "KR-2"))
        assert "stale" in text and "on track" not in text
        assert "last check-in 28 days ago" in text
        assert "9 → 3 days · decrease" in text


async def test_threshold_kr_says_whether_it_holds(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(app, pilot, "KR-3")
        assert "stay ≥ 75 %" in header(screen) and "80 %, holding" in header(screen)
        chart = screen.query_one(KrChart)
        assert chart.series is not None and chart.series.goal_label == "stay ≥ 75"
        assert "stay ≥ 75" in str(screen.query_one("#kr-legend").render())


async def test_checkins_are_listed_newest_first_with_notes(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(app, pilot, "KR-1")
        table = rows(screen)
        assert [row[0] for row in table] == ["CI-5", "CI-4", "CI-3", "CI-2", "CI-1"]
        assert table[0][1:4] == ["2026-11-23", "61", "8"]
        assert table[0][6] == "week -0"
        chart = screen.query_one(KrChart)
        assert [value for _, value in chart.series.values] == [48, 52, 55, 58, 61]


async def test_a_kr_without_checkins_shows_its_lines_and_says_so(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(app, pilot, "KR-4")
        chart = screen.query_one(KrChart)
        assert chart.series.values == () and chart.series.pace and chart.series.goal == 100
        assert "no check-ins yet" in chart.render().plain
        assert "No check-ins yet" in str(screen.query_one("#kr-empty").render())
        assert "never checked in" in header(screen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, KrDetailScreen)
        assert "no check-in to correct" in message(screen)


async def test_correcting_a_checkin_keeps_both_and_updates_the_dashboard(
    app: OkrApp, filled_repo: Repository
):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(app, pilot, "KR-1")
        await pilot.press("down")  # CI-4: 58 on 2026-11-09
        await pilot.press("x")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CorrectionScreen)
        fields = {
            name: form.query_one(f"#correction-{name}").value
            for name in ("value", "confidence", "date", "note")
        }
        assert fields == {"value": "58", "confidence": "8", "date": "2026-11-09", "note": "week -2"}
        await pilot.press("5", "9", "tab", "6", "enter")  # the value is selected: typing replaces
        await pilot.pause()
        assert app.screen is screen

        kr = filled_repo.find(KeyResult, "KR-1")
        history = filled_repo.history(kr)
        old = next(c for c in history if c.key == "CI-4")
        new = next(c for c in history if c.supersedes == old.id)
        assert (new.value, new.confidence, new.note, str(new.date)) == (
            59,
            6,
            "week -2",
            "2026-11-09",
        )
        table = {row[0]: row for row in rows(screen)}
        assert table["CI-4"][5] == f"by {new.key}"
        assert table[new.key][5] == "of CI-4"
        assert screen.selected_key == new.key

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_a_correction_of_the_latest_checkin_moves_the_dashboard(
    app: OkrApp, filled_repo: Repository
):
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot, "KR-1")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("6", "3", "enter")
        await pilot.pause()
        assert "now 63 %" in header(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        row = " | ".join(str(cell) for cell in app.screen.query_one(OkrTable).get_row("KR-1"))
        assert "63 / 70 %" in row


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        ("value", "abc", "the value 'abc' is not a number"),
        ("confidence", "11", "the confidence '11' is not a whole number from 0"),
        ("date", "2026-13-01", "is not a date"),
        ("date", "2026-12-01", "is after today"),
    ],
)
async def test_invalid_input_is_explained_in_the_form_and_writes_nothing(
    app: OkrApp, filled_repo: Repository, field, typed, expected
):
    kr = filled_repo.find(KeyResult, "KR-1")
    before = filled_repo.history(kr)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot, "KR-1")
        await pilot.press("x")
        await pilot.pause()
        form = app.screen
        form.query_one(f"#correction-{field}").value = typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert expected in str(form.query_one("#correction-error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, KrDetailScreen)
    assert filled_repo.history(kr) == before


async def test_a_corrected_checkin_cannot_be_corrected_twice(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(app, pilot, "KR-1")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("6", "2", "enter")
        await pilot.pause()
        await pilot.press("down")  # from the new CI-9 to the superseded CI-5
        assert screen.selected_key == "CI-5"
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is screen
        assert "CI-5 was already corrected by CI-9: correct CI-9 instead" in message(screen)


async def test_a_repository_error_is_shown_in_the_screen(
    app: OkrApp, filled_repo: Repository, monkeypatch
):
    def refuse(*args, **kwargs):
        raise OkrError("the database is locked by another okrtui")

    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(app, pilot, "KR-1")
        monkeypatch.setattr(filled_repo, "add_checkin", refuse)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("6", "3", "enter")
        await pilot.pause()
        assert app.screen is screen and app.is_running
        assert "not saved: the database is locked" in message(screen)
        assert len(rows(screen)) == 5


async def test_an_unknown_kr_says_so(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(KrDetailScreen("KR-99"))
        await pilot.pause()
        assert "no key result is called 'KR-99'" in message(app.screen)


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_go_back_to_the_dashboard(app: OkrApp, key):
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot, "KR-1")
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.is_running


def test_kr_detail_layout(snap_compare, app: OkrApp):
    assert snap_compare(app, press=["j", "j", "j", "j", "enter"], terminal_size=SIZE)


async def test_j_and_k_move_through_the_check_ins(app: OkrApp):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(app, pilot, "KR-1")
        table = screen.query_one("#kr-checkins")
        table.focus()
        start = table.cursor_row
        await pilot.press("j", "j")
        assert table.cursor_row == start + 2
        await pilot.press("k")
        assert table.cursor_row == start + 1


async def test_a_long_note_is_clipped_in_the_table_and_shown_whole_below(
    app: OkrApp, filled_repo: Repository
):
    kr = filled_repo.find(KeyResult, "KR-1")
    note = "Long notes happen: " + "the survey said many things, " * 8 + "and that is the end."
    filled_repo.add_checkin(kr, 40, 7, note=note)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.go_to("KR-1")
        await pilot.pause()
        screen = app.screen
        first_row = rows(screen)[0]
        assert first_row[-1].endswith("…") and len(first_row[-1]) < len(note)
        assert str(screen.query_one("#kr-note").render()).endswith("and that is the end.")


def test_the_correction_column_keeps_long_keys_whole():
    """`CI-138` must not show as `CI-13`, another real check-in."""
    from datetime import date

    from okrtui.domain.models import CheckIn
    from okrtui.tui.screens.kr_detail import COLUMNS, checkin_rows

    width = {key: w for key, _, w in COLUMNS}["correction"]
    old = CheckIn(key="CI-12345", key_result_id="k", date=date(2026, 11, 2), value=1, confidence=7)
    new = CheckIn(
        key="CI-138456",
        key_result_id="k",
        date=date(2026, 11, 9),
        value=2,
        confidence=7,
        supersedes=old.id,
    )
    rows = dict(checkin_rows([old, new]))
    assert rows["CI-12345"][5].plain == "by CI-138456"
    assert rows["CI-138456"][5].plain == "of CI-12345"
    assert all(cells[5].cell_len <= width for cells in rows.values())


async def test_a_long_note_ends_in_an_ellipsis_and_n_reads_it_whole(
    app: OkrApp, filled_repo: Repository
):
    from okrtui.tui.dialogs.note import NoteScreen

    kr = filled_repo.find(KeyResult, "KR-1")
    words = " ".join(f"word{i}" for i in range(200)) + " THE-END"
    filled_repo.add_checkin(kr, 62, 8, note=words, author="Maria Rossi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.go_to("KR-1")
        await pilot.pause()
        screen = app.screen
        shown = str(screen.query_one("#kr-note").render())
        assert "Maria Rossi" in shown
        assert "… (n reads it all)" in shown and "THE-END" not in shown
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert "THE-END" in str(app.screen.query_one("#note-text").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_checkins_record_their_author_shown_in_the_detail(
    app: OkrApp, filled_repo: Repository
):
    filled_repo.author_setting = "Maria Rossi"
    kr = filled_repo.find(KeyResult, "KR-1")
    made = filled_repo.add_checkin(kr, 63, 8)
    assert made.author == "Maria Rossi"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.go_to("KR-1")
        await pilot.pause()
        table = {row[0]: row for row in rows(app.screen)}
        assert table[made.key][4].startswith("Maria")
