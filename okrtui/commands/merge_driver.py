"""`okrtui merge-driver` and `okrtui textconv`: what git runs, never typed by people.

`okrtui git init` and `okrtui git clone` register them in the clone's local git config:

    merge.okrtui.driver   = /abs/path/okrtui merge-driver %O %A %B %P
    diff.okrtui.textconv  = /abs/path/okrtui textconv

The driver merges the ancestor (%O), ours (%A) and theirs (%B) record by record and writes the
result over %A (atomically): exit 0 when merged, conflicts recorded in the file's `conflicts`
table; exit 1 when a version cannot be merged (unreadable, not okrtui, a newer schema), with
%A left byte for byte as it was and the reason on stderr. `--strict` also exits 1 when the
merge recorded an open conflict, for teams that want git to stop. Extra arguments (git 2.39
passes `%X`/`%Y` through literally) are accepted and ignored. Neither opens the database.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from okrtui.commands.common import Subparsers, no_database, write_utf8
from okrtui.store.engine.errors import DatabaseError
from okrtui.store.engine.storage import atomic_write_bytes, parse_database, read_bounded
from okrtui.store.team import gitsync
from okrtui.store.team.merge import MergeError
from okrtui.store.team.merge_guard import guarded_merge_bytes
from okrtui.store.team.textconv import render

EXIT_MERGED = 0
EXIT_NOT_MERGED = 1


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the hidden `merge-driver` and `textconv` parsers."""
    driver = subparsers.add_parser(
        "merge-driver",
        description="Merge three versions of an okrtui database (git's merge driver).",
    )
    driver.add_argument("base", metavar="ANCESTOR")
    driver.add_argument("ours", metavar="OURS", help="overwritten with the result")
    driver.add_argument("theirs", metavar="THEIRS")
    driver.add_argument(
        "path", metavar="PATH", nargs="?", default="", help="the file's name in the repository"
    )
    driver.add_argument("ignored", nargs="*", help=argparse.SUPPRESS)
    driver.add_argument("--strict", action="store_true", help="exit 1 when a conflict was recorded")
    driver.set_defaults(run=run_driver, needs_db=no_database)
    textconv = subparsers.add_parser(
        "textconv",
        description="Print a database as one line per record field (git's textconv).",
    )
    textconv.add_argument("file", metavar="FILE")
    textconv.set_defaults(run=run_textconv, needs_db=no_database)
    # argparse lists a sub-command with help=SUPPRESS as "==SUPPRESS==": drop both from the
    # list `okrtui --help` prints (they still parse).
    subparsers._choices_actions = [
        action
        for action in subparsers._choices_actions
        if action.dest not in ("merge-driver", "textconv")
    ]


def run_driver(args: argparse.Namespace, repo: None) -> int:
    """Merge, write %A, say on stderr what needs a person; 1 when it cannot merge."""
    ours = Path(args.ours)
    name = args.path or ours.name
    try:
        versions = [read_bounded(Path(p)) for p in (args.base, args.ours, args.theirs)]
        merged, outcome = guarded_merge_bytes(
            *versions, upstream=gitsync.upstream_side(), labels=gitsync.side_labels()
        )
    except (MergeError, DatabaseError, OSError, RecursionError) as exc:
        reason = (
            exc.strerror
            if isinstance(exc, OSError)
            else "a value is nested too deeply to merge"
            if isinstance(exc, RecursionError)
            else str(exc)
        )
        print(
            f"okrtui: error: cannot merge {name}: {reason}; leaving ours in place", file=sys.stderr
        )
        return EXIT_NOT_MERGED
    atomic_write_bytes(ours, merged)
    for entry in outcome.open_conflicts:
        print(
            f"okrtui: {name}: conflict recorded for {entry.get('record_key')} ({entry['kind']}"
            f"{', ' + entry['field'] if entry.get('field') else ''}); see 'okrtui conflicts'",
            file=sys.stderr,
        )
    return EXIT_NOT_MERGED if args.strict and outcome.open_conflicts else EXIT_MERGED


def run_textconv(args: argparse.Namespace, repo: None) -> int:
    """Print the file one field per line; a file that does not parse is printed as it is."""
    data = Path(args.file).read_bytes()
    try:
        text = render(parse_database(data, Path(args.file)))
    except DatabaseError:
        text = data.decode("utf-8", errors="replace")
    write_utf8(text)
    return 0
