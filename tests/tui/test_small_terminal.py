"""At 80×24 every screen's footer keeps `?` (which lists the rest) and the screen's main
keys; after Esc clears a filter the footer stops offering to clear it."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

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
