"""The sample workspace: loads into a real repository on any day, keeps the promises the
welcome screen and `okrtui sample` make (varied statuses, the articles' OKRs, discovery, bets,
links, evidence), and is dated relative to today."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta

import pytest

from okrtui.domain.alignment import level_problem
from okrtui.domain.clock import FixedClock
from okrtui.domain.coach import coach_bets, coach_checkins, coach_objective
from okrtui.domain.models import (
    Bet,
    CheckIn,
    Cycle,
    Evidence,
    KeyResult,
    Link,
    Objective,
    Record,
)
from okrtui.domain.progress import KrSnapshot, effective_checkins, snapshot
from okrtui.domain.sample import build_sample
from tests.conftest import TODAY

#: Days the sample must work on: every weekday, a year boundary, leap days, a quarter's edge.
DAYS = [TODAY + timedelta(days=n) for n in range(7)] + [
    date(2027, 1, 1),
    date(2024, 2, 29),
    date(2028, 3, 1),
    date(2026, 6, 30),
    date(2026, 7, 1),
]

#: A wider sweep for the pure checks: two whole years, every 5th day.
SWEEP = [date(2026, 1, 1) + timedelta(days=n) for n in range(0, 730, 5)]


@pytest.fixture(params=DAYS, ids=str)
def clock(request: pytest.FixtureRequest) -> FixedClock:
    """Overrides the shared clock, so the `repo` fixture lives on each of `DAYS`."""
    return FixedClock(request.param)


def _of(records: list[Record], model: type) -> list:
    return [r for r in records if isinstance(r, model)]


def _active_snapshots(records: list[Record], today: date) -> list[KrSnapshot]:
    """Snapshots of the active cycle's KRs on `today`, computed from the records alone."""
    (cycle,) = [c for c in _of(records, Cycle) if c.state == "active"]
    objectives = {o.id for o in _of(records, Objective) if o.cycle_id == cycle.id}
    checkins = _of(records, CheckIn)
    return [
        snapshot(kr, [c for c in checkins if c.key_result_id == kr.id], cycle, today)
        for kr in _of(records, KeyResult)
        if kr.objective_id in objectives
    ]


def _assert_varied(statuses: Counter) -> None:
    """Most KRs on track, some at risk, exactly one off track, at least one stale."""
    total = sum(statuses.values())
    assert statuses["on_track"] > total / 2, statuses
    assert statuses["at_risk"] >= 2, statuses
    assert statuses["off_track"] == 1, statuses
    assert statuses["stale"] >= 1, statuses
    assert set(statuses) == {"on_track", "at_risk", "off_track", "stale"}, statuses


# -- in a real repository -------------------------------------------------------------------


def test_loads_into_a_repository(repo):
    records = build_sample(repo.today())
    stored = repo.add_workspace(records)
    assert len(stored) == len(records)
    assert not repo.is_empty()
    cycle = repo.current_cycle()
    assert cycle.state == "active" and cycle.start <= repo.today() <= cycle.end
    assert [o.key for o in repo.objectives(cycle)] == ["O-1", "O-2", "O-3", "O-4", "O-5"]
    assert len(repo.cycles()) == 2


def test_statuses_in_the_repository_are_varied(repo):
    repo.add_workspace(build_sample(repo.today()))
    snapshots = repo.cycle_snapshots(repo.current_cycle())
    statuses = Counter(s.status for group in snapshots.values() for s in group)
    _assert_varied(statuses)


def test_stored_sample_round_trips(repo):
    stored = repo.add_workspace(build_sample(repo.today()))
    for model in (Cycle, Objective, KeyResult, CheckIn, Bet, Link, Evidence):
        expected = sorted(r.key for r in stored if isinstance(r, model))
        assert sorted(r.key for r in repo.all(model)) == expected


# -- the promised content --------------------------------------------------------------------


@pytest.fixture
def records() -> list[Record]:
    return build_sample(TODAY)


def test_statuses_are_varied_on_any_day():
    for today in SWEEP:
        statuses = Counter(s.status for s in _active_snapshots(build_sample(today), today))
        _assert_varied(statuses)


def test_a_stale_kr_was_last_checked_in_three_weeks_ago_or_more():
    for today in SWEEP:
        stale = [s for s in _active_snapshots(build_sample(today), today) if s.status == "stale"]
        assert stale and all(s.days_since_checkin >= 21 for s in stale)


