"""Pilot tests of the discovery screen: what it shows instead of progress bars, evidence in
two keystrokes plus the note, graduate, kill and kill-by — and bad input writing nothing."""

from __future__ import annotations

from datetime import date

from okrtui.domain.models import KeyResult
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.dialogs.graduate import GraduateScreen
from okrtui.tui.dialogs.prompt import PromptScreen
from okrtui.tui.screens.discovery import DiscoveryScreen
from okrtui.tui.screens.kr_detail import KrDetailScreen
from okrtui.tui.widgets.fit_table import FitTable
from tests.store.conftest import sha256

SIZE = (120, 40)


def row(app: OkrApp, key: str) -> str:
    table = app.screen.query_one(FitTable)
    return " | ".join(str(cell) for cell in table.get_row(key))


def text_of(app: OkrApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def open_discovery(pilot, select: str | None = None) -> None:
    await pilot.press("d")
    await pilot.pause()
    if select:
        pilot.app.screen.query_one(FitTable).select(select)
        await pilot.pause()


async def test_d_shows_assumptions_evidence_and_kill_by_instead_of_progress(sample_app: OkrApp):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_discovery(pilot)
        assert isinstance(sample_app.screen, DiscoveryScreen)
        assert sample_app.screen.query_one(FitTable).keys == ["O-4", "KR-10", "KR-11", "KR-12"]
        beta = row(sample_app, "KR-12")
        assert "behaviour" in beta and "+1 −1 ?0" in beta and "mixed" in beta
        assert "2026-12-03" in beta and "open" in beta
        assert "%" not in beta  # no progress bar, no percentage
        assert "process" in row(sample_app, "KR-10")
        assert "3 open discovery KRs" in text_of(sample_app, ".practice-heading")
        sample_app.screen.query_one(FitTable).select("KR-12")
        await pilot.pause()
        detail = text_of(sample_app, ".practice-detail")
        assert "Assumption: Accounts sending over 500 invoices" in detail
        assert "in 10 days" in detail and "declined: their ERP" in detail


async def test_evidence_takes_two_keystrokes_plus_the_note(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_discovery(pilot, "KR-12")
        await pilot.press("minus")
        note = sample_app.screen.query_one("#evidence-note")
        assert note.has_focus
        note.value = "Three of ten large accounts reconcile in their ERP"
        await pilot.press("enter")
        await pilot.pause()
        kr = sample_repo.find(KeyResult, "KR-12")
        latest = sample_repo.evidence(kr)[-1]
        assert (latest.verdict, latest.text) == (
            "refutes",
            "Three of ten large accounts reconcile in their ERP",
        )
        assert sample_app.screen.query_one("#evidence-bar").has_class("hidden")
        assert "+1 −2 ?0" in row(sample_app, "KR-12") and "refutes" in row(sample_app, "KR-12")


async def test_an_empty_note_is_refused_in_the_screen_and_escape_closes_the_bar(
    sample_app: OkrApp, sample_repo: Repository
):
    before = sha256(sample_repo.path)
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_discovery(pilot, "KR-11")
        await pilot.press("plus", "enter")
        await pilot.pause()
        assert "write what you found" in text_of(sample_app, ".practice-message")
        await pilot.press("escape")
        await pilot.pause()
        assert sample_app.screen.query_one("#evidence-bar").has_class("hidden")
        assert isinstance(sample_app.screen, DiscoveryScreen)
    assert sha256(sample_repo.path) == before


async def test_graduating_keeps_the_kr_and_its_history(sample_app: OkrApp, sample_repo: Repository):
    kr = sample_repo.find(KeyResult, "KR-11")
    checkins, findings = len(sample_repo.history(kr)), len(sample_repo.evidence(kr))
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_discovery(pilot, "KR-11")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(sample_app.screen, GraduateScreen)
        sample_app.screen.query_one(
            "#graduate-title"
        ).value = "Finance leads reconcile unaided from 70% to 90%"
        sample_app.screen.query_one("#graduate-target").value = "90"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(sample_app.screen, DiscoveryScreen)
        assert "graduated" in row(sample_app, "KR-11")
    outcome = sample_repo.find(KeyResult, "KR-11")
    assert (outcome.discovery_type, outcome.kind, outcome.target) == ("none", "outcome", 90)
    assert outcome.title == "Finance leads reconcile unaided from 70% to 90%"
    assert (
        len(sample_repo.history(outcome)) == checkins
        and len(sample_repo.evidence(outcome)) == findings
    )


async def test_a_process_kr_does_not_graduate_and_no_form_opens(
    sample_app: OkrApp, sample_repo: Repository
):
    before = sha256(sample_repo.path)
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_discovery(pilot, "KR-10")
        await pilot.press("o")
        await pilot.pause()
        assert not isinstance(sample_app.screen, GraduateScreen)
        assert "process KR" in text_of(sample_app, ".practice-message")
    assert sha256(sample_repo.path) == before


async def test_kill_asks_why_and_keeps_the_reason(sample_app: OkrApp, sample_repo: Repository):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_discovery(pilot, "KR-12")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(sample_app.screen, PromptScreen)
        await pilot.press("enter")  # no reason yet
        await pilot.pause()
        assert "say why" in text_of(sample_app, "#prompt-error")
        assert sample_repo.find(KeyResult, "KR-12").state == "active"
        sample_app.screen.query_one("#prompt-value").value = "Large accounts reconcile in their ERP"
        await pilot.press("enter")
        await pilot.pause()
        assert "killed" in row(sample_app, "KR-12")
    killed = sample_repo.find(KeyResult, "KR-12")
    assert (killed.state, killed.close_reason, killed.score) == (
        "closed",
        "Large accounts reconcile in their ERP",
        None,
    )


async def test_kill_by_date_is_set_and_a_bad_one_is_explained(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_discovery(pilot, "KR-10")
        await pilot.press("b")
        await pilot.pause()
        field = sample_app.screen.query_one("#prompt-value")
        for text, message in (("soon", "not a date"), ("2026-11-01", "has passed")):
            field.value = text
            await pilot.press("enter")
            await pilot.pause()
            assert message in text_of(sample_app, "#prompt-error")
        field.value = "2026-12-11"
        await pilot.press("enter")
        await pilot.pause()
        assert "2026-12-11" in row(sample_app, "KR-10")
    assert sample_repo.find(KeyResult, "KR-10").kill_by == date(2026, 12, 11)


async def test_enter_opens_the_kr_detail(sample_app: OkrApp):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_discovery(pilot, "KR-11")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(sample_app.screen, KrDetailScreen) and sample_app.screen.kr_key == "KR-11"


async def test_a_cycle_without_discovery_says_how_to_start(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await open_discovery(pilot)
        assert "no discovery objectives yet" in text_of(app, "#discovery-empty")
        await pilot.press("plus")
        await pilot.pause()
        assert "Select a key result" in text_of(app, ".practice-message")


async def test_a_kill_by_date_after_the_cycle_is_kept_and_said(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_discovery(pilot, "KR-10")
        await pilot.press("b")
        await pilot.pause()
        sample_app.screen.query_one("#prompt-value").value = "2027-06-01"
        await pilot.press("enter")
        await pilot.pause()
        assert any(
            "2027-06-01 is after 2026-Q4 ends" in str(n.message) for n in sample_app._notifications
        )
    assert sample_repo.find(KeyResult, "KR-10").kill_by == date(2027, 6, 1)


async def test_enter_in_the_graduate_form_moves_on_and_graduates_nothing(
    sample_app: OkrApp, sample_repo: Repository
):
    before = sha256(sample_repo.path)
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_discovery(pilot, "KR-11")
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(sample_app.screen, GraduateScreen)
        assert sample_app.focused.id == "graduate-target"
    assert sha256(sample_repo.path) == before
