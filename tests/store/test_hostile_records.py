"""Hypothesis over hostile records fed to `open` and to the merge driver: each is refused
cleanly (an error naming it, exit status 2, the merge leaving ours in place) or accepted and
then shown by every command without a bug exit and without an escape byte."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrtui.cli import main
from okrtui.domain.clock import FixedClock
from okrtui.domain.models import TABLES
from okrtui.store.engine import canonical
from okrtui.store.repository import Repository
from okrtui.store.team.merge import MergeError
from okrtui.store.team.merge_guard import guarded_merge_bytes
from tests.conftest import TODAY
from tests.hostile.strings import SAMPLES

COMMANDS = (
    ["status"],
    ["export"],
    ["export", "-f", "md"],
    ["export", "-f", "csv"],
    ["review"],
    ["lint"],
)


def _nested(depth: int) -> object:
    value: object = "deep"
    for _ in range(depth):
        value = [value]
    return value


#: Stands for a list 500 deep (hypothesis cannot print one: it recurses as deep).
DEEP = "<a list 500 deep>"
VALUES = st.one_of(
    st.sampled_from(SAMPLES),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([None, True, [], {}, "zombie", 0, 11, -1, 5.5, 1e26, "1,5"]),
    st.sampled_from(
        ["0001-01-01", "9999-12-31", "9999-12-31T23:59:59.999999-23:59", "2026-02-30", "x"]
    ),
    st.just(DEEP),
)
FIELDS = st.sampled_from(
    [
        "title",
        "name",
        "note",
        "key",
        "start",
        "end",
        "date",
        "created_at",
        "updated_at",
        "confidence",
        "value",
        "baseline",
        "target",
        "cadence_days",
        "state",
        "level",
        "weight",
        "score",
        "moves",
        "horizon",
        "kill_by",
        "held",
        "unknown_field",
    ]
)


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> bytes:
    from tests.tui.conftest import fill

    path = tmp_path_factory.mktemp("seed") / "okrtui.json"
    repo = Repository.open(path, FixedClock(TODAY))
    fill(repo)
    repo.close()
    return path.read_bytes()


def _mutated(seed: bytes, table: str, index: int, field: str, value: object) -> bytes:
    raw = canonical.loads(seed)
    records = list(raw.get(table, {}).values())
    if not records:
        return seed
    records[index % len(records)][field] = _nested(500) if value == DEEP else value
    try:
        return canonical.dumps(raw)
    except (TypeError, ValueError):  # deeper than orjson writes: the way a teammate could
        return json.dumps(raw).encode()


def _run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue() + err.getvalue()


def _shown_by_every_command(path: Path) -> None:
    for command in COMMANDS:
        code, text = _run("--db", str(path), *command)
        # 1 is lint's "findings", and a bug's status: a bug says so.
        assert code in (0, 1, 2), f"{command}: exit {code}: {text[-500:]}"
        assert "this is a bug" not in text, text[-500:]
        assert "\x1b" not in text and "\u202e" not in text


SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(table=st.sampled_from(list(TABLES)), index=st.integers(0, 20), field=FIELDS, value=VALUES)
def test_open_refuses_cleanly_or_shows(seed, tmp_path, monkeypatch, table, index, field, value):
    monkeypatch.setenv("OKRTUI_TODAY", TODAY.isoformat())
    path = tmp_path / f"open-{abs(hash((table, index, field, repr(value)[:50])))}.json"
    path.write_bytes(_mutated(seed, table, index, field, value))
    _shown_by_every_command(path)


@SETTINGS
@given(table=st.sampled_from(list(TABLES)), index=st.integers(0, 20), field=FIELDS, value=VALUES)
def test_the_merge_driver_refuses_cleanly_or_writes_what_opens(
    seed, tmp_path, monkeypatch, table, index, field, value
):
    monkeypatch.setenv("OKRTUI_TODAY", TODAY.isoformat())
    theirs = _mutated(seed, table, index, field, value)
    try:
        merged, _ = guarded_merge_bytes(seed, seed, theirs)
    except MergeError:
        return
    folder = tmp_path / f"merge-{abs(hash((table, index, field, repr(value)[:50])))}"
    folder.mkdir()
    path = folder / "okrtui.json"
    path.write_bytes(merged)
    repo = Repository.open(path, FixedClock(TODAY))  # what the merge wrote opens...
    for model in TABLES.values():
        repo.all(model)  # ...and every record in it is one the models accept
    repo.close()
    _shown_by_every_command(path)
    shutil.rmtree(folder)
