"""`okrtui report`: the weekly story in every format, on the sample workspace (several weeks
of check-ins, evidence, bets), with hostile text from people and a bet decided this week."""

from __future__ import annotations

import json
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from okrtui.domain.clock import FixedClock
from okrtui.domain.models import Bet, BetImpact, KeyResult
from okrtui.domain.plain_text import stored_text
from okrtui.domain.sample import build_sample
from okrtui.store.repository import Repository
from tests.conftest import TODAY

HOSTILE = '<script>alert(1)</script> [bold red]x[/] \x1b[31mred\x1b[0m & "q"'


@pytest.fixture
def sample_db(repo: Repository) -> Path:
    repo.add_workspace(build_sample(TODAY))
    kr = repo.find(KeyResult, "KR-4")
    repo.add_checkin(kr, 64, note=HOSTILE, author="eve")
    bet = repo.create(
        Bet,
        title="Guided setup",
        status="delivery",
        moves=[BetImpact(key_result_id=repo.find(KeyResult, "KR-1").id)],
    )
    repo.weekly.decide(bet, "pivoted", ["KR-1"])
    return repo.path


def test_markdown_tells_what_moved_stalled_went_stale_and_was_decided(okrtui, sample_db):
    result = okrtui("--db", sample_db, "report")
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith("## Weekly OKR report: 2026-Q4, week of 2026-11-17 → 2026-11-23:")
    for heading in (
        "**What moved**",
        "**Checked in, did not move**",
        "**Stale**",
        "**Confidence fell**",
        "**Bets**",
        "**Evidence logged**",
        "**Notes**",
    ):
        assert f"\n{heading}\n" in out, heading
    moved = out.split("**What moved**")[1].split("**Checked in")[0]
    assert "- KR-4 Onboarding completion rate from 45% to 70%: 60 % → 64 %" in moved
    assert "`▁" in moved  # sparklines as text
    assert "B-" in out and "pivoted on 2026-11-23 (KR-1 did not move)" in out
    assert "KR-9 Invoice generation p95 stays below 2 seconds: last check-in 22 days ago" in out
    assert "\x1b" not in out  # text from people never reaches the terminal as a sequence
    assert "[bold red]x[/]" in out  # … and stays readable as written


def test_a_week_in_the_past_and_one_in_the_future(okrtui, sample_db):
    earlier = okrtui("--db", sample_db, "report", "--week", str(TODAY - timedelta(days=7)))
    assert "week of 2026-11-10 → 2026-11-16" in earlier.out
    assert "pivoted" not in earlier.out
    future = okrtui("--db", sample_db, "report", "--week", str(TODAY + timedelta(days=1)))
    assert future.code == 2 and "in the future" in future.err
    bad = okrtui("--db", sample_db, "report", "--week", "next monday")
    assert bad.code == 2 and "YYYY-MM-DD" in bad.err


def test_json_lists_each_section_by_key(okrtui, sample_db):
    result = okrtui("--db", sample_db, "report", "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert (document["cycle"], document["start"], document["end"]) == (
        "2026-Q4",
        "2026-11-17",
        "2026-11-23",
    )
    assert "KR-4" in document["moved"] and "KR-9" in document["stale"]
    kr4 = next(k for k in document["key_results"] if k["key"] == "KR-4")
    assert (kr4["value_before"], kr4["value"], kr4["moved"]) == (60.0, 64.0, True)
    assert kr4["values"][-1] == 64.0
    assert document["bets"][0]["decision"] == "pivoted"
    # data, as stored: markup and HTML as written, the escape bytes made visible (␛)
    assert any(n["text"] == stored_text(HOSTILE).strip() for n in document["notes"])


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.svgs = 0
        self.polylines = 0
        self.text: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.svgs += tag == "svg"
        self.polylines += tag == "polyline"
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.external.append(value)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_one_self_contained_file_with_charts_and_escaped_text(okrtui, sample_db, tmp_path):
    target = tmp_path / "week.html"
    result = okrtui("--db", sample_db, "report", "--format", "html", "--output", target)
    assert result.code == 0, result.err
    assert result.out == f"Wrote the html report to {target}.\n"
    page = target.read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(page)
    assert page.startswith("<!DOCTYPE html>")
    assert "script" not in parser.tags  # the hostile note is text, not a tag
    assert parser.external == []  # nothing fetched: styles and charts are inline
    assert parser.svgs >= 9 and parser.polylines >= 9  # a chart per KR that moved, at least
    text = "".join(parser.text)
    assert "<script>alert(1)</script>" in text  # shown as written
    assert "What moved" in text and "Bets" in text


def test_report_refuses_the_database_as_output(okrtui, sample_db):
    same = okrtui("--db", sample_db, "report", "--output", sample_db)
    assert same.code == 2 and "the database itself" in same.err


def test_report_of_a_database_without_cycles(okrtui, tmp_path):
    empty = tmp_path / "empty.json"
    Repository.open(empty, FixedClock(TODAY)).close()
    result = okrtui("--db", empty, "report")
    assert result.code == 2 and "nothing to report" in result.err
