"""Provides the one door from data to screen: `literal`, `literal_text` and `escaped`.

Every title, note, name, key, unit or message that came from a person or a teammate's
database reaches a widget through here, so it is shown as typed: `[WIP]` stays `[WIP]`, `[/]`
cannot end a style that was never opened (Textual's `MarkupError`), `[@click=app.quit]` is
text and never an action, and escape sequences or bidi overrides are shown, not obeyed
(`okrtui.domain.plain_text`).

- `literal` gives Textual `Content` (for `Static`, `Label`, `update`).
- `literal_text` gives a Rich `Text` (for `Select` options, `DataTable` cells, `Tree` labels,
  palette hits: widgets that read a plain `str` as markup).
- `escaped` gives a markup string that reads as the literal text, for the few places that
  only take markup (the palette's help line).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from rich.text import Text
from textual.content import Content

from okrtui.domain.plain_text import one_line, visible

V = TypeVar("V")


def shown(text: object, *, single_line: bool = False) -> str:
    """`text` as a str with every control character made visible."""
    value = text if isinstance(text, str) else str(text)
    return one_line(value) if single_line else visible(value)


def literal(text: object, style: str = "", *, single_line: bool = False) -> Content | Text:
    """Content showing `text` exactly as typed, in `style` (a Textual style string). Content
    and Rich Text, already literal, pass as they are (so a builder may return either)."""
    if isinstance(text, Content | Text):
        return text
    content = Content(shown(text, single_line=single_line))
    return content.stylize(style) if style else content


def literal_text(text: object, style: str = "", *, single_line: bool = False) -> Text:
    """A Rich Text showing `text` exactly as typed, in `style` (a Rich style string)."""
    if isinstance(text, Text):
        return text
    return Text(shown(text, single_line=single_line), style=style, end="")


def escaped(text: object, *, single_line: bool = True) -> str:
    """Markup that shows `text` literally, where a widget takes nothing but markup."""
    # Only `[` opens markup, and `\[` is read as a literal `[`: escaping each `[` is enough.
    # (textual.markup.escape also doubles a backslash before `[`, which then shows as two.)
    return shown(text, single_line=single_line).replace("[", "\\[")


def literal_options(options: Iterable[tuple[object, V]]) -> list[tuple[Text, V]]:
    """`Select` options whose prompts are shown as typed (a `Select` reads `str` as markup)."""
    return [(literal_text(prompt, single_line=True), value) for prompt, value in options]
