"""Small helpers for the words okrtui shows people, shared by the CLI, the coach and the
screens so that counts read the same everywhere."""

from __future__ import annotations


def count(n: int, singular: str, plural: str | None = None) -> str:
    """`1 cycle`, `3 cycles`; `plural` for nouns that do not just take an s."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
