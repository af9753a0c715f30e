"""The record-level three-way merge, rule by rule (docs/team-sync.md, "Per record" to
"Conflicts"): each row of the decision table, the field rules, references, key collisions, the
bookkeeping tables, and the promises about bytes (canonical, deterministic, merge(x, x, x) = x).
"""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.domain.clock import FixedClock
from okrtui.domain.models import Bet, BetImpact, CheckIn, Evidence, KeyResult
from okrtui.store.engine import canonical, integrity, schema
from okrtui.store.engine.journal import JOURNAL_TABLE, KEEP_ENTRIES
from okrtui.store.repository import Repository
from okrtui.store.team import conflicts
from okrtui.store.team.merge import MergeError, merge_bytes
from tests.conftest import TODAY
from tests.store.merge_docs import Doc, at, workspace


def merged(base: Doc, ours: Doc, theirs: Doc, **options) -> tuple[Doc, list[dict]]:
    data, outcome = merge_bytes(base.bytes, ours.bytes, theirs.bytes, **options)
    assert canonical.dumps(canonical.loads(data)) == data
    return Doc(canonical.loads(data)), outcome.added


def entries(doc: Doc, kind: str | None = None) -> list[dict]:
    found = doc.tables.get(conflicts.CONFLICTS_TABLE, {}).values()
    return [e for e in found if kind is None or e["kind"] == kind]


def sides() -> tuple[Doc, Doc, Doc]:
    base = workspace()
    return base, base.copy(), base.copy()


# -- bytes ---------------------------------------------------------------------------------


def test_merging_a_file_with_itself_gives_it_back_byte_for_byte():
    doc = workspace()
    doc.edit("KR-1", at(5), title="Edited")
    data = doc.bytes

    assert merge_bytes(data, data, data)[0] == data


def test_the_same_inputs_give_the_same_bytes():
    base, ours, theirs = sides()
    ours.add(
        CheckIn,
        key_result_id=ours.get("KR-2")["id"],
        date=date(2026, 11, 20),
        value=7,
        confidence=5,
    )
    theirs.edit("KR-1", at(3), target=80)

    first = merge_bytes(base.bytes, ours.bytes, theirs.bytes)[0]

    assert merge_bytes(base.bytes, ours.bytes, theirs.bytes)[0] == first


# -- the decision table (§2.2) -------------------------------------------------------------


def test_records_added_on_either_side_are_all_kept():
    base, ours, theirs = sides()
    kr = base.get("KR-1")["id"]
    mine = ours.add(CheckIn, key_result_id=kr, date=date(2026, 11, 16), value=55, confidence=7)
    other = theirs.add(CheckIn, key_result_id=kr, date=date(2026, 11, 17), value=56, confidence=7)

    result, _ = merged(base, ours, theirs)

    assert result.get(mine["id"])["value"] == 55
    assert result.get(other["id"])["value"] == 56
    assert len(result.tables["checkins"]) == 4


def test_the_same_record_created_on_both_sides_merges_its_fields_against_nothing():
    base, ours, theirs = sides()
    record = ours.add(Bet, title="Guided tour")  # say, one commit cherry-picked on both sides
    theirs.tables.setdefault("bets", {})["1"] = record | {
        "status": "discovery",
        "updated_at": at(4),
    }

    result, added = merged(base, ours, theirs)

    assert result.get(record["id"])["status"] == "discovery"
    assert len(result.tables["bets"]) == 1
    assert [(e["field"], e["base"], e["ours"], e["theirs"]) for e in added] == [
        ("status", None, "idea", "discovery")
    ]


def test_deleted_on_both_sides_stays_deleted():
    base, ours, theirs = sides()
    ours.delete("CI-1")
    theirs.delete("CI-1")

    result, added = merged(base, ours, theirs)

    with pytest.raises(KeyError):
        result.get("CI-1")
    assert added == []


@pytest.mark.parametrize("deleting", ["ours", "theirs"])
def test_deleted_on_one_side_and_unchanged_on_the_other_is_deleted(deleting):
    base, ours, theirs = sides()
    (ours if deleting == "ours" else theirs).delete("CI-2")

    result, added = merged(base, ours, theirs)

    with pytest.raises(KeyError):
        result.get("CI-2")
    assert added == []


