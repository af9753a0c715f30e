"""The driver's design scenarios (docs/team-sync.md, "Scenarios") through `okrtui sync` on
three real clones.

Each clone works offline, every change is its own commit, then a, b and c sync in turn (and a
and b once more). Afterwards the three files are byte-identical to origin's, nothing is lost,
no key is used twice, no reference dangles, and the conflicts are the ones listed.
"""

from __future__ import annotations

from okrtui.domain.models import Bet, KeyResult, Objective
from okrtui.store.engine import integrity
from okrtui.store.team import conflicts
from tests.git.conftest import Team, add_checkin, git


def by_kind(tables: dict, kind: str) -> list[dict]:
    return [e for e in tables.get(conflicts.CONFLICTS_TABLE, {}).values() if e["kind"] == kind]


def values(tables: dict, table: str, field: str) -> list:
    return sorted(r[field] for r in tables[table].values())


def test_s1_everyone_adds_check_ins(team: Team):
    before = len(team.a.tables()["checkins"])
    for value in (53, 54, 55):
        add_checkin(team.a, "KR-1", value)
    for key, value in (("KR-1", 56), ("KR-2", 6), ("KR-2", 5)):
        add_checkin(team.b, key, value)
    for value in (1, 0):
        add_checkin(team.c, "KR-4", value)
    assert team.a.log()[0] == "Check in KR-1: 54 → 55"

    team.round()

    tables = team.assert_converged()
    assert len(tables["checkins"]) == before + 8
    assert {53, 54, 55, 56, 6, 5, 1, 0} <= set(values(tables, "checkins", "value"))
    assert by_kind(tables, "key_renumbered") == []  # check-in keys are renumbered silently
    merges = git(team.a.folder, "log", "--merges", "--format=%s").splitlines()
    assert len(merges) == 2 and not any("rebase" in m for m in merges)


def test_s2_different_fields_of_one_kr_all_apply(team: Team):
    team.a.repo.update(team.a.kr("KR-5"), target=55)
    team.b.repo.update(team.b.kr("KR-5"), owner="bob")
    team.c.repo.update(team.c.kr("KR-5"), unit="points")

    team.round()

    tables = team.assert_converged()
    kr = next(r for r in tables["key_results"].values() if r["key"] == "KR-5")
    assert (kr["target"], kr["owner"], kr["unit"]) == (55, "bob", "points")
    assert tables.get(conflicts.CONFLICTS_TABLE, {}) == {}


def test_s3_everyone_creates_the_next_kr(team: Team):
    titles = {}
    for name in ("a", "b", "c"):
        clone = team.clones[name]
        objective = clone.repo.find(Objective, "O-1")
        made = clone.repo.create(
            KeyResult, objective_id=objective.id, title=f"{name}'s KR", baseline=0, target=1
        )
        titles[name] = made.key
    assert set(titles.values()) == {"KR-6"}

    sync_b = None
    team.a.sync()
    sync_b = team.b.sync()
    team.round()

    tables = team.assert_converged()
    keys = {
        r["title"]: r["key"] for r in tables["key_results"].values() if r["title"].endswith("'s KR")
    }
    assert keys == {"a's KR": "KR-6", "b's KR": "KR-7", "c's KR": "KR-8"}
    renumbered = by_kind(tables, "key_renumbered")
    assert sorted((e["old_key"], e["new_key"]) for e in renumbered) == [
        ("KR-6", "KR-7"),
        ("KR-6", "KR-8"),
    ]
    assert "KR-6 is now KR-7" in sync_b.out  # told once, by the sync that renumbered it
    assert team.b.repo.find(KeyResult, "KR-6").title == "a's KR"  # the key itself wins
    assert team.b.repo.find(KeyResult, "KR-7").title == "b's KR"


def test_s4_the_same_field_edited_on_two_clones_keeps_the_newer_and_records_the_other(team: Team):
    team.a.repo.update(team.a.kr("KR-1"), target=75)
    team.b.repo.update(team.b.kr("KR-1"), target=80)  # later: newer

    team.round()

    tables = team.assert_converged()
    assert next(r for r in tables["key_results"].values() if r["key"] == "KR-1")["target"] == 80
    [entry] = by_kind(tables, "field")
    assert (entry["record_key"], entry["field"], entry["base"], entry["status"]) == (
        "KR-1",
        "target",
        70,
        "open",
    )
    assert {entry["ours"], entry["theirs"]} == {75, 80}
    assert team.c.repo.conflicts.open_count() == 1


def test_s5_delete_against_edit_keeps_the_edit(team: Team):
    victim = team.a.kr("KR-2")
    with team.a.repo.work() as work:
        integrity.delete_with_dependants(work.tx, "key_results", victim.id)
        work.describe("Delete KR-2 and its check-ins")
    team.b.repo.update(team.b.kr("KR-2"), title="Days to first invoice")

    team.round()

    tables = team.assert_converged()
    kr = next(r for r in tables["key_results"].values() if r["key"] == "KR-2")
    assert kr["title"] == "Days to first invoice"
    assert [e["record_key"] for e in by_kind(tables, "delete_edit")] == ["KR-2"]
    assert not any(c["key_result_id"] == victim.id for c in tables["checkins"].values())


def test_s6_a_deleted_kr_comes_back_for_a_new_check_in(team: Team):
    victim = team.a.kr("KR-1")
    with team.a.repo.work() as work:
        integrity.delete_with_dependants(work.tx, "key_results", victim.id)
        work.describe("Delete KR-1 and its check-ins")
    checkin = add_checkin(team.b, "KR-1", 61)

    team.round()

    tables = team.assert_converged()
    assert any(r["id"] == victim.id for r in tables["key_results"].values())
    assert [c for c in tables["checkins"].values() if c["key_result_id"] == victim.id] == [
        next(c for c in tables["checkins"].values() if c["id"] == checkin.id)
    ]
    assert [e["record_key"] for e in by_kind(tables, "orphan_restored")] == ["KR-1"]


def test_s9_everything_at_once(team: Team):
    a, b, c = team.a, team.b, team.c
    add_checkin(a, "KR-1", 57)
    a.repo.update(a.kr("KR-3"), owner="alice")
    a.repo.update(
        a.repo.find(Objective, "O-1"), why="line ONE\nline two\nline three\nline four\nline five"
    )
    a.repo.create(Bet, title="Guided tour")
    add_checkin(b, "KR-5", 62)
    b.repo.update(b.kr("KR-3"), unit="launches")
    b.repo.update(
        b.repo.find(Objective, "O-1"), why="line one\nline two\nline three\nline four\nline FIVE"
    )
    b.repo.create(Bet, title="Invoice templates")
    b.repo.update(b.kr("KR-4"), title="Weekly churn, by B")
    c.repo.update(c.kr("KR-4"), title="Weekly churn, by C")
    c.repo.create(Bet, title="Referral programme")

    team.round()

    tables = team.assert_converged()
    assert {57, 62} <= set(values(tables, "checkins", "value"))
    kr3 = next(r for r in tables["key_results"].values() if r["key"] == "KR-3")
    assert (kr3["owner"], kr3["unit"]) == ("alice", "launches")
    o1 = next(r for r in tables["objectives"].values() if r["key"] == "O-1")
    assert o1["why"] == "line ONE\nline two\nline three\nline four\nline FIVE"
    assert sorted(r["title"] for r in tables["bets"].values()) == [
        "Guided tour",
        "Invoice templates",
        "Referral programme",
    ]
    [field] = by_kind(tables, "field")
    assert (field["record_key"], field["field"]) == ("KR-4", "title")
    assert len(by_kind(tables, "key_renumbered")) == 2
