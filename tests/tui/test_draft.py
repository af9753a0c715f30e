"""Pilot tests of drafting: the form, the live coach, draft vs commit, cancel, edit, $EDITOR."""

from __future__ import annotations

from okrtui.domain.models import KeyResult, Objective
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.dialogs.confirm import ConfirmScreen
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.draft import DraftScreen
from okrtui.tui.widgets.okr_table import OkrTable

SIZE = (120, 40)


def coach_text(app: OkrApp) -> str:
    return str(app.screen.query_one("#coach-text").render())


async def type_into(
    pilot, app: OkrApp, selector: str, text: str, editor: int | None = None
) -> None:
    """Focus a field (of the n-th KR editor when given) and type `text` key by key."""
    scope = app.screen if editor is None else app.screen.editors()[editor]
    widget = scope.query_one(selector)
    widget.focus()
    widget.value = ""
    await pilot.press(*text)
    await pilot.pause()


async def open_new_draft(pilot) -> None:
    await pilot.press("n")
    await pilot.pause()


async def test_n_opens_a_draft_and_the_coach_judges_as_you_type(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_new_draft(pilot)
        assert isinstance(app.screen, DraftScreen)
        assert "kr-count" in coach_text(app)  # no key results yet
        await type_into(pilot, app, "#objective-title", "Launch the new onboarding redesign")
        assert "objective-is-task" in coach_text(app)
        await type_into(pilot, app, "#kr-title", "Publish 10 blog articles", editor=0)
        text = coach_text(app)
        assert "output-kr" in text and "How might we" in text and "who" in text


async def test_save_draft_stores_objective_and_krs_in_one_undoable_change(
    app: OkrApp, filled_repo: Repository
):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_new_draft(pilot)
        await type_into(pilot, app, "#objective-title", "Admins trust our audit trail")
        await type_into(pilot, app, "#kr-title", "Audit log exports per week", editor=0)
        await type_into(pilot, app, "#kr-baseline", "3", editor=0)
        await type_into(pilot, app, "#kr-target", "20", editor=0)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await type_into(
            pilot, app, "#kr-title", "Security questionnaires answered in days", editor=1
        )
        await type_into(pilot, app, "#kr-baseline", "10", editor=1)
        await type_into(pilot, app, "#kr-target", "2", editor=1)
        app.screen.editors()[1].query_one("#kr-direction").value = "decrease"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        objective = next(
            o for o in filled_repo.all(Objective) if o.title == "Admins trust our audit trail"
        )
        assert objective.state == "draft"
        krs = filled_repo.key_results(objective)
        assert [(k.baseline, k.target, k.direction) for k in krs] == [
            (3, 20, "increase"),
            (10, 2, "decrease"),
        ]
        assert app.screen.query_one(OkrTable).selected_key == objective.key
        assert filled_repo.undo().startswith(f"Save draft {objective.key}")
        assert filled_repo.key_results(objective) == [] and objective not in filled_repo.all(
            Objective
        )


async def test_key_results_can_come_before_the_title(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_new_draft(pilot)
        await type_into(pilot, app, "#kr-title", "Weekly active teams from 40 to 60", editor=0)
        await pilot.press("ctrl+s")
        await pilot.pause()
        drafts = [o for o in filled_repo.all(Objective) if not o.title]
        assert len(drafts) == 1 and drafts[0].state == "draft"


async def test_commit_needs_a_title(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_new_draft(pilot)
        await type_into(pilot, app, "#kr-title", "Weekly active teams", editor=0)
        count = len(filled_repo.all(Objective))
        await pilot.press("ctrl+t")
        await pilot.pause()
        if isinstance(app.screen, ConfirmScreen):  # the coach has warnings: confirm
            await pilot.press("y")
            await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        assert "needs a title" in str(app.screen.query_one("#draft-error").render())
        assert len(filled_repo.all(Objective)) == count


async def test_commit_with_warnings_asks_first(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_new_draft(pilot)
        await type_into(pilot, app, "#objective-title", "Improve onboarding for teams")
        await type_into(pilot, app, "#kr-title", "Launch the team invite flow", editor=0)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        saved = next(
            o for o in filled_repo.all(Objective) if o.title == "Improve onboarding for teams"
        )
        assert saved.state == "committed"


async def test_a_bad_number_blocks_saving_and_says_why(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_new_draft(pilot)
        await type_into(pilot, app, "#kr-title", "Weekly active teams", editor=0)
        await type_into(pilot, app, "#kr-target", "lots", editor=0)
        assert "cannot save yet" in coach_text(app) and "'lots' is not a number" in coach_text(app)
        count = len(filled_repo.all(KeyResult))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        assert "not a number" in str(app.screen.query_one("#draft-error").render())
        assert len(filled_repo.all(KeyResult)) == count


async def test_escape_on_an_untouched_draft_leaves_without_asking(
    app: OkrApp, filled_repo: Repository
):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_new_draft(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("e")  # an existing objective, opened and left as it was
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_escape_with_changes_asks_before_discarding(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_new_draft(pilot)
        await type_into(pilot, app, "#objective-title", "Something half-written")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert all(o.title != "Something half-written" for o in filled_repo.all(Objective))


async def test_e_edits_the_selected_objective_and_its_krs(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one(OkrTable).select("KR-1")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        assert app.screen.query_one("#objective-title").value.startswith("Improve onboarding")
        assert len(app.screen.editors()) == 2
        await type_into(pilot, app, "#kr-target", "75", editor=0)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert filled_repo.find(KeyResult, "KR-1").target == 75
        assert filled_repo.find(Objective, "O-1").state == "committed"  # saving keeps it committed


async def test_removing_a_kr_with_check_ins_is_refused(app: OkrApp, filled_repo: Repository):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one(OkrTable).select("O-1")
        await pilot.press("e")
        await pilot.pause()
        app.screen.editors()[0].query_one("#kr-title").focus()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(app.screen.editors()) == 2  # refused at once, not at save
        assert "has check-ins and cannot be removed" in str(
            app.screen.query_one("#draft-error").render()
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert filled_repo.find(KeyResult, "KR-1")


async def test_ctrl_o_edits_the_why_in_the_external_editor(app: OkrApp, monkeypatch):
    seen = []

    def fake_edit(app_, text):
        seen.append(text)
        return "Because half of new users\nnever send an invoice."

    monkeypatch.setattr("okrtui.tui.screens.draft.edit_text", fake_edit)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_new_draft(pilot)
        await type_into(pilot, app, "#objective-why", "draft why")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert seen == ["draft why"]
        assert (
            app.screen.query_one("#objective-why").value
            == "Because half of new users never send an invoice."
        )


async def test_discovery_mode_shows_the_assumption_fields(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_new_draft(pilot)
        line = app.screen.query_one(".kr-discovery")
        assert not line.display
        app.screen.query_one("#objective-mode").value = "discovery"
        await pilot.pause()
        assert line.display


async def test_q_outside_a_text_field_leaves_the_draft_like_esc_never_the_app(
    app: OkrApp, filled_repo: Repository
):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_new_draft(pilot)
        await type_into(pilot, app, "#objective-title", "Half-written")
        app.screen.query_one("#objective-level").focus()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # it asks, as Esc does
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen) and app.is_running


async def test_ctrl_s_on_a_committed_objective_keeps_it_committed(
    app: OkrApp, filled_repo: Repository
):
    committed = next(o for o in filled_repo.all(Objective) if o.state == "committed")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.reveal(committed.key)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    assert filled_repo.find(Objective, committed.key).state == "committed"


async def test_an_empty_draft_is_not_saved(app: OkrApp, filled_repo: Repository):
    before = len(filled_repo.objectives())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        assert "Nothing to save yet" in str(app.screen.query_one("#draft-error").render())
    assert len(filled_repo.objectives()) == before