@pytest.mark.parametrize("deleting", ["ours", "theirs"])
def test_delete_against_edit_keeps_the_edit_and_records_it(deleting):
    base, ours, theirs = sides()
    deleter, editor = (ours, theirs) if deleting == "ours" else (theirs, ours)
    deleter.delete("CI-2")
    editor.edit("CI-2", at(9), note="counted twice, fixed")

    result, added = merged(base, ours, theirs)

    assert result.get("CI-2")["note"] == "counted twice, fixed"
    [entry] = entries(result, conflicts.DELETE_EDIT)
    assert entry["status"] == conflicts.OPEN
    assert entry["record_key"] == "CI-2"
    assert entry["kept"] == ("theirs" if deleting == "ours" else "ours")
    assert added == [entry]


def test_changed_on_one_side_only_takes_that_side():
    base, ours, theirs = sides()
    theirs.edit("KR-2", at(2), owner="dana")
    ours.edit("KR-3", at(3), owner="maria")

    result, added = merged(base, ours, theirs)

    assert result.get("KR-2")["owner"] == "dana"
    assert result.get("KR-3")["owner"] == "maria"
    assert added == []


# -- field rules (§2.3) ---------------------------------------------------------------------


def test_different_fields_of_one_record_both_apply_without_a_conflict():
    base, ours, theirs = sides()
    ours.edit("KR-1", at(2), target=80)
    theirs.edit("KR-1", at(3), owner="bob")

    result, added = merged(base, ours, theirs)

    kr = result.get("KR-1")
    assert (kr["target"], kr["owner"], kr["updated_at"]) == (80, "bob", at(3))
    assert added == []


def test_the_same_field_changed_to_the_same_value_is_no_conflict():
    base, ours, theirs = sides()
    ours.edit("KR-1", at(2), target=80)
    theirs.edit("KR-1", at(3), target=80)

    result, added = merged(base, ours, theirs)

    assert result.get("KR-1")["target"] == 80
    assert added == []


@pytest.mark.parametrize("newer", ["ours", "theirs"])
def test_the_same_field_changed_differently_keeps_the_newer_and_records_both(newer):
    base, ours, theirs = sides()
    ours.edit("KR-1", at(5 if newer == "ours" else 2), target=120)
    theirs.edit("KR-1", at(5 if newer == "theirs" else 2), target=130)

    result, added = merged(base, ours, theirs, labels=("alice", "bob"))

    kept = 120 if newer == "ours" else 130
    assert result.get("KR-1")["target"] == kept
    [entry] = added
    assert entry == result.tables[conflicts.CONFLICTS_TABLE]["1"]
    assert {
        k: entry[k]
        for k in (
            "kind",
            "status",
            "table",
            "record_key",
            "field",
            "base",
            "ours",
            "theirs",
            "kept",
        )
    } == {
        "kind": "field",
        "status": "open",
        "table": "key_results",
        "record_key": "KR-1",
        "field": "target",
        "base": 70,
        "ours": 120,
        "theirs": 130,
        "kept": newer,
    }
    assert (entry["ours_label"], entry["theirs_label"]) == ("alice", "bob")
    assert entry["ours_at"] and entry["theirs_at"]


def test_equal_times_break_the_tie_on_content_whichever_side_merges():
    base, ours, theirs = sides()
    ours.edit("KR-1", at(5), target=120)
    theirs.edit("KR-1", at(5), target=130)

    one, _ = merged(base, ours, theirs)
    other, _ = merged(base, theirs, ours)

    assert one.get("KR-1")["target"] == other.get("KR-1")["target"]
    assert entries(one)[0]["id"] == entries(other)[0]["id"]


def test_text_edited_on_different_lines_keeps_both_lines():
    base, ours, theirs = sides()
    why = base.get("O-1")["why"]
    ours.edit("O-1", at(2), why=why.replace("line one", "line ONE"))
    theirs.edit("O-1", at(3), why=why.replace("line five", "line FIVE"))

    result, added = merged(base, ours, theirs)

    assert result.get("O-1")["why"] == "line ONE\nline two\nline three\nline four\nline FIVE"
    assert added == []


def test_text_edited_on_the_same_line_is_a_conflict():
    base, ours, theirs = sides()
    why = base.get("O-1")["why"]
    ours.edit("O-1", at(2), why=why.replace("line two", "line 2 (alice)"))
    theirs.edit("O-1", at(3), why=why.replace("line two", "line 2 (bob)"))

    result, added = merged(base, ours, theirs)

    assert "line 2 (bob)" in result.get("O-1")["why"]
    assert [e["field"] for e in added] == ["why"]


