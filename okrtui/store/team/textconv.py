"""Provides `render`, the database as one line per record field, for readable git diffs.

Git shows a change to the database as the whole record line changed; registered as the
textconv of `diff=okrtui`, this view makes `git log -p` read `key_results KR-5 target: 150`.
The undo journal shows only what each entry did, not the records it carries.
"""

from __future__ import annotations

from typing import Any

import orjson

from okrtui.store.engine.canonical import doc_number
from okrtui.store.engine.journal import JOURNAL_TABLE

#: Journal fields worth a line: the action and whether it was undone.
_JOURNAL_FIELDS = ("action", "at", "undone")


def _order(doc_id: str) -> tuple[int, str]:
    number = doc_number(doc_id)
    return (number if number is not None else 2**63, doc_id)


def render(tables: dict[str, dict[str, dict[str, Any]]]) -> str:
    """`table KEY field: value` for every field of every record, in the file's order."""
    lines = []
    for table in sorted(tables):
        records = tables[table]
        for doc_id in sorted(records, key=_order):
            record = records[doc_id]
            name = record.get("key") or str(record.get("id", f"#{doc_id}"))[:8]
            fields = _JOURNAL_FIELDS if table == JOURNAL_TABLE else sorted(record)
            for field in fields:
                if field in ("id", "key") or field not in record:
                    continue
                value = orjson.dumps(record[field], option=orjson.OPT_SORT_KEYS).decode()
                lines.append(f"{table} {name} {field}: {value}")
    return "\n".join(lines) + "\n"
