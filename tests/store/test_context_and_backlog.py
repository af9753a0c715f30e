"""repo.context and repo.backlog: the shared context and the backlog linked to key results,
stored, undone, merged record by record, and imported from real export files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrtui.domain.backlog import read_export
from okrtui.domain.errors import InvalidInput, NotFound
from okrtui.domain.models import BacklogItem, BacklogLink, Bet, BetImpact, KeyResult, Objective
from okrtui.store.engine import canonical, integrity
from okrtui.store.team.merge import merge_bytes
from tests.store.conftest import Seeded
from tests.store.merge_docs import Doc, workspace

DATA = Path(__file__).parent.parent / "data" / "backlog"


def exported(name: str, **options):
    return read_export((DATA / name).read_text(encoding="utf-8"), **options)


# -- context ------------------------------------------------------------------------------


def test_workspace_and_cycle_context_are_stored_apart_and_undone(seeded: Seeded):
    repo = seeded.repo
    assert repo.context.save(None, purpose="Small firms get paid on time").description == (
        "Write the workspace's context"
    )
    action = repo.context.save(
        seeded.cycle,
        narrative="Invoicing first, then payments",
        inputs=[{"title": "Company OKRs 2026", "owner": "ceo"}],
    ).description
    assert action == "Write the context of 2026-Q4"
    assert repo.context.of(None).purpose == "Small firms get paid on time"
    assert repo.context.of(seeded.cycle).inputs[0].owner == "ceo"
    assert repo.context.save(seeded.cycle, winning_moves="Bank feeds").description == (
        "Edit the context of 2026-Q4"
    )
    drafting = repo.context.drafting(seeded.cycle)
    assert drafting.has_strategy
    assert drafting.value("purpose") == "Small firms get paid on time"  # from the workspace
    assert drafting.value("winning_moves") == "Bank feeds"
    repo.undo()
    assert repo.context.of(seeded.cycle).winning_moves == ""


def test_a_context_refuses_unknown_fields_and_inputs_without_title(seeded: Seeded):
    with pytest.raises(InvalidInput, match="no field colour"):
        seeded.repo.context.save(None, colour="red")
    with pytest.raises(InvalidInput, match="name the input"):
        seeded.repo.context.save(None, inputs=[{"title": "  ", "owner": "x"}])
    assert seeded.repo.context.of(None) is None


def test_pulling_inputs_brings_parent_okrs_and_last_cycles_unfinished_krs(seeded: Seeded):
    repo = seeded.repo
    repo.add_checkin(seeded.kr, 50, day=date(2026, 11, 2))  # 20 % of the way: unfinished
    done = repo.create(
        KeyResult,
        objective_id=seeded.objective.id,
        title="Churn below 2%",
        unit="%",
        direction="stay_below",
        target=2,
    )
    repo.add_checkin(done, 1.5, day=date(2026, 11, 2))  # on the right side: finished
    q1 = repo.create_cycle("2027-Q1", date(2027, 1, 4), date(2027, 3, 28), state="planning")
    company = repo.create(
        Objective,
        cycle_id=q1.id,
        title="Become the default for freelancers",
        level="company",
        owner="ceo",
        state="committed",
    )
    drafting = repo.context.drafting(q1, "team")
    assert [o.key for o in drafting.parent_objectives] == [company.key]
    assert [kr.key for kr in drafting.unfinished] == [seeded.kr.key]

    pulled = repo.context.pull_inputs(q1, "team")
    added, action = pulled.result, pulled.description
    assert len(added) == 2
    assert action == "Pull 2 inputs into the context of 2027-Q1"
    titles = [i.title for i in repo.context.of(q1).inputs]
    assert titles[0].startswith(f"company OKR {company.key}")
    assert f"unfinished in 2026-Q4 {seeded.kr.key}" in titles[1]
    assert repo.context.of(q1).inputs[0].owner == "ceo"
    assert repo.context.pull_inputs(q1, "team").result == []  # nothing twice


# -- backlog ------------------------------------------------------------------------------


def test_importing_a_jira_export_then_a_newer_one_updates_instead_of_duplicating(
    seeded: Seeded,
):
    repo = seeded.repo
    imported = repo.backlog.import_items(exported("jira-export.csv").items, "jira")
    first = imported.result
    assert [i.tracker_key for i in first.added] == [
        "PAY-101",
        "PAY-102",
        "PAY-87",
        "PAY-110",
        "PAY-111",
    ]
    assert imported.description == "Import the backlog: 5 new, 0 updated"
    newer = read_export(
        (DATA / "jira-export.csv").read_text(encoding="utf-8").replace("To Do", "In Progress")
    )
    again = repo.backlog.import_items(newer.items, "jira").result
    assert (len(again.added), len(again.updated), again.unchanged) == (0, 1, 4)
    assert repo.backlog.find("pay-102").status == "In Progress"
    assert len(repo.backlog.items()) == 5


def test_linking_items_counts_per_kr_and_the_share_of_the_backlog(seeded: Seeded):
    repo = seeded.repo
    repo.backlog.import_items(exported("gh-issues.json").items, "github")
    repo.backlog.import_items(exported("plain.csv").items, "csv")
    bet = repo.create(Bet, title="Sharing prompts", moves=[BetImpact(key_result_id=seeded.kr.id)])
    linked = repo.backlog.link(repo.backlog.find("#412"), seeded.kr)
    assert linked.description == "Link #412 to KR-1" and linked.result is not None
    repo.backlog.link(repo.backlog.find("ST-2"), bet)
    twice = repo.backlog.link(repo.backlog.find("#412"), seeded.kr)
    assert "already" in twice.description and twice.result is None

    assert [i.tracker_key for i in repo.backlog.items_of(seeded.kr)] == ["#412"]
    assert [i.tracker_key for i in repo.backlog.items_by_key_result()[seeded.kr.id]] == ["#412"]
    coverage = repo.backlog.coverage(seeded.cycle)
    # open: #412, #415, #420, ST-1, ST-2 (closed #398 and done ST-3 left out)
    assert (coverage.linked, coverage.open_items) == (2, 5)
    assert coverage.sentence() == "40 % of the backlog serves an OKR (2 of 5 open items)"
    assert [i.tracker_key for i in repo.backlog.unlinked(seeded.cycle)] == ["#415", "#420", "ST-1"]

    unlinked = repo.backlog.unlink(repo.backlog.find("#412"), seeded.kr)
    assert unlinked.description == "Unlink #412 from KR-1"
    with pytest.raises(InvalidInput, match="not linked"):
        repo.backlog.unlink(repo.backlog.find("#412"), seeded.kr)
    with pytest.raises(NotFound, match="no backlog item is called 'PAY-9'"):
        repo.backlog.find("PAY-9")


def test_by_hand_and_deleting_a_kr_takes_its_links_along(seeded: Seeded):
    repo = seeded.repo
    assert repo.backlog.add("OPS-7", "Retry failed bank syncs", status="To Do").description == (
        "Add backlog item OPS-7"
    )
    with pytest.raises(InvalidInput, match="already has OPS-7"):
        repo.backlog.add("ops-7")
    with pytest.raises(InvalidInput, match="tracker's key"):
        repo.backlog.add("  ")
    extra = repo.create(KeyResult, objective_id=seeded.objective.id, title="Bank syncs succeed")
    repo.backlog.link(repo.backlog.find("OPS-7"), extra)
    repo.delete_key_result(extra)
    assert repo.backlog.links() == []
    assert repo.backlog.find("OPS-7")  # the item itself stays
    assert integrity.dangling(repo.db.storage.read()) == []


def test_hostile_text_in_an_export_stays_text(seeded: Seeded):
    items = {i.tracker_key: i for i in exported("gh-issues.json").items}
    hostile = items["#420"]
    assert "\x1b" not in hostile.title and "[bold red]" in hostile.title  # data, kept visible
    assert hostile.url == ""  # a javascript: link is not a web address


# -- the team merge ---------------------------------------------------------------------


def test_the_merge_keeps_both_sides_new_items_links_and_context_edits():
    base = workspace()
    item = base.add(BacklogItem, tracker_key="PAY-1", title="Checklist", status="To Do")
    ours, theirs = base.copy(), base.copy()
    kr1, kr2 = base.get("KR-1")["id"], base.get("KR-2")["id"]
    ours.add(BacklogLink, item_id=item["id"], key_result_id=kr1)
    theirs.add(BacklogLink, item_id=item["id"], key_result_id=kr2)
    theirs.add(BacklogItem, tracker_key="#7", title="Docs")
    ours.edit(item["key"], "2026-11-20T10:00:00Z", status="Done")

    data, outcome = merge_bytes(base.bytes, ours.bytes, theirs.bytes)
    merged = Doc(canonical.loads(data))
    links = merged.tables["backlog_links"].values()
    assert {link["key_result_id"] for link in links} == {kr1, kr2}
    assert len({link["key"] for link in links}) == 2  # the second BL-1 was renumbered
    items = {i["tracker_key"]: i for i in merged.tables["backlog_items"].values()}
    assert items["PAY-1"]["status"] == "Done" and "#7" in items
    assert {e["kind"] for e in outcome.added} == {"key_renumbered"}  # nothing to decide
    assert integrity.dangling(merged.tables) == []


def test_the_merge_restores_a_kr_deleted_on_one_side_that_the_other_linked():
    base = workspace()
    item = base.add(BacklogItem, tracker_key="PAY-1", title="Checklist")
    ours, theirs = base.copy(), base.copy()
    kr = base.get("KR-2")
    ours.add(BacklogLink, item_id=item["id"], key_result_id=kr["id"])
    theirs.delete("KR-2")

    data, _ = merge_bytes(base.bytes, ours.bytes, theirs.bytes)
    merged = Doc(canonical.loads(data))
    assert merged.get(kr["id"])  # the KR came back: a link still uses it
    assert integrity.dangling(merged.tables) == []
