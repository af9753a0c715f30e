"""`okrtui export --format md|csv` and `--cycle`: a cycle's outline with current values as
comments (which imports back without duplicating), check-ins as CSV rows, one cycle's JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from okrtui.commands.export_formats import CSV_COLUMNS
from okrtui.domain.models import Bet, BetImpact, CheckIn, Cycle, KeyResult, Objective
from okrtui.domain.outline import parse_outline
from tests.conftest import TODAY


def test_markdown_is_the_current_cycle_with_values_as_comments(okrtui, workspace):
    result = okrtui("--db", workspace, "export", "--format", "md")

    assert result.code == 0, result.err
    start, end = TODAY - timedelta(days=53), TODAY + timedelta(days=38)
    lines = result.out.splitlines()
    assert lines[0].startswith("<!-- 2026-Q4 (C-1, active) exported by okrtui on 2026-11-23.")
    assert lines[2] == f"# 2026-Q4  ({start} → {end}, check-in every 7 days)"
    assert lines[4:8] == [
        "## New users reach value in their first week",
        "level: team",
        "",
        "- Onboarding completion rate from 45% to 70%  {outcome, lagging}",
    ]
    assert lines[8] == (
        "  <!-- now 52 / 70 % · 28 % of the way · off track · last check-in 2026-11-20, "
        "confidence 7 -->"
    )
    assert "- Time to first invoice from 9 days to 3 days  {outcome, lagging}" in lines
    assert "- Launch the new flow  {outcome, lagging, milestone}" in lines  # as stored
    assert "- Weekly churn below 2%  {outcome, lagging}" in lines
    assert "  <!-- no check-in yet -->" in lines
    assert (
        "  <!-- now 60 / 50 · 100 % of the way · on track · last check-in 2026-11-22, confidence 9 -->"
        in lines
    )


def test_markdown_reads_back_and_imports_without_duplicates(okrtui, workspace, tmp_path, reopen):
    exported = tmp_path / "q4.md"
    assert okrtui("--db", workspace, "export", "-f", "md", "-o", exported).out == (
        f"Exported 2026-Q4 as Markdown to {exported}.\n"
    )
    outline = parse_outline(exported.read_text(encoding="utf-8"))
    assert [len(o.key_results) for o in outline.objectives] == [4, 1]

    result = okrtui("--db", workspace, "import", exported)

    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == "Nothing new: every item is already there."

    fresh = tmp_path / "fresh.json"
    assert okrtui("--db", fresh, "import", exported).code == 0
    copy = reopen(fresh).key_results()
    original = reopen(workspace).key_results()
    fields = {"type", "direction", "baseline", "target", "unit", "kind", "indicator"}
    assert [kr.model_dump(include=fields) for kr in copy] == [
        kr.model_dump(include=fields) for kr in original
    ]
    # the titles now state their measure, which the stored ones left to the numbers
    assert [kr.title for kr in copy][:2] == [
        "Onboarding completion rate from 45% to 70%",
        "Time to first invoice from 9 days to 3 days",
    ]


def test_markdown_of_a_named_cycle_and_of_an_unknown_one(okrtui, workspace):
    result = okrtui("--db", workspace, "export", "--format", "md", "--cycle", "2026-Q3")
    assert result.code == 0, result.err
    assert result.out.splitlines()[2].startswith("# 2026-Q3  (")
    assert "##" not in result.out

    assert okrtui("--db", workspace, "export", "-f", "md", "--cycle", "2031-Q1").code == 2


def test_markdown_without_cycles_is_an_error(okrtui, repo, db_path):
    repo.close()

    result = okrtui("--db", db_path, "export", "--format", "md")

    assert result.code == 2
    assert result.err == f"okrtui: error: {db_path} has no cycles to export yet\n"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_row_per_checkin_with_kr_key_and_title(okrtui, workspace):
    result = okrtui("--db", workspace, "export", "--format", "csv")

    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == ",".join(CSV_COLUMNS)
    table = rows(result.out)
    assert [(r["key_result_key"], r["key_result"], r["value"]) for r in table] == [
        ("KR-1", "Onboarding completion rate", "48"),
        ("KR-1", "Onboarding completion rate", "52"),
        ("KR-2", "Time to first invoice", "7"),
        ("KR-5", "NPS", "60"),
    ]
    first = table[0]
    assert (first["cycle"], first["objective_key"], first["unit"], first["date"]) == (
        "2026-Q4",
        "O-1",
        "%",
        (TODAY - timedelta(days=10)).isoformat(),
    )
    assert (first["confidence"], first["note"], first["checkin_key"], first["supersedes"]) == (
        "6",
        "tour drafted",
        "CI-1",
        "",
    )


def test_csv_keeps_corrections_and_names_what_they_supersede(okrtui, workspace, reopen):
    repo = reopen(workspace)
    kr = repo.find(KeyResult, "KR-1")
    wrong = repo.find(CheckIn, "CI-2")
    repo.add_checkin(kr, 53.5, 7, note="typo", day=wrong.date, supersedes=wrong)
    repo.close()

    table = rows(okrtui("--db", workspace, "export", "--format", "csv", "--cycle", "C-1").out)

    assert [
        (r["checkin_key"], r["value"], r["supersedes"])
        for r in table
        if r["key_result_key"] == "KR-1"
    ] == [("CI-1", "48", ""), ("CI-2", "52", ""), ("CI-5", "53.5", "CI-2")]


def test_csv_of_a_cycle_without_checkins_is_only_the_header(okrtui, workspace):
    result = okrtui("--db", workspace, "export", "--format", "csv", "--cycle", "2026-Q3")

    assert result.out == ",".join(CSV_COLUMNS) + "\n"


def test_json_of_one_cycle_holds_only_what_belongs_to_it(okrtui, workspace, reopen):
    repo = reopen(workspace)
    q3 = repo.find(Cycle, "2026-Q3")
    old = repo.create(Objective, cycle_id=q3.id, title="Old goal")
    old_kr = repo.create(KeyResult, objective_id=old.id, title="Old metric", baseline=1, target=2)
    repo.create(Bet, title="Old bet", moves=[BetImpact(key_result_id=old_kr.id)])
    repo.create(
        Bet, title="Q4 bet", moves=[BetImpact(key_result_id=repo.find(KeyResult, "KR-1").id)]
    )
    repo.close()

    document = json.loads(okrtui("--db", workspace, "export", "--cycle", "2026-Q4").out)

    assert [c["name"] for c in document["cycles"]] == ["2026-Q4"]
    assert [o["key"] for o in document["objectives"]] == ["O-1", "O-2"]
    assert len(document["key_results"]) == 5 and len(document["checkins"]) == 4
    assert [b["title"] for b in document["bets"]] == ["Q4 bet"]
    whole = json.loads(okrtui("--db", workspace, "export").out)
    assert len(whole["cycles"]) == 2 and len(whole["bets"]) == 2


def test_unknown_format_or_cycle_exits_2(okrtui, workspace):
    assert okrtui("--db", workspace, "export", "--format", "xml").code == 2
    result = okrtui("--db", workspace, "export", "--format", "csv", "--cycle", "nope")
    assert result.code == 2
    assert "known cycles: " in result.err
