"""`okrtui status`: the objectives and key results of a cycle, with progress and status.

Text is an aligned table for people; statuses are words (`on track`, `at risk`, `off track`,
`stale`, `not started`, `closed`, `killed`), so a stale KR never passes for a green one.

JSON is for scripts, exactly::

    {"cycle": {<every Cycle field: id, key, name, start, end, cadence_days, state, …>},
     "objectives": [
       {"key": "O-1", "title": "…", "progress": 0.45,
        "key_results": [
          {"key": "KR-1", "title": "…", "value": 55.0, "target": 70.0, "unit": "%",
           "progress": 0.4, "status": "at_risk", "confidence": 7,
           "last_checkin": "2026-11-20",
           "backlog": {"items": 2, "statuses": {"in progress": 1, "done": 1}}}]}],
     "backlog": "62 % of the backlog serves an OKR (31 of 50 open items)"}

`progress` is 0.0–1.0, clamped as it is shown (or null when it cannot be computed); an
objective's is the weighted mean of its KRs', killed KRs left out (they stay listed, `killed`),
with the progress of objectives strongly linked to it rolled up (as the alignment view shows);
`status` is one of `on_track`, `at_risk`, `off_track`, `stale`, `not_started`, `closed`,
`killed` (a discovery KR stopped on purpose);
`value`, `confidence` and `last_checkin` (an ISO date) are null before the first check-in.
`backlog` per KR counts the backlog items linked to it by their status (lower-case); the
document's `backlog` says how much of the open backlog serves a key result of the cycle
(empty when no backlog was imported). The text table shows a BACKLOG column (`2 items: 1 in
progress, 1 done`) when any item is linked. A database without cycles gives
`{"cycle": null, "objectives": []}`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from typing import Any

from okrtui.commands import formatting as fmt
from okrtui.commands.common import Subparsers, find_cycle, write_utf8
from okrtui.domain.alignment import shown_progress
from okrtui.domain.models import Cycle, Objective
from okrtui.domain.progress import KrSnapshot, clamp, expected_progress
from okrtui.store.repository import Repository

#: Digits kept in JSON progress figures (enough for any display, no float noise).
PROGRESS_DIGITS = 4
#: The title column never gets narrower than this when fitting a terminal.
MIN_TITLE_WIDTH = 20
#: Piped output pads titles to at most this many cells (longer ones stay whole).
PIPED_TITLE_WIDTH = 60

#: Each objective with its KRs' snapshots and the progress it shows (strong links rolled up).
Report = list[tuple[Objective, list[KrSnapshot], float | None]]


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `status` parser; `parents` carry the global options (`--db`)."""
    parser = subparsers.add_parser(
        "status",
        parents=parents,
        help="show a cycle's objectives and key results with progress and status",
        description=(
            "Show the objectives and key results of the current cycle (or --cycle NAME) with "
            "their value, progress, status, confidence and last check-in."
        ),
    )
    parser.add_argument(
        "--cycle", metavar="NAME", help="the cycle's name or key, e.g. 2026-Q1 (default: current)"
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=("text", "json"),
        default="text",
        help="text for people (default) or json for scripts",
    )
    parser.set_defaults(run=run, needs_existing_db=True)


