"""Pilot tests for the cases of issue 12, each of which failed on the main it started from:
markup in a cycle name at launch, a click action in a name, markup in a saved view's name,
the draft that crashed on save and lost what was typed, and the check-in's number fields
(a decimal comma, letters, a confidence of 5.5, a value too large to show)."""

from __future__ import annotations

from datetime import timedelta

from okrtui.domain.models import CheckIn, KeyResult, Objective
from okrtui.settings.views import SavedViews
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.screens.checkin import CheckinScreen
from tests.conftest import TODAY
from tests.hostile.strings import on_screen_text

SIZE = (120, 40)


def _checkins(repo: Repository) -> int:
    return len(repo.all(CheckIn))


async def test_a_cycle_named_with_markup_opens_and_shows_as_typed(repo: Repository):
    repo.create_cycle("Q1 [/] [ms]", TODAY - timedelta(days=10), TODAY + timedelta(days=80))
    app = OkrApp(repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Q1 [/] [ms]" in on_screen_text(app)


async def test_a_click_action_in_a_name_is_text(repo: Repository):
    repo.create_cycle(
        "[@click=app.quit]Quit[/] now", TODAY - timedelta(days=10), TODAY + timedelta(days=80)
    )
    app = OkrApp(repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The empty cycle's hint names it: "<name> has no objectives yet…".
        for x in range(0, 40, 2):
            await pilot.click("#empty", offset=(x, 0))
        await pilot.pause()
        assert app.is_running, "a click on a name ran its action"
        assert "[@click=app.quit]Quit[/] now has no objectives yet" in on_screen_text(app)


async def test_a_saved_view_with_markup_in_its_name_opens_the_palette(
    filled_repo: Repository, tmp_path
):
    views = SavedViews(tmp_path / "views.json")
    views.save("maria [/] risks", "owner:maria")
    app = OkrApp(filled_repo, views)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(2):  # every opening, not only the first
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"maria")
            await pilot.pause(0.3)
            assert "View: maria [/] risks" in on_screen_text(app)
            await pilot.press("escape")
            await pilot.pause()


async def test_a_draft_with_markup_in_a_baseline_keeps_what_was_typed(filled_repo: Repository):
    app = OkrApp(filled_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        from textual.widgets import Input

        title = screen.query_one("#objective-title", Input)
        title.value = "Make [WIP] onboarding delightful"
        screen.query_one("#kr-title", Input).value = "Activation rate [ms] up"
        baseline = screen.query_one("#kr-baseline", Input)
        baseline.value = "X[/]"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen, "the draft must stay open"
        assert title.value == "Make [WIP] onboarding delightful"
        assert baseline.value == "X[/]"
        assert "'X[/]' is not a number" in on_screen_text(app)
    assert not [o for o in filled_repo.all(Objective) if "delightful" in o.title]


async def _check_in(app: OkrApp, pilot, value: str, confidence: str | None = None) -> str:
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, CheckinScreen)
    from textual.widgets import Input

    field = app.screen.query_one("#checkin-value", Input)
    field.focus()
    field.value = ""
    await pilot.press(*value)
    if confidence is not None:
        app.screen.query_one("#checkin-confidence", Input).value = confidence
    await pilot.press("enter")
    await pilot.pause()
    return on_screen_text(app)


async def test_a_decimal_comma_in_the_check_in_is_refused_not_read_as_15(
    filled_repo: Repository,
):
    before = _checkins(filled_repo)
    app = OkrApp(filled_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = await _check_in(app, pilot, "1,5")
        assert "'1,5' is not a number: use a dot for decimals" in text
    assert _checkins(filled_repo) == before


async def test_letters_in_the_check_in_value_are_an_error_not_dropped(filled_repo: Repository):
    before = _checkins(filled_repo)
    app = OkrApp(filled_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = await _check_in(app, pilot, "12abc")
        assert "'12abc' is not a number" in text
        assert app.screen.query_one("#checkin-value").value == "12abc"
    assert _checkins(filled_repo) == before


async def test_a_confidence_of_5_5_is_refused_not_read_as_55(filled_repo: Repository):
    before = _checkins(filled_repo)
    app = OkrApp(filled_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = await _check_in(app, pilot, "12", confidence="5.5")
        assert "the confidence '5.5' is not a whole number from 0" in text
    assert _checkins(filled_repo) == before


async def test_a_value_too_large_to_show_is_refused(filled_repo: Repository):
    before = _checkins(filled_repo)
    app = OkrApp(filled_repo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = await _check_in(app, pilot, "9" * 26)
        assert "is too large: okrtui handles numbers up to 10^15" in text
    assert _checkins(filled_repo) == before
    assert all(abs(c.value) < 1e15 for c in filled_repo.all(CheckIn))
    assert filled_repo.all(KeyResult)


async def test_a_draft_survives_an_unexpected_error_and_the_next_launch(
    filled_repo: Repository, tmp_path, monkeypatch
):
    from textual.widgets import Input

    from okrtui.settings.kept_draft import KeptDraft
    from okrtui.tui.screens.draft import DraftScreen

    path = tmp_path / "draft.json"
    app = OkrApp(filled_repo, kept_draft=KeptDraft(path))

    def broken(*args, **kwargs):
        raise RuntimeError("the disk said no")

    monkeypatch.setattr(filled_repo, "save_objective", broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Users reach value in a day")
        app.screen.query_one("#kr-title", Input).value = "Activation from 20% to 40%"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        assert "unexpected RuntimeError: the disk said no" in on_screen_text(app)
        assert app.screen.query_one("#objective-title", Input).value == (
            "Users reach value in a day"
        )
    assert path.is_file(), "the draft is kept on disk"
    monkeypatch.undo()

    again = OkrApp(filled_repo, kept_draft=KeptDraft(path))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Reopen the draft you had not saved?" in on_screen_text(again)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(again.screen, DraftScreen)
        screen = again.screen
        assert screen.query_one("#objective-title", Input).value == "Users reach value in a day"
        assert screen.query_one("#kr-title", Input).value == "Activation from 20% to 40%"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [o for o in filled_repo.all(Objective) if o.title == "Users reach value in a day"]
    assert not path.exists(), "a saved draft is no longer kept"
