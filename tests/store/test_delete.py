"""Tests of deleting an objective or a key result: what goes with it, what is refused, and
that one undo brings all of it back."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Bet, CheckIn, Evidence, KeyResult, Link, Objective
from okrtui.domain.sample import build_sample
from okrtui.store.repository import Repository
from tests.conftest import TODAY
from tests.store.conftest import sha256


@dataclass(frozen=True)
class Fresh:
    """The objective nobody has checked in yet, and its first KR."""

    objective: Objective
    first: KeyResult


@pytest.fixture
def workspace(repo: Repository) -> Repository:
    """The sample, plus a team objective nobody has checked in yet, linked to O-1, with a
    piece of evidence on one KR and a bet expecting to move it."""
    repo.add_workspace(build_sample(TODAY))
    cycle = repo.current_cycle()
    company = repo.find(Objective, "O-1")
    objective, (first, _) = repo.save_objective(
        None,
        {
            "cycle_id": cycle.id,
            "title": "Finance teams trust our numbers",
            "level": "team",
            "mode": "discovery",
            "state": "draft",
        },
        [
            (
                None,
                {
                    "title": "Reconciliation pilots from 0 to 5",
                    "baseline": 0,
                    "target": 5,
                    "discovery_type": "process",
                },
            ),
            (None, {"title": "Pilot NPS from 0 to 40", "baseline": 0, "target": 40}),
        ],
    ).result
    repo.alignment.add_link(objective, company, hypothesis="trusted numbers make us look mature")
    repo.discovery.add_evidence(first, "supports", "two pilots asked to continue")
    bet = repo.roadmap.add_bet(title="Reconciliation pilot", horizon="next").result
    repo.roadmap.link_bet(bet, first, 3)
    return repo


@pytest.fixture
def fresh(workspace: Repository) -> Fresh:
    objective = next(
        o for o in workspace.objectives() if o.title == "Finance teams trust our numbers"
    )
    first = next(
        k for k in workspace.key_results(objective) if k.title.startswith("Reconciliation pilots")
    )
    return Fresh(objective, first)


def _counts(repo: Repository) -> dict[str, int]:
    return {
        model.__name__: len(repo.all(model))
        for model in (Objective, KeyResult, Link, Evidence, CheckIn, Bet)
    }


def test_deleting_an_objective_takes_its_krs_links_and_evidence_and_one_undo_restores_them(
    workspace: Repository, fresh: Fresh
):
    objective = fresh.objective
    before = _counts(workspace)
    deleted = workspace.delete_objective(objective)
    after = _counts(workspace)
    assert {name: before[name] - after[name] for name in before} == {
        "Objective": 1,
        "KeyResult": 2,
        "Link": 1,
        "Evidence": 1,
        "CheckIn": 0,
        "Bet": 0,
    }
    (bet,) = [b for b in workspace.bets() if b.title == "Reconciliation pilot"]
    assert bet.moves == []  # the bet stays; it no longer expects to move a deleted KR
    assert deleted.description == (
        f"Delete {objective.key} “Finance teams trust our numbers” and 4 records that depended on it"
    )
    workspace.undo()
    assert _counts(workspace) == before
    assert [
        m.expected_change
        for b in workspace.bets()
        if b.title == "Reconciliation pilot"
        for m in b.moves
    ] == [3]


def test_deleting_a_kr_takes_what_points_at_it(workspace: Repository, fresh: Fresh):
    kr = fresh.first
    deleted = workspace.delete_key_result(kr)
    assert kr.key not in {k.key for k in workspace.key_results()}
    assert not [e for e in workspace.all(Evidence) if e.key_result_id == kr.id]
    assert deleted.description.endswith("and 1 record that depended on it")  # its evidence


@pytest.mark.parametrize("key", ["O-2", "KR-4"])
def test_anything_with_check_ins_is_refused_and_nothing_changes(workspace: Repository, key):
    before = sha256(workspace.path)
    record = workspace.find(Objective if key.startswith("O-") else KeyResult, key)
    delete = workspace.delete_objective if key.startswith("O-") else workspace.delete_key_result
    with pytest.raises(
        InvalidInput, match="has check-ins and cannot be removed: its history stays"
    ):
        delete(record)
    assert sha256(workspace.path) == before
