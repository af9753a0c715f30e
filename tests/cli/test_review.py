"""`okrtui review --cycle NAME --format md`: the cycle report — scores with reflections, links,
calibration, and what rolled over (or will)."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.domain.models import Cycle, KeyResult, Link, Objective
from okrtui.domain.review import propose_next_cycle
from okrtui.domain.sample import build_sample
from okrtui.store.repository import Repository
from tests.conftest import TODAY


@pytest.fixture
def sample_db(repo: Repository) -> Path:
    repo.add_workspace(build_sample(TODAY))
    return repo.path


def test_review_of_an_open_cycle_lists_scores_links_calibration_and_what_will_roll_over(
    okrtui, sample_db: Path, repo: Repository
):
    repo.review.set_score(repo.find(KeyResult, "KR-4"), 0.75)
    repo.review.set_reflection(repo.find(Objective, "O-2"), "Completion | moved; invoices did not.")
    repo.alignment.review_link(repo.find(Link, "L-1"), True, "new teams called us mature")
    result = okrtui("--db", sample_db, "review", "--cycle", "2026-Q4", "--format", "md")
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith("# Review of 2026-Q4\n")
    for heading in (
        "## Scores",
        "## Did the links hold?",
        "## Confidence calibration",
        "## Will roll over when the cycle closes",
    ):
        assert f"\n{heading}\n" in out
    assert (
        "| KR-4 | Onboarding completion rate from 45% to 70% | 62 % | 0.68 | 0.75 (edited) | rolls over |"
        in out
    )
    assert (
        "**Reflection:** Completion \\| moved; invoices did not." not in out
    )  # only table cells escape
    assert "**Reflection:** Completion | moved; invoices did not." in out
    assert "| L-1 |" in out and "| held | new teams called us mature |" in out
    assert "| maria | 3 |" in out
    assert "- KR-4 Onboarding completion rate from 45% to 70% (new baseline 62 %)" in out


def test_review_of_a_closed_cycle_says_what_rolled_over(okrtui, sample_db: Path, repo: Repository):
    cycle = repo.find(Cycle, "2026-Q4")
    repo.discovery.kill(repo.find(KeyResult, "KR-12"), "Large accounts reconcile in their ERP")
    closed = repo.review.close_cycle(cycle, proposal=propose_next_cycle(cycle)).result
    new = {old.key: kr.key for old, kr in closed.rolled}
    out = okrtui("--db", sample_db, "review", "--cycle", "2026-Q4").out
    assert "2026-09-28 → 2026-12-27 · closed" in out
    assert (
        f"- KR-4 Onboarding completion rate from 45% to 70% → {new['KR-4']} in 2027-Q1 (baseline 62 %)"
        in out
    )
    assert (
        "| KR-12 | Beta opt-in rate among invited accounts from 0% to 30% | 14 % | – | – | killed: Large accounts reconcile in their ERP |"
        in out
    )


def test_review_defaults_to_the_current_cycle_and_refuses_an_unknown_one(okrtui, sample_db: Path):
    assert okrtui("--db", sample_db, "review").out.startswith("# Review of 2026-Q4")
    result = okrtui("--db", sample_db, "review", "--cycle", "2025-Q1")
    assert result.code == 2
    assert result.error_lines == [
        "okrtui: error: no cycle is called '2025-Q1'; known cycles: 2026-Q3 (C-2), 2026-Q4 (C-1)"
    ]


def test_review_of_a_database_without_cycles_says_there_is_nothing(okrtui, repo: Repository):
    assert repo.path.exists() and repo.cycles() == []
    result = okrtui("--db", repo.path, "review")
    assert result.code == 2 and "nothing to review" in result.err