def run(args: argparse.Namespace, repo: Repository) -> int:
    """Print the chosen cycle's report in the chosen format."""
    cycle = find_cycle(repo, args.cycle) if args.cycle else repo.current_cycle()
    report = build_report(repo, cycle) if cycle else []
    backlog = _backlog_statuses(repo)
    if args.format == "json":
        document = as_json(cycle, report)
        if cycle is not None:
            for objective in document["objectives"]:
                for kr in objective["key_results"]:
                    kr["backlog"] = _backlog_json(backlog.get(kr["key"], []))
            document["backlog"] = (
                repo.backlog.coverage(cycle).sentence() if repo.backlog.items() else ""
            )
        write_utf8(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        lines = as_text(repo, cycle, report)
        if cycle is not None and report:
            lines = _with_backlog(lines, report, backlog)
            if repo.backlog.items():
                lines.append("")
                lines.append(repo.backlog.coverage(cycle).sentence() + ".")
        print("\n".join(lines))
    return 0


def _backlog_statuses(repo: Repository) -> dict[str, list[str]]:
    """{KR key: the statuses of the backlog items linked to it}."""
    keys = {kr.id: kr.key for kr in repo.key_results()}
    return {
        keys[kr_id]: [i.status for i in items]
        for kr_id, items in repo.backlog.items_by_key_result().items()
        if kr_id in keys
    }


def _backlog_json(statuses: list[str]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for status in statuses:
        name = status.strip().lower() or "no status"
        counts[name] = counts.get(name, 0) + 1
    return {"items": len(statuses), "statuses": counts}


def _with_backlog(lines: list[str], report: Report, backlog: dict[str, list[str]]) -> list[str]:
    """The table with a BACKLOG column when any KR of the report has items linked."""
    from okrtui.domain.backlog import status_tally
    from okrtui.domain.wording import plain

    keys = [s.kr.key for _, snaps, _ in report for s in snaps]
    if not any(backlog.get(k) for k in keys):
        return lines
    head, table = lines[:2], lines[2:]
    rows_keys = [""] + [k for _, snaps, _ in report for k in ["", *(s.kr.key for s in snaps)]]
    width = max(len(line) for line in table)
    return head + [
        (
            line.ljust(width)
            + "  "
            + ("BACKLOG" if n == 0 else plain(status_tally(backlog.get(key, []))))
        ).rstrip()
        for n, (line, key) in enumerate(zip(table, rows_keys, strict=True))
    ]


def build_report(repo: Repository, cycle: Cycle) -> Report:
    """Each objective of `cycle` with the snapshots of its key results, in display order."""
    snapshots = repo.cycle_snapshots(cycle)
    objectives = repo.objectives(cycle)
    progress = shown_progress(objectives, snapshots, repo.cycle_links(cycle))
    return [(o, snapshots.get(o.id, []), progress.get(o.id)) for o in objectives]


# -- JSON ---------------------------------------------------------------------------------------


def _fraction(progress: float | None) -> float | None:
    """Progress for JSON: clamped to 0–1 like the display, rounded; None stays None."""
    return None if progress is None else round(clamp(progress), PROGRESS_DIGITS)


def kr_json(snap: KrSnapshot) -> dict[str, Any]:
    """One key result of the JSON document."""
    kr = snap.kr
    return {
        "key": kr.key,
        "title": kr.title,
        "value": snap.value,
        "target": kr.target,
        "unit": kr.unit,
        "progress": _fraction(snap.progress),
        "status": snap.status,
        "confidence": snap.confidence,
        "last_checkin": snap.last_checkin.isoformat() if snap.last_checkin else None,
    }


def as_json(cycle: Cycle | None, report: Report) -> dict[str, Any]:
    """The documented JSON document (see the module docstring)."""
    return {
        "cycle": cycle.model_dump(mode="json") if cycle else None,
        "objectives": [
            {
                "key": objective.key,
                "title": objective.title,
                "progress": _fraction(progress),
                "key_results": [kr_json(s) for s in snaps],
            }
            for objective, snaps, progress in report
        ],
    }


# -- text ---------------------------------------------------------------------------------------

_HEADER = (
    "",
    "OBJECTIVE / KEY RESULT",
    "VALUE / TARGET",
    "PROGRESS",
    "STATUS",
    "CONF",
    "LAST CHECK-IN",
)
_TITLE_COLUMN = 1
_RIGHT_ALIGNED = frozenset({5})


def as_text(repo: Repository, cycle: Cycle | None, report: Report) -> list[str]:
    """Lines for people: a cycle heading, then one aligned table of objectives and KRs."""
    if cycle is None:
        return [
            f"No cycles yet in {repo.path}.",
            "Run 'okrtui' to start one, or 'okrtui sample' to load the sample workspace.",
        ]
    lines = [cycle_heading(cycle, repo), ""]
    if not report:
        return [*lines, f"No objectives in {cycle.name} yet."]
    rows = [list(_HEADER)]
    for objective, snaps, progress in report:
        rows.append(objective_row(objective, snaps, progress))
        rows.extend(kr_row(s, repo) for s in snaps)
    fit_titles(rows)
    # Piped, titles stay whole; one very long title overflows its own row, not every row.
    return lines + fmt.table(rows, right=_RIGHT_ALIGNED, widest={_TITLE_COLUMN: PIPED_TITLE_WIDTH})


def cycle_heading(cycle: Cycle, repo: Repository) -> str:
    """`2026-Q4 (C-2) · 2026-10-01 → 2026-12-31 · day 54 of 91, expected 59 % · active`."""
    today = repo.today()
    day = min(max((today - cycle.start).days, 0), cycle.length_days)
    expected = fmt.percent(expected_progress(cycle, today))
    return (
        f"{cycle.name} ({cycle.key}) · {cycle.start.isoformat()} → {cycle.end.isoformat()} · "
        f"day {day} of {cycle.length_days}, expected {expected} · {cycle.state} · "
        f"check-in every {cycle.cadence_days} days"
    )


def _progress_cell(progress: float | None) -> str:
    """`████░░░░░░  40 %`."""
    return f"{fmt.bar(progress)} {fmt.percent(progress):>5}"


def objective_row(
    objective: Objective, snaps: list[KrSnapshot], progress: float | None
) -> list[str]:
    """An objective's row: key, title and its progress (see `Report`)."""
    cell = _progress_cell(progress) if snaps or progress is not None else "no key results yet"
    return [objective.key, objective.label, "", cell, "", "", ""]


def kr_row(snap: KrSnapshot, repo: Repository) -> list[str]:
    """A key result's row, indented under its objective."""
    return [
        snap.kr.key,
        f"  {snap.kr.title}",
        fmt.reading(snap.kr, snap.value),
        _progress_cell(snap.progress),
        fmt.status_words(snap.status),
        "" if snap.confidence is None else str(snap.confidence),
        fmt.since(snap.last_checkin, repo.today()),
    ]


def fit_titles(rows: list[list[str]]) -> None:
    """On a terminal, shorten titles so each row fits its width; piped output is left whole."""
    if not sys.stdout.isatty():
        return
    columns = shutil.get_terminal_size().columns
    others = sum(
        max(fmt.cell_width(row[i]) for row in rows) + 2
        for i in range(len(rows[0]))
        if i != _TITLE_COLUMN
    )
    width = max(MIN_TITLE_WIDTH, columns - others)
    for row in rows[1:]:  # the header stays whole
        row[_TITLE_COLUMN] = fmt.truncate(row[_TITLE_COLUMN], width)
