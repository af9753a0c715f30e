"""`okrtui sample`: loads the sample workspace into an empty database, refuses any other."""

from __future__ import annotations

import importlib.util
import json

import pytest

from okrtui.domain.models import Bet, Objective

needs_sample = pytest.mark.skipif(
    importlib.util.find_spec("okrtui.domain.sample") is None,
    reason="okrtui.domain.sample (build_sample) has not landed yet",
)


@needs_sample
def test_loads_the_sample_into_a_new_database(okrtui, tmp_path, reopen):
    path = tmp_path / "new" / "sample.json"

    result = okrtui("--db", path, "sample")

    assert result.code == 0, result.err
    assert result.err == ""
    assert result.out.startswith(f"Loaded the sample workspace into {path}: ")
    assert "objectives" in result.out and "check-ins" in result.out
    repo = reopen(path)
    assert repo.current_cycle() is not None
    assert repo.all(Objective) and repo.all(Bet)


@needs_sample
def test_the_sample_is_dated_relative_to_today_and_shows_in_status(okrtui, tmp_path):
    path = tmp_path / "sample.json"
    assert okrtui("--db", path, "sample").code == 0

    document = json.loads(okrtui("--db", path, "status", "--format", "json").out)

    cycle = document["cycle"]
    assert cycle["start"] <= "2026-11-23" <= cycle["end"]
    assert document["objectives"]
    assert any(kr["last_checkin"] for o in document["objectives"] for kr in o["key_results"])


@needs_sample
def test_loading_twice_is_refused(okrtui, tmp_path):
    path = tmp_path / "sample.json"
    assert okrtui("--db", path, "sample").code == 0
    before = path.read_bytes()

    result = okrtui("--db", path, "sample")

    assert result.code == 2
    assert "already holds data" in result.err
    assert path.read_bytes() == before


def test_refuses_a_non_empty_database_and_leaves_it_alone(okrtui, workspace):
    before = workspace.read_bytes()

    result = okrtui("--db", workspace, "sample")

    assert result.code == 2
    assert result.out == ""
    assert result.error_lines == [
        f"okrtui: error: {workspace} already holds data, and the sample only loads into an "
        "empty database: pick a new file, e.g. okrtui --db sample.json sample"
    ]
    assert workspace.read_bytes() == before


def test_summary_counts_each_kind_of_record():
    from okrtui.commands.sample import summary
    from okrtui.domain.models import Cycle, Evidence

    cycle = Cycle(name="Q", start="2026-01-01", end="2026-03-31")
    evidence = Evidence(key_result_id="x", date="2026-01-02", text="seen")
    assert summary([cycle, evidence, evidence]) == "1 cycle, 2 pieces of evidence"


def test_builds_the_sample_for_the_clock_s_today(okrtui, tmp_path, monkeypatch, reopen):
    """Against the contract `build_sample(today) -> list[Record]`, with a stand-in module."""
    import sys
    import types
    from datetime import date

    from okrtui.domain.models import Cycle, KeyResult

    asked: list[date] = []

    def build_sample(today: date):
        asked.append(today)
        cycle = Cycle(name="Demo", start=today.replace(day=1), end=today.replace(day=28))
        objective = Objective(cycle_id=cycle.id, title="Demo objective")
        kr = KeyResult(objective_id=objective.id, title="Demo KR", baseline=0, target=10)
        return [cycle, objective, kr]

    fake = types.ModuleType("okrtui.domain.sample")
    fake.build_sample = build_sample
    monkeypatch.setitem(sys.modules, "okrtui.domain.sample", fake)
    path = tmp_path / "demo.json"

    result = okrtui("--db", path, "sample")

    assert result.code == 0, result.err
    assert asked == [date(2026, 11, 23)]
    assert result.out == (
        f"Loaded the sample workspace into {path}: 1 cycle, 1 objective, 1 key result.\n"
    )
    assert [kr.key for kr in reopen(path).key_results()] == ["KR-1"]