def test_one_kr_gains_value_while_confidence_falls(records):
    def rising_but_worried(s: KrSnapshot) -> bool:
        return (
            s.progress > 0
            and s.values == sorted(s.values)
            and s.confidences == sorted(s.confidences, reverse=True)
            and s.confidences[0] - s.confidences[-1] >= 3
        )

    assert sum(rising_but_worried(s) for s in _active_snapshots(records, TODAY)) == 1


def test_active_cycle_is_a_quarter_started_about_eight_weeks_ago():
    for today in SWEEP:
        (cycle,) = [c for c in _of(build_sample(today), Cycle) if c.state == "active"]
        assert cycle.cadence_days == 7
        assert cycle.length_days == 13 * 7 - 1
        assert 8 * 7 <= (today - cycle.start).days < 9 * 7
        assert cycle.name.startswith(str(cycle.start.year)) or cycle.name.startswith(
            str(cycle.end.year)
        )


def test_cycle_names_come_from_the_dates(records):
    names = {c.state: c.name for c in _of(records, Cycle)}
    assert names == {"active": "2026-Q4", "closed": "2026-Q3"}
    assert {c.name for c in _of(build_sample(date(2027, 2, 10)), Cycle)} == {"2027-Q1", "2026-Q4"}


def test_previous_cycle_is_closed_with_scores(records):
    (previous,) = [c for c in _of(records, Cycle) if c.state == "closed"]
    (active,) = [c for c in _of(records, Cycle) if c.state == "active"]
    assert previous.end < active.start
    objectives = {o.id: o for o in _of(records, Objective) if o.cycle_id == previous.id}
    assert objectives and all(o.state == "closed" and o.reflection for o in objectives.values())
    closed_krs = [kr for kr in _of(records, KeyResult) if kr.objective_id in objectives]
    assert all(kr.state == "closed" and kr.score is not None for kr in closed_krs)


def test_all_dates_are_on_or_before_today():
    for today in SWEEP:
        records = build_sample(today)
        cycles = {c.id: c for c in _of(records, Cycle)}
        assert all(c.start <= today for c in cycles.values())
        assert all(c.date <= today for c in _of(records, CheckIn))
        assert all(e.date <= today for e in _of(records, Evidence))
        assert all(kr.kill_by is None or kr.kill_by > today for kr in _of(records, KeyResult))


def test_checkins_fall_inside_their_cycle(records):
    objectives = {o.id: o for o in _of(records, Objective)}
    krs = {kr.id: kr for kr in _of(records, KeyResult)}
    cycles = {c.id: c for c in _of(records, Cycle)}
    for checkin in _of(records, CheckIn):
        cycle = cycles[objectives[krs[checkin.key_result_id].objective_id].cycle_id]
        assert cycle.start <= checkin.date <= cycle.end


def test_every_objective_has_two_to_five_key_results(records):
    counts = Counter(kr.objective_id for kr in _of(records, KeyResult))
    assert all(2 <= counts[o.id] <= 5 for o in _of(records, Objective))


def test_several_weeks_of_weekly_checkins_with_notes(records):
    for s in _active_snapshots(records, TODAY):
        dates = [c.date for c in s.checkins]
        assert len(dates) >= 5, s.kr.title
        assert all((b - a).days == 7 for a, b in itertools.pairwise(dates)), s.kr.title
        assert s.checkins[-1].note, f"{s.kr.title}: the latest check-in needs a note"
        assert all(c.author == s.kr.owner for c in s.checkins)
    assert len({s.confidence for s in _active_snapshots(records, TODAY)}) >= 3


def test_company_objective_from_the_article(records):
    (company,) = [o for o in _of(records, Objective) if o.level == "company"]
    assert company.title == "We are an integrated and mature platform solution"
    krs = [kr for kr in _of(records, KeyResult) if kr.objective_id == company.id]
    assert [(kr.direction, kr.target, kr.unit) for kr in krs] == [
        ("stay_above", 75, "%"),
        ("stay_below", 0, "pitches"),
        ("increase", 100, "%"),
    ]
    assert "immaturity of the product" in krs[1].title


def test_growth_team_set_balances_leading_lagging_and_an_output(records):
    (growth,) = [o for o in _of(records, Objective) if o.team == "growth" and o.state != "closed"]
    assert growth.title == "Improve onboarding so new users reach value faster"
    krs = {kr.title: kr for kr in _of(records, KeyResult) if kr.objective_id == growth.id}
    completion = krs["Onboarding completion rate from 45% to 70%"]
    assert (completion.baseline, completion.target, completion.indicator) == (45, 70, "leading")
    invoice = krs["Time to first invoice from 9 days to 3 days"]
    assert (invoice.direction, invoice.indicator) == ("decrease", "lagging")
    launch = krs["Launch the redesigned onboarding flow"]
    assert (launch.type, launch.kind) == ("milestone", "output")


