"""`okrtui merge-driver` and `okrtui textconv` as git calls them, and `okrtui conflicts`.

The driver overwrites %A with the merge and exits 0 (conflicts go into the file); a version it
cannot merge leaves %A byte for byte as it was, exits 1 and says why on stderr. Extra literal
`%X %Y` arguments (git 2.39 passes them unexpanded) are accepted."""

from __future__ import annotations

import json
from datetime import date

import pytest

from okrtui.domain.models import CheckIn
from okrtui.store.engine import canonical
from okrtui.store.team import conflicts
from tests.store.merge_docs import at, workspace


@pytest.fixture
def versions(tmp_path):
    base = workspace()
    ours, theirs = base.copy(), base.copy()
    ours.edit("KR-1", at(2), target=120)
    theirs.edit("KR-1", at(3), target=130)
    theirs.add(
        CheckIn,
        key_result_id=base.get("KR-1")["id"],
        date=date(2026, 11, 16),
        value=55,
        confidence=7,
    )
    paths = []
    for name, doc in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f".merge_file_{name}"
        path.write_bytes(doc.bytes)
        paths.append(path)
    return paths


def test_the_driver_writes_the_merge_over_ours_and_exits_0(okrtui, versions):
    base, ours, theirs = versions

    result = okrtui("merge-driver", base, ours, theirs, "okrtui.json", "%X", "%Y")

    assert result.code == 0, result.err
    merged = canonical.loads(ours.read_bytes())
    assert len(merged["checkins"]) == 3
    [entry] = merged[conflicts.CONFLICTS_TABLE].values()
    assert (entry["record_key"], entry["field"]) == ("KR-1", "target")
    assert "conflict recorded for KR-1 (field, target)" in result.err


def test_strict_exits_1_when_a_conflict_was_recorded(okrtui, versions):
    base, ours, theirs = versions

    assert okrtui("merge-driver", "--strict", base, ours, theirs, "okrtui.json").code == 1


def test_a_version_it_cannot_merge_leaves_ours_untouched(okrtui, versions):
    base, ours, theirs = versions
    theirs.write_bytes(b"<<<<<<< HEAD\n")
    before = ours.read_bytes()

    result = okrtui("merge-driver", base, ours, theirs, "okrtui.json")

    assert result.code == 1
    assert ours.read_bytes() == before
    assert result.err.startswith(
        "okrtui: error: cannot merge okrtui.json: theirs is not valid JSON"
    )
    assert result.err.rstrip().endswith("leaving ours in place")


def test_textconv_prints_a_line_per_field(okrtui, versions):
    result = okrtui("textconv", versions[1])

    assert result.code == 0
    assert "key_results KR-1 target: 120" in result.out.splitlines()


def test_conflicts_lists_open_entries_and_exits_3(okrtui, versions, tmp_path):
    base, ours, theirs = versions
    okrtui("merge-driver", base, ours, theirs, "okrtui.json")
    db = tmp_path / "okrtui.json"
    db.write_bytes(ours.read_bytes())

    listed = okrtui("--db", db, "conflicts")
    as_json = okrtui("--db", db, "conflicts", "--json")

    assert listed.code == 3
    assert listed.out.startswith(
        "[open] KR-1.target: same field changed on both sides — ours 120, theirs 130 (kept 130)"
    )
    assert [e["field"] for e in json.loads(as_json.out)] == ["target"]


def test_conflicts_exits_0_when_nothing_is_open(okrtui, workspace):
    result = okrtui("--db", workspace, "conflicts")

    assert (result.code, result.out) == (0, "No conflicts.\n")
