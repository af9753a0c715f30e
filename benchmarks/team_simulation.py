"""A company on one team database: `python -m benchmarks.team_simulation [--clones 5,10,20]`.

N people, each with a clone of one bare repository (real git, real `okrtui sync`), work a
quarter of weekly check-ins: in random order each checks in on their key results every week,
edits titles, creates key results offline (so keys collide and get renumbered), deletes some
they created, syncs at random, and has syncs killed with SIGKILL of their process group at a
random instant (also mid-merge). At the end everyone syncs until done, and the run checks:

- every clone's file is byte-identical to the published one (converged);
- every acknowledged change is there: each check-in, each created key result not deleted
  since, each last edit; each deleted one gone (losses: 0);
- no conflict markers, no key used twice, no reference to nothing;

and reports the p50/p95 time of a sync (the ones made during the quarter, not the final
catch-up) against the number of clones. The test suite runs a small one
(`tests/git/test_team_simulation.py`); `make bench` runs 5, 10 and 20 clones.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from okrtui.domain.clock import FixedClock
from okrtui.domain.models import KeyResult, Objective
from okrtui.store.engine import canonical, integrity
from okrtui.store.repository import Repository
from okrtui.store.team import gitrepo, gitsync

ROOT = Path(__file__).parents[1]
#: The quarter's last day: every check-in of the simulation is dated in the 13 weeks before.
DAY = date(2026, 11, 23)
IDENTITY_DOMAIN = "example.com"


@dataclass
class Person:
    name: str
    folder: Path
    krs: list[str] = field(default_factory=list)  # ids of the key results they own
    objective: str = ""

    @property
    def db(self) -> Path:
        return self.folder / "okrtui.json"


@dataclass
class Ledger:
    """Every change the simulation was told was saved, to find in the end."""

    checkins: set[str] = field(default_factory=set)
    created: dict[str, str] = field(default_factory=dict)  # id → title
    deleted: set[str] = field(default_factory=set)
    titles: dict[str, str] = field(default_factory=dict)  # id → last edited title


@dataclass
class Result:
    clones: int
    weeks: int
    sync_times: list[float]
    kills: int
    converged: bool
    lost: list[str]
    markers: int
    renumbered: int
    checkins: int

    def _quantile(self, q: float) -> float:
        times = sorted(self.sync_times)
        return times[min(len(times) - 1, int(q * len(times)))] if times else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.sync_times) if self.sync_times else 0.0

    @property
    def p95(self) -> float:
        return self._quantile(0.95)

    def line(self) -> str:
        return (
            f"{self.clones:>6} {self.weeks:>5} {self.checkins:>9} {len(self.sync_times):>6} "
            f"{self.kills:>6} {self.renumbered:>10} {'yes' if self.converged else 'NO':>9} "
            f"{len(self.lost):>6} {self.markers:>7} {self.p50:>8.2f} {self.p95:>8.2f}"
        )


HEADER = (
    "clones weeks check-ins  syncs  kills renumbered converged losses markers  p50 (s)  p95 (s)"
)


def _as(person: Person) -> None:
    """What follows is this person's doing: their git identity."""
    for role in ("AUTHOR", "COMMITTER"):
        os.environ[f"GIT_{role}_NAME"] = person.name
        os.environ[f"GIT_{role}_EMAIL"] = f"{person.name}@{IDENTITY_DOMAIN}"


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
    ).stdout


