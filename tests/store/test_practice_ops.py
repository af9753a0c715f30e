"""The repository's practice operations: evidence, kill and graduation (keeping history),
bets and links, scores and the cycle close with its roll-over — each one undoable change,
and bad input refused with the file left byte-identical."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from okrtui.domain.clock import FixedClock
from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Bet, BetImpact, Cycle, KeyResult, Link, Objective
from okrtui.domain.review import propose_next_cycle
from okrtui.domain.roadmap import move_to_horizon
from okrtui.store.repository import Repository
from tests.conftest import TODAY
from tests.store.conftest import Seeded, sha256


@pytest.fixture
def discovery(seeded: Seeded):
    """A discovery objective with a future-behaviour KR, three check-ins and evidence."""
    repo = seeded.repo
    objective = repo.create(
        Objective,
        cycle_id=seeded.cycle.id,
        title="Learn whether finance teams trust us to reconcile",
        mode="discovery",
        state="committed",
    )
    kr = repo.create(
        KeyResult,
        objective_id=objective.id,
        title="Beta opt-in rate from 0% to 30%",
        unit="%",
        baseline=0,
        target=30,
        discovery_type="future_behaviour",
        assumption="Mid-size accounts want it",
        kill_by=TODAY + timedelta(days=10),
    )
    for weeks, value in ((3, 5), (2, 11), (1, 14)):
        repo.add_checkin(kr, value, 6, day=TODAY - timedelta(weeks=weeks))
    repo.discovery.add_evidence(kr, "supports", "Mid-size accounts opted in at 22%")
    bet = repo.roadmap.add_bet(
        title="Reconciliation beta",
        status="discovery",
        moves=[BetImpact(key_result_id=kr.id, expected_change=30)],
    ).result
    return repo, objective, kr, bet


def test_evidence_is_logged_and_an_empty_note_writes_nothing(discovery):
    repo, _, kr, _ = discovery
    logged = repo.discovery.add_evidence(kr, "refutes", "  Large accounts\n decline ")
    found = logged.result
    assert (found.text, found.verdict, found.date) == ("Large accounts decline", "refutes", TODAY)
    assert logged.description == repo.undoable() == f"Log evidence on {kr.key}: refutes"
    before = sha256(repo.path)
    for text, day in (("   ", None), ("later", TODAY + timedelta(days=1))):
        with pytest.raises(InvalidInput):
            repo.discovery.add_evidence(kr, "supports", text, day)
    assert sha256(repo.path) == before
    assert len(repo.evidence(kr)) == 2


def test_kill_closes_with_the_reason_and_undo_reopens(discovery):
    repo, _, kr, _ = discovery
    killed = repo.discovery.kill(kr, "Large accounts reconcile in their ERP").result
    assert (killed.state, killed.score, killed.closed_on) == ("closed", None, TODAY)
    assert killed.close_reason == "Large accounts reconcile in their ERP"
    assert len(repo.history(killed)) == 3 and len(repo.evidence(killed)) == 1
    before = sha256(repo.path)
    with pytest.raises(InvalidInput, match="closed already"):
        repo.discovery.kill(killed, "again")
    assert sha256(repo.path) == before
    repo.undo()
    assert repo.find(KeyResult, kr.key).state == "active"


def test_graduating_in_this_cycle_keeps_the_record_its_checkins_and_evidence(discovery):
    repo, _, kr, bet = discovery
    graduated = repo.discovery.graduate(
        kr, changes={"title": "Accounts reconciling weekly from 14% to 40%", "target": 40}
    )
    outcome = graduated.result
    assert outcome.id == kr.id and outcome.key == kr.key
    assert (outcome.discovery_type, outcome.kind, outcome.graduated_on) == (
        "none",
        "outcome",
        TODAY,
    )
    assert outcome.kill_by is None and outcome.assumption == kr.assumption
    assert [c.value for c in repo.history(outcome)] == [5, 11, 14]
    assert len(repo.evidence(outcome)) == 1
    assert repo.find(Bet, bet.key).moves[0].key_result_id == kr.id
    assert graduated.description == f"Graduate {kr.key} into an outcome KR"


def test_graduating_into_the_next_cycle_continues_the_kr_and_keeps_the_old_history(
    discovery, seeded
):
    repo, _objective, kr, bet = discovery
    following = repo.create_cycle(
        "2027-Q1", date(2026, 12, 28), date(2027, 3, 28), state="planning"
    )
    home = repo.create(
        Objective, cycle_id=following.id, title="Finance teams reconcile with us", state="committed"
    )
    new = repo.discovery.graduate(kr, home).result
    old = repo.find(KeyResult, kr.key)
    assert new.id != kr.id and new.continues == kr.id and new.objective_id == home.id
    assert (new.baseline, new.target, new.discovery_type) == (14, 30, "none")
    assert repo.history(new) == [] and [c.value for c in repo.history(old)] == [5, 11, 14]
    assert (old.state, old.graduated_on, old.score) == ("closed", TODAY, pytest.approx(0.47))
    assert old.close_reason == f"graduated into {new.key} in 2027-Q1"
    assert [m.key_result_id for m in repo.find(Bet, bet.key).moves] == [kr.id, new.id]
    repo.undo()
    assert repo.find(KeyResult, kr.key).state == "active"
    assert all(k.continues != kr.id for k in repo.key_results())


def test_process_krs_do_not_graduate(seeded: Seeded):
    repo = seeded.repo
    process = repo.create(
        KeyResult,
        objective_id=seeded.objective.id,
        title="Interviews from 0 to 12",
        baseline=0,
        target=12,
        discovery_type="process",
    )
    before = sha256(repo.path)
    with pytest.raises(InvalidInput, match="process KR"):
        repo.discovery.graduate(process)
    assert sha256(repo.path) == before


def test_bets_are_arranged_linked_unlinked_and_dropped_as_single_changes(seeded: Seeded):
    repo = seeded.repo
    first = repo.roadmap.add_bet(title="Checklist").result
    second = repo.roadmap.add_bet(title="Templates").result
    assert (first.rank, second.rank) == (1, 2)
    moved = repo.roadmap.move_bet(first, move_to_horizon(repo.bets(), first, +1))
    assert moved is not None and moved.description == f"Move {first.key} to Next"
    assert [(b.key, b.horizon, b.rank) for b in repo.bets()] == [
        (second.key, "now", 1),
        (first.key, "next", 1),
    ]
    link_change = repo.roadmap.link_bet(second, seeded.kr, 12)
    linked = link_change.result
    assert link_change.description == f"Link {second.key} to {seeded.kr.key} (12 %)"
    assert [(m.key_result_id, m.expected_change) for m in linked.moves] == [(seeded.kr.id, 12)]
    assert repo.roadmap.unlink_bet(linked, seeded.kr).result.moves == []
    dropped = repo.roadmap.drop_bet(linked, ["KR-1"]).result
    assert dropped.status == "dropped" and dropped.note.startswith(f"Dropped {TODAY}: KR-1")


def test_links_are_checked_reviewed_and_removed(seeded: Seeded):
    repo = seeded.repo
    company = repo.create(
        Objective,
        cycle_id=seeded.cycle.id,
        title="Mature platform",
        level="company",
        state="committed",
    )
    link = repo.alignment.add_link(
        seeded.objective, company, hypothesis="faster onboarding feels mature"
    ).result
    assert (link.strength, link.to_objective_id) == ("weak", company.id)
    before = sha256(repo.path)
    with pytest.raises(InvalidInput, match="nothing is higher to link to"):
        repo.alignment.add_link(company, seeded.kr)
    assert sha256(repo.path) == before
    reviewed = repo.alignment.review_link(
        link, False, "completion rose, maturity scores did not"
    ).result
    assert (reviewed.held, reviewed.review_note) == (
        False,
        "completion rose, maturity scores did not",
    )
    repo.alignment.remove_link(reviewed)
    assert repo.links() == []
    repo.undo()
    assert [item.key for item in repo.links()] == [link.key]


def _levels(seeded: Seeded):
    """The seeded (team) objective, a company and a personal objective, each with a KR."""
    repo = seeded.repo
    company = repo.create(
        Objective,
        cycle_id=seeded.cycle.id,
        title="Mature platform",
        level="company",
        state="committed",
    )
    company_kr = repo.create(
        KeyResult, objective_id=company.id, title="NPS from 20 to 40", baseline=20, target=40
    )
    personal = repo.create(
        Objective,
        cycle_id=seeded.cycle.id,
        title="I know our buyers",
        level="personal",
        state="committed",
    )
    personal_kr = repo.create(
        KeyResult, objective_id=personal.id, title="Calls from 0 to 10", baseline=0, target=10
    )
    return company, company_kr, personal, personal_kr


def test_a_link_that_does_not_go_up_the_levels_is_refused_and_writes_nothing(seeded: Seeded):
    repo = seeded.repo
    company, company_kr, personal, personal_kr = _levels(seeded)
    before = sha256(repo.path)
    for source, target, message in [
        (
            company,
            personal_kr,
            "O-2 is a company objective: nothing is higher to link to "
            "(links go up company > team > personal); link O-3 to O-2 instead",
        ),
        (seeded.objective, personal, "O-3 is a personal objective, not higher than O-1 (team)"),
        (personal, personal_kr, "cannot link to itself"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            repo.alignment.add_link(source, target, hypothesis="h")
        assert message in str(refused.value)
    assert sha256(repo.path) == before
    assert repo.links() == []
    repo.alignment.add_link(personal, seeded.kr, hypothesis="I bring buyers' words to onboarding")
    repo.alignment.add_link(personal, company_kr, hypothesis="h")
    repo.alignment.add_link(seeded.objective, company_kr, "strong", "h")
    assert len(repo.links()) == 3


def test_a_link_stored_against_the_levels_still_reads_and_can_be_judged_or_removed_not_edited(
    seeded: Seeded,
):
    """A database that holds such a link (written before the rule) opens and shows it; only
    a change to the link itself is refused."""
    repo = seeded.repo
    company, _, personal, personal_kr = _levels(seeded)
    legacy = repo.create(
        Link,
        from_objective_id=company.id,
        to_key_result_id=personal_kr.id,
        hypothesis="written before the rule",
    )
    repo.close()
    reopened = Repository.open(repo.path, repo.clock)
    assert [link.key for link in reopened.links(company)] == [legacy.key]
    before = sha256(reopened.path)
    for changes in ({"strength": "strong"}, {"hypothesis": "new words"}):
        with pytest.raises(InvalidInput) as refused:
            reopened.alignment.edit_link(legacy, **changes)
        assert str(refused.value).startswith(
            f"{legacy.key} cannot be kept as it is: O-2 is a company objective: nothing is higher"
        )
        assert f"remove {legacy.key}" in str(refused.value)
    assert sha256(reopened.path) == before
    judged = reopened.alignment.review_link(legacy, False, "it pointed the wrong way").result
    assert judged.held is False
    reopened.alignment.remove_link(judged)
    assert reopened.links() == []
    reopened.alignment.add_link(personal, company, hypothesis="the right way round")
    reopened.close()


def test_a_closed_kr_takes_no_check_in_and_nothing_is_written(discovery):
    repo, _, kr, _ = discovery
    killed = repo.discovery.kill(kr, "Large accounts reconcile in their ERP").result
    before = sha256(repo.path)
    for stale_copy in (killed, kr):  # kr: read before the kill (another screen, process)
        with pytest.raises(InvalidInput) as refused:
            repo.add_checkin(stale_copy, 20)
        assert str(refused.value) == (
            f"{kr.key} was killed on {TODAY} (Large accounts reconcile in their ERP): it takes "
            "no more check-ins"
        )
    assert sha256(repo.path) == before
    assert [c.value for c in repo.history(killed)] == [5, 11, 14]


def test_a_past_check_in_of_a_closed_kr_may_still_be_corrected_up_to_the_close(discovery):
    repo, _, kr, _ = discovery
    wrong = repo.history(kr)[1]
    killed = repo.discovery.kill(kr, "Large accounts reconcile in their ERP").result
    fixed = repo.add_checkin(killed, 12, day=wrong.date, supersedes=wrong)
    assert [c.value for c in repo.snapshot(killed).checkins] == [5, 12, 14]
    repo.close()
    later = Repository.open(repo.path, FixedClock(TODAY + timedelta(days=7)))
    before = sha256(later.path)
    with pytest.raises(InvalidInput, match=f"a correction of {fixed.key} may be dated up to then"):
        later.add_checkin(killed, 13, day=TODAY + timedelta(days=1), supersedes=fixed)
    with pytest.raises(InvalidInput, match="it takes no more check-ins"):
        later.add_checkin(killed, 13, day=wrong.date)  # back-dated, but a new reading
    assert sha256(later.path) == before
    later.close()


def test_a_kr_closed_with_its_cycle_points_at_the_kr_that_carries_it_on(seeded: Seeded):
    repo = seeded.repo
    repo.add_checkin(seeded.kr, 55, 8)
    result = repo.review.close_cycle(seeded.cycle, proposal=propose_next_cycle(seeded.cycle)).result
    ((_, new),) = result.rolled
    closed = repo.find(KeyResult, seeded.kr.key)
    with pytest.raises(InvalidInput) as refused:
        repo.add_checkin(closed, 60)
    assert str(refused.value) == (
        f"{closed.key} was closed with 2026-Q4 on {TODAY} (rolled over into 2027-Q1 as "
        f"{new.key}): it takes no more check-ins; check in {new.key} instead"
    )


def _close_setup(seeded: Seeded):
    """Three KRs: unfinished (rolls over), finished (stays), unfinished but declined."""
    repo = seeded.repo
    finished = repo.create(
        KeyResult,
        objective_id=seeded.objective.id,
        title="Tickets from 120 to 60",
        baseline=120,
        target=60,
        direction="decrease",
        unit="tickets",
    )
    declined = repo.create(
        KeyResult,
        objective_id=seeded.objective.id,
        title="NPS from 20 to 40",
        baseline=20,
        target=40,
        owner="dev",
    )
    repo.add_checkin(seeded.kr, 55, 8)
    repo.add_checkin(finished, 58, 9)
    repo.add_checkin(declined, 30, 4)
    repo.review.set_roll_over(declined, False)
    repo.review.set_score(seeded.kr, 0.5)
    bet = repo.roadmap.add_bet(
        title="Checklist",
        status="delivery",
        moves=[BetImpact(key_result_id=seeded.kr.id, expected_change=8)],
    ).result
    return finished, declined, bet


def test_closing_a_cycle_scores_closes_and_rolls_over_in_one_undoable_change(seeded: Seeded):
    repo = seeded.repo
    finished, declined, bet = _close_setup(seeded)
    repo.review.set_reflection(seeded.objective, "Completion moved, invoices did not.")
    closing = repo.review.close_cycle(seeded.cycle, proposal=propose_next_cycle(seeded.cycle))
    result = closing.result
    assert closing.description == "Close 2026-Q4; roll 1 KR(s) over into 2027-Q1"
    following = repo.find(Cycle, "2027-Q1")
    assert (following.start, following.state) == (date(2026, 12, 28), "planning")
    ((old, new),) = result.rolled
    assert old.id == seeded.kr.id
    assert (new.baseline, new.target, new.unit, new.continues) == (55, 70, "%", seeded.kr.id)
    carried = repo.objective_of(new)
    assert (carried.cycle_id, carried.state, carried.continues, carried.reflection) == (
        following.id,
        "draft",
        seeded.objective.id,
        "",
    )
    assert repo.history(new) == []
    closed = {kr.key: kr for kr in repo.key_results(seeded.objective)}
    assert closed[seeded.kr.key].score == 0.5  # the edited score, not the suggestion (0.4)
    assert closed[seeded.kr.key].close_reason == f"rolled over into 2027-Q1 as {new.key}"
    assert closed[finished.key].score == 1.0 and not closed[finished.key].roll_over
    assert closed[declined.key].score == 0.5 and closed[declined.key].roll_over is False
    assert all(kr.state == "closed" for kr in closed.values())
    assert repo.find(Objective, seeded.objective.key).state == "closed"
    assert repo.find(Cycle, "2026-Q4").state == "closed"
    assert [m.key_result_id for m in repo.find(Bet, bet.key).moves] == [seeded.kr.id, new.id]
    review = repo.review.cycle_review(repo.find(Cycle, "2026-Q4"))
    assert [(c.old.key, c.new.key) for c in review.carried] == [(seeded.kr.key, new.key)]

    repo.undo()
    assert repo.find(Cycle, "2026-Q4").state == "active"
    assert [c.name for c in repo.cycles()] == ["2026-Q4"]
    assert all(kr.state == "active" for kr in repo.key_results())
    assert repo.find(Bet, bet.key).moves == bet.moves


def test_closing_without_a_next_cycle_is_refused_when_something_rolls_over(seeded: Seeded):
    repo = seeded.repo
    _close_setup(seeded)
    before = sha256(repo.path)
    with pytest.raises(InvalidInput, match="name the next cycle"):
        repo.review.close_cycle(seeded.cycle)
    taken = replace(propose_next_cycle(seeded.cycle), name="2026-Q4")
    with pytest.raises(InvalidInput, match="exists already"):
        repo.review.close_cycle(seeded.cycle, proposal=taken)
    assert sha256(repo.path) == before
    repo.review.set_roll_over(seeded.kr, False)
    closed = repo.review.close_cycle(seeded.cycle).result
    assert closed.rolled == [] and closed.next_cycle is None


def test_closing_into_an_existing_cycle_reuses_its_carried_objective(repo: Repository):
    cycle = repo.create_cycle("2026-Q4", date(2026, 10, 5), date(2026, 12, 27))
    following = repo.create_cycle(
        "2027-Q1", date(2026, 12, 28), date(2027, 3, 28), state="planning"
    )
    objective = repo.create(
        Objective, cycle_id=cycle.id, title="Reach value faster", state="committed"
    )
    kr = repo.create(
        KeyResult,
        objective_id=objective.id,
        title="Completion from 45% to 70%",
        baseline=45,
        target=70,
    )
    already = repo.create(
        Objective, cycle_id=following.id, title="Reach value faster", continues=objective.id
    )
    result = repo.review.close_cycle(cycle, next_cycle=following).result
    ((_, new),) = result.rolled
    assert new.objective_id == already.id and new.baseline == 45  # never checked in
    assert len(repo.objectives(following)) == 1
    with pytest.raises(InvalidInput, match="closed already"):
        repo.review.close_cycle(repo.find(Cycle, cycle.key))
    assert kr.key != new.key


def test_rolling_over_carries_the_links_between_carried_objectives(repo: Repository):
    """The sample's links among objectives that roll over reach the next cycle with their
    strength and hypothesis (not their verdict); the review of 2027-Q1 sees them."""
    from okrtui.domain.models import Link, Objective
    from okrtui.domain.sample import build_sample

    repo.add_workspace(build_sample(TODAY))
    cycle = repo.current_cycle()
    old_links = repo.cycle_links(cycle)
    repo.update(old_links[0], strength="strong", held=True)
    result = repo.review.close_cycle(cycle, proposal=propose_next_cycle(cycle)).result
    following = result.next_cycle
    carried = {o.continues: o for o in repo.objectives(following)}
    expected = [
        link
        for link in old_links
        if link.from_objective_id in carried
        and (link.to_objective_id in carried or link.to_key_result_id is not None)
    ]
    assert expected, "the sample should roll linked objectives over"
    new_links = repo.cycle_links(following)
    assert len(new_links) >= 1
    by_source = {(k.from_objective_id, k.hypothesis): k for k in new_links}
    first = repo.find(Link, old_links[0].key)
    if first.from_objective_id in carried:
        twin = by_source[(carried[first.from_objective_id].id, first.hypothesis)]
        assert (twin.strength, twin.held) == ("strong", None)
    for link in new_links:
        assert repo.find(Objective, link.from_objective_id).cycle_id == following.id
        if link.to_objective_id:
            assert repo.find(Objective, link.to_objective_id).cycle_id == following.id
    assert len(repo.review.cycle_review(following).links) == len(new_links)
