"""`okrtui export`: the whole database as one documented JSON document, written atomically."""

from __future__ import annotations

import json
import os
import re

import pytest

import okrtui.commands.export as export_command
from okrtui.domain.models import TABLES, Bet, BetImpact, Evidence, Link
from okrtui.store.engine.schema import SCHEMA_VERSION

TOP_LEVEL = [
    "schema_version",
    "cycles",
    "objectives",
    "key_results",
    "checkins",
    "bets",
    "links",
    "evidence",
    "contexts",
    "backlog_items",
    "backlog_links",
]


@pytest.fixture
def full_workspace(workspace, reopen):
    """`workspace` plus a bet, a link and a piece of evidence, so every table has records."""
    repo = reopen(workspace)
    kr = repo.key_results()[0]
    objectives = repo.objectives()
    repo.create(Bet, title="Guided tour", moves=[BetImpact(key_result_id=kr.id, expected_change=5)])
    repo.create(Link, from_objective_id=objectives[1].id, to_objective_id=objectives[0].id)
    repo.create(Evidence, key_result_id=kr.id, date=repo.today(), text="5 of 6 users finished")
    repo.close()
    return workspace


def test_exports_every_table_to_stdout(okrtui, full_workspace):
    result = okrtui("--db", full_workspace, "export", "--format", "json")

    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert list(document) == TOP_LEVEL
    assert document["schema_version"] == SCHEMA_VERSION
    assert {table: len(document[table]) for table in TABLES} == {
        "cycles": 2,
        "objectives": 2,
        "key_results": 5,
        "checkins": 4,
        "bets": 1,
        "links": 1,
        "evidence": 1,
        "contexts": 0,
        "backlog_items": 0,
        "backlog_links": 0,
    }


def test_records_carry_id_and_key_and_point_at_each_other_by_id(okrtui, full_workspace):
    document = json.loads(okrtui("--db", full_workspace, "export").out)

    for table, model in TABLES.items():
        for record in document[table]:
            model.model_validate(record)  # the document holds whole, valid records
            assert re.fullmatch(r"[0-9a-f]{32}", record["id"])
            assert re.fullmatch(rf"{model.prefix()}-\d+", record["key"])
    kr_ids = {kr["id"] for kr in document["key_results"]}
    assert {c["key_result_id"] for c in document["checkins"]} <= kr_ids
    cycle_ids = {c["id"] for c in document["cycles"]}
    assert {o["cycle_id"] for o in document["objectives"]} <= cycle_ids


def test_docstring_documents_every_field():
    """The README points at this docstring as the format's reference: it must stay complete."""
    documented = export_command.__doc__
    for table, model in TABLES.items():
        assert f"- {table}:" in documented
        for field in model.model_fields:
            assert f"``{field}``" in documented, f"{table}.{field} is not documented"


def test_output_file_is_written_and_stdout_says_so(okrtui, full_workspace, tmp_path):
    target = tmp_path / "backup.json"

    result = okrtui("--db", full_workspace, "export", "--output", target)

    assert result.code == 0, result.err
    assert result.out == f"Exported 16 records in 10 tables to {target}.\n"
    stdout_document = okrtui("--db", full_workspace, "export").out
    assert target.read_text(encoding="utf-8") == stdout_document


def test_output_replaces_atomically_and_a_failed_write_keeps_the_old_file(
    okrtui, workspace, tmp_path, monkeypatch
):
    target = tmp_path / "backup.json"
    target.write_text("old backup")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = okrtui("--db", workspace, "export", "-o", target)

    assert result.code == 2
    assert len(result.error_lines) == 1
    assert "No space left on device" in result.err and "Nothing was changed" in result.err
    assert target.read_text() == "old backup"
    assert not list(tmp_path.glob(".backup.json.*"))


def test_refuses_to_write_over_the_database(okrtui, workspace):
    before = workspace.read_bytes()

    result = okrtui("--db", workspace, "export", "--output", workspace)

    assert result.code == 2
    assert "is the database itself" in result.err
    assert workspace.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--format", "xml"], "invalid choice: 'xml'"),
        (["--output"], "expected one argument"),
    ],
)
def test_bad_arguments(okrtui, workspace, args, expected):
    result = okrtui("--db", workspace, "export", *args)

    assert result.code == 2
    assert expected in result.err and len(result.error_lines) == 1


def test_output_into_a_missing_folder_is_a_clear_error(okrtui, workspace, tmp_path):
    result = okrtui("--db", workspace, "export", "-o", tmp_path / "nowhere" / "b.json")

    assert result.code == 2
    assert "could not write" in result.err and "nowhere" in result.err
