"""The archive: closed cycles move out of the live file, reads give the same answers as before,
changes still reach archived records, keys are never reused, a crash or a failed write never
splits a cycle, and the active cycle is served without opening any archive."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from benchmarks.workspace import generate
from okrtui.domain.clock import FixedClock
from okrtui.domain.errors import OkrError
from okrtui.domain.models import Bet, CheckIn, Cycle, KeyResult, Objective
from okrtui.store.engine import archive, canonical, schema
from okrtui.store.engine.archive import Archive
from okrtui.store.engine.errors import UnreadableDatabase, WriteFailed
from okrtui.store.repository import Repository
from tests.conftest import TODAY
from tests.store.conftest import Seeded, sha256, temp_files

OLD_START, OLD_END = date(2025, 1, 6), date(2025, 4, 6)


def _old_cycle(repo: Repository, name: str = "2025-Q1", start: date = OLD_START) -> Cycle:
    """An old cycle, still active, with one objective, one KR and three check-ins."""
    cycle = repo.create_cycle(name, start, start + (OLD_END - OLD_START), state="active")
    objective = repo.create(
        Objective, cycle_id=cycle.id, title=f"Old goal {name}", state="committed"
    )
    kr = repo.create(
        KeyResult, objective_id=objective.id, title=f"Old KR {name}", baseline=1, target=9
    )
    for week, value in enumerate((2, 4, 7)):
        repo.add_checkin(
            kr, value, 6, day=start + timedelta(weeks=week + 1), note=f"{name} {value}"
        )
    return cycle


def _live(repo: Repository) -> schema.Raw:
    return canonical.loads(repo.path.read_bytes())


def _what_reads_see(repo: Repository, cycle: Cycle) -> tuple:
    objectives = repo.objectives(cycle)
    krs = repo.cycle_key_results(cycle)
    return (
        [o.model_dump() for o in objectives],
        [kr.model_dump() for kr in krs],
        [[c.model_dump() for c in repo.history(kr)] for kr in krs],
        {oid: [s.progress for s in snaps] for oid, snaps in repo.cycle_snapshots(cycle).items()},
        sorted(c.key for c in repo.all(CheckIn)),
        repo.find(KeyResult, krs[0].key).id,
        repo.export_document(),
    )


@pytest.fixture
def archived(seeded: Seeded) -> tuple[Repository, Cycle, tuple]:
    """The seeded repository plus an old cycle that was closed (and so archived)."""
    repo = seeded.repo
    old = _old_cycle(repo)
    old = repo.update(old, state="closed")
    before = _what_reads_see(repo, old)
    return repo, old, before


def test_closing_an_old_cycle_moves_its_records_out_of_the_live_file(archived) -> None:
    repo, old, _ = archived
    live = _live(repo)
    (name,) = archive.index(live["_meta"]["1"]).values()
    assert name.startswith("okrtui-C-2-2025-Q1-") and name.endswith(".json")
    # The cycle record stays live; everything that belongs to it has gone.
    assert [c["name"] for c in live["cycles"].values()] == ["2026-Q4", "2025-Q1"]
    assert [o["title"] for o in live["objectives"].values()] == ["New users reach value faster"]
    assert all(c["note"].startswith("2025-Q1") is False for c in live["checkins"].values())
    stored = canonical.loads((archive.archive_dir(repo.path) / name).read_bytes())
    assert stored["_meta"]["1"]["kind"] == "archive"
    assert stored["_meta"]["1"]["cycle_id"] == old.id
    assert len(stored["checkins"]) == 3
    assert temp_files(archive.archive_dir(repo.path)) == []


def test_reads_give_the_same_answers_once_archived(archived, clock: FixedClock) -> None:
    repo, old, before = archived
    assert _what_reads_see(repo, old) == before
    fresh = Repository.open(repo.path, clock)  # another process, cold caches
    assert _what_reads_see(fresh, old) == before


def test_the_active_cycle_is_served_without_opening_an_archive(
    archived, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What makes the active cycle's speed independent of history: no archive is read."""
    repo, _, _ = archived

    def refuse(*args: object) -> None:
        raise AssertionError("an archive was opened")

    monkeypatch.setattr(Archive, "read", refuse)
    fresh = Repository.open(repo.path, clock)
    cycle = fresh.current_cycle()
    assert cycle is not None and cycle.name == "2026-Q4"
    fresh.cycle_snapshots(cycle)
    kr = fresh.find(KeyResult, "KR-1")
    fresh.add_checkin(kr, 55, 7, note="weekly")
    assert [c.value for c in fresh.history(kr)] == [55]
    assert [c.name for c in fresh.cycles()] == ["2025-Q1", "2026-Q4"]


