"""Provides `guarded_merge_bytes`: the merge driver's door, so that only records okrtui can
show come out of a merge.

A teammate's version (or ours, or the ancestor) may hold a record its model refuses: a
confidence of 11, an unknown field, a state `zombie`, a cadence of 0, a note that is a list
500 deep, a date in year 10000. Merged as it is, every command would then refuse the file. So
before merging, each side's refused records are replaced by the same record from another
side that is valid (the ancestor first, then the other side), or left out when there is
none; each replacement is recorded as an open conflict of kind `record` that names the record,
the field and why, so a person decides and nothing is lost silently. After merging, a record
the models refuse (two valid edits that break a rule together) gets ours back the same way,
and a result that still does not pass the file checks (`record_checks`) is not written.
"""

from __future__ import annotations

from typing import Any

from okrtui.domain.models import TABLES
from okrtui.store.engine import canonical, record_checks
from okrtui.store.team import conflicts
from okrtui.store.team.merge import (
    MergeError,
    MergeOutcome,
    Side,
    load_ancestor,
    load_side,
    merge,
)

Raw = dict[str, dict[str, dict[str, Any]]]
#: The sides, and where each looks for a valid version of a record it cannot use.
FALLBACKS = {"base": (), "ours": ("base", "theirs"), "theirs": ("base", "ours")}
#: How much of a refused value a conflict entry quotes.
QUOTE = 200


def guarded_merge_bytes(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    *,
    upstream: Side | None = None,
    labels: tuple[str, str] = ("ours", "theirs"),
) -> tuple[bytes, MergeOutcome]:
    """`merge.merge_bytes` with refused records kept out (see the module docstring)."""
    sides: dict[str, Raw] = {
        "base": load_ancestor(base) or {},
        "ours": load_side(ours, "ours"),
        "theirs": load_side(theirs, "theirs"),
    }
    entries: list[dict[str, Any]] = []
    for side in ("base", "ours", "theirs"):
        entries += _keep_out_refused(sides, side, labels)
    outcome = merge(
        sides["base"] or None, sides["ours"], sides["theirs"], upstream=upstream, labels=labels
    )
    entries += _refused_after_merge(outcome.tables, sides["ours"], labels)
    _record(outcome, entries)
    problems = record_checks.all_problems(outcome.tables)
    if problems:
        raise MergeError(f"the merged file would not open: {record_checks.summary(problems)}")
    return canonical.dumps(outcome.tables), outcome


def _keep_out_refused(
    sides: dict[str, Raw], side: str, labels: tuple[str, str]
) -> list[dict[str, Any]]:
    """Replace `side`'s refused records by a valid version from its fallbacks, or drop them;
    returns the conflict entries saying so."""
    entries = []
    raw = sides[side]
    for table in TABLES:
        records = raw.get(table, {})
        for doc_id, record in list(records.items()):
            problem = record_checks.model_problem(table, record)
            if problem is None:
                continue
            record_id = str(record["id"]) if isinstance(record.get("id"), str) else ""
            replacement = _valid_version(sides, FALLBACKS[side], table, record_id)
            if replacement is None:
                del records[doc_id]
            else:
                records[doc_id] = replacement
            if side != "base":
                entries.append(_entry(table, record_id, record, replacement, side, problem, labels))
    return entries


def _refused_after_merge(tables: Raw, ours: Raw, labels: tuple[str, str]) -> list[dict[str, Any]]:
    """Records of the merged `tables` their models refuse: ours' version back, or out."""
    entries = []
    for table in TABLES:
        records = tables.get(table, {})
        for doc_id, record in list(records.items()):
            problem = record_checks.model_problem(table, record)
            if problem is None:
                continue
            record_id = str(record.get("id", ""))
            kept = _valid_version({"ours": ours}, ("ours",), table, record_id)
            if kept is None:
                del records[doc_id]
            else:
                records[doc_id] = kept
            entries.append(_entry(table, record_id, record, kept, "merged", problem, labels))
    return entries


def _valid_version(
    sides: dict[str, Raw], names: tuple[str, ...], table: str, record_id: str
) -> dict[str, Any] | None:
    for name in names:
        for record in sides.get(name, {}).get(table, {}).values():
            if record.get("id") == record_id and record_checks.model_problem(table, record) is None:
                return record
    return None


def _quote(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= QUOTE else text[: QUOTE - 1] + "…"


def _entry(
    table: str,
    record_id: str,
    refused: dict[str, Any],
    kept: dict[str, Any] | None,
    side: str,
    problem: str,
    labels: tuple[str, str],
) -> dict[str, Any]:
    """An open `record` conflict: `side`'s version of a record was refused for `problem`."""
    field = problem.split(":", 1)[0]
    who = {"ours": labels[0], "theirs": labels[1]}.get(side, "the merge")
    key = refused.get("key") if isinstance(refused.get("key"), str) else ""
    quoted = _quote(refused.get(field, refused)) if field in refused else _quote(refused)
    what = "kept the other version" if kept is not None else "left the record out"
    return {
        "id": conflicts.entry_id(conflicts.RECORD, table, record_id, field, quoted, side),
        "kind": conflicts.RECORD,
        "table": table,
        "record_id": record_id,
        "record_key": key or kept.get("key", "") if kept else key,
        "field": field,
        "base": None,
        "ours": kept,
        "theirs": None,
        "kept": "ours",
        "ours_label": "the version kept",
        "theirs_label": who,
        "status": conflicts.OPEN,
        "note": f"{who}'s version was refused ({problem}; it held {quoted}): {what}",
    }


def _record(outcome: MergeOutcome, entries: list[dict[str, Any]]) -> None:
    """Add `entries` to the merged conflicts table (one per id) and to the outcome."""
    if not entries:
        return
    table = outcome.tables.setdefault(conflicts.CONFLICTS_TABLE, {})
    known = {e.get("id") for e in table.values()}
    numbers = [canonical.doc_number(d) for d in table]
    next_free = max((n for n in numbers if n is not None), default=0) + 1
    for entry in entries:
        if entry["id"] in known:
            continue
        table[str(next_free)] = entry
        next_free += 1
        known.add(entry["id"])
        outcome.added.append(entry)
