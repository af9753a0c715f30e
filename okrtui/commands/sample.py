"""`okrtui sample`: load the realistic sample workspace, dated relative to today.

It only ever loads into an empty database, so a real workspace is never mixed with made-up
data; the records come from `okrtui.domain.sample.build_sample` and are stored in one atomic
transaction.
"""

from __future__ import annotations

import argparse
from collections import Counter

from okrtui.commands.common import Subparsers
from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Record
from okrtui.domain.wording import count
from okrtui.store.repository import Repository

#: How each record type is counted in the confirmation, in the order shown.
_NOUNS = {
    "Cycle": ("cycle", "cycles"),
    "Objective": ("objective", "objectives"),
    "KeyResult": ("key result", "key results"),
    "CheckIn": ("check-in", "check-ins"),
    "Bet": ("bet", "bets"),
    "Link": ("link", "links"),
    "Evidence": ("piece of evidence", "pieces of evidence"),
}


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `sample` parser; `parents` carry the global options (`--db`)."""
    parser = subparsers.add_parser(
        "sample",
        parents=parents,
        help="load the sample workspace into an empty database",
        description=(
            "Load a realistic sample workspace (company, team and personal OKRs with several "
            "weeks of check-ins, a discovery objective and a few bets), dated relative to today. "
            "Refuses a database that already holds data: use --db to pick a new file."
        ),
    )
    parser.set_defaults(run=run, needs_existing_db=False)


def run(args: argparse.Namespace, repo: Repository) -> int:
    """Refuse a non-empty database, else store the sample and say what was loaded."""
    if not repo.is_empty():
        raise InvalidInput(
            f"{repo.path} already holds data, and the sample only loads into an empty "
            "database: pick a new file, e.g. okrtui --db sample.json sample"
        )
    from okrtui.domain.sample import build_sample

    stored = repo.add_workspace(build_sample(repo.today()))
    print(f"Loaded the sample workspace into {repo.path}: {summary(stored)}.")
    return 0


def summary(records: list[Record]) -> str:
    """`1 cycle, 7 objectives, 21 key results, …` for the types present."""
    counts = Counter(type(r).__name__ for r in records)
    return (
        ", ".join(count(counts[name], *nouns) for name, nouns in _NOUNS.items() if counts[name])
        or "nothing"
    )
