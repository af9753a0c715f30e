"""Pilot tests of the review: suggested and edited scores, roll-over choices, reflections,
"did it hold?" per link, calibration, and closing the cycle with its roll-over (one undo)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from okrtui.domain.models import Cycle, KeyResult, Link, Objective
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.dialogs.close_cycle import CloseCycleScreen
from okrtui.tui.dialogs.prompt import PromptScreen
from okrtui.tui.screens.alignment import AlignmentScreen
from okrtui.tui.screens.discovery import DiscoveryScreen
from okrtui.tui.screens.review import ReviewScreen
from okrtui.tui.screens.roadmap import RoadmapScreen
from okrtui.tui.widgets.fit_table import FitTable
from tests.store.conftest import sha256

SIZE = (120, 40)


async def run_command(pilot, query: str) -> None:
    """Run a palette command (the query is set at once rather than typed key by key)."""
    await pilot.pause()
    await pilot.press("ctrl+p")
    await pilot.pause()
    pilot.app.screen.query_one(Input).value = query
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


def row(app: OkrApp, key: str, table: str = "#review-scores") -> str:
    return " | ".join(str(cell) for cell in app.screen.query_one(table, FitTable).get_row(key))


def text_of(app: OkrApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def open_review(pilot, key: str | None = None) -> None:
    await pilot.press("R")
    await pilot.pause()
    if key:
        pilot.app.screen.query_one("#review-scores", FitTable).select(key)
        await pilot.pause()


async def test_r_shows_suggested_scores_fates_links_and_calibration(sample_app: OkrApp):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        assert isinstance(sample_app.screen, ReviewScreen)
        assert "0.68" in row(sample_app, "KR-4") and "rolls over" in row(sample_app, "KR-4")
        assert "1.00" in row(sample_app, "KR-1") and "stays" in row(sample_app, "KR-1")
        assert "stays" in row(sample_app, "KR-10")  # a process KR does not roll over
        assert "not judged" in row(sample_app, "L-1", "#review-links")
        calibration = text_of(sample_app, "#review-calibration")
        assert "maria" in calibration and "/10 vs" in calibration
        assert "10 KR(s) will roll over" in text_of(sample_app, ".practice-heading")


async def test_s_edits_a_score_and_a_bad_score_is_refused(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_review(pilot, "KR-4")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(sample_app.screen, PromptScreen)
        field = sample_app.screen.query_one("#prompt-value")
        field.value = "1.2"
        await pilot.press("enter")
        await pilot.pause()
        assert "only for a KR with a stretch" in text_of(sample_app, "#prompt-error")
        assert sample_repo.find(KeyResult, "KR-4").score is None
        field.value = "0.8"
        await pilot.press("enter")
        await pilot.pause()
        assert "0.80" in row(sample_app, "KR-4")
    assert sample_repo.find(KeyResult, "KR-4").score == 0.8


async def test_o_switches_the_roll_over_and_r_writes_a_reflection(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_review(pilot, "KR-1")
        await pilot.press("o")
        await pilot.pause()
        assert "rolls over" in row(sample_app, "KR-1")
        await pilot.press("r")
        await pilot.pause()
        sample_app.screen.query_one(
            "#prompt-value"
        ).text = "Satisfaction held.\nSSO cost us a deal."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "reflected" in row(sample_app, "O-1")
    assert sample_repo.find(KeyResult, "KR-1").roll_over is True
    assert (
        sample_repo.find(Objective, "O-1").reflection == "Satisfaction held.\nSSO cost us a deal."
    )


async def test_y_and_n_judge_the_selected_link_and_w_notes_it(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        links = sample_app.screen.query_one("#review-links", FitTable)
        links.focus()
        await pilot.press("y", "j", "n")
        await pilot.pause()
        assert "held" in row(sample_app, "L-1", "#review-links")
        assert "did not hold" in row(sample_app, "L-2", "#review-links")
        await pilot.press("w")
        await pilot.pause()
        sample_app.screen.query_one("#prompt-value").value = "Satisfaction moved for other reasons"
        await pilot.press("enter")
        await pilot.pause()
    held = {link.key: (link.held, link.review_note) for link in sample_repo.all(Link)}
    assert held["L-1"] == (True, "")
    assert held["L-2"] == (False, "Satisfaction moved for other reasons")


async def test_y_and_n_on_an_objective_judge_the_link_it_hangs_by(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_review(pilot, "O-3")  # O-3 hangs by L-2 (to KR-1); the links' cursor is on L-1
        await pilot.press("n")
        await pilot.pause()
        await open_review_row(pilot, "KR-4")  # a KR of O-2, which hangs by L-1
        await pilot.press("y")
        await pilot.pause()
        held = {link.key: link.held for link in sample_repo.all(Link)}
        assert (held["L-1"], held["L-2"], held["L-3"]) == (True, False, None)
        await open_review_row(pilot, "O-1")  # the company objective hangs by nothing
        await pilot.press("y")
        await pilot.pause()
        assert "O-1 is linked to nothing: Tab moves to the links" in text_of(
            sample_app, ".practice-message"
        )
    assert {link.key: link.held for link in sample_repo.all(Link)} == held


async def open_review_row(pilot, key: str) -> None:
    pilot.app.screen.query_one("#review-scores", FitTable).select(key)
    await pilot.pause()


async def test_closing_rolls_over_into_a_new_cycle_in_one_undoable_change(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(sample_app.screen, CloseCycleScreen)
        assert "10 roll over" in text_of(sample_app, "#close-form .prompt-detail")
        cycle = sample_app.screen._review.cycle
        days_left = (cycle.end - sample_repo.today()).days
        assert days_left > 1
        assert f"still has {days_left} days to run" in text_of(sample_app, "#close-early")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(sample_app.screen, ReviewScreen)
        assert "closed" in text_of(sample_app, ".practice-heading")
        assert "rolled over" in row(sample_app, "KR-4") and "closed" in row(sample_app, "KR-1")
        await pilot.press("C")  # a closed cycle does not close again
        await pilot.pause()
        assert isinstance(sample_app.screen, ReviewScreen)
    following = sample_repo.find(Cycle, "2027-Q1")
    carried = list(sample_repo.cycle_key_results(following))
    assert len(carried) == 10
    completion = next(kr for kr in carried if kr.title.startswith("Onboarding completion"))
    assert (completion.baseline, completion.target) == (62, 70)
    assert completion.title == "Onboarding completion rate from 62% to 70%"
    assert sample_repo.find(Cycle, "2026-Q4").state == "closed"
    sample_repo.undo()
    assert sample_repo.find(Cycle, "2026-Q4").state == "active"
    assert [c.name for c in sample_repo.cycles()] == ["2026-Q3", "2026-Q4"]


async def test_a_bad_new_cycle_is_refused_in_the_close_form(
    sample_app: OkrApp, sample_repo: Repository
):
    before = sha256(sample_repo.path)
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("C")
        await pilot.pause()
        sample_app.screen.query_one("#close-name").value = "2026-Q3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "exists already" in text_of(sample_app, "#close-error")
        sample_app.screen.query_one("#close-name").value = "2027-Q1"
        sample_app.screen.query_one("#close-end").value = "2026-12-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "ends" in text_of(sample_app, "#close-error")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(sample_app.screen, ReviewScreen)
    assert sha256(sample_repo.path) == before


async def test_the_palette_opens_the_review_of_a_closed_cycle(sample_app: OkrApp):
    async with sample_app.run_test(size=SIZE) as pilot:
        await run_command(pilot, "Review: look back at 2026-Q3")
        assert isinstance(sample_app.screen, ReviewScreen)
        assert sample_app.screen.cycle.name == "2026-Q3"
        assert "0.80" in row(sample_app, "KR-15") and "closed" in row(sample_app, "KR-15")


@pytest.mark.parametrize(
    ("query", "screen"),
    [
        ("Discovery: assumptions", DiscoveryScreen),
        ("Roadmap: the Now", RoadmapScreen),
        ("Alignment: the tree", AlignmentScreen),
        ("Review: score, reflect and close 2026-Q4", ReviewScreen),
    ],
)
async def test_the_palette_opens_each_screen(sample_app: OkrApp, query, screen):
    async with sample_app.run_test(size=SIZE) as pilot:
        await run_command(pilot, query)
        assert isinstance(sample_app.screen, screen)
