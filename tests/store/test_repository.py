"""Repository round-trips: every model is stored, found again (by key, id, cycle name) after a
reopen, updated, listed in its documented order; keys are allocated and never reused; bad
input is refused with a specific message and leaves the file byte-identical."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from okrtui.domain.clock import FixedClock
from okrtui.domain.errors import InvalidInput, NotFound
from okrtui.domain.models import (
    Bet,
    BetImpact,
    CheckIn,
    Cycle,
    Evidence,
    KeyResult,
    Link,
    Objective,
)
from okrtui.store.engine.schema import SCHEMA_VERSION
from okrtui.store.repository import Repository
from tests.conftest import TODAY
from tests.store.conftest import Seeded, sha256


def reopened(seeded: Seeded) -> Repository:
    """A second repository on the same file: nothing can come from the first one's memory."""
    return Repository.open(seeded.repo.path, FixedClock(TODAY))


# -- round-trips ---------------------------------------------------------------------------


def test_every_model_round_trips_through_the_file(seeded: Seeded) -> None:
    repo = seeded.repo
    other_objective = repo.create(
        Objective, cycle_id=seeded.cycle.id, title="Be the platform teams trust", level="company"
    )
    checkin = repo.add_checkin(seeded.kr, 52.5, confidence=7, note="good week 🎉", author="maria")
    bet = repo.create(
        Bet,
        title="Guided setup wizard",
        horizon="next",
        status="discovery",
        moves=[BetImpact(key_result_id=seeded.kr.id, expected_change=10)],
        url="https://example.com/issue/4",
    )
    link = repo.create(
        Link,
        from_objective_id=seeded.objective.id,
        to_objective_id=other_objective.id,
        strength="weak",
        hypothesis="faster onboarding → more trust",
    )
    evidence = repo.create(
        Evidence,
        key_result_id=seeded.kr.id,
        date=date(2026, 11, 20),
        text="5 of 6 interviewees finished setup alone",
        verdict="supports",
    )
    stored = [
        seeded.cycle,
        seeded.objective,
        other_objective,
        seeded.kr,
        checkin,
        bet,
        link,
        evidence,
    ]

    fresh = reopened(seeded)
    for item in stored:
        model = type(item)
        assert fresh.find(model, item.key) == item
        assert fresh.find(model, item.id) == item
        assert fresh.by_id(model, item.id) == item
    assert fresh.find(Cycle, "2026-Q4") == seeded.cycle
    assert fresh.history(seeded.kr) == [checkin]
    assert fresh.evidence(seeded.kr) == [evidence]
    assert fresh.links(seeded.objective) == [link]
    assert fresh.bets() == [bet]


def test_find_accepts_any_case_and_surrounding_space(seeded: Seeded) -> None:
    assert seeded.repo.find(KeyResult, " kr-1 ") == seeded.kr
    assert seeded.repo.find(Objective, "o-1") == seeded.objective


def test_update_is_stored_and_keeps_identity(seeded: Seeded, clock: FixedClock) -> None:
    repo = seeded.repo
    later = FixedClock(TODAY + timedelta(days=1))
    repo.clock = later
    updated = repo.update(seeded.kr, title="Onboarding completion from 45% to 75%", target=75)
    assert (updated.id, updated.key, updated.created_at) == (
        seeded.kr.id,
        seeded.kr.key,
        seeded.kr.created_at,
    )
    assert updated.updated_at == later.now()
    assert updated.updated_at != seeded.kr.updated_at
    fresh = reopened(seeded)
    assert fresh.find(KeyResult, "KR-1") == updated
    assert fresh.find(KeyResult, "KR-1").target == 75
    assert (repo.undoable() or "").startswith("Edit KR-1")  # the undo label and the commit


# -- keys ----------------------------------------------------------------------------------


def test_keys_are_allocated_per_type(seeded: Seeded) -> None:
    assert (seeded.cycle.key, seeded.objective.key, seeded.kr.key) == ("C-1", "O-1", "KR-1")
    second = seeded.repo.create(
        KeyResult,
        objective_id=seeded.objective.id,
        title="Time to first invoice",
        baseline=9,
        target=3,
        direction="decrease",
    )
    bet = seeded.repo.create(Bet, title="Wizard")
    assert (second.key, bet.key) == ("KR-2", "B-1")


def test_keys_are_never_reused_after_a_removal(seeded: Seeded) -> None:
    repo = seeded.repo
    doomed = repo.create(
        KeyResult, objective_id=seeded.objective.id, title="Doomed", target=1, baseline=0
    )
    assert doomed.key == "KR-2"
    with repo.db.transaction() as tx:
        tx.remove("key_results", doomed.id)
    assert [kr.key for kr in reopened(seeded).key_results()] == ["KR-1"]
    again = reopened(seeded).create(
        KeyResult, objective_id=seeded.objective.id, title="Next", target=1, baseline=0
    )
    assert again.key == "KR-3"