def test_a_check_in_on_an_archived_kr_lands_in_its_archive(archived, clock: FixedClock) -> None:
    repo, old, _ = archived
    first_file = next(iter(repo.db.archived_cycles().values()))
    kr = repo.find(KeyResult, "KR-2")
    added = repo.add_checkin(kr, 8, 7, day=OLD_END, note="late reading")
    assert added.key == "CI-4"
    # Still archived, now in a new file: archive files are never changed in place.
    second_file = repo.db.archived_cycles()[old.id]
    assert second_file != first_file
    assert (archive.archive_dir(repo.path) / first_file).exists()
    assert all(c["note"] != "late reading" for c in _live(repo)["checkins"].values())
    history = Repository.open(repo.path, clock).history(kr)
    assert [c.value for c in history] == [2, 4, 7, 8]


def test_keys_are_not_reused_after_archiving(archived) -> None:
    repo, _, _ = archived
    objective = repo.find(Objective, "O-1")
    kr = repo.create(KeyResult, objective_id=objective.id, title="New KR", baseline=1, target=2)
    assert kr.key == "KR-3"
    assert repo.add_checkin(kr, 1.5).key == "CI-4"


def test_undo_reaches_a_change_that_was_archived_since(seeded: Seeded) -> None:
    repo = seeded.repo
    old = _old_cycle(repo)
    repo.update(old, state="closed")  # the last change: closing archived the cycle
    assert repo.db.archived_cycles()
    assert repo.undo() == "Edit C-2 “2025-Q1”"
    assert repo.find(Cycle, "2025-Q1").state == "active"
    # The cycle is no longer due, so it is live again, with everything that belongs to it.
    assert repo.db.archived_cycles() == {}
    assert len(_live(repo)["checkins"]) == 3


def test_a_new_objective_in_an_archived_cycle_keeps_the_cycle_whole(archived) -> None:
    repo, old, _ = archived
    repo.create(Objective, cycle_id=old.id, title="Added later", state="committed")
    assert [o.title for o in repo.objectives(old)] == ["Old goal 2025-Q1", "Added later"]
    live = _live(repo)
    assert all(o["cycle_id"] != old.id for o in live["objectives"].values())


def test_a_crash_between_the_archive_and_the_live_file_changes_nothing(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch, clock: FixedClock
) -> None:
    repo = seeded.repo
    old = _old_cycle(repo)
    before = sha256(repo.path)
    monkeypatch.setattr(repo.db.storage, "write", _boom)
    with pytest.raises(WriteFailed):
        repo.update(old, state="closed")
    monkeypatch.undo()
    assert sha256(repo.path) == before
    # The archive file was written first; nothing lists it, so nothing reads it.
    assert len(list(archive.archive_dir(repo.path).iterdir())) == 1
    fresh = Repository.open(repo.path, clock)
    assert fresh.db.archived_cycles() == {}
    assert len(fresh.history(fresh.find(KeyResult, "KR-2"))) == 3
    # The next attempt archives into the very same file.
    fresh.update(fresh.find(Cycle, "2025-Q1"), state="closed")
    assert len(list(archive.archive_dir(repo.path).iterdir())) == 1


def _boom(data: object) -> None:
    raise WriteFailed("could not write: disk full")


