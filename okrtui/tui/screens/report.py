"""Provides `ReportScreen`: the weekly story of a cycle (`domain.weekly`), the same report as
`okrtui report`, with the bets whose key results stalled this week to keep, pivot or drop.

"Strong teams revisit OKRs often enough to learn, not just often enough to report": the screen
shows what moved (with sparklines), what stalled, what is stale, whose confidence fell or rose,
the bets decided, the evidence and notes of the seven days ending on the day shown. `[` and `]`
step a week back or forward; `s` saves it as Markdown or HTML (by the file's ending) to share.
It is what the check-in summary's `w` opens, and `w` on the dashboard reopens it any time.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from okrtui.domain.errors import InvalidInput, OkrError
from okrtui.domain.models import Cycle
from okrtui.domain.weekly import WEEK_DAYS, WeeklyReport
from okrtui.tui.widgets.bet_decisions import BetDecisions
from okrtui.tui.widgets.footer import OkrFooter
from okrtui.tui.widgets.report_view import report_text


class ReportScreen(Screen[None]):
    """The weekly report of one cycle."""

    TITLE = "Weekly report"
    BINDINGS = [
        Binding(
            "left_square_bracket", "week(-1)", "Week before", key_display="[", id="report.previous"
        ),
        Binding("right_square_bracket", "week(1)", "Week after", key_display="]", id="report.next"),
        Binding("s", "save", "Save as md/html", id="report.save"),
        Binding("escape,q", "back", "Back", id="report.back"),
    ]

    def __init__(self, cycle: Cycle, end: date | None = None) -> None:
        super().__init__()
        self._cycle = cycle
        self._end = end
        self._report: WeeklyReport | None = None

    @property
    def repository(self):
        return self.app.repository  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="report-body"):
            yield Static(id="report-text")
        yield self._decisions()
        yield Static(id="report-message")
        yield OkrFooter()

    def _decisions(self) -> BetDecisions:
        try:
            report = self._load()
        except OkrError:
            return BetDecisions(self.repository, [])
        return BetDecisions(self.repository, [k.key for k in report.stalled])

    def on_bet_decisions_pivot_asked(self, event: BetDecisions.PivotAsked) -> None:
        """Pivot a bet: the bet form, back in the bets' table when it closes."""
        from okrtui.tui.dialogs.bet_forms import BetFormScreen

        decisions = self.query_one(BetDecisions)
        self.app.push_screen(
            BetFormScreen(event.bet, pivot=True),
            lambda change: decisions.pivoted(event.bet, change),
        )

    def _load(self) -> WeeklyReport:
        if self._end is None:
            self._end = self.repository.today()
        self._report = self.repository.weekly.report(self._cycle, self._end)
        return self._report

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        try:
            report = self._load()
        except OkrError as error:
            self.query_one("#report-message", Static).update(str(error))
            return
        self.query_one("#report-text", Static).update(report_text(report))

    def action_week(self, step: int) -> None:
        assert self._end is not None
        end = self._end + timedelta(days=WEEK_DAYS * step)
        if end > self.repository.today():
            self.notify("That week has not happened yet", severity="warning")
            return
        self._end = end
        self.show()

    def action_save(self) -> None:
        """Ask for a file and write the report there, as HTML or Markdown by its ending."""
        from okrtui.tui.dialogs.prompt import PromptScreen

        assert self._end is not None
        default = str(Path.cwd() / f"okr-week-{self._end.isoformat()}.md")
        self.app.push_screen(
            PromptScreen(
                "Save the weekly report",
                "File (.md for chat and e-mail, .html for a browser)",
                self._write,
                default,
            ),
            lambda written: self.notify(f"Wrote {written}", timeout=4) if written else None,
        )

    def _write(self, name: str) -> str:
        from okrtui.domain.weekly_render import to_html, to_markdown
        from okrtui.store.engine.storage import atomic_write_bytes

        if self._report is None:
            raise InvalidInput("there is no report to save")
        target = Path(name.strip()).expanduser()
        if not name.strip():
            raise InvalidInput("give a file name ending in .md or .html")
        if target.suffix.lower() not in (".md", ".html", ".htm"):
            raise InvalidInput(f"{target.name} ends in neither .md nor .html")
        if target.resolve() == Path(self.repository.path).resolve():
            raise InvalidInput("that is the database itself; give another file")
        render = to_markdown if target.suffix.lower() == ".md" else to_html
        try:
            atomic_write_bytes(target, render(self._report).encode("utf-8"))
        except OSError as exc:
            raise InvalidInput(f"cannot write {target}: {exc.strerror}") from None
        return str(target)

    def action_back(self) -> None:
        self.dismiss(None)