def test_keys_stay_unique_when_the_counter_lags_the_records(seeded: Seeded) -> None:
    """A hand-edited file whose counter is behind its records must not hand out a taken key."""
    repo = seeded.repo
    with repo.db.transaction() as tx:
        meta = dict(tx.records("_meta")["1"])
        meta["key_counters"] = {}
        tx.tables["_meta"]["1"] = meta
        tx.dirty = True
    again = repo.create(
        KeyResult, objective_id=seeded.objective.id, title="Next", target=1, baseline=0
    )
    assert again.key == "KR-2"


# -- ordering ------------------------------------------------------------------------------


def test_lists_come_in_their_documented_order(seeded: Seeded) -> None:
    repo = seeded.repo
    early = repo.create_cycle("2026-Q3", date(2026, 7, 6), date(2026, 10, 4), state="closed")
    assert [c.name for c in repo.cycles()] == ["2026-Q3", "2026-Q4"]
    personal = repo.create(Objective, cycle_id=seeded.cycle.id, title="Learn SQL", level="personal")
    company = repo.create(Objective, cycle_id=seeded.cycle.id, title="Be trusted", level="company")
    elsewhere = repo.create(Objective, cycle_id=early.id, title="Old", level="company")
    assert repo.objectives(seeded.cycle) == [company, seeded.objective, personal]
    assert elsewhere not in repo.objectives(seeded.cycle)

    later = repo.create(Bet, title="Later", horizon="later")
    now_second = repo.create(Bet, title="Now 2", horizon="now", rank=2)
    now_first = repo.create(Bet, title="Now 1", horizon="now", rank=1)
    assert repo.bets() == [now_first, now_second, later]

    krs = [seeded.kr] + [
        repo.create(
            KeyResult, objective_id=seeded.objective.id, title=f"KR {n}", baseline=0, target=n
        )
        for n in range(1, 11)
    ]
    # Numeric, not text order: KR-11 comes after KR-2.
    assert [kr.key for kr in repo.key_results(seeded.objective)] == [kr.key for kr in krs]
    assert repo.key_results(seeded.objective)[-1].key == "KR-11"


def test_history_is_ordered_by_date_not_by_entry(seeded: Seeded) -> None:
    repo = seeded.repo
    late = repo.add_checkin(seeded.kr, 50, confidence=6, day=date(2026, 11, 16))
    early = repo.add_checkin(seeded.kr, 47, confidence=6, day=date(2026, 11, 2))
    fix = repo.add_checkin(seeded.kr, 51, day=date(2026, 11, 16), supersedes=late)
    assert reopened(seeded).history(seeded.kr) == [early, late, fix]
    assert fix.confidence == 6  # carried over from the latest check-in
    assert fix.supersedes == late.id


def test_current_cycle_prefers_the_active_one_containing_today(seeded: Seeded) -> None:
    repo = seeded.repo
    repo.create_cycle("2027-Q1", date(2027, 1, 4), date(2027, 3, 28))
    assert repo.current_cycle() == seeded.cycle


# -- refusals: a specific message, and the file untouched ----------------------------------


def _refused(repo: Repository, error: type[Exception], *fragments: str):
    """Context manager: the block raises `error` naming `fragments`, and writes nothing."""
    import contextlib

    @contextlib.contextmanager
    def check():
        before = sha256(repo.path)
        with pytest.raises(error) as info:
            yield info
        for fragment in fragments:
            assert fragment in str(info.value)
        assert sha256(repo.path) == before

    return check()


def test_invalid_fields_are_refused_with_the_field_named(seeded: Seeded) -> None:
    repo = seeded.repo
    with _refused(repo, InvalidInput, "invalid cycle", "ends", "before it starts"):
        repo.create_cycle("Backwards", date(2026, 12, 1), date(2026, 11, 1))
    with _refused(repo, InvalidInput, "invalid cycle", "check-in cadence", "not 10"):
        repo.create_cycle("Odd", date(2027, 1, 1), date(2027, 3, 1), cadence_days=10)
    with _refused(repo, InvalidInput, "invalid key result", "target equals baseline"):
        repo.create(KeyResult, objective_id=seeded.objective.id, title="x", baseline=5, target=5)
    with _refused(repo, InvalidInput, "invalid key result", "title", "must not be empty"):
        repo.create(KeyResult, objective_id=seeded.objective.id, title="   ")
    with _refused(repo, InvalidInput, "invalid check-in", "confidence", "not 11"):
        repo.add_checkin(seeded.kr, 50, confidence=11)
    with _refused(repo, InvalidInput, "invalid objective", "level"):
        repo.create(Objective, cycle_id=seeded.cycle.id, title="x", level="galaxy")
    with _refused(repo, InvalidInput, "invalid bet", "colour"):
        repo.create(Bet, title="x", colour="red")
    with _refused(repo, InvalidInput, "exists already"):
        repo.create_cycle("2026-Q4", date(2027, 1, 1), date(2027, 3, 1))


