"""Fixtures for the TUI tests: a small, fully known workspace built through the repository."""

from __future__ import annotations

from datetime import timedelta

import pytest

from okrtui.domain.models import KeyResult, Objective
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from tests.conftest import TODAY, written_on


def fill(repo: Repository) -> None:
    """One cycle, two objectives, four KRs: on track, stale, not started, decrease."""
    cycle = repo.create_cycle("2026-Q4", TODAY - timedelta(days=53), TODAY + timedelta(days=38))
    # Planned on the cycle's first day, checked in on since.
    with written_on(repo, cycle.start):
        onboarding = repo.create(
            Objective,
            cycle_id=cycle.id,
            title="Improve onboarding so new users reach value faster",
            owner="maria",
            team="growth",
            state="committed",
            why="New users drop before their first invoice.",
        )
        completion = repo.create(
            KeyResult,
            objective_id=onboarding.id,
            title="Onboarding completion rate from 45% to 70%",
            baseline=45,
            target=70,
            unit="%",
            indicator="leading",
        )
        invoice = repo.create(
            KeyResult,
            objective_id=onboarding.id,
            title="Time to first invoice from 9 days to 3 days",
            baseline=9,
            target=3,
            direction="decrease",
            unit="days",
        )
        platform = repo.create(
            Objective,
            cycle_id=cycle.id,
            title="We are an integrated and mature platform solution",
            level="company",
            owner="dev",
            state="committed",
        )
        satisfaction = repo.create(
            KeyResult,
            objective_id=platform.id,
            title="Enterprise client satisfaction rate above 75%",
            direction="stay_above",
            target=75,
            unit="%",
        )
        repo.create(
            KeyResult,
            objective_id=platform.id,
            title="Interviewees who call our website enterprise-ready from 20% to 100%",
            baseline=20,
            target=100,
            unit="%",
        )
    for weeks_ago, value, confidence in [
        (5, 48, 7),
        (4, 52, 7),
        (3, 55, 8),
        (2, 58, 8),
        (0, 61, 8),
    ]:
        repo.add_checkin(
            completion, value, confidence, f"week -{weeks_ago}", TODAY - timedelta(weeks=weeks_ago)
        )
    repo.add_checkin(invoice, 8, 5, "Billing export slipped", TODAY - timedelta(weeks=4))
    for weeks_ago, value in [(3, 78), (1, 80)]:
        repo.add_checkin(satisfaction, value, 7, "survey", TODAY - timedelta(weeks=weeks_ago))


@pytest.fixture
def filled_repo(repo: Repository) -> Repository:
    fill(repo)
    return repo


@pytest.fixture
def app(filled_repo: Repository) -> OkrApp:
    return OkrApp(filled_repo)


@pytest.fixture
def empty_app(repo: Repository) -> OkrApp:
    return OkrApp(repo)


@pytest.fixture
def sample_repo(repo: Repository) -> Repository:
    """The sample workspace on the test day: discovery KRs with evidence, bets, links and a
    closed previous cycle (for the discovery, roadmap, alignment and review screens)."""
    from okrtui.domain.sample import build_sample

    repo.add_workspace(build_sample(TODAY))
    return repo


@pytest.fixture
def sample_app(sample_repo: Repository) -> OkrApp:
    return OkrApp(sample_repo)
