"""Random multi-round work on three clones through `okrtui sync`, over several seeds.

Each round every clone makes 0–3 random changes (check-ins, KR edits, new KRs, a line of an
objective's text, new bets, deleted check-ins), then the clones sync in a random order. After
the last round everyone syncs until the files agree. The audit: the files are byte-identical to
origin's and valid, no record anyone created is missing unless someone deleted it, nothing
deleted came back without a conflict entry explaining it, keys are unique, no reference
dangles. Rounds are few to keep the suite fast; `OKRTUI_FUZZ_ROUNDS=25` runs the reference's
length.
"""

from __future__ import annotations

import os
import random
from datetime import timedelta

import pytest

from okrtui.domain.models import Bet, CheckIn, KeyResult, Objective
from okrtui.store.engine import schema
from okrtui.store.team import conflicts
from tests.conftest import TODAY
from tests.git.conftest import CLONES, Clone, Team

ROUNDS = int(os.environ.get("OKRTUI_FUZZ_ROUNDS", "3"))


class Worker:
    """One clone's random changes, and what it created and deleted."""

    def __init__(self, clone: Clone, rng: random.Random) -> None:
        self.clone, self.rng = clone, rng
        self.created: set[str] = set()
        self.deleted: set[str] = set()

    def act(self) -> None:
        repo, rng = self.clone.repo, self.rng
        krs = repo.key_results()
        roll = rng.random()
        if roll < 0.45:
            kr = rng.choice(krs)
            value = rng.choice((0, 1)) if kr.type == "milestone" else float(rng.randrange(100))
            item = repo.add_checkin(kr, value, day=TODAY - timedelta(days=rng.randrange(5)))
            self.created.add(item.id)
        elif roll < 0.65:
            kr = rng.choice(krs)
            field = rng.choice(("owner", "title", "unit"))
            repo.update(kr, **{field: f"{field} {self.clone.name}{rng.randrange(3)}"})
        elif roll < 0.75:
            objective = rng.choice(repo.objectives())
            self.created.add(
                repo.create(
                    KeyResult,
                    objective_id=objective.id,
                    title=f"New by {self.clone.name}",
                    baseline=0,
                    target=10,
                ).id
            )
        elif roll < 0.85:
            objective = repo.find(Objective, "O-1")
            lines = objective.why.split("\n")
            lines[rng.randrange(len(lines))] = f"{self.clone.name} was here {rng.randrange(9)}"
            repo.update(objective, why="\n".join(lines))
        elif roll < 0.92:
            self.created.add(
                repo.create(Bet, title=f"Bet by {self.clone.name} {rng.randrange(99)}").id
            )
        else:
            mine = [c for c in repo.all(CheckIn) if c.supersedes is None]
            if mine:
                victim = rng.choice(mine)
                with repo.work() as work:
                    if any(c.supersedes == victim.id for c in work.records(CheckIn)):
                        return
                    work.remove(victim)
                    work.describe(f"Delete {victim.key}")
                self.deleted.add(victim.id)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3, 4, 5])
def test_random_rounds_converge_and_lose_nothing(team: Team, seed: int):
    rng = random.Random(seed)
    workers = {name: Worker(team.clones[name], rng) for name in CLONES}
    for _ in range(ROUNDS):
        for worker in workers.values():
            for _ in range(rng.randrange(4)):
                worker.act()
        for name in rng.sample(CLONES, len(CLONES)):
            team.clones[name].sync()
    team.round()

    tables = team.assert_converged()
    schema.validate_all(tables, "origin")
    ids = {r["id"] for table, rows in tables.items() for r in rows.values() if "id" in r}
    created = set().union(*(w.created for w in workers.values()))
    deleted = set().union(*(w.deleted for w in workers.values()))
    assert created - deleted <= ids, "a created record is missing"
    explained = {e["record_id"] for e in tables.get(conflicts.CONFLICTS_TABLE, {}).values()}
    assert (deleted & ids) <= explained, "a deleted record came back unexplained"
