"""At 80×24 every screen's footer keeps `?` (which lists the rest) and the screen's main
keys; after Esc clears a filter the footer stops offering to clear it."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

from okrtui.domain.models import KeyResult
from okrtui.tui.app import OkrApp

SIZE = (80, 24)


def footer_keys(app: OkrApp) -> dict[str, bool]:
    """Each footer key's display → whether it is wholly on screen."""
    from textual.widgets._footer import FooterKey

    width = app.size.width
    shown = {}
    for key in app.screen.query_one(Footer).query(FooterKey):
        region = key.region
        shown[key.key_display] = region.width > 0 and region.right <= width
    return shown


SCREENS = {
    "dashboard": ([], ["c", "/"]),
    "check-in": (["c"], ["esc", "s"]),
    "draft": (["n"], ["^s", "esc"]),
    "kr detail": (["j", "enter"], ["x", "esc"]),
    "roadmap": (["m"], ["l", "esc"]),
    "review": (["R"], ["s", "esc"]),
    "alignment": (["a"], ["l", "esc"]),
    "discovery": (["d"], ["esc"]),
}


@pytest.mark.parametrize("name", list(SCREENS))
async def test_the_footer_keeps_help_and_the_main_keys_at_80x24(sample_app: OkrApp, name):
    keys, main = SCREENS[name]
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        shown = footer_keys(sample_app)
        assert shown.get("?") or shown.get("f1"), (name, shown)
        for key in main:
            assert shown.get(key), (name, key, shown)


async def test_after_esc_clears_the_filter_the_footer_drops_clear_filter(sample_app: OkrApp):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await sample_app.apply_filter("status:stale")
        await pilot.pause()
        assert "esc" in footer_keys(sample_app)
        await pilot.press("escape")
        await pilot.pause()
        assert "esc" not in footer_keys(sample_app)


async def test_at_80_columns_kr_titles_keep_most_of_their_words(sample_app: OkrApp):
    """The bars give way to the percentage: a KR's title keeps at least 20 characters
    (it kept about 16), and its key, percentage and status stay whole."""
    from okrtui.tui.widgets.okr_table import OkrTable

    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = sample_app.screen.query_one(OkrTable)
        cells = [str(c) for c in table.get_row("KR-1")]
        kr = sample_app.repository.find(KeyResult, "KR-1")
        title = cells[1].strip().rstrip("…")
        assert len(title) >= 20 and kr.title.startswith(title)
        assert cells[0].strip() == "KR-1" and "%" in cells[3] and "on track" in cells[4]


async def test_the_check_in_summary_fits_80_columns_and_q_quits_again_after(sample_app: OkrApp):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("2", "enter", "escape")
        await pilot.pause()
        box = sample_app.screen.query_one("#checkin-summary")
        assert box.region.x >= 0 and box.region.right <= SIZE[0]
        await pilot.press("enter")
        await pilot.pause()
        assert footer_keys(sample_app).get("q")


@pytest.mark.parametrize(
    ("keys", "form"),
    [(["m", "l"], "#bet-link-form"), (["m", "n"], "#bet-form"), (["a", "j", "l"], "#link-form")],
)
async def test_forms_fit_80_columns(sample_app: OkrApp, keys, form):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        box = sample_app.screen.query_one(form)
        assert box.region.x >= 0 and box.region.right <= SIZE[0], box.region


async def test_enter_on_an_objective_opens_it_whole(sample_app: OkrApp):
    from okrtui.tui.screens.kr_detail import KrDetailScreen
    from okrtui.tui.screens.objective import ObjectiveScreen

    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the cursor starts on O-1
        await pilot.pause()
        screen = sample_app.screen
        assert isinstance(screen, ObjectiveScreen) and screen.objective_key == "O-1"
        header = str(screen.query_one("#objective-header").render())
        assert "O-1" in header and "why:" in header
        assert screen.query_one("#objective-krs").keys == ["KR-1", "KR-2", "KR-3"]
        links = str(screen.query_one("#objective-links").render())
        assert "O-2" in links and "links here" in links
        assert "Bets that should move" in str(screen.query_one("#objective-bets").render())
        assert " by lena" in str(screen.query_one("#objective-history").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(sample_app.screen, KrDetailScreen)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert footer_keys(sample_app).get("q")


async def test_a_2000_character_title_leaves_the_check_in_and_the_commit_question_usable(
    sample_app: OkrApp,
):
    from okrtui.tui.dialogs.confirm import ConfirmScreen

    repo = sample_app.repository
    huge = "Customers adopt the thing " * 80
    for snap in repo.cycle_snapshots(repo.current_cycle()).values():
        for s in snap:
            repo.update(s.kr, title=huge + s.kr.key)
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        progress = sample_app.screen.query_one("#checkin-progress")
        value = sample_app.screen.query_one("#checkin-value")
        assert progress.region.y == 0 and progress.region.height >= 1
        assert value.region.bottom <= SIZE[1]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        sample_app.screen.query_one("#objective-title").value = huge
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(sample_app.screen, ConfirmScreen)
        buttons = list(sample_app.screen.query("Button"))
        assert buttons and all(b.region.bottom <= SIZE[1] and b.region.height > 0 for b in buttons)


async def test_the_review_links_table_keeps_its_verdicts_whole_at_80x24(sample_app: OkrApp):
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        table = sample_app.screen.query_one("#review-links")
        assert table.row_count >= 1
        assert table.virtual_size.width <= table.size.width, (table.virtual_size, table.size)


async def test_at_80x24_the_draft_keeps_its_selects_and_units_readable(sample_app: OkrApp):
    """The coach moves under the form, so the mode reads `delivery` (not `de`), a type
    `milestone` and a unit `accounts` fit whole."""
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        screen = sample_app.screen
        assert screen.has_class("stacked")
        mode = screen.query_one("#objective-mode")
        assert mode.region.right <= SIZE[0] and mode.region.width >= len("delivery") + 4
        editor = screen.editors()[0]
        unit = editor.query_one(".w-unit")
        assert unit.region.width >= len("accounts") + 4
        kind = editor.query_one(".w-type")
        assert kind.region.width >= len("milestone") + 4
        assert screen.query_one("#coach").region.y > mode.region.y
