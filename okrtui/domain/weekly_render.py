"""Provides the weekly report's three forms: Markdown to paste into chat or an e-mail, JSON
for scripts, and one self-contained HTML file (inline CSS and SVG charts, nothing fetched)
to open in a browser or attach.

Text from people (titles, notes, evidence) is data in every form: control characters are
replaced in Markdown and JSON is plain JSON, and in HTML everything is escaped, so a title
such as `<script>` or `[bold]` shows as written and does nothing.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from okrtui.domain.models import format_number
from okrtui.domain.progress import STATUS_LABELS
from okrtui.domain.weekly import KrWeek, WeeklyReport, sparkline
from okrtui.domain.wording import count, plain

# -- shared wording ---------------------------------------------------------------------------


def _amount(value: float | None, unit: str) -> str:
    text = format_number(value)
    if value is None or not unit:
        return text
    return f"{text} {unit}" if unit != "%" else f"{text} %"


def movement(k: KrWeek) -> str:
    """`45 → 52 % (+28 pts)`, `first check-in: 52 %` or `stayed at 52 %`."""
    after = _amount(k.after.value, k.unit)
    if k.after.kr.type == "milestone":
        done = "done" if (k.after.value or 0) >= 1 else "not done"
        return done if k.moved or k.before.value is None else f"still {done}"
    if k.before.value is None:
        return f"first check-in: {after}"
    if not k.moved:
        return f"stayed at {after}"
    points = k.progress_points
    delta = f" ({points:+d} pts)" if points is not None else ""
    return f"{_amount(k.before.value, k.unit)} → {after}{delta}"


def confidence_text(k: KrWeek) -> str:
    """`confidence 7 → 5`."""
    return f"confidence {k.before.confidence} → {k.after.confidence}"


def stale_text(k: KrWeek) -> str:
    days = k.after.days_since_checkin
    return "never checked in" if days is None else f"last check-in {count(days, 'day')} ago"


def headline(report: WeeklyReport) -> str:
    """`2026-Q4, week of 2026-11-17 → 2026-11-23: 4 of 6 key results checked in, 3 moved`."""
    return (
        f"{report.cycle}, week of {report.start.isoformat()} → {report.end.isoformat()}: "
        f"{report.checked} of {count(len(report.krs), 'key result')} checked in, "
        f"{len(report.moved)} moved"
    )


# -- Markdown ---------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Text from people on one Markdown line: no control characters, no line breaks."""
    return plain(text).strip()


def to_markdown(report: WeeklyReport) -> str:
    """The report as Markdown: a heading, then a short list per section (empty ones left
    out), sparklines as text so they survive any chat."""
    out = [f"## Weekly OKR report: {_md(headline(report))}", ""]

    def section(title: str, lines: Sequence[str]) -> None:
        if lines:
            out.extend([f"**{title}**", "", *lines, ""])

    def label(k: KrWeek) -> str:
        return f"{k.key} {_md(k.title)}"

    section(
        "What moved",
        [
            f"- {label(k)}: {movement(k)} `{sparkline(k.values)}` "
            f"(confidence {k.after.confidence} `{sparkline(k.confidences)}`)"
            + (f" · backlog: {k.backlog}" if k.backlog else "")
            for k in report.moved
        ],
    )
    section("Checked in, did not move", [f"- {label(k)}: {movement(k)}" for k in report.stalled])
    section("Stale", [f"- {label(k)}: {stale_text(k)}" for k in report.stale])
    section(
        "Confidence fell", [f"- {label(k)}: {confidence_text(k)}" for k in report.confidence_fell]
    )
    section(
        "Confidence rose", [f"- {label(k)}: {confidence_text(k)}" for k in report.confidence_rose]
    )
    section(
        "Bets",
        [
            f"- {b.key} {_md(b.title)}: {b.decision} on {b.day.isoformat()}"
            + (f" ({', '.join(b.unmoved)} did not move)" if b.unmoved else "")
            for b in report.bets
        ],
    )
    section(
        "Evidence logged",
        [f"- {e.key} ({e.verdict}, {e.day.isoformat()}): {_md(e.text)}" for e in report.evidence],
    )
    section(
        "Notes",
        [
            f"- {n.key} ({n.day.isoformat()}{', ' + _md(n.who) if n.who else ''}): {_md(n.text)}"
            for n in report.notes
        ],
    )
    if report.backlog:
        section("Backlog", [f"- {_md(report.backlog)}"])
    if report.quiet:
        out.extend(["Nothing was checked in, decided or logged this week.", ""])
    return "\n".join(out).rstrip() + "\n"


# -- JSON -------------------------------------------------------------------------------------


def _kr_json(k: KrWeek) -> dict[str, Any]:
    return {
        "key": k.key,
        "title": k.title,
        "objective": k.objective_key,
        "unit": k.unit,
        "value_before": k.before.value,
        "value": k.after.value,
        "progress_points": k.progress_points,
        "confidence_before": k.before.confidence,
        "confidence": k.after.confidence,
        "status": k.after.status,
        "checked_in": k.checked,
        "moved": k.moved,
        "values": k.values,
        "confidences": k.confidences,
        "backlog": k.backlog,
    }


