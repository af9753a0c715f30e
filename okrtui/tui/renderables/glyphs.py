"""Provides small text renderables: progress bars, sparklines and status labels.

They are plain `rich.text.Text`, so a table cell, a header or a test can use them alike, and a
whole cycle renders without a widget per cell.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from okrtui.domain.progress import STATUS_LABELS, Status

SPARK_LEVELS = "▁▂▃▄▅▆▇█"
BAR_FULL, BAR_EMPTY = "█", "░"

#: The colour (a Textual theme variable name works in markup too, but cells need plain
#: styles) and the glyph of each status. Stale is grey on purpose: never mistaken for green.
STATUS_STYLES: dict[Status, tuple[str, str]] = {
    "on_track": ("green", "●"),
    "at_risk": ("yellow", "▲"),
    "off_track": ("red", "✖"),
    "stale": ("bright_black", "◌"),
    "not_started": ("bright_black", "·"),
    "closed": ("blue", "■"),
    "killed": ("bright_black", "×"),
}


def progress_bar(fraction: float | None, width: int = 10, style: str = "") -> Text:
    """A bar `width` cells wide filled to `fraction` (0–1), followed by the percentage."""
    if fraction is None:
        return Text("–".rjust(width + 5), style="bright_black")
    fraction = min(1.0, max(0.0, fraction))
    filled = round(fraction * width)
    bar = Text(BAR_FULL * filled, style=style or "bold")
    bar.append(BAR_EMPTY * (width - filled), style="bright_black")
    bar.append(f" {fraction:>4.0%}")
    return bar


def sparkline(
    values: Sequence[float],
    width: int = 8,
    style: str = "",
    scale: tuple[float, float] | None = None,
) -> Text:
    """The last `width` values as bar glyphs, scaled between their min and max or between
    the bounds of a fixed `scale` (confidence is always 0–10)."""
    recent = list(values)[-width:]
    if not recent:
        return Text("·" * width, style="bright_black")
    low, high = scale or (min(recent), max(recent))
    span = high - low
    glyphs = "".join(
        SPARK_LEVELS[3]
        if span == 0
        else SPARK_LEVELS[round((v - low) / span * (len(SPARK_LEVELS) - 1))]
        for v in recent
    )
    return Text(glyphs.rjust(width), style=style)


def status_label(status: Status, days_since: int | None = None) -> Text:
    """The status as a coloured glyph and word ("◌ stale 23d" for a stale KR)."""
    colour, glyph = STATUS_STYLES[status]
    label = f"{glyph} {STATUS_LABELS[status]}"
    if status == "stale" and days_since is not None:
        label += f" {days_since}d"
    return Text(label, style=colour)


#: Marks a KR whose value and confidence tell different stories (see domain.signals).
FLAG = "⚑"
