"""Reading tracker exports into backlog items: the three formats from files shaped like the
real ones (tests/data/backlog), their failures, and hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.domain.backlog import coverage, detect, is_done, read_export, status_tally
from okrtui.domain.errors import InvalidInput, OkrError

DATA = Path(__file__).parent.parent / "data" / "backlog"


def text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_a_jira_csv_export_with_repeated_columns_and_multiline_cells():
    reading = read_export(text("jira-export.csv"), jira_url="https://acme.atlassian.net/")
    assert reading.format == "jira" and reading.skipped == []
    first = reading.items[0]
    assert (first.tracker_key, first.status) == ("PAY-101", "In Progress")
    assert first.url == "https://acme.atlassian.net/browse/PAY-101"
    assert reading.items[-1].labels == ("sharing", "q4", "growth")  # three Labels columns
    assert read_export(text("jira-export.csv")).items[0].url == ""  # no site given: no link


def test_a_gh_issue_list_json_file():
    reading = read_export(text("gh-issues.json"))
    assert reading.format == "github"
    assert [i.tracker_key for i in reading.items] == ["#412", "#415", "#398", "#420"]
    assert reading.items[0].labels == ("enhancement", "onboarding")
    assert reading.items[2].status == "closed" and is_done(reading.items[2].status)


def test_a_plain_semicolon_csv_says_which_rows_it_skipped():
    reading = read_export(text("plain.csv"))
    assert reading.format == "csv"
    assert [i.tracker_key for i in reading.items] == ["ST-1", "ST-2", "ST-3"]
    assert reading.items[0].labels == ("growth", "retention")
    assert reading.skipped == ["row 4: has no key; skipped"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[{", "not valid JSON"),
        ("", "is empty"),
        ("Title,Status\nA,open\n", "names no key"),
        ("Summary,Status\nA,open\n", "names no key"),
    ],
)
def test_unreadable_exports_say_what_is_wrong(content, message):
    with pytest.raises(InvalidInput, match=message):
        read_export(content, source="issues.json")


def test_json_that_is_not_a_list_of_issues():
    with pytest.raises(InvalidInput, match="no list of issues"):
        read_export('"just text"', "github")
    assert read_export('[{"title": "no number"}]').skipped == ["issue 1: has no number; skipped"]


def test_detect_and_dedupe():
    assert detect("\ufeff[]") == "github"
    assert detect("Summary,Issue key\n") == "jira"
    reading = read_export("key,title\nA-1,old\nA-1,new\n")
    assert [(i.tracker_key, i.title) for i in reading.items] == [("A-1", "new")]


def test_coverage_and_tally_sentences():
    cov = coverage([("1", "A-1"), ("2", "A-2"), ("3", "A-3")], {"1", "3", "9"})
    assert cov.sentence() == "67 % of the backlog serves an OKR (2 of 3 open items)"
    assert cov.unlinked_keys == ("A-2",)
    assert coverage([], []).sentence() == "no open backlog items imported yet"
    assert status_tally(["In Progress", "Done", "in progress"]) == "3 items: 2 in progress, 1 done"


@given(st.text())
def test_any_text_reads_or_fails_cleanly(content):
    try:
        reading = read_export(content)
    except OkrError:
        return
    for item in reading.items:
        assert item.tracker_key and all(ch.isprintable() for ch in item.title + item.tracker_key)
