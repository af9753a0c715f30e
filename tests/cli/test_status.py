"""`okrtui status`: the cycle's objectives and KRs as an aligned table or as documented JSON."""

from __future__ import annotations

import json
import sys

import pytest

from okrtui.domain.models import KeyResult
from tests.conftest import TODAY

KR_FIELDS = [
    "key",
    "title",
    "value",
    "target",
    "unit",
    "progress",
    "status",
    "confidence",
    "last_checkin",
    "backlog",
]


def status_json(okrtui, *args) -> dict:
    """Run `okrtui ARGS --format json` (ARGS include `status`) and parse its output."""
    result = okrtui(*args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def krs_by_key(document: dict) -> dict[str, dict]:
    return {kr["key"]: kr for o in document["objectives"] for kr in o["key_results"]}


def test_json_has_exactly_the_documented_shape(okrtui, workspace):
    document = status_json(okrtui, "--db", workspace, "status")

    assert list(document) == ["cycle", "objectives", "backlog"]
    assert document["cycle"]["name"] == "2026-Q4"
    assert document["cycle"]["key"] == "C-1"
    assert document["cycle"]["start"] == "2026-10-01"
    assert [o["key"] for o in document["objectives"]] == ["O-1", "O-2"]
    for objective in document["objectives"]:
        assert list(objective) == ["key", "title", "progress", "key_results"]
        for kr in objective["key_results"]:
            assert list(kr) == KR_FIELDS


def test_json_values_progress_and_statuses(okrtui, workspace):
    document = status_json(okrtui, "--db", workspace, "status")
    krs = krs_by_key(document)

    assert krs["KR-1"] == {
        "key": "KR-1",
        "title": "Onboarding completion rate",
        "value": 52,
        "target": 70,
        "unit": "%",
        "progress": 0.28,
        "status": "off_track",
        "confidence": 7,
        "last_checkin": "2026-11-20",
        "backlog": {"items": 0, "statuses": {}},
    }
    assert krs["KR-2"]["status"] == "stale"
    assert krs["KR-3"]["progress"] is None and krs["KR-3"]["last_checkin"] is None
    assert krs["KR-3"]["value"] is None and krs["KR-3"]["confidence"] is None
    assert krs["KR-5"]["progress"] == 1.0  # 60 against a target of 50: clamped, not 1.5
    loyalty = document["objectives"][1]
    assert loyalty["progress"] == 1.0


def test_objective_progress_is_the_mean_of_its_krs(okrtui, workspace):
    onboarding = status_json(okrtui, "--db", workspace, "status")["objectives"][0]

    # 0.28 (KR-1) + 0.3333 (KR-2) + 0 + 0 (never checked in) over four KRs.
    assert onboarding["progress"] == pytest.approx((0.28 + 1 / 3) / 4, abs=1e-4)


def test_a_killed_kr_drops_out_of_its_objective_s_progress(okrtui, workspace, reopen):
    repo = reopen(workspace)
    repo.discovery.kill(
        repo.find(KeyResult, "KR-2"), "Invoices wait for client details, not for us"
    )
    repo.close()

    document = status_json(okrtui, "--db", workspace, "status")

    onboarding = document["objectives"][0]
    assert onboarding["progress"] == pytest.approx(0.28 / 3, abs=1e-4)  # KR-1, KR-3, KR-4
    # Still listed, as killed (not "closed" like a KR finished with its cycle).
    assert krs_by_key(document)["KR-2"]["status"] == "killed"


def test_text_is_an_aligned_table_with_statuses_in_words(okrtui, workspace):
    result = okrtui("--db", workspace, "status")

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("2026-Q4 (C-1) · 2026-10-01 → 2026-12-31 · day 53 of 91")
    rows = {line.split()[0]: line for line in lines[2:]}
    assert "off track" in rows["KR-1"] and "52 / 70 %" in rows["KR-1"] and "28 %" in rows["KR-1"]
    assert "2026-11-20 (3 days ago)" in rows["KR-1"]
    assert "stale" in rows["KR-2"] and "on track" not in rows["KR-2"]
    assert "never" in rows["KR-3"]
    assert "– / ≤ 2 %" in rows["KR-4"]
    assert "100 %" in rows["KR-5"] and "on track" in rows["KR-5"]
    assert "on_track" not in result.out and "off_track" not in result.out
    # Aligned: every column starts at the same place on every row.
    header = lines[2]
    for column in ("VALUE / TARGET", "PROGRESS", "STATUS", "LAST CHECK-IN"):
        start = header.index(column)
        assert all(line[start - 2 : start] == "  " for line in lines[3:] if len(line) > start)


def test_cycle_can_be_chosen_by_name_or_key(okrtui, workspace):
    document = status_json(okrtui, "--db", workspace, "status", "--cycle", "2026-Q3")
    assert document["cycle"]["name"] == "2026-Q3"
    assert document["objectives"] == []

    text = okrtui("--db", workspace, "status", "--cycle", "c-2")
    assert text.code == 0
    assert text.out.startswith("2026-Q3 (C-2)")
    assert "No objectives in 2026-Q3 yet." in text.out


def test_unknown_cycle_lists_the_known_ones(okrtui, workspace):
    result = okrtui("--db", workspace, "status", "--cycle", "2027-Q1")

    assert result.code == 2
    assert result.error_lines == [
        "okrtui: error: no cycle is called '2027-Q1'; known cycles: 2026-Q3 (C-2), 2026-Q4 (C-1)"
    ]


def test_bad_format_is_refused(okrtui, workspace):
    result = okrtui("--db", workspace, "status", "--format", "xml")

    assert result.code == 2
    assert "invalid choice: 'xml'" in result.err and len(result.error_lines) == 1


def test_empty_database_has_no_cycle(okrtui, repo, db_path):
    repo.close()

    assert status_json(okrtui, "--db", db_path, "status") == {"cycle": None, "objectives": []}
    text = okrtui("--db", db_path, "status")
    assert text.code == 0
    assert "No cycles yet" in text.out and "okrtui sample" in text.out


def test_today_comes_from_okrtui_today(okrtui, workspace, monkeypatch):
    assert TODAY.isoformat() == "2026-11-23"
    monkeypatch.setenv("OKRTUI_TODAY", "2026-11-21")

    assert "2026-11-20 (yesterday)" in okrtui("--db", workspace, "status").out


def test_on_a_terminal_long_titles_are_shortened_to_fit(okrtui, workspace, monkeypatch):
    monkeypatch.setenv("COLUMNS", "110")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)

    result = okrtui("--db", workspace, "status")

    table = result.out.splitlines()[2:]
    assert max(len(line) for line in table) <= 110
    objective = next(line for line in table if line.startswith("O-1"))
    assert "New users reach value" in objective and "…" in objective
    assert "their first week" not in result.out
    assert "OBJECTIVE / KEY RESULT" in table[0]