def to_json(report: WeeklyReport) -> dict[str, Any]:
    """The report as a JSON-ready document; lists of keys say which KR is in which section."""
    return {
        "cycle": report.cycle,
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "key_results": [_kr_json(k) for k in report.krs],
        "moved": [k.key for k in report.moved],
        "stalled": [k.key for k in report.stalled],
        "stale": [k.key for k in report.stale],
        "confidence_fell": [k.key for k in report.confidence_fell],
        "confidence_rose": [k.key for k in report.confidence_rose],
        "bets": [
            {
                "key": b.key,
                "title": b.title,
                "decision": b.decision,
                "day": b.day.isoformat(),
                "unmoved": list(b.unmoved),
            }
            for b in report.bets
        ],
        "evidence": [
            {"key": e.key, "day": e.day.isoformat(), "verdict": e.verdict, "text": e.text}
            for e in report.evidence
        ],
        "notes": [
            {"key": n.key, "day": n.day.isoformat(), "author": n.who, "text": n.text}
            for n in report.notes
        ],
        "backlog": report.backlog,
    }


# -- HTML -------------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;max-width:52rem;margin:2rem auto;
padding:0 1rem;color:#1d2430}
h1{font-size:1.35rem}h2{font-size:1.05rem;margin-top:1.6rem;border-bottom:1px solid #dde}
table{border-collapse:collapse;width:100%}td,th{padding:.3rem .5rem;text-align:left;
vertical-align:middle;border-bottom:1px solid #eef}th{font-weight:600;color:#556}
.key{font-family:ui-monospace,monospace;color:#556;white-space:nowrap}
.on_track{color:#18794e}.at_risk{color:#a35200}.off_track{color:#c2281d}.stale{color:#777}
ul{padding-left:1.2rem}svg{display:block}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def chart_svg(values: Sequence[float], confidences: Sequence[float], label: str) -> str:
    """A small inline SVG: the value series as a line, confidence (0–10) as a dashed line."""
    width, height, pad = 160, 36, 3

    def points(series: Sequence[float], low: float, high: float) -> str:
        if not series:
            return ""
        span = (high - low) or 1.0
        step = (width - 2 * pad) / max(1, len(series) - 1)
        return " ".join(
            f"{pad + i * step:.1f},{height - pad - (v - low) / span * (height - 2 * pad):.1f}"
            for i, v in enumerate(series)
        )

    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    parts = [
        f'<svg class="chart" role="img" aria-label="{_e(label)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_e(label)}</title>",
    ]
    if len(values) == 1:
        x, y = width / 2, height / 2
        parts.append(f'<circle class="value" cx="{x}" cy="{y}" r="3" fill="#2f5bd3"/>')
    elif values:
        parts.append(
            f'<polyline class="value" fill="none" stroke="#2f5bd3" stroke-width="2" '
            f'points="{points(values, low, high)}"/>'
        )
    if len(confidences) > 1:
        parts.append(
            f'<polyline class="confidence" fill="none" stroke="#a35200" stroke-width="1" '
            f'stroke-dasharray="3 2" points="{points(confidences, 0, 10)}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def to_html(report: WeeklyReport) -> str:
    """The report as one self-contained HTML document (no scripts, no external files)."""
    title = f"Weekly OKR report: {headline(report)}"
    body = [f"<h1>{_e(title)}</h1>"]

    def kr_table(caption: str, rows: Sequence[KrWeek], say: Any) -> None:
        if not rows:
            return
        body.append(
            f"<h2>{_e(caption)}</h2><table><tr><th>Key result</th><th>This week</th>"
            "<th>Trend (value, confidence)</th><th>Status</th></tr>"
        )
        for k in rows:
            status = k.after.status
            body.append(
                f'<tr><td><span class="key">{_e(k.key)}</span> {_e(k.title)}</td>'
                f"<td>{_e(say(k))}</td>"
                f"<td>{chart_svg(k.values, k.confidences, f'{k.key}: value and confidence')}</td>"
                f'<td class="{_e(status)}">{_e(STATUS_LABELS.get(status, status))}</td></tr>'
            )
        body.append("</table>")

    def items(caption: str, lines: Sequence[str]) -> None:
        if lines:
            body.append(f"<h2>{_e(caption)}</h2><ul>")
            body.extend(f"<li>{line}</li>" for line in lines)
            body.append("</ul>")

    kr_table("What moved", report.moved, movement)
    kr_table("Checked in, did not move", report.stalled, movement)
    kr_table("Stale", report.stale, stale_text)
    kr_table("Confidence fell", report.confidence_fell, confidence_text)
    kr_table("Confidence rose", report.confidence_rose, confidence_text)
    items(
        "Bets",
        [
            f'<span class="key">{_e(b.key)}</span> {_e(b.title)}: {_e(b.decision)} on '
            f"{_e(b.day.isoformat())}"
            + (f" ({_e(', '.join(b.unmoved))} did not move)" if b.unmoved else "")
            for b in report.bets
        ],
    )
    items(
        "Evidence logged",
        [
            f'<span class="key">{_e(e.key)}</span> ({_e(e.verdict)}, {_e(e.day.isoformat())}): '
            f"{_e(e.text)}"
            for e in report.evidence
        ],
    )
    items(
        "Notes",
        [
            f'<span class="key">{_e(n.key)}</span> ({_e(n.day.isoformat())}'
            f"{', ' + _e(n.who) if n.who else ''}): {_e(n.text)}"
            for n in report.notes
        ],
    )
    if report.backlog:
        items("Backlog", [_e(report.backlog)])
    if report.quiet:
        body.append("<p>Nothing was checked in, decided or logged this week.</p>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
