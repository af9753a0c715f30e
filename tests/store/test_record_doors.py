"""Records are validated at the doors a file comes in by: a duplicated key, a `_meta` of the
wrong shape, a date or a number outside what okrtui computes with are refused naming the
record and field; `--db` refuses what is not a regular file and reads a bounded amount."""

from __future__ import annotations

import os
from datetime import date

import pytest

from okrtui.domain.models import CheckIn, Cycle, KeyResult
from okrtui.store.engine import canonical
from okrtui.store.engine.errors import UnreadableDatabase
from okrtui.store.repository import Repository


def _rewrite(repo: Repository, change) -> None:
    repo.close()
    raw = canonical.loads(repo.path.read_bytes())
    change(raw)
    repo.path.write_bytes(canonical.dumps(raw))


@pytest.fixture
def workspace(repo: Repository) -> Repository:
    from tests.tui.conftest import fill

    fill(repo)
    return repo


def test_a_duplicated_key_is_refused_at_open(workspace: Repository, clock):
    def twin(raw):
        first, second = list(raw["key_results"].values())[:2]
        second["key"] = first["key"]

    _rewrite(workspace, twin)
    with pytest.raises(UnreadableDatabase, match="key_results: the key KR-1 is used twice"):
        Repository.open(workspace.path, clock)


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("key_counters", [1, 2], "_meta.key_counters"),
        ("key_counters", {"KR": "many"}, "_meta.key_counters"),
        ("archived", "yes", "_meta.archived"),
        ("archived", {"c": 3}, "_meta.archived"),
    ],
)
def test_a_meta_of_the_wrong_shape_is_refused(workspace: Repository, clock, field, value, says):
    _rewrite(workspace, lambda raw: raw["_meta"]["1"].update({field: value}))
    with pytest.raises(UnreadableDatabase, match=says):
        Repository.open(workspace.path, clock)


@pytest.mark.parametrize(
    ("table", "change", "says"),
    [
        ("cycles", {"start": "0001-01-01"}, "start: 0001-01-01 is outside the dates"),
        (
            "checkins",
            {"created_at": "9999-12-31T23:59:59.999999-23:59"},
            "created_at: 9999-12-31T23:59:59.999999-23:59 is beyond the dates",
        ),
        ("checkins", {"value": 1e26}, "value: 1e\\+26 is too large"),
        ("key_results", {"target": 1e300}, "too large"),
        ("checkins", {"confidence": 11}, "confidence: must be a whole number from 0 to 10"),
    ],
)
def test_records_outside_what_okrtui_computes_with_are_refused_by_name(
    workspace: Repository, clock, table, change, says
):
    _rewrite(workspace, lambda raw: next(iter(raw[table].values())).update(change))
    reopened = None
    with pytest.raises(UnreadableDatabase, match=says) as info:
        reopened = Repository.open(workspace.path, clock)
        for model in (Cycle, KeyResult, CheckIn):
            reopened.all(model)
    names = {"cycles": "cycle (C-1)", "checkins": "check-in (CI-1)", "key_results": "(KR-1)"}
    assert names[table] in str(info.value)
    if reopened is not None:
        reopened.close()


def test_a_fifo_is_refused_without_waiting(tmp_path, clock):
    fifo = tmp_path / "okrtui.json"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableDatabase, match="named pipe"):
        Repository.open(fifo, clock)


def test_a_device_is_refused_without_reading_it(clock):
    with pytest.raises(UnreadableDatabase, match="a device"):
        Repository.open("/dev/zero", clock)


def test_reading_is_bounded(tmp_path, monkeypatch):
    from okrtui.store.engine import storage

    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2048)
    with pytest.raises(UnreadableDatabase, match="larger than"):
        storage.read_bounded(big, limit=1024)


def test_a_good_database_still_opens(workspace: Repository, clock):
    workspace.close()
    reopened = Repository.open(workspace.path, clock)
    assert reopened.cycles()[0].start < date(2030, 1, 1)
    reopened.close()


def test_restore_does_not_offer_a_backup_the_app_would_refuse(workspace: Repository, clock):
    from okrtui.store.engine import backups, restore

    workspace.close()
    raw = canonical.loads(workspace.path.read_bytes())
    first, second = list(raw["key_results"].values())[:2]
    second["key"] = first["key"]
    backups.take_backup(workspace.path, canonical.dumps(raw), clock.now(), label="twin")

    [candidate] = [c for c in restore.candidates(workspace.path) if "twin" in c.backup.path.name]

    assert not candidate.good
    assert "the key KR-1 is used twice" in candidate.problem
