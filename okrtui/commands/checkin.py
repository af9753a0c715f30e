"""`okrtui checkin KEY VALUE`: record a key result's reading from the shell in one line.

Prints one confirmation line with the move, how far along the KR now is and the confidence,
e.g. `KR-12 Onboarding completion rate: 52 → 55 % (40 % of the way, confidence 7)`.
Confidence carries over from the previous check-in when `--confidence` is not given.
"""

from __future__ import annotations

import argparse
from datetime import date

from okrtui.commands.common import (
    Subparsers,
    confidence_argument,
    date_argument,
    number_argument,
    text_argument,
)
from okrtui.commands.formatting import amount, change, progress_phrase
from okrtui.domain.checkin_flow import checkin_day
from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import CheckIn, KeyResult
from okrtui.domain.progress import KrSnapshot, kr_progress
from okrtui.store.repository import Repository


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `checkin` parser; `parents` carry the global options (`--db`)."""
    parser = subparsers.add_parser(
        "checkin",
        parents=parents,
        help="record a check-in of a key result",
        description=(
            "Record a check-in: the key result's current value, with an optional confidence "
            "(0–10; carried over from the last check-in when left out), note and date."
        ),
        epilog="example: okrtui checkin KR-12 55 --confidence 7 --note 'new tour shipped'",
    )
    parser.add_argument("key", metavar="KEY", help="the key result's key, e.g. KR-12 (any case)")
    parser.add_argument(
        "value", metavar="VALUE", type=number_argument, help="the new value, in the KR's unit"
    )
    parser.add_argument(
        "--confidence",
        "-c",
        metavar="N",
        type=confidence_argument,
        help="how sure you are the KR will be met, 0–10 (default: the last check-in's)",
    )
    parser.add_argument(
        "--note",
        "-n",
        metavar="TEXT",
        default="",
        type=text_argument,
        help="what changed and why",
    )
    parser.add_argument(
        "--date",
        "-d",
        metavar="YYYY-MM-DD",
        type=date_argument,
        help="the day the value was read, inside the KR's cycle (default: today, or the "
        "cycle's last day once it is over; not in the future)",
    )
    parser.set_defaults(run=run, needs_existing_db=True)


def run(args: argparse.Namespace, repo: Repository) -> int:
    """Validate the date, append the check-in, and print the confirmation line."""
    kr = repo.find(KeyResult, args.key)
    day = args.date or checkin_day(repo.cycle_of(repo.objective_of(kr)), repo.today())
    if day > repo.today():
        raise InvalidInput(
            f"--date {day.isoformat()} is in the future (today is {repo.today().isoformat()}): "
            "record a check-in on the day the value was read"
        )
    old = value_on(repo.snapshot(kr), day, kr)
    checkin = repo.add_checkin(kr, args.value, confidence=args.confidence, note=args.note, day=day)
    print(confirmation(kr, old, checkin, repo.snapshot(kr)))
    return 0


def value_on(before: KrSnapshot, day: date, kr: KeyResult) -> float | None:
    """The KR's value as it stood on `day` before this check-in: the latest reading up to that
    day, else the baseline. (A back-dated check-in moves from the reading before it.)"""
    earlier = [c for c in before.checkins if c.date <= day]
    return earlier[-1].value if earlier else kr.baseline


def confirmation(kr: KeyResult, old: float | None, checkin: CheckIn, after: KrSnapshot) -> str:
    """The one line `checkin` prints; says so when a back-dated reading is not the latest."""
    line = (
        f"{kr.key} {kr.title}: {change(kr, old, checkin.value)} "
        f"({progress_phrase(kr, kr_progress(kr, checkin.value))}, "
        f"confidence {checkin.confidence})"
    )
    latest = after.checkins[-1] if after.checkins else None
    if latest is not None and latest.id != checkin.id:
        line += (
            f"; the latest reading stays {amount(kr, latest.value)} from {latest.date.isoformat()}"
        )
    return line