def test_a_bets_impacts_merge_per_key_result():
    base, ours, theirs = sides()
    kr1, kr2, kr3 = (base.get(k)["id"] for k in ("KR-1", "KR-2", "KR-3"))
    moves = [
        BetImpact(key_result_id=kr1, expected_change=5).model_dump(),
        BetImpact(key_result_id=kr2).model_dump(),
    ]
    base.add(Bet, title="Guided tour", moves=moves)
    ours, theirs = base.copy(), base.copy()
    ours.edit("B-1", at(2), moves=[*moves, {"key_result_id": kr3, "expected_change": 2.0}])
    theirs.edit("B-1", at(3), moves=moves[:1])

    result, added = merged(base, ours, theirs)

    assert [m["key_result_id"] for m in result.get("B-1")["moves"]] == [kr1, kr3]
    assert added == []


def test_edits_that_break_a_rule_together_keep_the_newer_record_whole():
    base, ours, theirs = sides()
    ours.edit("KR-1", at(2), target=20, direction="decrease")  # 45 → 20: valid alone
    theirs.edit("KR-1", at(3), baseline=10)  # 10 → 70: valid alone; 10 → 20 decreasing is not

    result, added = merged(base, ours, theirs)

    assert result.get("KR-1") == theirs.get("KR-1")
    assert [e["kind"] for e in added] == [conflicts.RECORD]
    assert added[0]["ours"]["direction"] == "decrease"
    schema.validate_all(result.tables, "merged")


# -- references ----------------------------------------------------------------------------


def test_a_parent_deleted_on_one_side_comes_back_for_the_other_sides_new_child():
    base, ours, theirs = sides()
    for key in ("CI-1", "CI-2", "KR-1"):
        ours.delete(key)  # a cascade
    added_checkin = theirs.add(
        CheckIn,
        key_result_id=theirs.get("KR-1")["id"],
        date=date(2026, 11, 16),
        value=60,
        confidence=8,
    )

    result, added = merged(base, ours, theirs)

    assert result.get("KR-1") == base.get("KR-1")
    assert result.get(added_checkin["id"])["value"] == 60
    for key in ("CI-1", "CI-2"):
        with pytest.raises(KeyError):
            result.get(key)
    [entry] = added
    assert (entry["kind"], entry["record_key"], entry["status"]) == (
        conflicts.ORPHAN_RESTORED,
        "KR-1",
        "open",
    )
    assert integrity.dangling(result.tables) == []


def test_a_restored_parent_brings_its_own_parent_back_too():
    base, ours, theirs = sides()
    for key in ("CI-1", "CI-2", "KR-1", "KR-2", "O-1"):
        ours.delete(key)
    theirs.add(
        Evidence,
        key_result_id=theirs.get("KR-2")["id"],
        date=date(2026, 11, 18),
        text="users skip step 3",
    )

    result, added = merged(base, ours, theirs)

    assert {e["record_key"] for e in added} == {"KR-2", "O-1"}
    assert integrity.dangling(result.tables) == []


# -- keys (§2.5) -----------------------------------------------------------------------------


def test_two_new_records_with_one_key_the_published_one_keeps_it():
    base, ours, theirs = sides()
    objective = base.get("O-1")["id"]
    mine = ours.add(KeyResult, objective_id=objective, title="Mine", baseline=0, target=1)
    published = theirs.add(
        KeyResult, objective_id=objective, title="Published", baseline=0, target=1
    )
    assert mine["key"] == published["key"] == "KR-4"

    result, added = merged(base, ours, theirs, upstream="theirs", labels=("bob", "alice"))

    assert result.get(published["id"])["key"] == "KR-4"
    assert result.get(mine["id"])["key"] == "KR-5"
    assert result.meta["key_counters"]["KR"] == 5
    [entry] = added
    assert (entry["kind"], entry["status"], entry["old_key"], entry["new_key"]) == (
        "key_renumbered",
        "info",
        "KR-4",
        "KR-5",
    )
    assert entry["note"] == "bob's KR-4 is now KR-5; KR-4 stays alice's"
    assert [a["key"] for a in result.tables[conflicts.ALIASES_TABLE].values()] == ["KR-4"]
    assert integrity.duplicate_keys(result.tables) == []


