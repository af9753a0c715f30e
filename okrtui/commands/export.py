"""`okrtui export`: the whole database as one JSON document — okrtui's backup format.

Format (``--format json``, UTF-8, indented)::

    {
      "schema_version": 2,
      "cycles": [...], "objectives": [...], "key_results": [...], "checkins": [...],
      "bets": [...], "links": [...], "evidence": [...]
    }

`schema_version` is the version of okrtui's stored data the document was written from.
Each list holds every record of that type in stored order (oldest first), as a JSON object.
Every record carries

- ``id``: its opaque, stable identity (32 hex digits, never reused). Records point at each
  other only by id.
- ``key``: the short human key (``C-1``, ``O-3``, ``KR-12``, ``CI-40``, ``B-4``, ``L-2``,
  ``E-5``), unique in the database.
- ``created_at``, ``updated_at``: ISO 8601 timestamps in UTC.

and, per type (dates are ``YYYY-MM-DD``; absent numbers are ``null``):

- cycles: ``name`` (e.g. ``2026-Q1``), ``start``, ``end``, ``cadence_days`` (7 or 14),
  ``state`` (planning | active | closed).
- objectives: ``cycle_id``, ``title``, ``why``, ``owner``, ``team``,
  ``level`` (company | team | personal), ``mode`` (delivery | discovery),
  ``state`` (draft | committed | closed), ``reflection`` (end-of-cycle notes),
  ``continues`` (id of the objective of an earlier cycle it carries on after a roll-over, or
  null).
- key_results: ``objective_id``, ``title``, ``owner``, ``unit``, ``type`` (metric | milestone),
  ``direction`` (increase | decrease | stay_above | stay_below), ``baseline``, ``target``,
  ``stretch``, ``kind`` (outcome | output), ``indicator`` (leading | lagging),
  ``discovery_type`` (none | process | future_behaviour), ``assumption``, ``kill_by`` (date by
  which a discovery KR must show results, or null), ``weight`` (> 0, for the objective's mean),
  ``state`` (active | closed), ``score`` (0.0–1.0, up to 1.5 with a stretch; null until
  scored), ``close_reason``, ``closed_on`` (date it was closed, or null), ``graduated_on``
  (date a future-behaviour KR became an outcome KR, or null), ``roll_over`` (true | false |
  null: the review's choice; null rolls an unfinished KR over), ``continues`` (id of the KR of
  an earlier cycle it carries on, rolled over or graduated, or null).
- checkins: ``key_result_id``, ``date``, ``value``, ``confidence`` (0–10), ``note``,
  ``author``, ``supersedes`` (id of the check-in this one corrects, or null). Append-only: a
  superseded check-in stays in the list.
- bets: ``title``, ``horizon`` (now | next | later), ``status`` (idea | discovery | delivery |
  done | dropped), ``rank`` (order within the horizon), ``moves`` (a list of
  ``{"key_result_id", "expected_change"}``), ``url``, ``note``.
- links: ``from_objective_id``, exactly one of ``to_objective_id`` and ``to_key_result_id``,
  ``strength`` (weak | strong), ``hypothesis``, ``held`` (true | false | null: not judged yet),
  ``review_note`` (what the review learnt about it).
- evidence: ``key_result_id``, ``date``, ``text``, ``verdict`` (supports | refutes | unclear).

The document goes to standard output, or with ``--output FILE`` to a file that is replaced
atomically (never left half-written). It cannot be written over the database itself.

``--format md`` (a cycle's Markdown outline with current values as comments) and
``--format csv`` (one row per check-in), and ``--cycle NAME`` for any format, are described in
`okrtui.commands.export_formats`.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from okrtui.commands.common import Subparsers, find_cycle, write_utf8
from okrtui.commands.export_formats import TEXT_FORMATS, cycle_document
from okrtui.commands.terminal import json_text_safe
from okrtui.domain.errors import InvalidInput
from okrtui.domain.plain_text import visible
from okrtui.domain.wording import count
from okrtui.store.engine.storage import atomic_write_bytes
from okrtui.store.repository import Repository


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `export` parser; `parents` carry the global options (`--db`)."""
    parser = subparsers.add_parser(
        "export",
        parents=parents,
        help="write the database as JSON (a full backup), a cycle as Markdown, check-ins as CSV",
        description=(
            "Write every cycle, objective, key result, check-in, bet, link and piece of "
            "evidence as one JSON document, to standard output or to --output FILE; or a "
            "cycle as a Markdown outline (md), or check-ins as CSV rows (csv)."
        ),
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=("json", "md", "csv"),
        default="json",
        help="json: the whole database (default); md: a cycle's outline with current values; "
        "csv: one row per check-in",
    )
    parser.add_argument(
        "--cycle",
        metavar="NAME",
        help="only this cycle (default: every cycle; for md, the current one)",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        type=Path,
        help="write to FILE, replacing it atomically (default: standard output)",
    )
    parser.set_defaults(run=run, needs_existing_db=True)


def run(args: argparse.Namespace, repo: Repository) -> int:
    """Render the chosen format and send it where `--output` says."""
    text, what = export_text(args, repo)
    if args.output is None or str(args.output) == "-":
        write_utf8(text)
        return 0
    target = args.output.expanduser()
    refuse_database(target, repo)
    atomic_write_bytes(target, text.encode("utf-8"))
    print(f"Exported {what} to {target}.")
    return 0


def export_text(args: argparse.Namespace, repo: Repository) -> tuple[str, str]:
    """The export's text, and what the confirmation line calls it."""
    if args.format in TEXT_FORMATS:
        # A file or a terminal gets control characters shown, never written (`visible`).
        text, what = TEXT_FORMATS[args.format](repo, args.cycle)
        return visible(text), what
    document = repo.export_document()
    if args.cycle:
        document = cycle_document(document, find_cycle(repo, args.cycle).id)
    return render(document), records_summary(document)


def render(document: dict[str, Any]) -> str:
    """The document as indented UTF-8 JSON text ending in a newline."""
    return json_text_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def refuse_database(target: Path, repo: Repository) -> None:
    """Refuse to write the export over the database: it would no longer open."""
    if os.path.realpath(target) == os.path.realpath(repo.path):
        raise InvalidInput(f"--output {target} is the database itself; give another file name")


def records_summary(document: dict[str, Any]) -> str:
    """`58 records in 7 tables`."""
    tables = [v for k, v in document.items() if isinstance(v, list)]
    return f"{count(sum(len(t) for t in tables), 'record')} in {count(len(tables), 'table')}"
