"""Provides `CoachPanel`: the coach's findings beside a draft, re-rendered as the person types.

Each finding shows its rule, the item it is about, why it matters and, where the coach has
one, what to try instead. Problems that stop a draft from being saved at all (a target equal to
its baseline, a number that is not a number) come first, in red.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from okrtui.domain.coach import Finding
from okrtui.tui.literal import literal


def findings_text(findings: Sequence[Finding], problems: Sequence[str]) -> Text:
    """The panel's content: blocking problems, then findings, or a word of approval."""
    text = Text()
    for problem in problems:
        text.append("✖ cannot save yet\n", style="bold red")
        text.append(f"{problem}\n\n", style="red")
    if not findings:
        if not problems:
            text.append("✔ The coach has nothing to add.\n", style="bold green")
            text.append(
                "Outcomes over outputs, two to five key results, a leading indicator: "
                "this draft reads well.",
                style="bright_black",
            )
        return text
    count = len(findings)
    text.append(f"{count} coach finding{'s' if count > 1 else ''}\n\n", style="bold")
    for finding in findings:
        colour = "yellow" if finding.severity == "warning" else "cyan"
        text.append(f"▲ {finding.rule}", style=f"bold {colour}")
        if finding.ref:
            text.append(f"  {finding.ref}", style="bold")
        text.append(f"\n{finding.text}\n", style="italic")
        text.append(f"{finding.message}\n")
        if finding.suggestion:
            text.append(f"→ {finding.suggestion}\n", style="green")
        text.append("\n")
    return text


class CoachPanel(VerticalScroll, can_focus=False):
    """A scrolling panel of coach findings (out of the Tab order: the form keeps focus)."""

    def compose(self):
        yield Static(id="coach-text")

    def show(self, findings: Sequence[Finding], problems: Sequence[str] = ()) -> None:
        """Replace the panel's content with these findings and blocking problems."""
        self.query_one("#coach-text", Static).update(literal(findings_text(findings, problems)))
