"""Layout snapshots at a fixed 120×40 terminal and a fixed clock (see tests/tui/conftest.py).

Update them only after looking at the report: `make test PYTEST_ARGS="--snapshot-update"`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from filelock import FileLock

from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp

#: The welcome screen shows the database path, so its snapshot needs a path that never varies;
#: a lock keeps two runs at once (xdist workers, two checkouts on one machine) out of each other's way.
FIXED_FOLDER = Path("/tmp/okrtui-snapshot")
FIXED_FOLDER_LOCK = FileLock("/tmp/okrtui-snapshot.lock")

SIZE = (120, 40)


def test_dashboard_layout(snap_compare, app: OkrApp):
    assert snap_compare(app, terminal_size=SIZE)


def test_dashboard_with_a_kr_selected(snap_compare, app: OkrApp):
    assert snap_compare(app, press=["j", "j", "j", "j"], terminal_size=SIZE)


def test_welcome_layout(snap_compare, clock):
    with FIXED_FOLDER_LOCK:
        shutil.rmtree(FIXED_FOLDER, ignore_errors=True)
        FIXED_FOLDER.mkdir()
        app = OkrApp(Repository.open(FIXED_FOLDER / "okrtui.json", clock))
        assert snap_compare(app, terminal_size=SIZE)


def test_help_layout(snap_compare, app: OkrApp):
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZE)


def test_draft_with_coach_findings(snap_compare, app: OkrApp):
    async def write_a_task_disguised_as_strategy(pilot):
        from textual.widgets import Input

        await pilot.press("n")
        await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        pilot.app.screen.query_one("#objective-title").value = "Launch the new onboarding redesign"
        editor = pilot.app.screen.editors()[0]
        editor.query_one("#kr-title").value = "Publish 10 blog articles"
        await pilot.pause()

    assert snap_compare(app, run_before=write_a_task_disguised_as_strategy, terminal_size=SIZE)


def test_checkin_layout(snap_compare, app: OkrApp):
    async def start_check_in(pilot):
        from textual.widgets import Input

        await pilot.press("c")
        await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, run_before=start_check_in, terminal_size=SIZE)


def test_new_cycle_form_layout(snap_compare, app: OkrApp):
    """Every field and both buttons on screen (side-by-side date fields once pushed the rest
    of the form out of sight)."""

    async def open_the_form(pilot):
        from textual.widgets import Input

        await pilot.press("N")
        await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False

    assert snap_compare(app, run_before=open_the_form, terminal_size=SIZE)
