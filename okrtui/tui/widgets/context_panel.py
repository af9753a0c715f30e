"""Provides `ContextPanel`: the shared context beside a draft (purpose, vision, strategy,
inputs, the parent level's OKRs, last cycle's unfinished key results), so a PM drafts with it
in view. Text from people is shown as plain text, never as markup."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from okrtui.domain.context import DraftingContext, panel_lines
from okrtui.domain.wording import plain


def context_text(drafting: DraftingContext) -> Text:
    """The panel's content: a heading, then one `label: text` block per part."""
    text = Text("Context", style="bold")
    text.append("  C edits · ctrl+g pulls inputs\n", style="bright_black")
    for label, body in panel_lines(drafting):
        missing = label == "product strategy"
        text.append(f"{label}: ", style="bold yellow" if missing else "bold")
        text.append(plain(body) + "\n", style="yellow" if missing else "")
    return text


class ContextPanel(VerticalScroll, can_focus=False):
    """The context beside the draft (out of the Tab order)."""

    def compose(self):
        yield Static(id="draft-context-text")

    def show(self, drafting: DraftingContext) -> None:
        self.query_one("#draft-context-text", Static).update(context_text(drafting))