def test_piped_output_keeps_titles_whole(okrtui, workspace, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")

    assert "New users reach value in their first week" in okrtui("--db", workspace, "status").out


def test_piped_text_does_not_pad_every_row_to_one_huge_title(okrtui, workspace, reopen):
    repo = reopen(workspace)
    kr = repo.find(KeyResult, "KR-5")
    repo.update(kr, title="NPS " + "very " * 400)
    repo.close()
    lines = okrtui("--db", workspace, "status").out.splitlines()
    short = next(line for line in lines if "KR-1 " in line)
    assert len(short) < 200  # not padded to the 2000-character title
    assert any("very very" in line and len(line) > 2000 for line in lines)  # still whole


def test_wide_characters_keep_the_status_column_aligned(okrtui, workspace, reopen):
    repo = reopen(workspace)
    repo.update(repo.find(KeyResult, "KR-5"), title="顧客満足度 NPS 🚀")
    repo.close()
    from okrtui.commands.formatting import cell_width

    lines = okrtui("--db", workspace, "status").out.splitlines()
    rows = [line for line in lines if "KR-1 " in line or "KR-5 " in line]
    bar = [min(i for i in (line.find("█"), line.find("░")) if i >= 0) for line in rows]
    starts = {cell_width(line[:at]) for line, at in zip(rows, bar, strict=True)}
    assert len(starts) == 1, rows
