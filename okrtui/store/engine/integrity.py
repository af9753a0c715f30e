"""Provides the references between stored records and checks of a database's integrity.

Records point at each other by `id` only. `REFERENCES` lists every such pointer, so the merge
can restore a parent one side deleted while the other still uses it, and `okrtui git doctor`
and the tests can prove a file has no dangling reference and no key used twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from okrtui.domain.models import TABLES
from okrtui.store.engine.transaction import Transaction

Raw = dict[str, dict[str, dict[str, Any]]]


@dataclass(frozen=True)
class Reference:
    """`table.field` holds the id of a record of `target` (`None` allowed unless required).

    A field ending in `[]` is a list of objects whose `item_field` holds the id.
    """

    table: str
    field: str
    target: str
    required: bool = True
    item_field: str = ""


REFERENCES: tuple[Reference, ...] = (
    Reference("objectives", "cycle_id", "cycles"),
    Reference("objectives", "continues", "objectives", required=False),
    Reference("key_results", "objective_id", "objectives"),
    Reference("key_results", "continues", "key_results", required=False),
    Reference("checkins", "key_result_id", "key_results"),
    Reference("checkins", "supersedes", "checkins", required=False),
    Reference("evidence", "key_result_id", "key_results"),
    Reference("links", "from_objective_id", "objectives"),
    Reference("links", "to_objective_id", "objectives", required=False),
    Reference("links", "to_key_result_id", "key_results", required=False),
    Reference("bets", "moves[]", "key_results", required=False, item_field="key_result_id"),
)

REFERENCES_FROM: dict[str, tuple[Reference, ...]] = {
    table: tuple(r for r in REFERENCES if r.table == table)
    for table in {r.table for r in REFERENCES}
}


def targets(table: str, record: dict[str, Any]) -> Iterator[tuple[Reference, str]]:
    """Every id `record` (of `table`) points at, with the reference it goes through."""
    for reference in REFERENCES_FROM.get(table, ()):
        if reference.item_field:
            for item in record.get(reference.field[:-2]) or ():
                if isinstance(item, dict) and isinstance(item.get(reference.item_field), str):
                    yield reference, item[reference.item_field]
            continue
        value = record.get(reference.field)
        if isinstance(value, str):
            yield reference, value


def ids_by_table(raw: Raw) -> dict[str, set[str]]:
    """The ids of every table's records."""
    return {
        table: {r["id"] for r in records.values() if isinstance(r.get("id"), str)}
        for table, records in raw.items()
    }


def dangling(raw: Raw) -> list[str]:
    """`table KEY.field → id` for each reference to a record that does not exist."""
    ids = ids_by_table(raw)
    found = []
    for table in REFERENCES_FROM:
        for record in raw.get(table, {}).values():
            for reference, target in targets(table, record):
                if target not in ids.get(reference.target, set()):
                    found.append(
                        f"{table} {record.get('key', record.get('id'))}.{reference.field} → {target}"
                    )
    return found


def duplicate_keys(raw: Raw) -> list[str]:
    """Human keys (`KR-13`) carried by more than one record of a table."""
    found: list[str] = []
    for table in TABLES:
        records = raw.get(table, {})
        counts = Counter(r.get("key") for r in records.values() if r.get("key"))
        found.extend(f"{table} {key} ×{n}" for key, n in sorted(counts.items()) if n > 1)
    return found


def delete_with_dependants(tx: Transaction, table: str, record_id: str) -> int:
    """Remove a record and whatever cannot exist without it (check-ins of a KR, links to an
    objective); optional pointers to it are cleared instead. Returns how many records went."""
    if not tx.has(table, record_id):
        return 0
    tx.remove(table, record_id)
    removed = 1
    for reference in REFERENCES:
        if reference.target != table:
            continue
        for child in list(tx.records(reference.table).values()):
            if reference.item_field:
                items = child.get(reference.field[:-2]) or []
                kept = [i for i in items if i.get(reference.item_field) != record_id]
                if len(kept) != len(items):
                    tx.replace(reference.table, child | {reference.field[:-2]: kept})
            elif child.get(reference.field) == record_id:
                if reference.required or not _valid(
                    reference.table, child | {reference.field: None}
                ):
                    removed += delete_with_dependants(tx, reference.table, child["id"])
                else:
                    tx.replace(reference.table, child | {reference.field: None})
    return removed


def _valid(table: str, record: dict[str, Any]) -> bool:
    try:
        TABLES[table].model_validate(record)
    except ValidationError:
        return False
    return True
