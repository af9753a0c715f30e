"""Undo: every described change is journalled with the change itself and can be taken back,
also by a later process, but never over what changed since."""

from __future__ import annotations

import pytest

from okrtui.domain.errors import OkrError
from okrtui.domain.models import CheckIn, KeyResult, Objective
from okrtui.store.engine import journal
from okrtui.store.repository import Repository
from tests.conftest import TODAY


@pytest.fixture
def kr(repo: Repository) -> KeyResult:
    cycle = repo.create_cycle("2026-Q4", TODAY.replace(day=1), TODAY.replace(month=12, day=31))
    objective = repo.create(
        Objective, cycle_id=cycle.id, title="Faster onboarding", state="committed"
    )
    return repo.create(
        KeyResult, objective_id=objective.id, title="Completion", baseline=45, target=70
    )


def test_undo_takes_back_a_check_in_and_says_what_it_undid(repo: Repository, kr: KeyResult):
    repo.add_checkin(kr, 50, 7)
    assert repo.undoable() == "Check in KR-1: 45 → 50"
    assert repo.undo() == "Check in KR-1: 45 → 50"
    assert repo.all(CheckIn) == []


def test_undo_restores_the_version_before_an_edit(repo: Repository, kr: KeyResult):
    repo.update(kr, title="Onboarding completion rate", target=80)
    repo.undo()
    restored = repo.find(KeyResult, "KR-1")
    assert (restored.title, restored.target) == ("Completion", 70)


def test_undos_walk_back_one_change_at_a_time(repo: Repository, kr: KeyResult):
    repo.add_checkin(kr, 50, 7)
    repo.add_checkin(kr, 55, 7)
    repo.undo()
    assert [c.value for c in repo.all(CheckIn)] == [50]
    repo.undo()
    assert repo.all(CheckIn) == []
    assert repo.undo().startswith("Create KR-1")
    assert repo.all(KeyResult) == []


def test_undo_survives_a_restart(repo: Repository, kr: KeyResult, clock):
    repo.add_checkin(kr, 50, 7)
    repo.close()
    later = Repository.open(repo.path, clock)
    assert later.undo() == "Check in KR-1: 45 → 50"
    assert later.all(CheckIn) == []


def test_nothing_to_undo_is_a_clear_error(repo: Repository):
    with pytest.raises(journal.NothingToUndo, match="nothing to undo"):
        repo.undo()


def test_undo_refuses_when_the_record_changed_since(repo: Repository, kr: KeyResult, clock):
    repo.update(kr, title="Renamed once")
    other = Repository.open(repo.path, clock)
    # Another process edits the same KR without a journal entry of its own being newer…
    raw_before = repo.path.read_bytes()
    with other.db.transaction() as tx:
        record = dict(tx.get("key_results", kr.id))
        record["title"] = "Changed elsewhere"
        tx.replace("key_results", record, journal=False)
    with pytest.raises(OkrError, match="has changed since"):
        repo.undo()
    assert repo.find(KeyResult, "KR-1").title == "Changed elsewhere"
    assert repo.path.read_bytes() != raw_before


def test_a_key_is_never_reused_after_undoing_its_creation(repo: Repository, kr: KeyResult):
    repo.undo()
    objective = repo.all(Objective)[0]
    again = repo.create(KeyResult, objective_id=objective.id, title="Again", baseline=1, target=2)
    assert again.key == "KR-2"


def test_the_journal_keeps_a_bounded_number_of_entries(
    repo: Repository, kr: KeyResult, monkeypatch
):
    monkeypatch.setattr(journal, "KEEP_ENTRIES", 5)
    for value in range(10):
        repo.add_checkin(kr, 46 + value, 7)
    assert len(repo.db.raw_table(journal.JOURNAL_TABLE)) == 5


def test_a_hand_edited_journal_id_does_not_break_undo(repo: Repository, kr: KeyResult, monkeypatch):
    """Document ids are numbers only by convention: someone may rename one in an editor."""
    from okrtui.store.engine import canonical

    repo.add_checkin(kr, 50, 7)
    raw = canonical.loads(repo.path.read_bytes())
    entries = raw[journal.JOURNAL_TABLE]
    entries["edited-by-hand"] = entries.pop(max(entries, key=int))  # sorts after the numbers
    repo.path.write_bytes(canonical.dumps(raw))
    monkeypatch.setattr(journal, "KEEP_ENTRIES", 2)  # trimming sorts the ids too
    assert repo.undoable() == "Check in KR-1: 45 → 50"
    repo.add_checkin(kr, 51, 7)
    # The renamed entry sorts after every numbered one; each change is still undone once.
    assert {repo.undo(), repo.undo()} == {"Check in KR-1: 45 → 50", "Check in KR-1: 50 → 51"}
    assert repo.all(CheckIn) == []
