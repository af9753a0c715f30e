"""`okrtui lint [FILE]`: the coach's findings on an outline file, or on the database.

With FILE (an outline, `-` for standard input) it judges what the outline can express:
objectives, key results and how many each owner or team carries. The database is not opened.
Without FILE it judges the current cycle of the database (or `--cycle NAME`) and adds what
only stored data shows: key results with no recent check-in (`stale-checkin`) and roadmap
bets that move no key result (`unlinked-bet`).

Text is for people: one finding per block, `FILE:LINE: REF "TITLE" [RULE, SEVERITY]`, then
why and what to try. JSON is for scripts and editors: a list of objects with `rule`,
`severity`, `ref` (`O1.KR2` in an outline, a key such as `KR-12` in the database), `text`
(the title of the item concerned), `message`, `suggestion` and `line` (null for the
database).

Exit status: 1 when any warning fires, 0 when there is none, 2 when the input cannot be read
(the message names the line).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any

from okrtui.commands.common import Subparsers, find_cycle, write_utf8
from okrtui.commands.outline_file import label_of, read_outline
from okrtui.domain.coach import (
    OBJECTIVE_LIMIT,
    Finding,
    coach_bets,
    coach_checkins,
    coach_cycle,
    coach_outline,
)
from okrtui.domain.errors import InvalidInput
from okrtui.domain.wording import count
from okrtui.store.repository import Repository

EXIT_CLEAN = 0
EXIT_WARNINGS = 1
#: Text wraps at the terminal's width, but never wider than this.
MAX_WIDTH = 100


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `lint` parser; `parents` carry the global options (`--db`)."""
    parser = subparsers.add_parser(
        "lint",
        parents=parents,
        help="coach an outline file (or the database): outputs, missing numbers, too many OKRs…",
        description=(
            "Check OKRs against the practice: key results that are outputs, objectives that "
            "are tasks, missing numbers, 2–5 key results, a leading indicator, assumptions of "
            "discovery key results, too many objectives per owner or team. Without FILE, "
            "checks the database's cycle, including stale check-ins and unlinked bets."
        ),
        epilog="exit status: 0 no warnings, 1 warnings, 2 unreadable input",
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="a Markdown outline ('-' for standard input); default: the database",
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=("text", "json"),
        default="text",
        help="text for people (default) or json for scripts and editors",
    )
    parser.add_argument(
        "--cycle", metavar="NAME", help="without FILE: the cycle to check (default: current)"
    )
    parser.add_argument(
        "--objective-limit",
        metavar="N",
        type=int,
        default=OBJECTIVE_LIMIT,
        help=f"objectives one owner or team may carry in a cycle (default: {OBJECTIVE_LIMIT})",
    )
    parser.set_defaults(run=run, needs_existing_db=True, needs_db=needs_db)


def needs_db(args: argparse.Namespace, path: Path) -> bool:
    """Only linting the database opens it: a file is checked on its own."""
    return args.file is None


def run(args: argparse.Namespace, repo: Repository | None) -> int:
    """Collect the findings, print them, and exit 1 when any is a warning."""
    if args.objective_limit < 1:
        raise InvalidInput(f"--objective-limit must be 1 or more, not {args.objective_limit}")
    if args.file is not None:
        if args.cycle:
            raise InvalidInput("--cycle applies to the database; an outline names its own cycle")
        label, findings, lines, size = lint_file(args.file, args.objective_limit)
    else:
        assert repo is not None
        label, findings, size = lint_database(repo, args.cycle, args.objective_limit)
        lines = {}
    if args.format == "json":
        write_utf8(json.dumps(as_json(findings, lines), indent=2, ensure_ascii=False) + "\n")
    else:
        print("\n".join(as_text(label, findings, lines, size)))
    return EXIT_WARNINGS if any(f.severity == "warning" for f in findings) else EXIT_CLEAN


def lint_file(name: str, limit: int) -> tuple[str, list[Finding], dict[str, int], str]:
    """(label, findings, line of each reference, size) for an outline file."""
    outline = read_outline(name)
    lines = {ref: item.line for ref, item in outline.items()}
    krs = sum(len(o.key_results) for o in outline.objectives)
    size = f"{count(len(outline.objectives), 'objective')}, {count(krs, 'key result')}"
    return label_of(name), coach_outline(outline, limit), lines, size


def lint_database(
    repo: Repository, cycle_ref: str | None, limit: int
) -> tuple[str, list[Finding], str]:
    """(label, findings, size) for a cycle of the database, check-ins and bets included."""
    cycle = find_cycle(repo, cycle_ref) if cycle_ref else repo.current_cycle()
    if cycle is None:
        raise InvalidInput(
            f"{repo.path} has no cycles to check yet: give an outline FILE, or run 'okrtui' "
            "to start a cycle"
        )
    plans = [(o, tuple(repo.key_results(o))) for o in repo.objectives(cycle)]
    snapshots = [s for snaps in repo.cycle_snapshots(cycle).values() for s in snaps]
    live = {kr.id for c in repo.cycles() if c.state != "closed" for kr in repo.cycle_key_results(c)}
    findings = (
        coach_cycle(plans, objective_limit=limit)
        + coach_checkins(snapshots, cycle, repo.today())
        + coach_bets(repo.bets(), live)
    )
    size = f"{count(len(plans), 'objective')}, {count(len(snapshots), 'key result')}"
    return cycle.name, findings, size


def as_json(findings: list[Finding], lines: dict[str, int]) -> list[dict[str, Any]]:
    """The documented JSON list (see the module docstring)."""
    return [finding.as_dict() | {"line": lines.get(finding.ref)} for finding in findings]


def as_text(label: str, findings: list[Finding], lines: dict[str, int], size: str) -> list[str]:
    """Lines for people: a block per finding, then a one-line summary."""
    width = min(MAX_WIDTH, shutil.get_terminal_size().columns) if sys.stdout.isatty() else None
    out: list[str] = []
    for finding in findings:
        where = f"{label}:{lines[finding.ref]}" if finding.ref in lines else label
        out.append(f'{where}: {finding.ref} "{finding.text}" [{finding.rule}, {finding.severity}]')
        out += _indented(finding.message, width)
        if finding.suggestion:
            out += _indented(f"try: {finding.suggestion}", width)
        out.append("")
    out.append(summary(label, findings, size))
    return out


def _indented(text: str, width: int | None) -> list[str]:
    """`text` indented by two spaces, wrapped to `width` on a terminal (else one line)."""
    if width is None:
        return [f"  {text}"]
    return textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="  ")


def summary(label: str, findings: list[Finding], size: str) -> str:
    """`plan.md: 3 warnings (2 objectives, 5 key results).` or `… no findings (…)`."""
    if not findings:
        return f"{label}: no findings ({size})."
    by_severity = {
        severity: sum(1 for f in findings if f.severity == severity)
        for severity in ("warning", "info")
    }
    shown = [
        f"{n} info" if severity == "info" else count(n, severity)
        for severity, n in by_severity.items()
        if n
    ]
    return f"{label}: {', '.join(shown)} ({size})."
