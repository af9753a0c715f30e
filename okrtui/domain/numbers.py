"""Provides `parse_number` and `parse_optional_number`: one reading of a typed number for
every form and command, so `1,5` is refused everywhere instead of saved as 15 in one place
and refused in another, and `nan` or `inf` never reach a record."""

from __future__ import annotations

import math

from okrtui.domain.errors import InvalidInput


def parse_number(text: str, what: str = "", example: str = "e.g. 55 or 0.75") -> float:
    """`text` as a finite number; `InvalidInput` naming `what` (the value, the target…) and
    how to write it otherwise. A comma is refused: "1,5" could mean 1.5 or 15."""
    cleaned = text.strip()
    subject = f"the {what} " if what else ""
    if not cleaned:
        raise InvalidInput(f"give {subject or 'a number '}({example})")
    if "," in cleaned:
        raise InvalidInput(
            f"{subject}'{cleaned}' is not a number: use a dot for decimals and no thousands "
            "separator, e.g. 1250 or 0.75"
        )
    try:
        value = float(cleaned)
    except ValueError:
        raise InvalidInput(f"{subject}'{cleaned}' is not a number ({example})") from None
    if not math.isfinite(value):
        raise InvalidInput(f"{subject}'{cleaned}' is not a finite number: give a real reading")
    return value


def parse_optional_number(text: str, what: str = "") -> float | None:
    """Like `parse_number`, but a blank field is None (no number given)."""
    return parse_number(text, what) if text.strip() else None
