"""Every screen, dialog, select and the palette on a workspace whose every text field holds
hostile text (markup, click actions, escape sequences, bidi overrides, CJK, emoji, one 2 MB
field): nothing crashes, the text is on screen as typed, and no escape byte is drawn."""

from __future__ import annotations

import pytest

from okrtui.settings.views import SavedViews
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from tests.conftest import TODAY
from tests.hostile.strings import ESCAPES, HOSTILE, MARKUP, hostile_records, on_screen_text

#: What the harness looks for: the start of the hostile text, with its brackets.
LITERAL = "[WIP] [/] [ms]"

#: Keys from the dashboard to each screen, dialog and select, and the screen they reach.
JOURNEYS = [
    ("dashboard", [], "DashboardScreen"),
    ("kr detail", ["down", "enter"], "KrDetailScreen"),
    ("correction", ["down", "enter", "x"], "CorrectionScreen"),
    ("check-in", ["c"], "CheckinScreen"),
    ("check-in summary", ["c", "enter", "escape"], None),
    ("new draft", ["n"], "DraftScreen"),
    ("edit draft", ["e"], "DraftScreen"),
    ("edit a draft's select", ["e", "tab", "tab", "tab", "tab", "enter"], "DraftScreen"),
    ("new cycle", ["N"], "CycleFormScreen"),
    ("delete confirm", ["down", "down", "down", "x"], None),
    ("filter", ["slash", *"status:[/]", "enter"], "DashboardScreen"),
    ("discovery", ["d"], "DiscoveryScreen"),
    ("evidence", ["d", "plus"], "DiscoveryScreen"),
    ("kill", ["d", "x"], "PromptScreen"),
    ("kill-by", ["d", "b"], "PromptScreen"),
    ("graduate", ["d", "o"], None),
    ("roadmap", ["m"], "RoadmapScreen"),
    ("new bet", ["m", "n"], "BetFormScreen"),
    ("edit bet", ["m", "e"], "BetFormScreen"),
    ("bet link and its select", ["m", "l", "enter"], None),
    ("alignment", ["a"], "AlignmentScreen"),
    ("alignment link", ["a", "down", "down", "l"], None),
    ("alignment edit link", ["a", "down", "e"], None),
    ("review", ["R"], "ReviewScreen"),
    ("review score", ["R", "s"], None),
    ("close cycle and its select", ["R", "C", "tab", "enter"], "CloseCycleScreen"),
    ("conflicts", ["exclamation_mark"], "ConflictsScreen"),
    ("palette", ["ctrl+p"], "CommandPalette"),
    ("palette search", ["ctrl+p", *"View"], "CommandPalette"),
    ("palette go", ["ctrl+p", *"Go: WIP"], "CommandPalette"),
    ("help", ["question_mark"], "HelpScreen"),
    ("undo toast", ["u"], "DashboardScreen"),
]


def hostile_conflict(repo: Repository) -> None:
    """A merge's open conflict whose key, values and authors are hostile text."""
    from okrtui.domain.models import KeyResult
    from okrtui.store.team import conflicts

    kr = repo.all(KeyResult)[0]
    entry = {
        "id": "hostile-1",
        "kind": "field",
        "table": "key_results",
        "record_id": kr.id,
        "record_key": f"KR-1 {MARKUP} {ESCAPES}",
        "field": f"title {MARKUP}",
        "base": HOSTILE,
        "ours": f"{HOSTILE} ours",
        "theirs": f"{HOSTILE} theirs",
        "kept": "theirs",
        "ours_label": HOSTILE,
        "theirs_label": HOSTILE,
        "ours_at": "2026-11-22T10:00:00Z",
        "theirs_at": "2026-11-22T11:00:00Z",
        "status": "open",
        "note": HOSTILE,
    }
    with repo.db.transaction() as tx:
        tx.insert_raw(conflicts.CONFLICTS_TABLE, entry)


def build(tmp_path_factory: pytest.TempPathFactory, huge: bool):
    from okrtui.domain.clock import FixedClock

    path = tmp_path_factory.mktemp("hostile") / "okrtui.json"
    repo = Repository.open(path, FixedClock(TODAY))
    repo.add_workspace(hostile_records(TODAY, huge=huge))
    hostile_conflict(repo)
    from okrtui.domain.models import Objective

    # The last change, for undo's toast to describe.
    repo.update(repo.all(Objective)[0], title=f"{HOSTILE} edited")
    repo.close()
    return path


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory):
    """A database file holding the hostile workspace (built once for the module)."""
    return build(tmp_path_factory, huge=False)


@pytest.fixture(scope="module")
def huge_db(tmp_path_factory: pytest.TempPathFactory):
    """The same with one objective's `why` 2 MB long."""
    return build(tmp_path_factory, huge=True)


def app_on(db, tmp_path, clock) -> OkrApp:
    import shutil

    path = tmp_path / "okrtui.json"
    shutil.copy(db, path)
    repo = Repository.open(path, clock)
    views = SavedViews(tmp_path / "views.json")
    views.save(f"maria {MARKUP}", "status:stale")
    return OkrApp(repo, views)


@pytest.fixture
def hostile_app(hostile_db, tmp_path, clock):
    app = app_on(hostile_db, tmp_path, clock)
    yield app
    app.repository.close()


@pytest.fixture
def huge_app(huge_db, tmp_path, clock):
    app = app_on(huge_db, tmp_path, clock)
    yield app
    app.repository.close()


@pytest.mark.parametrize(
    ("keys", "screen"), [j[1:] for j in JOURNEYS], ids=[j[0] for j in JOURNEYS]
)
async def test_hostile_text_is_shown_as_typed(hostile_app: OkrApp, keys, screen):
    await journey(hostile_app, keys, screen)


HUGE_JOURNEYS = [j for j in JOURNEYS if j[0] in ("dashboard", "edit draft", "palette go")]


@pytest.mark.parametrize(
    ("keys", "screen"), [j[1:] for j in HUGE_JOURNEYS], ids=[j[0] for j in HUGE_JOURNEYS]
)
async def test_a_two_megabyte_text_is_shown_too(huge_app: OkrApp, keys, screen):
    await journey(huge_app, keys, screen)


async def journey(app: OkrApp, keys: list[str], screen: str | None) -> None:
    """Press `keys` from the dashboard; the app must still run, on `screen`, drawing the
    hostile text as typed and no control character."""
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        assert app.is_running, "the app quit: a click action or an error ran"
        if screen is not None:
            assert type(app.screen).__name__ == screen
        text = on_screen_text(app)
        assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
        assert LITERAL in text or screen in ("HelpScreen", "CycleFormScreen"), text[:2000]
