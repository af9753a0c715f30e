"""Provides `parse_number`, `parse_optional_number`, `parse_whole` and `parse_confidence`:
one reading of a typed number for every form and command (the check-in's value and
confidence, a KR's baseline, target and stretch, a correction, a bet's expected change, a
graduation target, a review score, `okrtui checkin`), so

- `1,5` is refused everywhere with the same message (it could mean 1.5 or 15), instead of
  saved as 15 in one place, read as 1.5 in another and refused in a third;
- letters are an error naming the field, never dropped;
- `nan`, `inf` and numbers beyond `MAX_MAGNITUDE` (which the app cannot show in full or
  compute with exactly) never reach a record;
- a whole-number field (confidence 0–10) refuses `5.5` rather than reading it as 55."""

from __future__ import annotations

import math

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import MAX_MAGNITUDE


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
    if abs(value) > MAX_MAGNITUDE:
        raise InvalidInput(
            f"{subject}'{cleaned}' is too large: okrtui handles numbers up to 10^15 "
            "(1,000,000,000,000,000)"
        )
    return value


def parse_whole(text: str, what: str, low: int, high: int, hint: str = "") -> int:
    """`text` as a whole number from `low` to `high`; `InvalidInput` naming `what` otherwise
    (`5.5`, `55`, `1,5`, `high` are all refused with the range to give)."""
    cleaned = text.strip()
    wanted = hint or f"a whole number from {low} to {high}"
    try:
        value = parse_number(cleaned, what, example=wanted)
    except InvalidInput as error:
        if not cleaned:
            raise
        raise InvalidInput(f"the {what} '{cleaned}' is not {wanted}") from error
    if not value.is_integer() or not low <= value <= high:
        raise InvalidInput(f"the {what} '{cleaned}' is not {wanted}")
    return int(value)


def parse_confidence(text: str) -> int:
    """A typed confidence: a whole number from 0 (no chance) to 10 (sure)."""
    return parse_whole(text, "confidence", 0, 10, "a whole number from 0 (no chance) to 10 (sure)")


def parse_optional_number(text: str, what: str = "") -> float | None:
    """Like `parse_number`, but a blank field is None (no number given)."""
    return parse_number(text, what) if text.strip() else None
