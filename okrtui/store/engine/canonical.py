"""Provides the one canonical byte form of a database.

Tables sorted by name, records by their integer document number, one record per line, keys
sorted, UTF-8 (not \\u escapes), LF, trailing newline. Saving unchanged data yields the same
bytes, and a one-field edit changes one line, which is what makes the file diff and merge well
in git. The storage and any future merge driver must both write through `dumps`.
"""

from __future__ import annotations

from typing import Any

import orjson

Tables = dict[str, dict[str, dict[str, Any]]]


def doc_number(doc_id: str) -> int | None:
    """The number of a TinyDB document id (`"12"` → 12), or None for any other text.

    Only ASCII digits count: `str.isdigit` also accepts `²`, which `int` refuses.
    """
    return int(doc_id) if doc_id.isascii() and doc_id.isdigit() else None


def doc_order(doc_id: str) -> tuple[int, str]:
    """Sort key of document ids: by number, any hand-edited non-numeric id after them."""
    number = doc_number(doc_id)
    return (2**63, doc_id) if number is None else (number, doc_id)


def sorted_doc_ids(records: dict[str, Any]) -> list[str]:
    """Document ids in canonical order. The usual case, every id plain ASCII digits, sorts
    by `int` directly (the same order as `doc_order`, a few times faster on large tables)."""
    if all(d.isascii() and d.isdigit() for d in records):
        return sorted(records, key=int)
    return sorted(records, key=doc_order)


def highest_doc_number(records: dict[str, Any]) -> int:
    """The largest numeric document id of a table (0 when there is none)."""
    return max((int(d) for d in records if d.isascii() and d.isdigit()), default=0)


def dumps(tables: Tables) -> bytes:
    """Serialise TinyDB's `{table: {doc_id: record}}` to canonical bytes.

    Raises `TypeError` (from orjson) for a value that is not JSON, before anything is written.
    """
    out = [b"{"]
    names = sorted(tables)
    for t_index, name in enumerate(names):
        records = tables[name]
        out.append(b"\n" + orjson.dumps(name) + b": {")
        doc_ids = sorted_doc_ids(records)
        for d_index, doc_id in enumerate(doc_ids):
            line = (
                orjson.dumps(str(doc_id))
                + b": "
                + orjson.dumps(records[doc_id], option=orjson.OPT_SORT_KEYS)
            )
            comma = b"," if d_index < len(doc_ids) - 1 else b""
            out.append(b"\n" + line + comma)
        closing = b"\n}" if doc_ids else b"}"
        out.append(closing + (b"," if t_index < len(names) - 1 else b""))
    out.append(b"\n}\n")
    return b"".join(out)


def loads(data: bytes) -> Any:
    """Parse database bytes (any valid JSON layout, not only the canonical one)."""
    return orjson.loads(data)