def test_updates_that_break_a_record_are_refused(seeded: Seeded) -> None:
    repo = seeded.repo
    with _refused(repo, InvalidInput, "target equals baseline"):
        repo.update(seeded.kr, target=45)
    with _refused(repo, InvalidInput, "cannot change", "key", "KR-1"):
        repo.update(seeded.kr, key="KR-99")
    with _refused(repo, InvalidInput, "cannot change", "id"):
        repo.update(seeded.kr, id="abc")
    with _refused(repo, InvalidInput, "points at no objective"):
        repo.update(seeded.kr, objective_id="missing")


def test_references_to_missing_parents_are_refused(seeded: Seeded) -> None:
    repo = seeded.repo
    with _refused(repo, InvalidInput, "invalid objective", "cycle id points at no cycle", "nope"):
        repo.create(Objective, cycle_id="nope", title="Orphan")
    with _refused(repo, InvalidInput, "invalid key result", "points at no objective"):
        repo.create(KeyResult, objective_id="nope", title="Orphan", baseline=0, target=1)
    with _refused(repo, InvalidInput, "invalid evidence", "points at no key result"):
        repo.create(Evidence, key_result_id="nope", date=TODAY, text="found")
    with _refused(repo, InvalidInput, "invalid link", "points at no objective"):
        repo.create(Link, from_objective_id=seeded.objective.id, to_objective_id="nope")
    with _refused(repo, InvalidInput, "invalid link", "points at no key result"):
        repo.create(Link, from_objective_id=seeded.objective.id, to_key_result_id="nope")
    with _refused(repo, InvalidInput, "invalid bet", "points at no key result", "nope"):
        repo.create(Bet, title="Wizard", moves=[{"key_result_id": "nope"}])
    ghost = seeded.kr.model_copy(update={"id": "ghost"})
    with _refused(repo, (InvalidInput, NotFound)):
        repo.add_checkin(ghost, 50)


def test_a_used_id_is_refused(seeded: Seeded) -> None:
    """Ids are identities: storing a second record under one would make both ambiguous."""
    repo = seeded.repo
    with _refused(repo, InvalidInput, "invalid cycle", seeded.cycle.id, "exists already"):
        repo.create(
            Cycle, id=seeded.cycle.id, name="Copy", start=date(2027, 1, 1), end=date(2027, 3, 1)
        )
    with _refused(repo, InvalidInput, seeded.kr.id):
        repo.add_workspace([seeded.kr.model_copy(update={"title": "Again"})])


def test_a_failing_batch_writes_nothing(seeded: Seeded) -> None:
    """`add_workspace` is one transaction: a bad record late in the batch undoes the rest."""
    repo = seeded.repo
    good = Objective(cycle_id=seeded.cycle.id, title="Fine")
    orphan = KeyResult(objective_id="nope", title="Orphan", baseline=0, target=1)
    with _refused(repo, InvalidInput, "points at no objective"):
        repo.add_workspace([good, orphan])
    assert repo.objectives() == [seeded.objective]


def test_milestones_take_only_done_or_not(seeded: Seeded) -> None:
    repo = seeded.repo
    milestone = repo.create(
        KeyResult, objective_id=seeded.objective.id, title="Launch", type="milestone"
    )
    with _refused(repo, InvalidInput, "KR-2 is a milestone", "not 0.5"):
        repo.add_checkin(milestone, 0.5)
    assert repo.add_checkin(milestone, 1).value == 1


def test_unknown_references_name_what_exists(seeded: Seeded) -> None:
    repo = seeded.repo
    with pytest.raises(NotFound, match=r"no key result is called 'KR-9'; known: KR-1"):
        repo.find(KeyResult, "KR-9")
    with pytest.raises(NotFound, match=r"no bet is called 'B-1' \(there are no bets yet\)"):
        repo.find(Bet, "B-1")
    with pytest.raises(NotFound, match="no cycle has the id nope"):
        repo.by_id(Cycle, "nope")


def test_updating_a_record_removed_meanwhile_is_refused(seeded: Seeded) -> None:
    repo = seeded.repo
    with repo.db.transaction() as tx:
        tx.remove("key_results", seeded.kr.id)
    with _refused(repo, NotFound, "KR-1 no longer exists", str(repo.path)):
        repo.update(seeded.kr, title="Renamed")


def test_checkins_are_append_only_and_export_points_by_id(seeded: Seeded) -> None:
    repo = seeded.repo
    first = repo.add_checkin(seeded.kr, 50, confidence=6)
    repo.add_checkin(seeded.kr, 49, supersedes=first)
    assert len(repo.all(CheckIn)) == 2
    document = repo.export_document()
    assert document["schema_version"] == SCHEMA_VERSION
    assert {c["key_result_id"] for c in document["checkins"]} == {seeded.kr.id}
    assert [c["key"] for c in document["checkins"]] == ["CI-1", "CI-2"]


def test_a_new_database_is_empty_but_never_zero_bytes(repo: Repository) -> None:
    assert repo.is_empty()
    assert repo.path.stat().st_size > 0
    assert repo.db.meta()["schema_version"] == SCHEMA_VERSION
    assert repo.db.meta()["app"] == "okrtui"
