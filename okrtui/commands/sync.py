"""`okrtui sync [--resolve]`: exchange changes with the team's git remote.

Under the database's lock: check the clone (`okrtui git doctor`), commit anything
uncommitted, fetch, fast-forward or merge through okrtui's record-level driver (a merge
commit, never a rebase), push, and retry when someone pushed meanwhile. Prints what came in
and went out, renumbered keys, and the conflicts waiting for a decision. `--resolve` first
repairs a merge that a plain `git pull` left unmerged. On failure (no network, a refused
push, a merge that cannot be made) one line says why; local commits and the database stay
as they were. A running okrtui app notices the new data by itself.
"""

from __future__ import annotations

import argparse

from okrtui.commands.common import Subparsers, no_database
from okrtui.store.engine.locations import resolve_db_path
from okrtui.store.team import gitsync


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `sync` parser."""
    parser = subparsers.add_parser(
        "sync",
        parents=parents,
        help="exchange changes with the team's git remote (commit, fetch, merge, push)",
        description=(
            "Commit, fetch, merge (record by record, never with conflict markers) and push the "
            "database. Conflicts are recorded in the database for anyone to resolve."
        ),
        epilog="set it up first with 'okrtui git init --remote URL' or 'okrtui git clone URL DIR'",
    )
    parser.add_argument(
        "--resolve",
        action="store_true",
        help="first repair a merge a plain 'git pull' left unmerged, then sync",
    )
    parser.set_defaults(run=run, needs_db=no_database)


def run(args: argparse.Namespace, repo: None) -> int:
    report = gitsync.sync(resolve_db_path(getattr(args, "db", None)), resolve=args.resolve)
    print("\n".join(report.lines()))
    return 0