def test_under_a_rebase_ours_is_the_published_side():
    base, ours, theirs = sides()
    objective = base.get("O-1")["id"]
    published = ours.add(KeyResult, objective_id=objective, title="Published", baseline=0, target=1)
    theirs.add(KeyResult, objective_id=objective, title="Replayed", baseline=0, target=1)

    result, _ = merged(base, ours, theirs, upstream="ours")

    assert result.get(published["id"])["key"] == "KR-4"


def test_a_third_record_with_the_key_gets_the_number_after_every_key_and_alias():
    base, a, b = sides()
    objective = base.get("O-1")["id"]
    a.add(KeyResult, objective_id=objective, title="A", baseline=0, target=1)
    b.add(KeyResult, objective_id=objective, title="B", baseline=0, target=1)
    published, _ = merged(base, b, a, upstream="theirs")  # B syncs after A
    c = base.copy()
    c_kr = c.add(KeyResult, objective_id=objective, title="C", baseline=0, target=1)

    result, _ = merged(base, c, published, upstream="theirs")

    assert {
        r["title"]: r["key"] for r in result.tables["key_results"].values() if r["title"] in "ABC"
    } == {"A": "KR-4", "B": "KR-5", "C": "KR-6"}
    assert result.get(c_kr["id"])["key"] == "KR-6"


def test_check_in_keys_are_renumbered_without_telling_anyone():
    base, ours, theirs = sides()
    kr = base.get("KR-1")["id"]
    ours.add(CheckIn, key_result_id=kr, date=date(2026, 11, 16), value=55, confidence=7)
    theirs.add(CheckIn, key_result_id=kr, date=date(2026, 11, 16), value=56, confidence=7)

    result, added = merged(base, ours, theirs, upstream="theirs")

    assert sorted(r["key"] for r in result.tables["checkins"].values()) == [
        "CI-1",
        "CI-2",
        "CI-3",
        "CI-4",
    ]
    assert added == []


def test_the_old_key_still_finds_a_renumbered_record(tmp_path):
    base, ours, theirs = sides()
    objective = base.get("O-1")["id"]
    mine = ours.add(KeyResult, objective_id=objective, title="Mine", baseline=0, target=1)
    theirs.add(KeyResult, objective_id=objective, title="Theirs", baseline=5, target=10)
    data, _ = merge_bytes(base.bytes, ours.bytes, theirs.bytes, upstream="ours")
    path = tmp_path / "merged.json"
    path.write_bytes(data)

    repo = Repository.open(path, FixedClock(TODAY))
    try:
        assert repo.find(KeyResult, "kr-4").id == mine["id"]  # the key itself wins
        assert repo.find(KeyResult, "KR-5").title == "Theirs"
        only_alias = repo.db.raw_table(conflicts.ALIASES_TABLE)
        assert [a["key"] for a in only_alias.values()] == ["KR-4"]
    finally:
        repo.close()


def test_an_alias_finds_the_record_when_no_record_has_the_key_any_more(tmp_path):
    doc = workspace()
    kr = doc.get("KR-2")
    doc.tables[conflicts.ALIASES_TABLE] = {
        "1": conflicts.alias_record("key_results", kr["id"], "KR-9")
    }
    path = tmp_path / "db.json"
    path.write_bytes(doc.bytes)

    repo = Repository.open(path, FixedClock(TODAY))
    try:
        assert repo.find(KeyResult, "kr-9").key == "KR-2"
    finally:
        repo.close()


def test_colliding_document_numbers_are_reassigned_and_ours_keep_theirs():
    base, ours, theirs = sides()
    kr = base.get("KR-1")["id"]
    mine = ours.add(CheckIn, key_result_id=kr, date=date(2026, 11, 16), value=55, confidence=7)
    other = theirs.add(CheckIn, key_result_id=kr, date=date(2026, 11, 16), value=56, confidence=7)
    assert ours.find(mine["id"])[1] == theirs.find(other["id"])[1] == "3"

    result, _ = merged(base, ours, theirs)

    assert result.find(mine["id"])[1] == "3"
    assert result.find(other["id"])[1] == "4"


# -- bookkeeping -----------------------------------------------------------------------------


def test_key_counters_take_the_larger_of_both_sides():
    base, ours, theirs = sides()
    ours.meta["key_counters"]["B"] = 4
    theirs.meta["key_counters"]["E"] = 2

    result, _ = merged(base, ours, theirs)

    assert result.meta["key_counters"]["B"] == 4
    assert result.meta["key_counters"]["E"] == 2


