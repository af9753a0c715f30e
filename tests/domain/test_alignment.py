"""Weak-link alignment: the tree, the roll-up along strong links (weak links never change a
figure), and the checks a new link must pass."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.domain.alignment import (
    alignment_tree,
    check_link,
    level_problem,
    link_targets,
    no_target_text,
    rollup,
    walk,
)
from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Link, Objective
from okrtui.domain.progress import objective_progress, snapshot
from tests.domain.factories import day, make_checkin, make_cycle, make_kr

CYCLE = make_cycle()


def _objective(key: str, level: str = "team", cycle_id: str = CYCLE.id) -> Objective:
    return Objective(
        cycle_id=cycle_id, key=key, title=f"Objective {key}", level=level, state="committed"
    )


def _snaps(objective: Objective, *values: float, weights=None):
    """Snapshots of KRs (0 → 100) of `objective` whose latest values are `values`."""
    snaps = []
    for i, value in enumerate(values):
        kr = make_kr(
            objective_id=objective.id,
            key=f"KR-{objective.key}-{i}",
            weight=(weights or [1.0] * len(values))[i],
        )
        snaps.append(snapshot(kr, [make_checkin(kr, 50, value)], CYCLE, day(60)))
    return snaps


def _link(child: Objective, parent: Objective | None = None, kr=None, strength="weak") -> Link:
    target = {"to_key_result_id": kr.id} if kr else {"to_objective_id": parent.id}
    return Link(from_objective_id=child.id, strength=strength, hypothesis="h", **target)


COMPANY, TEAM, OTHER_TEAM, PERSONAL = (
    _objective("O-1", "company"),
    _objective("O-2"),
    _objective("O-3"),
    _objective("O-4", "personal"),
)


def test_the_tree_hangs_team_under_company_and_personal_under_team():
    company_kr = make_kr(objective_id=COMPANY.id)
    links = [_link(TEAM, COMPANY), _link(OTHER_TEAM, kr=company_kr), _link(PERSONAL, TEAM)]
    forest = alignment_tree([PERSONAL, OTHER_TEAM, TEAM, COMPANY], [company_kr], links)
    shown = [(depth, n.objective.key, n.via.id if n.via else None) for depth, n in walk(forest)]
    assert shown == [
        (0, "O-1", None),
        (1, "O-2", None),
        (2, "O-4", None),
        (1, "O-3", company_kr.id),
    ]


def test_unlinked_objectives_are_roots_and_several_links_repeat_a_node():
    links = [_link(PERSONAL, TEAM), _link(PERSONAL, OTHER_TEAM)]
    forest = alignment_tree([COMPANY, TEAM, OTHER_TEAM, PERSONAL], [], links)
    assert [n.objective.key for n in forest] == ["O-1", "O-2", "O-3"]
    repeated = [n for _, n in walk(forest) if n.objective.key == "O-4"]
    assert len(repeated) == 2 and all(n.repeated for n in repeated)


def test_links_to_other_cycles_are_ignored_and_loops_are_cut():
    elsewhere = _objective("O-9", "company", cycle_id="another cycle")
    loop = [_link(TEAM, OTHER_TEAM), _link(OTHER_TEAM, TEAM), _link(COMPANY, elsewhere)]
    forest = alignment_tree([COMPANY, TEAM, OTHER_TEAM], [], loop)
    assert [n.objective.key for n in forest] == ["O-1"]  # the two in a loop have no root


def test_weak_links_never_change_progress():
    snaps = {
        COMPANY.id: _snaps(COMPANY, 20, 40),
        TEAM.id: _snaps(TEAM, 90),
        PERSONAL.id: _snaps(PERSONAL, 10),
    }
    kr = snaps[COMPANY.id][0].kr
    links = [_link(TEAM, COMPANY), _link(PERSONAL, kr=kr)]
    result = rollup([COMPANY, TEAM, PERSONAL], snaps, links)
    for objective in (COMPANY, TEAM, PERSONAL):
        own = objective_progress(snaps[objective.id])
        assert result[objective.id].own == result[objective.id].rolled == own
        assert result[objective.id].strong_inputs == 0


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.integers(0, 120), min_size=0, max_size=3),
    child_values=st.lists(st.integers(0, 120), min_size=1, max_size=3),
    to_kr=st.booleans(),
)
def test_weak_links_never_change_progress_whatever_the_numbers(values, child_values, to_kr):
    snaps = {COMPANY.id: _snaps(COMPANY, *values), TEAM.id: _snaps(TEAM, *child_values)}
    kr = snaps[COMPANY.id][0].kr if (to_kr and values) else None
    link = _link(TEAM, None if kr else COMPANY, kr=kr)
    result = rollup([COMPANY, TEAM], snaps, [link])
    assert result[COMPANY.id].rolled == objective_progress(snaps[COMPANY.id])


def test_a_strong_link_to_an_objective_counts_as_one_more_item():
    snaps = {COMPANY.id: _snaps(COMPANY, 20, 40), TEAM.id: _snaps(TEAM, 90)}
    result = rollup([COMPANY, TEAM], snaps, [_link(TEAM, COMPANY, strength="strong")])
    assert result[COMPANY.id].own == pytest.approx(0.3)
    assert result[COMPANY.id].rolled == pytest.approx((0.2 + 0.4 + 0.9) / 3)
    assert result[COMPANY.id].strong_inputs == 1 and result[COMPANY.id].differs
    assert result[TEAM.id].rolled == pytest.approx(0.9)  # a child's own figure is unchanged


def test_a_strong_link_to_a_kr_is_averaged_into_that_kr_with_its_weight():
    snaps = {COMPANY.id: _snaps(COMPANY, 20, 40, weights=[3.0, 1.0]), TEAM.id: _snaps(TEAM, 100)}
    kr = snaps[COMPANY.id][0].kr
    result = rollup([COMPANY, TEAM], snaps, [_link(TEAM, kr=kr, strength="strong")])
    # KR 0 becomes (0.2 + 1.0) / 2 = 0.6; the mean with weights 3 and 1 is (1.8 + 0.4) / 4.
    assert result[COMPANY.id].rolled == pytest.approx(0.55)


def test_strong_links_roll_up_along_a_chain():
    snaps = {
        COMPANY.id: _snaps(COMPANY, 0),
        TEAM.id: _snaps(TEAM, 0),
        PERSONAL.id: _snaps(PERSONAL, 100),
    }
    links = [_link(TEAM, COMPANY, strength="strong"), _link(PERSONAL, TEAM, strength="strong")]
    result = rollup([COMPANY, TEAM, PERSONAL], snaps, links)
    assert result[TEAM.id].rolled == pytest.approx(0.5)
    assert result[COMPANY.id].rolled == pytest.approx(0.25)


def test_a_killed_kr_counts_neither_in_own_nor_in_rolled_up_progress():
    snaps = {COMPANY.id: _snaps(COMPANY, 20, 40), TEAM.id: _snaps(TEAM, 90)}
    killed = snaps[COMPANY.id][1]
    snaps[COMPANY.id][1] = snapshot(
        killed.kr.model_copy(update={"state": "closed", "close_reason": "no buyer"}),
        list(killed.checkins),
        CYCLE,
        day(60),
    )
    result = rollup([COMPANY, TEAM], snaps, [_link(TEAM, COMPANY, strength="strong")])
    assert result[COMPANY.id].own == pytest.approx(0.2)
    assert result[COMPANY.id].rolled == pytest.approx((0.2 + 0.9) / 2)


def test_an_objective_without_krs_or_strong_inputs_has_no_progress():
    result = rollup([COMPANY], {}, [])
    assert result[COMPANY.id].own is None and result[COMPANY.id].rolled is None


def test_a_new_link_is_checked():
    kr_objective: dict[str, str] = {}
    links = [_link(TEAM, COMPANY), _link(PERSONAL, TEAM)]
    with pytest.raises(InvalidInput, match="itself"):
        check_link(TEAM, TEAM, None, links, kr_objective)
    with pytest.raises(InvalidInput, match="another cycle"):
        check_link(TEAM, _objective("O-9", cycle_id="other"), None, links, kr_objective)
    with pytest.raises(InvalidInput, match="already links to O-1"):
        check_link(TEAM, COMPANY, None, links, kr_objective)
    with pytest.raises(InvalidInput, match="O-1 is a company objective: nothing is higher"):
        check_link(COMPANY, PERSONAL, None, links, kr_objective)
    check_link(OTHER_TEAM, COMPANY, None, links, kr_objective)  # fine


def test_a_loop_through_a_link_stored_against_the_levels_is_still_refused():
    """Going up the levels cannot loop, but a link stored before the rule (company → a
    personal KR) can close one."""
    personal_kr = make_kr(objective_id=PERSONAL.id, key="KR-14")
    legacy = [_link(COMPANY, kr=personal_kr)]
    with pytest.raises(InvalidInput, match="loop"):
        check_link(PERSONAL, COMPANY, None, legacy, {personal_kr.id: PERSONAL.id})


COMPANY_KR = make_kr(objective_id=COMPANY.id, key="KR-1")
TEAM_KR = make_kr(objective_id=TEAM.id, key="KR-5")
PERSONAL_KR = make_kr(objective_id=PERSONAL.id, key="KR-14")
OTHER_PERSONAL = _objective("O-6", "personal")


@pytest.mark.parametrize(
    ("source", "target", "kr"),
    [
        pytest.param(PERSONAL, TEAM, None, id="personal-to-team"),
        pytest.param(PERSONAL, TEAM, TEAM_KR, id="personal-to-a-team-kr"),
        pytest.param(PERSONAL, COMPANY, COMPANY_KR, id="personal-to-a-company-kr"),
        pytest.param(TEAM, COMPANY, None, id="team-to-company"),
        pytest.param(TEAM, COMPANY, COMPANY_KR, id="team-to-a-company-kr"),
    ],
)
def test_links_go_up_the_levels(source, target, kr):
    assert level_problem(source, target, kr) is None
    check_link(source, target, kr, [], {})


@pytest.mark.parametrize(
    ("source", "target", "kr", "message"),
    [
        pytest.param(
            COMPANY,
            PERSONAL,
            PERSONAL_KR,
            "O-1 is a company objective: nothing is higher to link to (links go up "
            "company > team > personal); link O-4 to O-1 instead",
            id="company-to-a-personal-kr",
        ),
        pytest.param(
            COMPANY,
            TEAM,
            None,
            "O-1 is a company objective: nothing is higher to link to (links go up "
            "company > team > personal); link O-2 to O-1 instead",
            id="company-to-team",
        ),
        pytest.param(
            COMPANY,
            _objective("O-7", "company"),
            None,
            "O-1 is a company objective: nothing is higher to link to (links go up "
            "company > team > personal)",
            id="company-to-company",
        ),
        pytest.param(
            TEAM,
            OTHER_TEAM,
            None,
            "O-3 is a team objective, not higher than O-2 (team): links go up "
            "company > team > personal; link O-2 to a company objective or key result",
            id="team-to-team",
        ),
        pytest.param(
            TEAM,
            PERSONAL,
            PERSONAL_KR,
            "KR-14 belongs to O-4, a personal objective, not higher than O-2 (team): "
            "links go up company > team > personal; link O-2 to a company objective or "
            "key result, or link O-4 to O-2",
            id="team-to-a-personal-kr",
        ),
        pytest.param(
            PERSONAL,
            OTHER_PERSONAL,
            None,
            "O-6 is a personal objective, not higher than O-4 (personal): links go up "
            "company > team > personal; link O-4 to a team or company objective or key "
            "result",
            id="personal-to-personal",
        ),
    ],
)
def test_a_link_that_does_not_go_up_the_levels_is_refused_saying_how_to_fix_it(
    source, target, kr, message
):
    assert level_problem(source, target, kr) == message
    with pytest.raises(InvalidInput) as refused:
        check_link(source, target, kr, [], {})
    assert str(refused.value) == message


def test_only_objectives_of_a_strictly_higher_level_are_targets():
    everyone = [
        PERSONAL,
        OTHER_PERSONAL,
        TEAM,
        OTHER_TEAM,
        COMPANY,
        _objective("O-9", "company", cycle_id="another cycle"),
    ]
    assert [o.key for o in link_targets(PERSONAL, everyone)] == ["O-1", "O-2", "O-3"]
    assert [o.key for o in link_targets(TEAM, everyone)] == ["O-1"]
    assert link_targets(COMPANY, everyone) == []
    assert no_target_text(COMPANY) == "O-1 is a company objective: nothing is higher to link to"
    assert no_target_text(TEAM, "2026-Q4") == (
        "O-2 is a team objective and 2026-Q4 has no company objective to link to: add one first"
    )


def test_a_link_stored_against_the_levels_still_shows_and_is_flagged():
    """A database written before the rule (company O-1 → KR-14 of personal O-4) opens: the
    tree hangs it where it points, marked, so it can be seen and removed."""
    links = [_link(COMPANY, kr=PERSONAL_KR), _link(TEAM, COMPANY)]
    forest = alignment_tree([COMPANY, TEAM, PERSONAL], [PERSONAL_KR], links)
    shown = [(depth, n.objective.key, n.against_levels) for depth, n in walk(forest)]
    assert shown == [(0, "O-4", False), (1, "O-1", True), (2, "O-2", False)]
