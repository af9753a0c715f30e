"""Provides `report_text`: the weekly report (`domain.weekly`) as a Rich `Text` for screens.

Text from people (titles, notes, evidence) is appended as plain text, never parsed as markup,
so a title such as `[bold]` shows as written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text

from okrtui.domain.weekly import KrWeek, WeeklyReport, sparkline
from okrtui.domain.weekly_render import confidence_text, headline, movement, stale_text
from okrtui.domain.wording import plain


def _kr_lines(
    text: Text, heading: str, style: str, rows: Sequence[KrWeek], say: Callable[[KrWeek], str]
) -> None:
    if not rows:
        return
    text.append(f"\n{heading}\n", style=f"bold {style}")
    for k in rows:
        text.append(f"  {k.key:<6} ", style="bold")
        text.append(f"{plain(k.title)}\n", style="bright_black")
        text.append("         " + say(k))
        if k.values and say is movement:
            text.append(f"  {sparkline(k.values)}", style="cyan")
            text.append(f"  confidence {sparkline(k.confidences)}", style="magenta")
        if k.backlog:
            text.append(f"  · backlog: {plain(k.backlog)}", style="bright_black")
        text.append("\n")


def report_text(report: WeeklyReport) -> Text:
    """The report's sections, empty ones left out."""
    text = Text(headline(report) + "\n", style="bold")
    _kr_lines(text, "What moved", "green", report.moved, movement)
    _kr_lines(text, "Checked in, did not move", "yellow", report.stalled, movement)
    _kr_lines(
        text, "Stale (no check-in within the cadence)", "bright_black", report.stale, stale_text
    )
    _kr_lines(text, "Confidence fell", "red", report.confidence_fell, confidence_text)
    _kr_lines(text, "Confidence rose", "green", report.confidence_rose, confidence_text)
    if report.bets:
        text.append("\nBets\n", style="bold")
        for b in report.bets:
            text.append(f"  {b.key:<6} ", style="bold")
            text.append(f"{b.decision} on {b.day.isoformat()}")
            if b.unmoved:
                text.append(f" ({', '.join(b.unmoved)} did not move)")
            text.append(f"  {plain(b.title)}\n", style="bright_black")
    for heading, logged in (("Evidence logged", report.evidence), ("Notes", report.notes)):
        if not logged:
            continue
        text.append(f"\n{heading}\n", style="bold")
        for item in logged:
            text.append(f"  {item.key:<6} ", style="bold")
            extra = item.verdict or plain(item.who)
            text.append(
                f"{item.day.isoformat()}{', ' + extra if extra else ''}: ", style="bright_black"
            )
            text.append(plain(item.text) + "\n")
    if report.backlog:
        text.append(f"\nBacklog: {plain(report.backlog)}\n", style="bright_black")
    if report.quiet:
        text.append("\nNothing was checked in, decided or logged this week.\n", style="italic")
    return text


def week_line(report: WeeklyReport) -> Text:
    """One line of the week for the check-in summary: `This week: 9 of 14 checked in, …`."""
    parts = [
        f"{report.checked} of {len(report.krs)} checked in",
        f"{len(report.moved)} moved",
        f"{len(report.stale)} stale",
    ]
    if report.confidence_fell:
        parts.append(f"{len(report.confidence_fell)} with confidence falling")
    if report.bets:
        parts.append(f"{len(report.bets)} bet decision{'s' if len(report.bets) > 1 else ''}")
    return Text("This week: " + ", ".join(parts) + " · w opens the weekly report", style="bold")
