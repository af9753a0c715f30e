"""`okrtui restore [--backup NAME] [--list]`: bring back a backup of the database.

Without options it restores the newest good backup (one that reads back as an okrtui database
this okrtui can open) and says what came back. The file it replaces is never deleted: an
unreadable one is kept as `<name>.corrupt-<UTC time>` beside it, a readable one becomes a
`pre-restore` backup. `--list` shows every backup, newest first, with its age, size, what it
holds and whether it can be restored. The database is not opened (it may be unreadable: that
is what this command is for), so it works where every other command refuses the file.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from pathlib import Path

from okrtui.commands.common import Subparsers, clock_from_env
from okrtui.domain.wording import count
from okrtui.store.engine import restore as restoring
from okrtui.store.engine.locations import resolve_db_path
from okrtui.store.team.gitattributes import tracks


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `restore` parser; `parents` carry the global options (`--db`)."""
    parser = subparsers.add_parser(
        "restore",
        parents=parents,
        help="bring back the newest good backup (or one you name)",
        description=(
            "Restore the database from a backup in the backups folder beside it: the newest "
            "good one unless --backup names another. The current file is kept: an unreadable "
            "one as <name>.corrupt-<time>, a readable one as a 'pre-restore' backup."
        ),
        epilog="example: okrtui restore --list, then okrtui restore --backup NAME",
    )
    parser.add_argument(
        "--backup", "-b", metavar="NAME", help="the backup's file name, as --list shows it"
    )
    parser.add_argument(
        "--list", "-l", action="store_true", help="list the backups and change nothing"
    )
    parser.set_defaults(run=run, needs_existing_db=False, needs_db=lambda args, path: False)


def run(args: argparse.Namespace, repo: object = None) -> int:
    """List the backups, or restore one and say what came back and where the old file went."""
    path = Path(resolve_db_path(getattr(args, "db", None)))
    now = clock_from_env().now()
    if args.list:
        print(listing(path, now))
        return 0
    if tracks(path):
        return _restore_shared(path, args.backup)
    done = restoring.restore(path, now, args.backup)
    line = (
        f"Restored {path} from {done.backup.path.name} "
        f"(taken {done.backup.taken_at:%Y-%m-%d %H:%M} UTC: {holding(done.counts)})"
    )
    if done.kept_aside is not None:
        line += f"; the file it replaced is kept as {done.kept_aside}"
    print(line + ".")
    return 0


def _restore_shared(path: Path, name: str | None) -> int:
    """In a team's database: bring the backup's records back as a change, keeping every
    record added since (a teammate's check-ins never become deletions)."""
    from okrtui.store.team.shared_restore import restore_shared

    done = restore_shared(path, clock_from_env(), name)
    line = (
        f"Restored {path} from {done.backup.path.name} "
        f"(taken {done.backup.taken_at:%Y-%m-%d %H:%M} UTC: {holding(done.counts)}) as a change "
        f"of its own: {count(done.brought_back, 'record')} brought back as the backup had them, "
        f"{count(done.kept_since, 'record')} added since kept (this is a team's database: "
        "nothing anyone added is deleted; 'okrtui sync' shares it)"
    )
    if done.kept_aside is not None:
        line += f"; the unreadable file is kept as {done.kept_aside}"
    print(line + ".")
    return 0


def holding(counts: dict[str, int]) -> str:
    """`3 cycles, 12 key results, 240 check-ins` from a backup's record counts."""
    shown = [
        count(counts.get("cycles", 0), "cycle", "cycles"),
        count(counts.get("key_results", 0), "key result", "key results"),
        count(counts.get("checkins", 0), "check-in", "check-ins"),
    ]
    return ", ".join(shown)


def listing(path: Path, now: datetime) -> str:
    """One line per backup, newest first: name, age, size, contents or why it is unusable."""
    found = restoring.candidates(path)
    if not found:
        return (
            f"There are no backups of {path} yet (one is taken before each session's first change)."
        )
    lines = [f"Backups of {path}, newest first:"]
    newest_good = next((c for c in found if c.good), None)
    for candidate in found:
        backup = candidate.backup
        age = _age(now - backup.taken_at)
        size = backup.path.stat().st_size
        state = holding(candidate.counts) if candidate.good else f"unusable: {candidate.problem}"
        mark = "*" if candidate is newest_good else " "
        label = f" [{backup.label}]" if backup.label else ""
        lines.append(f"{mark} {backup.path.name}{label}  {age}  {size / 1024:.0f} KiB  {state}")
    if newest_good is not None:
        lines.append("* the one 'okrtui restore' brings back")
    return "\n".join(lines)


def _age(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{count(n, unit)} ago"
    return "just now"
