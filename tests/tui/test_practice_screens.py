"""Pilot tests of the context screen (C), the backlog screen (b) and the weekly report (w),
and of the draft's context panel, on the sample workspace at 80×24 and 120×40."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea

from okrtui.domain.models import KeyResult
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.dialogs.checkin_summary import CheckinSummaryScreen
from okrtui.tui.screens.backlog import BacklogScreen
from okrtui.tui.screens.context import ContextScreen
from okrtui.tui.screens.draft import DraftScreen
from okrtui.tui.screens.report import ReportScreen

DATA = Path(__file__).parent.parent / "data" / "backlog"
SIZES = [(80, 24), (120, 40)]


def rendered(app: OkrApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def type_into(pilot, text: str) -> None:
    for character in text:
        await pilot.press(character if character != " " else "space")


@pytest.mark.parametrize("size", SIZES)
async def test_context_is_written_switched_pulled_and_shown_beside_the_draft(
    sample_app: OkrApp, sample_repo: Repository, size
):
    async with sample_app.run_test(size=size) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(sample_app.screen, DraftScreen)
        assert "no-strategy" in rendered(sample_app, "#coach-text")
        assert "not written down yet" in rendered(sample_app, "#draft-context-text")
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("C")
        await pilot.pause()
        assert isinstance(sample_app.screen, ContextScreen)
        assert "workspace" in rendered(sample_app, "#context-heading")
        sample_app.screen.query_one("#context-purpose", Input).value = "[bold]Small firms[/] paid"
        sample_app.screen.query_one("#context-narrative", TextArea).load_text(
            "Invoicing first, then payments"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Write the workspace's context" in rendered(sample_app, "#context-message")
        stored = sample_repo.context.of(None)
        assert stored.purpose == "[bold]Small firms[/] paid" and stored.has_strategy

        await pilot.press("ctrl+g")  # pull in the company OKRs and 2026-Q3's unfinished KRs
        await pilot.pause()
        cycle = sample_repo.current_cycle()
        titles = [i.title for i in sample_repo.context.of(cycle).inputs]
        assert any(t.startswith("company OKR O-") for t in titles)
        assert any(t.startswith("unfinished in 2026-Q3") for t in titles)
        assert "2026-Q4" in rendered(sample_app, "#context-heading")  # now on the cycle's
        assert (
            "unfinished in 2026-Q3" in sample_app.screen.query_one("#context-inputs", TextArea).text
        )
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("n")
        await pilot.pause()
        panel = rendered(sample_app, "#draft-context-text")
        assert "[bold]Small firms[/] paid" in panel  # text from people, never markup
        assert "Invoicing first" in panel
        assert "no-strategy" not in rendered(sample_app, "#coach-text")


async def test_leaving_the_context_with_changes_asks_first(sample_app: OkrApp, sample_repo):
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("C")
        await pilot.pause()
        await type_into(pilot, "draft")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(sample_app.screen, ContextScreen)  # the question
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert isinstance(sample_app.screen, ContextScreen)
    assert sample_repo.context.of(None) is None


@pytest.mark.parametrize("size", SIZES)
async def test_backlog_import_link_triage_and_the_dashboard_count(
    sample_app: OkrApp, sample_repo: Repository, size
):
    async with sample_app.run_test(size=size) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(sample_app.screen, BacklogScreen)
        assert "The backlog is empty" in rendered(sample_app, "#backlog-empty")
        await pilot.press("i")
        await pilot.pause()
        sample_app.screen.query_one("#prompt-value", Input).value = str(DATA / "gh-issues.json")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(sample_app.screen, BacklogScreen)
        assert "(github): 4 new" in rendered(sample_app, "#backlog-message")
        table = sample_app.screen.query_one(DataTable)
        assert table.row_count == 4
        hostile = [str(c) for c in table.get_row_at(3)]
        assert "[bold red]Docs[/]" in hostile[2]  # shown as written, not as markup
        assert "3 open items" in rendered(sample_app, "#backlog-summary")

        await pilot.press("l")
        await pilot.pause()
        sample_app.screen.query_one("#prompt-value", Input).value = "KR-4"
        await pilot.press("enter")
        await pilot.pause()
        assert "Link #412 to KR-4" in rendered(sample_app, "#backlog-message")
        assert "33 % of the backlog serves an OKR" in rendered(sample_app, "#backlog-summary")
        await pilot.press("t")
        await pilot.pause()
        assert [r.key.value for r in table.ordered_rows] == [
            sample_repo.backlog.find("#415").id,
            sample_repo.backlog.find("#420").id,
        ]
        await pilot.press("l")
        await pilot.pause()
        sample_app.screen.query_one("#prompt-value", Input).value = "KR-999"
        await pilot.press("enter")
        await pilot.pause()
        assert "no key result or bet is called 'KR-999'" in rendered(sample_app, "#prompt-error")
        await pilot.press("escape", "escape")
        await pilot.pause()

        kr4 = sample_repo.find(KeyResult, "KR-4")
        dashboard = sample_app.dashboard
        assert dashboard.reveal("KR-4")
        await pilot.pause()
        assert "backlog: 1 item: 1 open" in rendered(sample_app, "#detail")
        assert sample_repo.backlog.items_of(kr4)[0].tracker_key == "#412"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


@pytest.mark.parametrize("size", SIZES)
async def test_weekly_report_screen_steps_weeks_and_saves(
    sample_app: OkrApp, tmp_path, monkeypatch, size
):
    monkeypatch.chdir(tmp_path)
    async with sample_app.run_test(size=size) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(sample_app.screen, ReportScreen)
        text = rendered(sample_app, "#report-text")
        assert "week of 2026-11-17 → 2026-11-23" in text
        assert "What moved" in text and "Stale" in text and "Evidence logged" in text
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "week of 2026-11-17" in rendered(sample_app, "#report-text")  # no future week
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "week of 2026-11-10 → 2026-11-16" in rendered(sample_app, "#report-text")
        await pilot.press("s")
        await pilot.pause()
        field = sample_app.screen.query_one("#prompt-value", Input)
        assert field.value.endswith("okr-week-2026-11-16.md")
        field.value = str(tmp_path / "week.html")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(sample_app.screen, ReportScreen)
        tags = _Tags()
        tags.feed((tmp_path / "week.html").read_text(encoding="utf-8"))
        assert "svg" in tags.tags and "polyline" in tags.tags
        await pilot.press("escape")
        await pilot.pause()
        assert sample_app.screen is sample_app.dashboard


async def test_the_check_in_summary_is_a_view_of_the_report_and_opens_it(
    sample_app: OkrApp, sample_repo: Repository
):
    from okrtui.domain.checkin_flow import CheckinSummary

    async with sample_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # The summary as the dashboard shows it at the end of a check-in round.
        sample_app.dashboard._after_checkin(CheckinSummary(checked=1))
        await pilot.pause()
        assert isinstance(sample_app.screen, CheckinSummaryScreen)
        assert "This week: 13 of 14 checked in, 9 moved" in rendered(
            sample_app, "#checkin-summary-week"
        )
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(sample_app.screen, ReportScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("w")  # reopened from the dashboard any time
        await pilot.pause()
        assert isinstance(sample_app.screen, ReportScreen)


async def test_the_draft_coach_notes_a_kr_recycled_from_last_cycle(sample_app: OkrApp):
    """2026-Q3 had "Activation rate from 30% to 40%": the same metric and target again is a
    recycled KPI (info); a new target is not."""
    async with sample_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = sample_app.screen
        screen.query_one("#kr-title", Input).value = "Activation rate from 32% to 40%"
        screen.query_one("#kr-baseline", Input).value = "32"
        screen.query_one("#kr-target", Input).value = "40"
        screen.query_one("#kr-unit", Input).value = "%"
        await pilot.pause()
        coach = rendered(sample_app, "#coach-text")
        assert "recycled-kpi" in coach and "of 2026-Q3" in coach
        screen.query_one("#kr-target", Input).value = "45"
        await pilot.pause()
        assert "recycled-kpi" not in rendered(sample_app, "#coach-text")


async def test_the_roadmap_shows_the_backlog_items_serving_a_bet(
    sample_app: OkrApp, sample_repo: Repository
):
    from okrtui.domain.models import Bet

    sample_repo.backlog.add("PAY-7", "Retry failed bank syncs", status="In Progress")
    sample_repo.backlog.link(sample_repo.backlog.find("PAY-7"), sample_repo.find(Bet, "B-2"))
    async with sample_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        sample_app.screen._focus_bet("B-2")
        await pilot.pause()
        assert "▤ backlog: PAY-7 (In Progress)" in rendered(sample_app, ".practice-detail")
