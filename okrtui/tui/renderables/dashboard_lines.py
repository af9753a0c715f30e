"""Provides the one-line texts around the dashboard's table: the cycle summary, the filter
status and the detail of the selected objective or key result."""

from __future__ import annotations

from collections import Counter
from datetime import date

from rich.text import Text

from okrtui.domain.filters import Filter
from okrtui.domain.models import Cycle, Objective, format_number
from okrtui.domain.progress import STATUS_LABELS, KrSnapshot, Status, expected_progress
from okrtui.domain.signals import divergence
from okrtui.domain.wording import count
from okrtui.tui.renderables.glyphs import FLAG, STATUS_STYLES

STATUS_ORDER: tuple[Status, ...] = (
    "on_track",
    "at_risk",
    "off_track",
    "stale",
    "not_started",
    "closed",
    "killed",
)


def cycle_summary(cycle: Cycle, snapshots: list[KrSnapshot], today: date, width: int = 200) -> Text:
    """`2026-Q4 · Oct 1 → Dec 31 · week 8/13 (59%) · 12 KRs ● 7 on track ◌ 2 stale`; the
    status counts lose their words (`● 7 ◌ 2`) when the line would not fit in `width`."""
    full = _cycle_summary(cycle, snapshots, today, words=True)
    if full.cell_len <= width:
        return full
    return _cycle_summary(cycle, snapshots, today, words=False)


def cycle_time(cycle: Cycle, today: date) -> str:
    """Where `today` falls in the cycle: `week 8/13 (59%)`, or, outside it, `starts in 35
    days` / `ended 3 days ago` (a planned cycle is not in its first week yet)."""
    if today < cycle.start:
        return f"starts in {count((cycle.start - today).days, 'day')}"
    if today > cycle.end:
        return f"ended {count((today - cycle.end).days, 'day')} ago"
    expected = expected_progress(cycle, today)
    weeks = max(1, round(cycle.length_days / 7))
    week = min(weeks, max(1, round(expected * weeks + 0.5)))
    return f"week {week}/{weeks} ({expected:.0%})"


def _cycle_summary(cycle: Cycle, snapshots: list[KrSnapshot], today: date, words: bool) -> Text:
    text = Text(cycle.name, style="bold")
    state = "" if cycle.state == "active" else f" · {cycle.state}"
    text.append(f" · {cycle.start:%b %-d} → {cycle.end:%b %-d}{state} · {cycle_time(cycle, today)}")
    counts = Counter(s.status for s in snapshots)
    text.append(f" · {len(snapshots)} KRs", style="bold")
    for status in STATUS_ORDER:
        if counts[status]:
            colour, glyph = STATUS_STYLES[status]
            label = f" {STATUS_LABELS[status]}" if words else ""
            text.append(f"  {glyph} {counts[status]}{label}", style=colour)
    return text


def filter_status(active: Filter, shown: int, total: int) -> Text:
    """`filter: owner:maria · 4 of 12 KRs · / edits · esc clears`."""
    text = Text("filter: ", style="bold")
    text.append(active.text, style="bold yellow")
    text.append(f" · {shown} of {total} KRs · / edits · esc clears", style="bright_black")
    return text


def kr_detail(snap: KrSnapshot) -> Text:
    """Two lines about the selected KR: its full title, then its facts and last check-in."""
    kr = snap.kr
    text = Text(f"{kr.key}  {kr.title}\n", style="bold")
    facts = [kr.kind, kr.indicator, kr.direction.replace("_", " ")]
    if kr.owner:
        facts.insert(0, kr.owner)
    text.append(" · ".join(facts), style="bright_black")
    signal = divergence(snap)
    if signal:
        text.append(f"  {FLAG} {signal}", style="bold yellow")
    if not snap.checkins:
        text.append("  no check-ins yet", style="italic")
        return text
    last = snap.checkins[-1]
    text.append(
        f"  last {last.date:%b %-d}: {format_number(last.value)}, confidence {last.confidence}"
    )
    if last.note:
        text.append(f" — “{last.note}”", style="italic")
    return text


def objective_detail(objective: Objective) -> Text:
    """Two lines about the selected objective: its full title, then owner, level, mode,
    state and why."""
    text = Text(f"{objective.key}  {objective.label}\n", style="bold")
    facts: list[str] = [objective.level, objective.mode, objective.state]
    if objective.owner:
        facts.insert(0, objective.owner)
    text.append(" · ".join(facts), style="bright_black")
    if objective.why:
        text.append(f"  why: {objective.why}", style="italic")
    return text
