"""A small builder of raw databases for the merge tests: records made by the real models,
edited the way the repository edits them (a new dict, a later `updated_at`), with keys
allocated from `_meta.key_counters` like the store does."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from okrtui.domain.models import TABLES, CheckIn, Cycle, KeyResult, Objective, Record, key_number
from okrtui.store.engine import canonical, schema

TABLE_OF = {model: table for table, model in TABLES.items()}
T0 = "2026-11-20T09:00:00Z"


def at(minute: int) -> str:
    """A timestamp `minute` minutes after T0: later edits are newer."""
    return f"2026-11-20T{9 + minute // 60:02d}:{minute % 60:02d}:00Z"


class Doc:
    """One version of a database, as the merge sees it."""

    def __init__(self, tables: dict[str, Any] | None = None) -> None:
        self.tables = (
            tables
            if tables is not None
            else {schema.META_TABLE: {schema.META_DOC_ID: schema.new_meta(T0, "tests")}}
        )

    def copy(self) -> Doc:
        return Doc(copy.deepcopy(self.tables))

    @property
    def bytes(self) -> bytes:
        return canonical.dumps(self.tables)

    @property
    def meta(self) -> dict[str, Any]:
        return self.tables[schema.META_TABLE][schema.META_DOC_ID]

    def add(self, model: type[Record], when: str = T0, **fields: Any) -> dict[str, Any]:
        """Store a new record with the next key and document number of its table."""
        table = TABLE_OF[model]
        records = self.tables.setdefault(table, {})
        counters = self.meta.setdefault("key_counters", {})
        prefix = model.prefix()
        number = (
            max([counters.get(prefix, 0), *(key_number(r["key"]) for r in records.values())]) + 1
        )
        counters[prefix] = number
        item = model.model_validate(
            fields | {"key": f"{prefix}-{number}", "created_at": when, "updated_at": when}
        )
        record = item.model_dump(mode="json")
        doc_id = max((int(d) for d in records), default=0) + 1
        records[str(doc_id)] = record
        return record

    def find(self, ref: str) -> tuple[str, str, dict[str, Any]]:
        """(table, doc id, record) of the record with this key or id."""
        for table, records in self.tables.items():
            for doc_id, record in records.items():
                if ref in (record.get("key"), record.get("id")):
                    return table, doc_id, record
        raise KeyError(ref)

    def get(self, ref: str) -> dict[str, Any]:
        return self.find(ref)[2]

    def edit(self, ref: str, when: str, **fields: Any) -> dict[str, Any]:
        table, doc_id, record = self.find(ref)
        new = record | fields | {"updated_at": when}
        TABLES[table].model_validate(new)
        self.tables[table][doc_id] = new
        return new

    def delete(self, ref: str) -> None:
        table, doc_id, _ = self.find(ref)
        del self.tables[table][doc_id]


def workspace() -> Doc:
    """C-1 with O-1 (two KRs, KR-1 with two check-ins) and O-2 (one KR)."""
    doc = Doc()
    cycle = doc.add(
        Cycle, name="2026-Q4", start=date(2026, 10, 5), end=date(2026, 12, 27), state="active"
    )
    onboarding = doc.add(
        Objective,
        cycle_id=cycle["id"],
        title="New users reach value faster",
        state="committed",
        why="line one\nline two\nline three\nline four\nline five",
    )
    loyalty = doc.add(
        Objective, cycle_id=cycle["id"], title="Customers recommend us", state="committed"
    )
    completion = doc.add(
        KeyResult,
        objective_id=onboarding["id"],
        title="Onboarding completion",
        baseline=45,
        target=70,
        unit="%",
    )
    doc.add(
        KeyResult,
        objective_id=onboarding["id"],
        title="Time to first invoice",
        baseline=9,
        target=3,
        direction="decrease",
    )
    doc.add(KeyResult, objective_id=loyalty["id"], title="NPS", baseline=30, target=50)
    doc.add(CheckIn, key_result_id=completion["id"], date=date(2026, 11, 2), value=48, confidence=6)
    doc.add(CheckIn, key_result_id=completion["id"], date=date(2026, 11, 9), value=52, confidence=7)
    return doc
