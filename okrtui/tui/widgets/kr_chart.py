"""Provides `KrChart`: a key result's value over its cycle, drawn with plotext.

The chart plots what `okrtui.domain.series.kr_series` computed: the value at each check-in
(dates on x), the goal line (target, threshold or "done"), the ideal pace from the baseline
at the cycle's start to the target at its end, a mark for today, and the confidence (0–10) on
a second y axis at the right, so a falling confidence shows beside a rising value in one
glance, in 120×40 and in 80×24 alike. Colours come from the Textual theme; `legend()` gives
the matching key as markup for a line beside the chart.

Dates go to plotext as `Y-m-d` strings with explicit ticks: plotext labels automatic date
ticks in the local time zone, which would shift them a day west of UTC and make snapshots
depend on where they run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from textual.color import Color
from textual.markup import escape
from textual_plotext import PlotextPlot

from okrtui.domain.models import format_number
from okrtui.domain.series import KrSeries, Reading, date_ticks, nice_ticks, value_range

#: Cells one date label needs, gap included ("Nov 26" and room to breathe).
DATE_LABEL_CELLS = 12
#: Rows per y tick: one label every other row keeps the axis readable.
ROWS_PER_TICK = 2
#: The confidence axis: a little room beyond 0 and 10 so the marks never sit on the frame.
CONFIDENCE_RANGE = (-0.5, 10.5)

#: Which theme colour draws each part of the chart (and its legend swatch).
ROLE_COLOURS = {
    "value": "primary",
    "goal": "success",
    "pace": "foreground-muted",
    "today": "foreground-muted",
    "confidence": "accent",
}


def _day(day: date) -> str:
    return day.isoformat()


def _days(readings: Sequence[Reading]) -> list[str]:
    return [_day(day) for day, _ in readings]


def _numbers(readings: Sequence[Reading]) -> list[float]:
    return [number for _, number in readings]


class KrChart(PlotextPlot):
    """A key result's value, goal, pace and confidence over its cycle."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: What the chart shows; None draws nothing.
        self.series: KrSeries | None = None

    def on_mount(self) -> None:
        self.plt.date_form("Y-m-d")
        # Colours follow the theme, so a theme switch redraws the lines as well.
        self.watch(self.app, "theme", self._theme_changed, init=False)

    @property
    def _figure(self) -> Any:
        """plotext, untyped here: given `date_form`, it takes days as "YYYY-MM-DD" strings
        (and `yside="right"`), which its type hints, written for numbers only, refuse."""
        return self.plt

    def _theme_changed(self) -> None:
        self.call_after_refresh(self.replot)

    def on_resize(self) -> None:
        # Tick counts depend on the size.
        self.replot()

    def show(self, series: KrSeries | None) -> None:
        """Chart `series` (None clears the chart)."""
        self.series = series
        self.replot()

    def _colour(self, role: str) -> tuple[int, int, int]:
        """The RGB of a role's theme colour, blended over the surface when translucent."""
        variables = self.app.theme_variables
        colour = Color.parse(variables.get(ROLE_COLOURS[role], "white"))
        return (Color.parse(variables.get("surface", "black")) + colour).rgb

    def replot(self) -> None:
        """Redraw from `series` at the current size."""
        plt = self._figure
        plt.clear_data()
        series = self.series
        if series is None or self.size.width < 10 or self.size.height < 5:
            self.refresh()
            return
        first, last = series.span
        ticks = date_ticks(first, last, self.size.width // DATE_LABEL_CELLS)
        plt.xticks([_day(t) for t in ticks], [f"{t:%b %-d}" for t in ticks])
        plt.xlim(_day(first), _day(last))
        low, high = value_range(series)
        plt.ylim(low, high)
        if series.goal_kind == "done":
            plt.yticks([0, 1], ["0", "done"])
        else:
            most = max(2, (self.size.height - 3) // ROWS_PER_TICK)
            numbers = nice_ticks(low, high, most, keep=series.goal)
            plt.yticks(numbers, [format_number(n) for n in numbers])
        if series.pace:
            plt.plot(
                _days(series.pace),
                _numbers(series.pace),
                color=self._colour("pace"),
                marker="braille",
            )
        if series.goal is not None:
            plt.hline(series.goal, color=self._colour("goal"))
        if series.start <= series.today <= series.end:
            plt.vline(_day(series.today), color=self._colour("today"))
        if series.values:
            self._plot_readings(series)
        else:
            # Top left, clear of a rising pace line; bottom left when the line falls.
            falling = len(series.pace) == 2 and series.pace[1][1] < series.pace[0][1]
            y = low + (high - low) * (0.15 if falling else 0.85)
            plt.text(
                "  no check-ins yet", _day(first), y, alignment="left", color=self._colour("value")
            )
        self.refresh()

    def _plot_readings(self, series: KrSeries) -> None:
        plt = self._figure
        days, values = _days(series.values), _numbers(series.values)
        value = self._colour("value")
        if len(values) > 1:
            plt.plot(days, values, color=value, marker="braille")
        plt.scatter(days, values, color=value, marker="●")
        plt.scatter(
            _days(series.confidences),
            _numbers(series.confidences),
            color=self._colour("confidence"),
            marker="◆",
            yside="right",
        )
        plt.ylim(*CONFIDENCE_RANGE, yside="right")
        plt.yticks([0, 5, 10], ["0", "5", "10"], yside="right")

    def legend(self) -> str:
        """A key to the chart's lines, as markup in the same theme colours: it follows a
        theme switch by itself, because the variables resolve when it renders."""
        series = self.series
        if series is None:
            return ""
        parts: list[tuple[str, str, str]] = [("●", "value", "value")]
        if series.goal is not None:
            parts.append(("──", "goal", series.goal_label))
        if series.pace:
            parts.append(("⠔⠊", "pace", "ideal pace"))
        parts.append(("│", "today", "today"))
        if series.values:
            parts.append(("◆", "confidence", "confidence (right axis)"))
        return "   ".join(
            f"[${ROLE_COLOURS[role]}]{swatch}[/] {escape(label)}" for swatch, role, label in parts
        )
