"""`okrtui conflicts [--json] [--all]`: what a merge left for a person to decide.

One line per entry: where (`KR-7.target`), what happened, and the values on each side with who
changed them. Open conflicts come first, then renumbered keys (news, not problems); `--all`
adds resolved ones. Resolve them in the app (press `!` on the dashboard).

Exit status: 0 when nothing is open, 3 when some conflict waits for a decision.
"""

from __future__ import annotations

import argparse
import json

from okrtui.commands.common import Subparsers, write_utf8
from okrtui.store.repository import Repository
from okrtui.store.team.conflicts import Conflict, shown

EXIT_NONE_OPEN = 0
EXIT_OPEN = 3


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `conflicts` parser."""
    parser = subparsers.add_parser(
        "conflicts",
        parents=parents,
        help="list what a team merge left to decide (exit 3 when any is open)",
        description="List the conflicts and renumbered keys merges recorded in the database.",
        epilog="exit status: 0 nothing open, 3 open conflicts",
    )
    parser.add_argument("--json", action="store_true", help="the entries as a JSON list")
    parser.add_argument("--all", action="store_true", help="include resolved entries")
    parser.set_defaults(run=run, needs_existing_db=True)


def run(args: argparse.Namespace, repo: Repository) -> int:
    found = repo.conflicts.entries(include_resolved=args.all)
    if args.json:
        write_utf8(json.dumps([c.entry for c in found], ensure_ascii=False, indent=2) + "\n")
    elif not found:
        print("No conflicts.")
    for conflict in [] if args.json else found:
        print(describe(conflict))
    return EXIT_OPEN if any(c.status == "open" for c in found) else EXIT_NONE_OPEN


def describe(conflict: Conflict) -> str:
    """`[open] KR-7.target: same field changed on both sides — alice 120, bob 130 (kept 130)`."""
    entry = conflict.entry
    line = f"[{conflict.status}] {conflict.where}: {conflict.label}"
    if conflict.kind == "field":
        kept = entry.get(entry.get("kept", "theirs"))
        line += (
            f" — {entry.get('ours_label', 'ours')} {shown(entry.get('ours'))}, "
            f"{entry.get('theirs_label', 'theirs')} {shown(entry.get('theirs'))} (kept {shown(kept)})"
        )
    elif entry.get("note"):
        line += f" — {entry['note']}"
    return line
