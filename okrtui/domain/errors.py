"""Provides the error types every layer raises for problems a person can fix.

`OkrError` is what the CLI turns into a one-line message with exit status 2 and what the TUI
shows in place; anything else escaping is a bug.
"""

from __future__ import annotations

from pydantic import ValidationError


class OkrError(Exception):
    """A problem the user can act on; `str(err)` says what, where and how to fix it."""


class InvalidInput(OkrError):
    """A value given for a record does not pass validation."""


class NotFound(OkrError):
    """No record has the key or name that was asked for."""


_FIELD_LABELS = {
    "cadence_days": "check-in cadence",
    "key_result_id": "key result",
    "objective_id": "objective",
    "cycle_id": "cycle",
}


def describe_validation_error(exc: ValidationError, what: str) -> str:
    """Turn a pydantic error into one readable line naming the record and each bad field."""
    parts = []
    for error in exc.errors(include_url=False):
        location = ".".join(str(p) for p in error["loc"] if p != "__root__")
        label = _FIELD_LABELS.get(location, location.replace("_", " "))
        message = error["msg"]
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        if error["type"] == "literal_error":
            # The choices alone do not say which value was wrong: name it.
            message += f", not {error['input']!r}"
        parts.append(f"{label}: {message}" if label else message)
    return f"invalid {what}: " + "; ".join(parts)


def invalid(exc: ValidationError, what: str) -> InvalidInput:
    """Build the `InvalidInput` for a pydantic error about a `what` (e.g. "key result")."""
    return InvalidInput(describe_validation_error(exc, what))
