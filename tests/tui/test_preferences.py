"""The person's theme and keymap live in their config folder and come back at the next launch;
check-ins name their author (git's in a shared database, else the setting, else the login)."""

from __future__ import annotations

import getpass
import json

from okrtui.domain.models import KeyResult
from okrtui.settings.preferences import Preferences
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.screens.checkin import CheckinScreen

SIZE = (80, 24)


async def test_the_theme_chosen_is_there_at_the_next_launch(filled_repo: Repository, tmp_path):
    async with OkrApp(filled_repo, preferences=Preferences(tmp_path)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        pilot.app.theme = "gruvbox"  # what the palette's "Change theme" does
        await pilot.pause()
    assert json.loads((tmp_path / "settings.json").read_text())["theme"] == "gruvbox"
    async with OkrApp(filled_repo, preferences=Preferences(tmp_path)).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert pilot.app.theme == "gruvbox"


async def test_a_user_keymap_remaps_a_binding_by_its_id(filled_repo: Repository, tmp_path):
    (tmp_path / "keymap.json").write_text(json.dumps({"dashboard.checkin": "W"}))
    app = OkrApp(filled_repo, preferences=Preferences(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("W")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)


async def test_an_unreadable_settings_file_is_reported_and_left_alone(
    filled_repo: Repository, tmp_path
):
    broken = tmp_path / "settings.json"
    broken.write_text("{not json")
    app = OkrApp(filled_repo, preferences=Preferences(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("settings.json cannot be read" in str(n.message) for n in app._notifications)
        app.theme = "gruvbox"
        await pilot.pause()
    assert broken.read_text() == "{not json"


def test_a_checkin_is_by_the_setting_else_the_login_name(filled_repo: Repository, tmp_path):
    kr = filled_repo.find(KeyResult, "KR-1")
    assert filled_repo.add_checkin(kr, 62).author == getpass.getuser()
    (tmp_path / "settings.json").write_text(json.dumps({"author": "  Maria   Rossi "}))
    filled_repo.author_setting = Preferences(tmp_path).author()
    assert filled_repo.add_checkin(kr, 63).author == "Maria Rossi"