class Company:
    def __init__(self, root: Path, clones: int, weeks: int, seed: int, kill_rate: float) -> None:
        self.root, self.weeks, self.kill_rate = root, weeks, kill_rate
        self.rng = random.Random(seed)
        self.clock = FixedClock(DAY)
        self.people = [Person(f"pm{n:02d}", root / f"pm{n:02d}") for n in range(clones)]
        self.ledger = Ledger()
        self.sync_times: list[float] = []
        self.kills = 0
        self.origin = root / "origin.git"

    # -- set-up ---------------------------------------------------------------------------

    def found(self) -> None:
        """The first person makes the quarter (an objective and two KRs per person) and
        shares it; everyone else clones it."""
        _git(self.root, "init", "-q", "--bare", str(self.origin))
        first = self.people[0]
        _as(first)
        repo = Repository.open(first.db, self.clock)
        start = DAY - timedelta(weeks=self.weeks)
        cycle = repo.create_cycle("Quarter", start, DAY + timedelta(days=7))
        for person in self.people:
            objective = repo.create(
                Objective,
                cycle_id=cycle.id,
                title=f"{person.name}'s objective",
                owner=person.name,
                state="committed",
            )
            person.objective = objective.id
            for n in range(2):
                kr = repo.create(
                    KeyResult,
                    objective_id=objective.id,
                    title=f"{person.name} KR {n}",
                    owner=person.name,
                    baseline=0,
                    target=100,
                )
                person.krs.append(kr.id)
        repo.close()
        gitrepo.init(first.db, str(self.origin))
        gitsync.sync(first.db)
        for person in self.people[1:]:
            gitrepo.clone(str(self.origin), person.folder)

    # -- the quarter ----------------------------------------------------------------------

    def quarter(self) -> None:
        for week in range(1, self.weeks + 1):
            day = DAY - timedelta(weeks=self.weeks - week)
            work: list[tuple[Person, str]] = []
            for person in self.people:
                work += [(person, "checkin")]
                work += [
                    (person, op)
                    for op in ("edit", "create", "delete", "sync", "kill")
                    if self.rng.random()
                    < {
                        "edit": 0.3,
                        "create": 0.25,
                        "delete": 0.15,
                        "sync": 0.6,
                        "kill": self.kill_rate,
                    }[op]
                ]
            self.rng.shuffle(work)
            for person, op in work:
                getattr(self, f"_{op}")(person, week, day)

    def _repo(self, person: Person) -> Repository:
        _as(person)
        return Repository.open(person.db, self.clock)

    def _checkin(self, person: Person, week: int, day: date) -> None:
        repo = self._repo(person)
        try:
            for kr_id in person.krs:
                note = f"{person.name} w{week} {kr_id[:6]}"
                kr = repo.find(KeyResult, kr_id)
                repo.add_checkin(kr, self.rng.randint(0, 100), 6, day=day, note=note)
                self.ledger.checkins.add(note)
        finally:
            repo.close()

    def _edit(self, person: Person, week: int, day: date) -> None:
        repo = self._repo(person)
        try:
            kr_id = self.rng.choice(person.krs)
            title = f"{person.name} KR edited in week {week} #{self.rng.randint(0, 10**6)}"
            repo.update(repo.find(KeyResult, kr_id), title=title)
            self.ledger.titles[kr_id] = title
        finally:
            repo.close()

    def _create(self, person: Person, week: int, day: date) -> None:
        repo = self._repo(person)
        try:
            title = f"{person.name} new KR of week {week} #{self.rng.randint(0, 10**6)}"
            kr = repo.create(
                KeyResult, objective_id=person.objective, title=title, baseline=0, target=10
            )
            self.ledger.created[kr.id] = title
        finally:
            repo.close()

    def _delete(self, person: Person, week: int, day: date) -> None:
        mine = [i for i in self.ledger.created if i not in self.ledger.deleted]
        mine = [i for i in mine if self.ledger.created[i].startswith(person.name)]
        if not mine:
            return
        repo = self._repo(person)
        try:
            kr = repo.find(KeyResult, self.rng.choice(mine))
            repo.delete_key_result(kr)
            self.ledger.deleted.add(kr.id)
        finally:
            repo.close()

    def _sync(
        self, person: Person, week: int = 0, day: date | None = None, timed: bool = True
    ) -> None:
        _as(person)
        for _ in range(5):
            started = time.perf_counter()
            try:
                gitsync.sync(person.db)
            except gitsync.SyncError as exc:
                if "kept changing" not in str(exc):
                    raise
                continue
            if timed:
                self.sync_times.append(time.perf_counter() - started)
            return
        raise AssertionError(f"{person.name} could not sync")

    def _kill(self, person: Person, week: int, day: date) -> None:
        """A sync killed (SIGKILL of its process group) at a random instant."""
        _as(person)
        process = subprocess.Popen(
            [sys.executable, "-m", "okrtui", "--db", str(person.db), "sync"],
            cwd=ROOT,
            env=os.environ | {"OKRTUI_TODAY": DAY.isoformat()},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(self.rng.uniform(0.0, 1.5))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            self.kills += 1
        process.wait()

    # -- the end --------------------------------------------------------------------------

    def catch_up(self) -> None:
        for _ in range(2):
            for person in self.people:
                self._sync(person, timed=False)

    def audit(self) -> Result:
        published = subprocess.run(
            ["git", "-C", str(self.origin), "show", "main:okrtui.json"],
            capture_output=True,
            check=True,
        ).stdout
        converged = all(p.db.read_bytes() == published for p in self.people)
        markers = sum(p.db.read_bytes().count(b"<<<<<<<") for p in self.people)
        tables = canonical.loads(published)
        lost: list[str] = []
        notes = {c.get("note") for c in tables.get("checkins", {}).values()}
        lost += [f"check-in {n}" for n in sorted(self.ledger.checkins - notes)]
        krs = {r["id"]: r for r in tables.get("key_results", {}).values()}
        for kr_id, title in self.ledger.created.items():
            if kr_id in self.ledger.deleted:
                if kr_id in krs:
                    lost.append(f"deletion of {title}")
            elif kr_id not in krs:
                lost.append(f"created {title}")
        for kr_id, title in self.ledger.titles.items():
            if krs.get(kr_id, {}).get("title") != title:
                lost.append(f"edit {title}")
        lost += [f"duplicate key {k}" for k in integrity.duplicate_keys(tables)]
        lost += [f"dangling {d}" for d in integrity.dangling(tables)]
        renumbered = sum(
            1 for e in tables.get("conflicts", {}).values() if e.get("kind") == "key_renumbered"
        )
        return Result(
            clones=len(self.people),
            weeks=self.weeks,
            sync_times=self.sync_times,
            kills=self.kills,
            converged=converged,
            lost=lost,
            markers=markers,
            renumbered=renumbered,
            checkins=len(self.ledger.checkins),
        )


def simulate(
    root: Path, clones: int, weeks: int = 13, seed: int = 13, kill_rate: float = 0.1
) -> Result:
    """Run one company of `clones` people for `weeks` weeks in `root`; the audit's result."""
    saved = dict(os.environ)
    os.environ.update(OKRTUI_TODAY=DAY.isoformat(), GIT_CONFIG_NOSYSTEM="1")
    try:
        company = Company(root, clones, weeks, seed, kill_rate)
        company.found()
        company.quarter()
        company.catch_up()
        return company.audit()
    finally:
        os.environ.clear()
        os.environ.update(saved)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clones", default="5,10,20")
    parser.add_argument("--weeks", type=int, default=13)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    print(HEADER)
    failed = False
    for clones in (int(n) for n in args.clones.split(",")):
        with tempfile.TemporaryDirectory(prefix="okrtui-company-") as tmp:
            os.environ["HOME"] = tmp  # no global git config of the machine's person
            result = simulate(Path(tmp), clones, args.weeks, args.seed)
        print(result.line(), flush=True)
        for loss in result.lost[:10]:
            print(f"  lost: {loss}")
        failed |= bool(result.lost) or not result.converged or bool(result.markers)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
