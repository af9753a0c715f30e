"""Migration from the hand-written schema-1 fixture (`tests/fixtures/v1.json`): opening it
backs the original bytes up (`pre-v2`), migrates all or nothing, records the migration in
`_meta`, and the data reads back right. A migration that fails leaves the file untouched."""

from __future__ import annotations

import copy
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from okrtui.domain.clock import FixedClock
from okrtui.domain.models import Cycle, KeyResult, Objective
from okrtui.store.engine import backups, canonical, schema
from okrtui.store.engine.errors import UnreadableDatabase, WriteFailed
from okrtui.store.repository import Repository
from tests.conftest import TODAY
from tests.store.conftest import sha256

FIXTURE = Path(__file__).parent.parent / "fixtures" / "v1.json"
KR_ID = "b1000000000000000000000000000001"


@pytest.fixture
def v1_path(tmp_path: Path) -> Path:
    path = tmp_path / "okrtui.json"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_fixture_is_a_canonical_schema_1_file() -> None:
    data = FIXTURE.read_bytes()
    assert canonical.dumps(canonical.loads(data)) == data
    assert canonical.loads(data)["_meta"]["1"]["schema_version"] == 1


def test_opening_a_v1_file_migrates_it_to_the_current_schema(
    v1_path: Path, clock: FixedClock
) -> None:
    original = v1_path.read_bytes()
    repo = Repository.open(v1_path, clock)

    meta = repo.db.meta()
    assert meta["schema_version"] == schema.SCHEMA_VERSION == 4
    assert meta["written_by"] == "okrtui 0.0.9"  # history is kept, not rewritten
    (migration,) = meta["migrations"]
    assert migration["from"] == 1 and migration["to"] == schema.SCHEMA_VERSION
    assert migration["at"] == clock.now().isoformat()

    (backup,) = backups.list_backups(v1_path)
    assert backup.label == f"pre-v{schema.SCHEMA_VERSION}"
    assert migration["backup"] == f"backups/{backup.path.name}"
    assert (v1_path.parent / migration["backup"]).is_file()
    assert backups.read_backup(backup) == original

    raw = canonical.loads(v1_path.read_bytes())
    assert all("kr_id" not in record for record in raw["checkins"].values())
    assert v1_path.read_bytes() == canonical.dumps(raw)  # written in the canonical form


def test_the_migrated_data_reads_back_right(v1_path: Path, clock: FixedClock) -> None:
    Repository.open(v1_path, clock).close()
    repo = Repository.open(v1_path, clock)  # a fresh process on the migrated file
    kr = repo.find(KeyResult, "KR-1")
    assert kr.id == KR_ID
    assert repo.find(Objective, "O-1").title == "New users reach value faster"
    assert repo.find(Cycle, "2026-Q4").start == date(2026, 10, 5)
    history = repo.history(kr)
    assert [c.key for c in history] == ["CI-1", "CI-2", "CI-3", "CI-4"]
    assert [c.value for c in history] == [47, 51.5, 50, 55]
    # 0.0–1.0 became 0–10, rounding halves up (0.65 → 7, 0.25 → 3).
    assert [c.confidence for c in history] == [7, 7, 3, 10]
    assert history[1].note == "Wizard A/B test 🚀 向导"
    assert history[2].note == "שבוע קשה: signup bug"
    assert {c.key_result_id for c in history} == {KR_ID}


def test_a_migrated_file_takes_new_records_without_reusing_keys(
    v1_path: Path, clock: FixedClock
) -> None:
    """Schema 1 had no key counters: allocation must continue after the stored keys."""
    repo = Repository.open(v1_path, clock)
    kr = repo.find(KeyResult, "KR-1")
    checkin = repo.add_checkin(kr, 58)
    assert checkin.key == "CI-5"
    assert checkin.confidence == 10  # carried over from the migrated latest check-in
    assert (
        repo.create(
            KeyResult, objective_id=kr.objective_id, title="Second", baseline=0, target=1
        ).key
        == "KR-2"
    )


