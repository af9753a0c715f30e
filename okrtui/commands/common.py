"""Provides what several sub-commands share: the clock, argument types, and record lookup.

Argument types raise `argparse.ArgumentTypeError` with a message a person can act on; argparse
puts it on the one error line `okrtui` prints. Problems only visible once the database is open
(an unknown cycle, a date in the future) raise `InvalidInput`, an `OkrError`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from okrtui.commands.terminal import json_text_safe
from okrtui.domain.clock import Clock, FixedClock, SystemClock
from okrtui.domain.errors import InvalidInput, NotFound
from okrtui.domain.models import Cycle
from okrtui.domain.numbers import parse_confidence, parse_number
from okrtui.store.repository import Repository

#: The object `add_subparsers` returns, which each command's `register` adds its parser to.
Subparsers = argparse._SubParsersAction

#: Environment variable that fixes "today" (YYYY-MM-DD) for demos and tests.
ENV_TODAY = "OKRTUI_TODAY"


def no_database(args: argparse.Namespace, path: Path) -> bool:
    """`needs_db` of commands that never open the database (git's driver, sync, git)."""
    return False


def parse_day(text: str) -> date:
    """A calendar date written as YYYY-MM-DD; `ValueError` with a readable message otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-02"
        ) from None


def clock_from_env(environ: Mapping[str, str] = os.environ) -> Clock:
    """The clock to use: fixed at `$OKRTUI_TODAY` when it is set, else the system clock."""
    text = environ.get(ENV_TODAY, "").strip()
    if not text:
        return SystemClock()
    try:
        return FixedClock(parse_day(text))
    except ValueError as exc:
        raise InvalidInput(f"{ENV_TODAY}: {exc}; or unset it to use today's date") from None


def date_argument(text: str) -> date:
    """argparse type for `--date`: a YYYY-MM-DD date."""
    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def number_argument(text: str) -> float:
    """argparse type for a KR value: a finite number with a dot for decimals."""
    try:
        return parse_number(text, example="the new value in the key result's unit, e.g. 55 or 0.75")
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def text_argument(text: str) -> str:
    """argparse type for free text (a note): the person's characters whatever the locale.

    Under a C/POSIX locale without UTF-8 mode, Python decodes arguments as ASCII and keeps
    other bytes as lone surrogates, which okrtui refuses to store; a terminal almost always
    sends UTF-8, so those bytes are read as UTF-8 when they are valid UTF-8."""
    try:
        return os.fsencode(text).decode("utf-8")
    except UnicodeError:
        return text


def confidence_argument(text: str) -> int:
    """argparse type for `--confidence`: a whole number from 0 to 10 (`parse_confidence`)."""
    try:
        return parse_confidence(text)
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def write_utf8(text: str) -> None:
    """Write a document (JSON) to stdout as UTF-8 whatever the locale says: JSON is UTF-8 by
    definition, and a data export must not lose or mangle characters. C1 and bidi controls are
    written as `\\uXXXX` escapes, so the document means the same and shows safely."""
    text = json_text_safe(text)
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a replaced stdout without bytes underneath: text is all there is
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def find_cycle(repo: Repository, ref: str) -> Cycle:
    """The cycle named (or keyed) `ref`; the error lists the known cycles by name."""
    try:
        return repo.find(Cycle, ref)
    except NotFound:
        cycles = repo.cycles()
        if not cycles:
            raise NotFound(f"no cycle is called '{ref}': the database has no cycles yet") from None
        known = ", ".join(f"{c.name} ({c.key})" for c in cycles)
        raise NotFound(f"no cycle is called '{ref}'; known cycles: {known}") from None
