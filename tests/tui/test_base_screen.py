"""The typed base screen: an error an action did not expect is shown as an error on the
screen, and the app keeps running (never a crash with a traceback)."""

from __future__ import annotations

import pytest

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import KeyResult
from okrtui.tui.app import OkrApp
from okrtui.tui.screens.kr_detail import KrDetailScreen
from tests.tui.test_dashboard import SIZE


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (RuntimeError("the disk said no"), "Unexpected error (RuntimeError): the disk said no"),
        (InvalidInput("KR-9 is closed"), "KR-9 is closed"),
    ],
)
async def test_an_error_in_an_action_is_reported_not_a_crash(
    app: OkrApp, monkeypatch: pytest.MonkeyPatch, error: Exception, shown: str
) -> None:
    def fails(self: KrDetailScreen) -> None:
        raise error

    monkeypatch.setattr(KrDetailScreen, "action_correct", fails)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.dashboard.reveal("KR-1")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, KrDetailScreen)
        await pilot.press("x")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, KrDetailScreen)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert [n.message for n in errors] == [shown]
        await pilot.press("escape")  # the screen still answers keys
        await pilot.pause()
        assert not isinstance(app.screen, KrDetailScreen)


async def test_a_refresh_that_fails_is_reported_and_the_screen_stays(
    app: OkrApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.dashboard.reveal("KR-1")
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, KrDetailScreen)

        def broken(self: KrDetailScreen, select: str | None = None) -> None:
            raise KeyError("kr")

        monkeypatch.setattr(KrDetailScreen, "refresh_data", broken)
        app.repository.add_checkin(app.repository.find(KeyResult, "KR-1"), 62, 8)
        await pilot.pause()
        assert app.screen is detail
        assert any("KeyError" in n.message for n in app._notifications if n.severity == "error")
