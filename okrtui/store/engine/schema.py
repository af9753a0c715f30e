"""Provides the schema version, the `_meta` record and the migrations between versions.

Migrations are pure functions on the raw `{table: {doc_id: record}}` dict, deliberately not
using the current models: they must keep working when the models move on. `migrate` runs the
whole chain in memory; the caller writes the result once, atomically, after a backup.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from okrtui.domain.models import TABLES
from okrtui.store.engine import record_checks
from okrtui.store.engine.errors import NewerSchema, UnreadableDatabase

#: The version this build writes. Bump it with every change to the shape of stored data,
#: and add the migration from the previous version to `MIGRATIONS`.
SCHEMA_VERSION = 3
META_TABLE = "_meta"
META_DOC_ID = "1"
APP_MARKER = "okrtui"

Raw = dict[str, dict[str, dict[str, Any]]]


def new_meta(created_at: str, written_by: str) -> dict[str, Any]:
    """The `_meta` record of a new database."""
    return {
        "app": APP_MARKER,
        "schema_version": SCHEMA_VERSION,
        "created_at": created_at,
        "written_by": written_by,
        "key_counters": {},
        "migrations": [],
    }


def read_meta(raw: Raw, path: Path) -> dict[str, Any]:
    """The `_meta` record, or `UnreadableDatabase` when the file is not an okrtui database."""
    meta = raw.get(META_TABLE, {}).get(META_DOC_ID)
    if not isinstance(meta, dict) or meta.get("app") != APP_MARKER:
        raise UnreadableDatabase(
            f"{path} is not an okrtui database (it has no okrtui `_meta` record)"
        )
    version = meta.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise UnreadableDatabase(f"{path} has an invalid schema version {version!r}")
    return meta


def check_version(meta: dict[str, Any], path: Path) -> int:
    """The file's schema version; `NewerSchema` when this build is too old to touch it."""
    version = int(meta["schema_version"])
    if version > SCHEMA_VERSION:
        raise NewerSchema(
            f"{path} was written by a newer okrtui (schema {version}, this okrtui knows "
            f"{SCHEMA_VERSION}); upgrade okrtui to open it. The file was not changed"
        )
    return version


def _v1_to_v2(raw: Raw) -> Raw:
    """Schema 1 stored a check-in's KR as `kr_id` and its confidence as 0.0–1.0.

    A check-in with `kr_id` is in the old shape, so its confidence is on the old scale even
    when written as `1` (a hand edit); one without is already migrated and left alone, which
    makes running this twice harmless. Halves round up (0.65 → 7), not to even.
    """
    for record in raw.get("checkins", {}).values():
        if "kr_id" not in record:
            continue
        record["key_result_id"] = record.pop("kr_id")
        confidence = record.get("confidence")
        if (
            isinstance(confidence, int | float)
            and not isinstance(confidence, bool)
            and 0 <= confidence <= 1
        ):
            record["confidence"] = math.floor(confidence * 10 + 0.5)
    return raw


def _v2_to_v3(raw: Raw) -> Raw:
    """Schema 3 may keep closed cycles' records in archive files listed in `_meta.archived`
    (`okrtui.store.engine.archive`). A schema-2 file has none, so nothing changes; the new number
    keeps older okrtui, which would not see archived history, from opening the file."""
    return raw


#: MIGRATIONS[n] turns a version-n database into version n+1.
MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {1: _v1_to_v2, 2: _v2_to_v3}


def migrate(raw: Raw, from_version: int) -> Raw:
    """Run the chain of migrations from `from_version` to `SCHEMA_VERSION` on a copy."""
    result = copy.deepcopy(raw)
    for version in range(from_version, SCHEMA_VERSION):
        result = MIGRATIONS[version](result)
    return result


def validate_all(raw: Raw, path: Path) -> None:
    """Validate every record with the current models and check references and keys.

    Raises `UnreadableDatabase` naming the first few problems. Used after a migration (before
    anything is written) and by checks; ordinary opens validate records as they are read.
    """
    problems = record_checks.all_problems(raw)
    ids = {
        table: {r["id"] for r in raw.get(table, {}).values() if isinstance(r.get("id"), str)}
        for table in TABLES
    }
    references = [
        ("objectives", "cycle_id", "cycles"),
        ("key_results", "objective_id", "objectives"),
        ("checkins", "key_result_id", "key_results"),
        ("evidence", "key_result_id", "key_results"),
        ("links", "from_objective_id", "objectives"),
    ]
    for table, field, target in references:
        for doc_id, record in raw.get(table, {}).items():
            if record.get(field) not in ids.get(target, set()):
                problems.append(f"{table} record {doc_id}: {field} points at no record")
    if problems:
        raise UnreadableDatabase(
            f"{path} does not match the okrtui data model: {record_checks.summary(problems)}"
        )