def test_owners_teams_and_levels(records):
    objectives = _of(records, Objective)
    assert {"maria", "dev", "sam"} <= {o.owner for o in objectives}
    assert {"growth", "platform"} <= {o.team for o in objectives}
    assert {o.level for o in objectives} == {"company", "team", "personal"}
    assert all(o.why for o in objectives)


def test_discovery_objective_tests_assumptions(records):
    (discovery,) = [o for o in _of(records, Objective) if o.mode == "discovery"]
    krs = [kr for kr in _of(records, KeyResult) if kr.objective_id == discovery.id]
    kinds = Counter(kr.discovery_type for kr in krs)
    assert kinds["process"] >= 1 and kinds["future_behaviour"] >= 2
    assert all(kr.assumption for kr in krs if kr.discovery_type == "future_behaviour")
    evidence = _of(records, Evidence)
    assert {e.key_result_id for e in evidence} <= {kr.id for kr in krs}
    assert {e.verdict for e in evidence} == {"supports", "refutes", "unclear"}


def test_roadmap_of_bets_with_one_unlinked(records):
    bets = _of(records, Bet)
    kr_ids = {kr.id for kr in _of(records, KeyResult)}
    assert {b.horizon for b in bets} == {"now", "next", "later"}
    assert all(m.key_result_id in kr_ids for b in bets for m in b.moves)
    assert [b.title for b in bets if not b.moves] == ["Dark mode"]
    ranks = Counter((b.horizon, b.rank) for b in bets)
    assert max(ranks.values()) == 1, "ranks are unique within a horizon"


def test_weak_links_from_team_objectives_upward(records):
    objectives = {o.id: o for o in _of(records, Objective)}
    kr_ids = {kr.id for kr in _of(records, KeyResult)}
    links = _of(records, Link)
    assert len(links) >= 2
    for link in links:
        assert link.strength == "weak" and link.hypothesis
        assert objectives[link.from_objective_id].level == "team"
        target = link.to_objective_id or link.to_key_result_id
        assert target in objectives or target in kr_ids
        # Links go up the levels: each points at a company objective or one of its KRs.
        kr_objective = {kr.id: kr.objective_id for kr in _of(records, KeyResult)}
        parent = objectives[link.to_objective_id or kr_objective[link.to_key_result_id]]
        assert parent.level == "company"
        assert level_problem(objectives[link.from_objective_id], parent) is None


def test_the_coach_flags_exactly_the_deliberate_flaws(records):
    """The sample shows good practice, plus one output KR, one stale KR and one unlinked bet."""
    krs = _of(records, KeyResult)
    (cycle,) = [c for c in _of(records, Cycle) if c.state == "active"]
    findings = [
        finding
        for o in _of(records, Objective)
        for finding in coach_objective(o, [k for k in krs if k.objective_id == o.id])
    ]
    findings += coach_checkins(_active_snapshots(records, TODAY), cycle, TODAY)
    findings += coach_bets(_of(records, Bet), {kr.id for kr in krs})
    assert sorted((f.rule, f.text) for f in findings) == [
        ("output-kr", "Launch the redesigned onboarding flow"),
        ("stale-checkin", "Invoice generation p95 stays below 2 seconds"),
        ("unlinked-bet", "Dark mode"),
    ]


def test_parents_come_before_children(records):
    seen: set[str] = set()
    for record in records:
        refs = [
            getattr(record, name)
            for name in (
                "cycle_id",
                "objective_id",
                "key_result_id",
                "from_objective_id",
                "to_objective_id",
                "to_key_result_id",
            )
            if getattr(record, name, None)
        ]
        if isinstance(record, Bet):
            refs += [m.key_result_id for m in record.moves]
        assert set(refs) <= seen, f"{type(record).__name__} before its parent"
        seen.add(record.id)


def test_no_superseded_or_duplicate_checkins(records):
    checkins = _of(records, CheckIn)
    assert effective_checkins(checkins) == sorted(checkins, key=lambda c: (c.date, c.created_at))
    assert len({c.id for c in records}) == len(records)


def test_deterministic_for_a_day_and_distinct_across_days():
    assert build_sample(TODAY) == build_sample(TODAY)
    ids_today = {r.id for r in build_sample(TODAY)}
    assert ids_today.isdisjoint(r.id for r in build_sample(TODAY + timedelta(days=1)))


def test_sample_is_pure_domain_code():
    code = "import sys, okrtui.domain.sample; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert "okrtui.domain.sample" in loaded
    assert not {"textual", "tinydb"} & loaded