def test_a_migrated_file_is_not_migrated_again(v1_path: Path, clock: FixedClock) -> None:
    Repository.open(v1_path, clock).close()
    after = sha256(v1_path)
    Repository.open(v1_path, clock).close()
    assert sha256(v1_path) == after
    assert len(backups.list_backups(v1_path)) == 1
    assert len(canonical.loads(v1_path.read_bytes())["_meta"]["1"]["migrations"]) == 1


def test_the_migration_is_idempotent_and_pure() -> None:
    raw = canonical.loads(FIXTURE.read_bytes())
    pristine = copy.deepcopy(raw)
    once = schema.migrate(raw, 1)
    assert raw == pristine  # the input is not mutated
    assert schema.MIGRATIONS[1](copy.deepcopy(once)) == once


@pytest.mark.parametrize(
    ("v1_confidence", "v2_confidence"),
    [(0.0, 0), (0.05, 1), (0.15, 2), (0.45, 5), (0.5, 5), (0.95, 10), (1.0, 10), (1, 10), (0, 0)],
)
def test_confidence_scales_from_0_1_to_0_10(v1_confidence: float, v2_confidence: int) -> None:
    """A hand-edited schema-1 file may write full confidence as `1`: it still means 100 %."""
    raw = {"checkins": {"1": {"kr_id": "k", "confidence": v1_confidence}}}
    migrated = schema.migrate(raw, 1)["checkins"]["1"]
    assert migrated == {"key_result_id": "k", "confidence": v2_confidence}


# -- a migration that fails changes nothing ----------------------------------------------------


def _broken_v1(path: Path, change) -> bytes:
    raw = canonical.loads(FIXTURE.read_bytes())
    change(raw)
    data = canonical.dumps(raw)
    path.write_bytes(data)
    return data


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda raw: raw["checkins"]["2"].update(confidence="high"), "checkins record 2"),
        (lambda raw: raw["checkins"]["3"].update(kr_id="gone"), "points at no record"),
        (lambda raw: raw["key_results"]["1"].update(target=45.0), "target equals baseline"),
        (lambda raw: raw["cycles"]["1"].update(colour="red"), "cycles record 1"),
        (
            lambda raw: raw["checkins"]["4"].update(id="c1000000000000000000000000000001"),
            "used twice",
        ),
    ],
)
def test_a_migration_that_fails_validation_changes_nothing(
    change, says: str, v1_path: Path, clock: FixedClock
) -> None:
    data = _broken_v1(v1_path, change)
    with pytest.raises(UnreadableDatabase) as info:
        Repository.open(v1_path, clock)
    assert str(v1_path) in str(info.value)
    assert says in str(info.value)
    assert "did not change it" in str(info.value)
    assert v1_path.read_bytes() == data
    assert backups.list_backups(v1_path) == []


def test_a_migration_whose_write_fails_leaves_v1_and_its_backup(
    v1_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = v1_path.read_bytes()
    real_replace = os.replace

    def refuse_the_database(src: str, dst: str) -> None:
        if Path(dst) == v1_path:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_the_database)
    with pytest.raises(WriteFailed, match=str(v1_path)):
        Repository.open(v1_path, clock)
    monkeypatch.undo()
    assert v1_path.read_bytes() == original
    (backup,) = backups.list_backups(v1_path)
    assert backups.read_backup(backup) == original
    # The next attempt migrates; its backup of the same bytes is kept beside the first.
    reopened = Repository.open(v1_path, FixedClock(TODAY))
    assert reopened.db.meta()["schema_version"] == schema.SCHEMA_VERSION


def test_a_migration_without_a_backup_does_not_happen(
    v1_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = v1_path.read_bytes()

    def no_space(*args: object, **kwargs: object) -> None:
        raise WriteFailed("cannot create the backup folder")

    monkeypatch.setattr(backups, "take_backup", no_space)
    with pytest.raises(WriteFailed):
        Repository.open(v1_path, clock)
    assert v1_path.read_bytes() == original