def test_the_journal_is_a_union_where_undone_stays_undone_and_the_newest_are_kept():
    base = workspace()
    base.tables[JOURNAL_TABLE] = {
        "1": {"id": "j1", "at": at(1), "action": "old", "changes": [], "undone": False}
    }
    ours, theirs = base.copy(), base.copy()
    ours.tables[JOURNAL_TABLE]["1"]["undone"] = True
    for n in range(KEEP_ENTRIES):
        theirs.tables[JOURNAL_TABLE][str(n + 2)] = {
            "id": f"t{n}",
            "at": at(n + 2),
            "action": f"t{n}",
            "changes": [],
            "undone": False,
        }
    ours.tables[JOURNAL_TABLE]["2"] = {
        "id": "o1",
        "at": at(200),
        "action": "mine",
        "changes": [],
        "undone": False,
    }

    result, _ = merged(base, ours, theirs)

    journal = {e["id"]: e for e in result.tables[JOURNAL_TABLE].values()}
    assert len(journal) == KEEP_ENTRIES
    assert "o1" in journal and "t99" in journal
    assert "j1" not in journal  # the oldest went


def test_conflict_entries_merge_as_a_union_and_a_resolution_wins():
    base, ours, theirs = sides()
    ours.edit("KR-1", at(2), target=120)
    theirs.edit("KR-1", at(3), target=130)
    first, _ = merged(base, ours, theirs)
    again, _ = merged(base, theirs, ours)  # the same conflict found by another merge
    [entry] = entries(first)
    resolved = first.copy()
    resolved.tables[conflicts.CONFLICTS_TABLE]["1"] = entry | {
        "status": "resolved",
        "resolved_at": at(9),
    }

    one, _ = merged(base, resolved, again)
    other, _ = merged(base, again, resolved)

    assert [e["status"] for e in entries(one)] == ["resolved"]
    assert [e["status"] for e in entries(other)] == ["resolved"]


def test_archived_cycles_of_both_sides_are_kept():
    base, ours, theirs = sides()
    ours.meta["archived"] = {"c-old": "okrtui-c-1-old-aaaa.json"}
    theirs.meta["archived"] = {"c-older": "okrtui-c-0-older-bbbb.json"}

    result, added = merged(base, ours, theirs)

    assert result.meta["archived"] == {
        "c-old": "okrtui-c-1-old-aaaa.json",
        "c-older": "okrtui-c-0-older-bbbb.json",
    }
    assert added == []


# -- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("theirs_bytes", "reason"),
    [
        (b'{"_meta": {<<<<<<< HEAD', "theirs is not valid JSON"),
        (b"[1, 2]", "theirs is JSON but not an okrtui database"),
        (b'{"cycles": {}}', "theirs is not an okrtui database"),
    ],
)
def test_an_unreadable_side_is_refused_with_the_reason(theirs_bytes, reason):
    doc = workspace()

    with pytest.raises(MergeError, match=reason):
        merge_bytes(doc.bytes, doc.bytes, theirs_bytes)


def test_a_newer_schema_is_refused():
    doc = workspace()
    newer = doc.copy()
    newer.meta["schema_version"] = schema.SCHEMA_VERSION + 1

    with pytest.raises(MergeError, match=r"newer okrtui.*upgrade okrtui"):
        merge_bytes(doc.bytes, doc.bytes, newer.bytes)


def test_an_empty_ancestor_means_both_sides_added_the_file():
    ours, theirs = workspace(), workspace()

    data, _ = merge_bytes(b"", ours.bytes, theirs.bytes)

    result = canonical.loads(data)
    assert len(result["key_results"]) == 6  # two independent workspaces, all kept
    assert integrity.duplicate_keys(result) == []
    assert integrity.dangling(result) == []


def test_a_renumbering_note_without_names_says_your_and_their_never_ours_s():
    """A plain `git pull` runs the driver without okrtui's labels: no "ours's KR-4"."""
    base, ours, theirs = sides()
    objective = base.get("O-1")["id"]
    ours.add(KeyResult, objective_id=objective, title="Mine", baseline=0, target=1)
    theirs.add(KeyResult, objective_id=objective, title="Published", baseline=0, target=1)
    _, mine_renumbered = merged(base, ours, theirs, upstream="theirs")
    _, theirs_renumbered = merged(base, ours, theirs, upstream="ours")

    assert mine_renumbered[0]["note"] == "your KR-4 is now KR-5; KR-4 stays theirs"
    assert theirs_renumbered[0]["note"] == "their KR-4 is now KR-5; KR-4 stays yours"
