"""Provides `OkrFooter`: Textual's footer with `?` (the key that lists every other key) and
the quit/back key first, so a narrow terminal (80 columns) cuts the least needed keys at the
end instead of the way to find them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Actions shown before the screen's own keys, in this order (as the app or a screen binds
#: them): help, then quitting or leaving the screen.
FIRST_ACTIONS = (
    ("help", "app.help"),
    ("quit_from_dashboard", "app.quit_from_dashboard", "back", "cancel", "finish"),
)


class OkrFooter(Footer):
    """A footer whose help key comes first (okrtui's bindings use no binding groups, so every
    item is a FooterKey and order is all that changes)."""

    def compose(self) -> ComposeResult:
        items = list(super().compose())

        def rank(item: object) -> int:
            if isinstance(item, FooterKey):
                for place, actions in enumerate(FIRST_ACTIONS):
                    if item.action in actions:
                        return place
            return len(FIRST_ACTIONS)

        yield from sorted(items, key=rank)  # stable: the screen's order otherwise
