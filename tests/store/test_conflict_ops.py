"""Resolving what a merge recorded: each choice applies to the stored record, marks the entry
resolved with who and when, is one described change, and refuses choices its kind lacks."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.domain.errors import InvalidInput, NotFound
from okrtui.domain.models import CheckIn, KeyResult
from okrtui.store.engine import canonical
from okrtui.store.repository import Repository
from okrtui.store.repository.conflicts import CHOICES
from okrtui.store.team import conflicts
from okrtui.store.team.merge import merge_bytes
from tests.store.merge_docs import at, workspace


def open_merged(tmp_path, clock, base, ours, theirs) -> Repository:
    data, _ = merge_bytes(base.bytes, ours.bytes, theirs.bytes, labels=("alice", "bob"))
    path = tmp_path / "merged.json"
    path.write_bytes(data)
    return Repository.open(path, clock)


@pytest.fixture
def field_conflict(tmp_path, clock):
    base = workspace()
    ours, theirs = base.copy(), base.copy()
    ours.edit("KR-1", at(2), target=120)
    theirs.edit("KR-1", at(3), target=130)
    repo = open_merged(tmp_path, clock, base, ours, theirs)
    yield repo
    repo.close()


def only(repo: Repository) -> conflicts.Conflict:
    [conflict] = repo.conflicts.entries()
    return conflict


@pytest.mark.parametrize(
    ("choice", "value", "kept"), [("ours", None, 120), ("theirs", None, 130), ("edit", 125.0, 125)]
)
def test_a_field_conflict_keeps_the_chosen_value(field_conflict, choice, value, kept):
    repo = field_conflict
    conflict = only(repo)

    action = repo.conflicts.resolve(conflict.id, choice, value, by="maria").description

    assert repo.find(KeyResult, "KR-1").target == kept
    assert action == f"Resolve conflict KR-1.target (kept {kept})"
    entry = repo.conflicts.entries(include_resolved=True)[0].entry
    assert (entry["status"], entry["resolution"], entry["resolved_by"]) == (
        "resolved",
        choice,
        "maria",
    )
    assert repo.conflicts.open_count() == 0
    assert repo.undoable() == action


def test_an_edited_value_the_model_refuses_changes_nothing(field_conflict):
    repo = field_conflict
    before = repo.path.read_bytes()

    with pytest.raises(InvalidInput):
        repo.conflicts.resolve(only(repo).id, "edit", 45.0)  # the baseline: nothing to move

    assert repo.path.read_bytes() == before


def test_a_choice_the_kind_lacks_is_refused(field_conflict):
    with pytest.raises(InvalidInput, match="resolved with ours, theirs, edit, dismiss"):
        field_conflict.conflicts.resolve(only(field_conflict).id, "delete")
    with pytest.raises(NotFound):
        field_conflict.conflicts.resolve("no-such-id", "ours")


def test_delete_after_delete_edit_removes_the_record_and_what_hangs_on_it(tmp_path, clock):
    base = workspace()
    ours, theirs = base.copy(), base.copy()
    for key in ("CI-1", "CI-2", "KR-1"):
        ours.delete(key)
    theirs.edit("KR-1", at(4), owner="bob")
    repo = open_merged(tmp_path, clock, base, ours, theirs)
    conflict = only(repo)
    assert conflict.kind == conflicts.DELETE_EDIT
    assert CHOICES[conflict.kind] == ("keep", "delete")

    repo.conflicts.resolve(conflict.id, "delete")

    tables = canonical.loads(repo.path.read_bytes())
    assert "KR-1" not in {r["key"] for r in tables["key_results"].values()}
    assert tables["checkins"] == {}
    repo.close()


def test_keeping_a_restored_parent_changes_only_the_entry(tmp_path, clock):
    base = workspace()
    ours, theirs = base.copy(), base.copy()
    for key in ("CI-1", "CI-2", "KR-1"):
        ours.delete(key)
    theirs.add(
        CheckIn,
        key_result_id=base.get("KR-1")["id"],
        date=date(2026, 11, 16),
        value=60,
        confidence=7,
    )
    repo = open_merged(tmp_path, clock, base, ours, theirs)
    records_before = {
        t: r
        for t, r in canonical.loads(repo.path.read_bytes()).items()
        if t in ("key_results", "checkins")
    }

    repo.conflicts.resolve(only(repo).id, "keep")

    after = canonical.loads(repo.path.read_bytes())
    assert {t: after[t] for t in records_before} == records_before
    assert repo.conflicts.open_count() == 0
    repo.close()


def test_a_record_conflict_keeps_one_sides_version_whole(tmp_path, clock):
    base = workspace()
    ours, theirs = base.copy(), base.copy()
    ours.edit("KR-1", at(2), target=20, direction="decrease")
    theirs.edit("KR-1", at(3), baseline=10)
    repo = open_merged(tmp_path, clock, base, ours, theirs)
    assert only(repo).kind == conflicts.RECORD

    repo.conflicts.resolve(only(repo).id, "ours")

    kr = repo.find(KeyResult, "KR-1")
    assert (kr.baseline, kr.target, kr.direction) == (45, 20, "decrease")
    repo.close()
