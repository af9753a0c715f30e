"""Small helpers for the words okrtui shows people, shared by the CLI, the coach and the
screens so that counts read the same everywhere."""

from __future__ import annotations


def count(n: int, singular: str, plural: str | None = None) -> str:
    """`1 cycle`, `3 cycles`; `plural` for nouns that do not just take an s."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def plain(text: str) -> str:
    """`text` safe to print in a terminal or a one-line cell: control characters (escape
    sequences, carriage returns, bells) become `�` or a space, so text from people and
    teammates is shown as data and never acts on the terminal."""
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append(" ")
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            out.append("\ufffd")
    return "".join(out)
