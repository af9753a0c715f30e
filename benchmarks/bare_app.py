"""The baseline for launch time and memory: a bare Textual app that shows one line.

`python -m benchmarks.bare_app` starts the Textual machinery okrtui's app also pays for (the
driver, the screen, CSS, a widget), so okrtui's launch is measured as a ratio to the cost of
being a Textual app at all.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "bare textual app ready"


class BareApp(App[None]):
    """One line of text, nothing else."""

    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    BareApp().run()
