"""The merge driver's door: a teammate's record the models refuse (confidence 11, an unknown
field, state `zombie`, cadence 0, a note 500 lists deep, a created_at in year 10000) never
reaches the merged file: the valid version stays, an open conflict names the record and the
field, and every command shows the result."""

from __future__ import annotations

import json

import pytest

from okrtui.store.engine import canonical
from okrtui.store.team import conflicts
from tests.store.merge_docs import workspace


def _deep(depth: int) -> object:
    value: object = "deep"
    for _ in range(depth):
        value = [value]
    return value


CASES = [
    ("checkins", {"confidence": 11}, "confidence"),
    ("key_results", {"colour": "red"}, "colour"),
    ("key_results", {"state": "zombie"}, "state"),
    ("cycles", {"cadence_days": 0}, "cadence_days"),
    ("checkins", {"note": _deep(500)}, "note"),
    ("checkins", {"created_at": "9999-12-31T23:59:59.999999-23:59"}, "created_at"),
]


@pytest.mark.parametrize(("table", "change", "field"), CASES, ids=[c[2] for c in CASES])
def test_a_refused_record_from_theirs_becomes_a_conflict(okrtui, tmp_path, table, change, field):
    from datetime import date

    from okrtui.domain.models import CheckIn

    base = workspace()
    base.add(
        CheckIn,
        key_result_id=base.get("KR-1")["id"],
        date=date(2026, 11, 16),
        value=55,
        confidence=7,
    )
    ours = base.copy()
    raw = canonical.loads(base.bytes)
    next(iter(raw[table].values())).update(change)
    paths = []
    for name, data in (("base", base.bytes), ("ours", ours.bytes), ("theirs", None)):
        path = tmp_path / f".merge_file_{name}"
        path.write_bytes(data if data is not None else json.dumps(raw).encode())
        paths.append(path)

    result = okrtui("merge-driver", *paths, "okrtui.json")

    assert result.code == 0, result.err
    merged = canonical.loads(paths[1].read_bytes())
    [entry] = [
        e for e in merged[conflicts.CONFLICTS_TABLE].values() if e["kind"] == conflicts.RECORD
    ]
    assert entry["field"] == field and entry["status"] == "open"
    assert "theirs's version was refused" in entry["note"]
    db = tmp_path / "okrtui.json"
    db.write_bytes(paths[1].read_bytes())
    for command in (["status"], ["export"], ["conflicts"], ["review"]):
        shown = okrtui("--db", db, *command)
        assert shown.code in (0, 3), (command, shown.err)  # conflicts exits 3: one is open
        assert "this is a bug" not in shown.err


def test_doctor_names_duplicated_keys_and_dangling_references(tmp_path):
    from okrtui.store.team.gitrepo import _check_file

    raw = canonical.loads(workspace().bytes)
    first, second = list(raw["key_results"].values())[:2]
    second["key"] = first["key"]
    next(iter(raw["objectives"].values()))["cycle_id"] = "gone"
    db = tmp_path / "okrtui.json"
    db.write_bytes(canonical.dumps(raw))

    problems = " | ".join(_check_file(db))

    assert f"key_results: the key {first['key']} is used twice" in problems
    assert "cycle_id → gone points at a record that does not exist" in problems
    assert "okrtui restore" in problems
