"""Provides the export formats besides the JSON backup: `md` (the outline of a cycle) and
`csv` (its check-ins), and the JSON document narrowed to one cycle.

- ``md``: the cycle as a Markdown outline (the format `okrtui lint` and `okrtui import`
  read), each key result followed by a comment with its current value, progress, status and
  last check-in. Importing the file again adds nothing; comments are not read back. Without
  `--cycle`, the current cycle.
- ``csv``: one row per check-in, oldest first within each key result, with the columns
  `CSV_COLUMNS`: the cycle's name, the objective's and key result's key and title, the KR's
  unit, then the check-in's date, value, confidence, note, author, key, and the key of the
  check-in it corrects (`supersedes`, empty unless it is a correction). Superseded check-ins
  stay in (the history is append-only). Without `--cycle`, every cycle. A text cell that a
  spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
  return) starts with `'` instead (`terminal.neutral_cell`).
- ``json`` with `--cycle`: the backup document holding only that cycle, its objectives, key
  results, check-ins, evidence, the links from its objectives and the bets that move its key
  results.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from okrtui.commands import formatting as fmt
from okrtui.commands.common import find_cycle
from okrtui.commands.terminal import neutral_cell
from okrtui.domain.errors import NotFound
from okrtui.domain.models import CheckIn, Cycle
from okrtui.domain.outline import format_plain_number, one_line_outside_comments, render_outline
from okrtui.domain.outline_records import outline_from_records
from okrtui.domain.progress import KrSnapshot
from okrtui.domain.wording import count
from okrtui.store.repository import Repository

#: The columns of the CSV export, in order.
CSV_COLUMNS = (
    "cycle",
    "objective_key",
    "objective",
    "key_result_key",
    "key_result",
    "unit",
    "date",
    "value",
    "confidence",
    "note",
    "author",
    "checkin_key",
    "supersedes",
)

#: An export: the text, and how the confirmation line describes it ("2026-Q4 as Markdown").
Export = tuple[str, str]


def chosen_cycles(repo: Repository, cycle_ref: str | None, default_all: bool) -> list[Cycle]:
    """The cycle `--cycle` names; else every cycle or the current one."""
    if cycle_ref:
        return [find_cycle(repo, cycle_ref)]
    if default_all:
        return repo.cycles()
    current = repo.current_cycle()
    if current is None:
        raise NotFound(f"{repo.path} has no cycles to export yet")
    return [current]


# -- Markdown -----------------------------------------------------------------------------------


def kr_comment(snap: KrSnapshot) -> str:
    """`now 52 / 70 % · 28 % of the way · at risk · last check-in 2026-11-20, confidence 7:
    tour drafted`, or `no check-in yet`."""
    kr = snap.kr
    if not snap.checkins:
        return "no check-in yet"
    last = snap.checkins[-1]
    parts = [
        f"now {fmt.reading(kr, snap.value)}",
        fmt.progress_phrase(kr, snap.progress),
        fmt.status_words(snap.status),
        f"last check-in {last.date.isoformat()}, confidence {last.confidence}"
        + (f": {last.note}" if last.note else ""),
    ]
    return " · ".join(parts)


def export_markdown(repo: Repository, cycle_ref: str | None) -> Export:
    """The cycle's outline with current values as comments."""
    (cycle,) = chosen_cycles(repo, cycle_ref, default_all=False)
    snapshots = repo.cycle_snapshots(cycle)
    plans = [(o, tuple(s.kr for s in snapshots.get(o.id, []))) for o in repo.objectives(cycle)]
    comments = {s.kr.id: kr_comment(s) for snaps in snapshots.values() for s in snaps}
    header = (
        f"<!-- {one_line_outside_comments(cycle.name)} ({cycle.key}, {cycle.state}) exported by okrtui on "
        f"{repo.today().isoformat()}. The comments show values as of that day; "
        "'okrtui import' does not read them. -->\n\n"
    )
    text = header + render_outline(outline_from_records(cycle, plans, comments))
    return text, f"{cycle.name} as Markdown"


# -- CSV ----------------------------------------------------------------------------------------


def export_csv(repo: Repository, cycle_ref: str | None) -> Export:
    """One row per check-in of the chosen cycles (see the module docstring)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = 0
    keys_by_id = {c.id: c.key for c in repo.all(CheckIn)}
    for cycle in chosen_cycles(repo, cycle_ref, default_all=True):
        for objective in repo.objectives(cycle):
            for kr in repo.key_results(objective):
                for checkin in repo.history(kr):
                    writer.writerow(
                        (
                            neutral_cell(cycle.name),
                            objective.key,
                            neutral_cell(objective.title),
                            kr.key,
                            neutral_cell(kr.title),
                            neutral_cell(kr.unit),
                            checkin.date.isoformat(),
                            format_plain_number(checkin.value),
                            checkin.confidence,
                            neutral_cell(checkin.note),
                            neutral_cell(checkin.author),
                            checkin.key,
                            keys_by_id.get(checkin.supersedes or "", ""),
                        )
                    )
                    rows += 1
    return buffer.getvalue(), count(rows, "check-in") + " as CSV"


# -- JSON of one cycle --------------------------------------------------------------------------


def cycle_document(document: dict[str, Any], cycle_id: str) -> dict[str, Any]:
    """The backup `document` narrowed to one cycle and what belongs to it."""
    objectives = [o for o in document["objectives"] if o["cycle_id"] == cycle_id]
    objective_ids = {o["id"] for o in objectives}
    key_results = [k for k in document["key_results"] if k["objective_id"] in objective_ids]
    kr_ids = {k["id"] for k in key_results}
    return {
        "schema_version": document["schema_version"],
        "cycles": [c for c in document["cycles"] if c["id"] == cycle_id],
        "objectives": objectives,
        "key_results": key_results,
        "checkins": [c for c in document["checkins"] if c["key_result_id"] in kr_ids],
        "bets": [
            b for b in document["bets"] if any(m["key_result_id"] in kr_ids for m in b["moves"])
        ],
        "links": [link for link in document["links"] if link["from_objective_id"] in objective_ids],
        "evidence": [e for e in document["evidence"] if e["key_result_id"] in kr_ids],
    }


#: The text exports by `--format` name.
TEXT_FORMATS: dict[str, Callable[[Repository, str | None], Export]] = {
    "md": export_markdown,
    "csv": export_csv,
}
