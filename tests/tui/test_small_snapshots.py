"""Layout snapshots at 80×24, the smallest terminal okrtui promises to be usable in: the
dashboard, the check-in, the draft, the KR detail, the help, the review and the roadmap, on the
sample workspace and the fixed test day. Each must keep `?` (or F1) and the screen's main keys
in the footer and key and title readable in its tables.

Update them only after looking at the report: `make test PYTEST_ARGS="--snapshot-update"`.
"""

from __future__ import annotations

import pytest

from okrtui.tui.app import OkrApp

SIZE = (80, 24)


async def _steady(pilot) -> None:
    """No blinking cursors: the snapshot must not depend on the moment it is taken."""
    from textual.widgets import Input

    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


SCREENS = {
    "dashboard": ["j"],
    "checkin": ["c"],
    "draft": ["n"],
    "kr_detail": ["j", "enter"],
    "help": ["question_mark"],
    "review": ["R", "j"],
    "roadmap": ["m", "j"],
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_small_terminal_layout(snap_compare, sample_app: OkrApp, name):
    async def open_it(pilot):
        for key in SCREENS[name]:
            await pilot.press(key)
            await pilot.pause()
        await _steady(pilot)

    assert snap_compare(sample_app, run_before=open_it, terminal_size=SIZE)