def test_an_archive_that_cannot_be_written_leaves_the_cycle_live(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = seeded.repo
    old = _old_cycle(repo)
    monkeypatch.setattr(Archive, "write", lambda *a: _boom(None))
    repo.update(old, state="closed")  # the person's change is written all the same
    assert repo.find(Cycle, "2025-Q1").state == "closed"
    assert repo.db.archived_cycles() == {}
    assert len(_live(repo)["checkins"]) == 3


def test_an_archive_from_an_older_schema_is_read_through_the_migrations(
    archived, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Archives are never rewritten in place: after a schema change, old ones are migrated
    in memory (once per file), and a change to the cycle archives it again."""
    repo, old, before = archived
    (name,) = repo.db.archived_cycles().values()
    target = archive.archive_dir(repo.path) / name
    stored = canonical.loads(target.read_bytes())
    stored["_meta"]["1"]["schema_version"] = 2
    target.write_bytes(canonical.dumps(stored))
    migrations = []
    real = schema.migrate
    monkeypatch.setattr(schema, "migrate", lambda raw, v: migrations.append(v) or real(raw, v))
    fresh = Repository.open(repo.path, clock)
    assert _what_reads_see(fresh, old)[:5] == before[:5]
    assert migrations == [2]
    fresh.add_checkin(fresh.find(KeyResult, "KR-2"), 8, day=OLD_END)
    rewritten = archive.archive_dir(repo.path) / fresh.db.archived_cycles()[old.id]
    assert canonical.loads(rewritten.read_bytes())["_meta"]["1"]["schema_version"] == (
        schema.SCHEMA_VERSION
    )


def test_a_missing_archive_is_a_clear_error_and_nothing_is_written(archived) -> None:
    repo, old, _ = archived
    (name,) = repo.db.archived_cycles().values()
    (archive.archive_dir(repo.path) / name).unlink()
    before = sha256(repo.path)
    with pytest.raises(UnreadableDatabase, match=f"lists the archive .*{name} but it is missing"):
        repo.objectives(old)
    with pytest.raises(OkrError):
        repo.add_checkin(repo.find(KeyResult, "KR-2"), 8, day=OLD_END)
    assert sha256(repo.path) == before
    # The active cycle goes on working.
    repo.add_checkin(repo.find(KeyResult, "KR-1"), 50)


def test_a_reference_to_an_archived_record_leaves_it_archived(archived) -> None:
    """A bet may move an old KR: the reference is checked, and the cycle stays archived in
    the same file (same records, same name)."""
    repo, _old, _ = archived
    files = set(repo.db.archived_cycles().values())
    kr = repo.find(KeyResult, "KR-2")
    repo.create(Bet, title="Revive the old flow", moves=[{"key_result_id": kr.id}])
    assert set(repo.db.archived_cycles().values()) == files
    with pytest.raises(OkrError, match="points at no key result"):
        repo.create(Bet, title="Nowhere", moves=[{"key_result_id": "no-such-kr"}])


def test_reading_all_history_keeps_few_archives_in_memory(tmp_path: Path) -> None:
    """An export walks every archive; afterwards only the last few stay parsed."""
    path = tmp_path / "okrtui.json"
    made = generate(path, TODAY, checkins=3000, teams=2, closed_cycles=10)
    repo = Repository.open(path, FixedClock(TODAY))
    # Any write archives (a closed KR, such as KR-1 of 2024, takes no check-in: an open one).
    repo.add_checkin(repo.find(KeyResult, made.active_kr_keys[0]), 5)
    assert len(repo.db.archived_cycles()) == 9
    document = repo.export_document()
    assert len(document["checkins"]) == 3001
    assert len(repo.db.archive._stores) == archive.CACHED_ARCHIVES


def test_a_generated_history_leaves_a_small_live_file(tmp_path: Path) -> None:
    """Years of closed quarters: after one ordinary write, the live file holds the active
    cycle and the recently closed one; every count is the same as before."""
    path = tmp_path / "okrtui.json"
    made = generate(path, TODAY, checkins=4000, teams=3, closed_cycles=8)
    repo = Repository.open(path, FixedClock(TODAY))
    counts = {m: len(repo.all(m)) for m in (Cycle, Objective, KeyResult, CheckIn)}
    cycle = repo.current_cycle()
    assert cycle is not None
    before = repo.cycle_snapshots(cycle)
    kr = repo.find(KeyResult, made.active_kr_keys[0])
    repo.add_checkin(kr, 50)
    assert len(repo.db.archived_cycles()) == 7  # the latest closed quarter ended < 90 days ago
    live = canonical.loads(path.read_bytes())
    assert {o["cycle_id"] for o in live["objectives"].values()} == {
        c["id"] for c in live["cycles"].values() if c["name"] in ("2026-Q3", "2026-Q4")
    }
    fresh = Repository.open(path, FixedClock(TODAY))
    assert {m: len(fresh.all(m)) for m in counts} == counts | {CheckIn: counts[CheckIn] + 1}
    after = fresh.cycle_snapshots(cycle)
    assert after.keys() == before.keys()
