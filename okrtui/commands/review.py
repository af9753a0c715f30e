"""`okrtui review`: a cycle's review as a Markdown report on standard output.

    okrtui review [--cycle NAME] [--format md] > review.md

The report (see `okrtui.domain.review_report`) holds each objective's scores (final value,
suggested and final score, what became of each KR) with its reflection, whether each
alignment link held, confidence calibration per owner, and what rolled over into the next
cycle — or, for a cycle still open, what will roll over when it closes. The TUI's review
screen (R on the dashboard) is where scores, reflections and link verdicts are written.
"""

from __future__ import annotations

import argparse

from okrtui.commands.common import Subparsers, find_cycle, write_utf8
from okrtui.domain.errors import NotFound
from okrtui.domain.review_report import review_markdown
from okrtui.store.repository import Repository


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `review` parser; `parents` carry the global options (`--db`)."""
    parser = subparsers.add_parser(
        "review",
        parents=parents,
        help="write a cycle's review (scores, reflections, links, calibration, roll-over) as Markdown",
        description=(
            "Write the review of a cycle as Markdown: scores per objective with reflections, "
            "whether each alignment link held, confidence calibration per owner, and what "
            "rolled over into the next cycle."
        ),
    )
    parser.add_argument(
        "--cycle", metavar="NAME", help="the cycle's name or key, e.g. 2026-Q3 (default: current)"
    )
    parser.add_argument(
        "--format", "-f", choices=("md",), default="md", help="md: Markdown (the only format)"
    )
    parser.set_defaults(run=run, needs_existing_db=True)


def run(args: argparse.Namespace, repo: Repository) -> int:
    """Print the chosen cycle's review."""
    cycle = find_cycle(repo, args.cycle) if args.cycle else repo.current_cycle()
    if cycle is None:
        raise NotFound(f"{repo.path} has no cycles yet: there is nothing to review")
    write_utf8(review_markdown(repo.review.cycle_review(cycle)))
    return 0
