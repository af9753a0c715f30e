"""Provides `integrity_problems`: what `okrtui git doctor` says about a database's records,
each with how to repair it (the file checks of `record_checks`, and references to records
that exist neither in the file nor in its archives)."""

from __future__ import annotations

from pathlib import Path

from okrtui.store.engine import archive, integrity, record_checks
from okrtui.store.engine.errors import UnreadableDatabase

Raw = record_checks.Raw


def integrity_problems(raw: Raw, path: Path) -> list[str]:
    """What `okrtui git doctor` says about a file's records, each with how to repair it:
    records the models refuse, ids and keys used twice, references to records that exist
    neither in the file nor in its archives."""
    found = [
        f"{problem}: fix that field in {path.name} with a text editor (or 'okrtui restore' "
        "the newest good backup)"
        for problem in record_checks.all_problems(raw)
    ]
    meta = raw.get("_meta", {}).get("1")
    everything: Raw = {table: dict(records) for table, records in raw.items()}
    if isinstance(meta, dict):
        try:
            for tables in archive.Archive(path).all_tables(archive.index(meta)):
                for table, records in tables.items():
                    everything.setdefault(table, {}).update(
                        {f"archived-{doc_id}": r for doc_id, r in records.items()}
                    )
        except (OSError, ValueError, UnreadableDatabase) as exc:
            found.append(f"an archive file of {path.name} cannot be read: {exc}")
    for reference in integrity.dangling(everything):
        found.append(
            f"{reference} points at a record that does not exist: "
            "set it to another record or remove it in okrtui, or 'okrtui restore'"
        )
    return found
