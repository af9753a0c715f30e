"""`okrtui report`: the weekly story of a cycle, to paste into chat or e-mail, to open in a
browser, or for scripts.

    okrtui report [--week DATE] [--cycle NAME] [--format md|html|json] [--output FILE]

The report covers the seven days ending on `--week DATE` (default: today): what moved (value
and confidence, with sparklines as text), what was checked in and did not move, what is
stale, whose confidence fell or rose, the bets kept, pivoted or dropped, the evidence logged
and the notes written (see `okrtui.domain.weekly`). `md` is Markdown, `html` one
self-contained file with inline SVG charts (no scripts, nothing fetched), `json` a document
with every key result's figures and lists of keys per section:

    {"cycle": "2026-Q4", "start": "2026-11-17", "end": "2026-11-23",
     "key_results": [{"key", "title", "objective", "unit", "value_before", "value",
                      "progress_points", "confidence_before", "confidence", "status",
                      "checked_in", "moved", "values", "confidences", "backlog"}, …],
     "moved": ["KR-1"], "stalled": [], "stale": [], "confidence_fell": [],
     "confidence_rose": [], "bets": [{"key", "title", "decision", "day", "unmoved"}],
     "evidence": [{"key", "day", "verdict", "text"}],
     "notes": [{"key", "day", "author", "text"}], "backlog": "62 % of the backlog …"}
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from okrtui.commands.common import Subparsers, date_argument, find_cycle, write_utf8
from okrtui.domain.errors import InvalidInput, NotFound
from okrtui.store.engine.storage import atomic_write_bytes
from okrtui.store.repository import Repository

FORMATS = ("md", "html", "json")


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `report` parser; `parents` carry the global options (`--db`)."""
    parser = subparsers.add_parser(
        "report",
        parents=parents,
        help="the weekly story of a cycle: what moved, stalled, went stale; bets; evidence",
        description=(
            "Write the weekly report of the current cycle (or --cycle NAME) for the seven days "
            "ending on --week DATE (default: today), as Markdown, one HTML file or JSON."
        ),
    )
    parser.add_argument(
        "--week",
        metavar="DATE",
        type=date_argument,
        help="the last day of the week to report, YYYY-MM-DD (default: today)",
    )
    parser.add_argument(
        "--cycle", metavar="NAME", help="the cycle's name or key (default: the current one)"
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="md",
        help="md for chat and e-mail (default), html for a browser, json for scripts",
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (replaced atomically)"
    )
    parser.set_defaults(run=run, needs_existing_db=True)


def render(repo: Repository, cycle_ref: str | None, week: date | None, fmt: str) -> str:
    """The report as text in `fmt`."""
    from okrtui.domain.weekly_render import to_html, to_json, to_markdown

    cycle = find_cycle(repo, cycle_ref) if cycle_ref else repo.current_cycle()
    if cycle is None:
        raise NotFound(f"{repo.path} has no cycles yet: there is nothing to report")
    if week is not None and week > repo.today():
        raise InvalidInput(f"--week {week} is in the future: report a week that has happened")
    report = repo.weekly.report(cycle, week)
    if fmt == "json":
        return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"
    return to_html(report) if fmt == "html" else to_markdown(report)


def run(args: argparse.Namespace, repo: Repository) -> int:
    """Print (or write) the report."""
    text = render(repo, args.cycle, args.week, args.format)
    if args.output:
        target = Path(args.output)
        if target.resolve() == repo.path.resolve():
            raise InvalidInput("--output names the database itself; give another file")
        try:
            atomic_write_bytes(target, text.encode("utf-8"))
        except OSError as exc:
            raise InvalidInput(f"cannot write {target}: {exc.strerror}") from None
        print(f"Wrote the {args.format} report to {target}.")
    else:
        write_utf8(text)
    return 0
