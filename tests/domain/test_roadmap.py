"""The roadmap of bets: columns, moving between horizons, reordering, and the bets to
reconsider after a check-in."""

from __future__ import annotations

from okrtui.domain.models import Bet, BetImpact
from okrtui.domain.roadmap import (
    bets_to_reconsider,
    columns,
    dropped_note,
    impact_text,
    move_to_horizon,
    next_rank,
    next_status,
    reorder,
    with_impact,
    without_impact,
)
from tests.domain.factories import make_kr


def _bets() -> list[Bet]:
    specs = [
        ("B-1", "now", 1),
        ("B-2", "now", 2),
        ("B-3", "now", 3),
        ("B-4", "next", 1),
        ("B-5", "later", 1),
    ]
    return [Bet(key=key, title=f"Bet {key}", horizon=h, rank=r) for key, h, r in specs]


def _apply(bets: list[Bet], places) -> dict[str, list[str]]:
    moved = [
        b.model_copy(update=dict(zip(("horizon", "rank"), places[b.id], strict=True)))
        if b.id in places
        else b
        for b in bets
    ]
    return {h: [b.key for b in column] for h, column in columns(moved).items()}


def test_columns_hold_each_horizon_by_rank():
    bets = _bets()
    shuffled = [bets[2], bets[4], bets[0], bets[3], bets[1]]
    assert {h: [b.key for b in c] for h, c in columns(shuffled).items()} == {
        "now": ["B-1", "B-2", "B-3"],
        "next": ["B-4"],
        "later": ["B-5"],
    }
    assert next_rank(bets, "next") == 2


def test_moving_a_bet_later_puts_it_at_the_bottom_and_closes_the_gap():
    bets = _bets()
    places = move_to_horizon(bets, bets[0], +1)
    assert _apply(bets, places) == {"now": ["B-2", "B-3"], "next": ["B-4", "B-1"], "later": ["B-5"]}
    assert places[bets[0].id] == ("next", 2)
    assert bets[3].id not in places  # B-4 keeps its place: only changes are planned


def test_moving_sooner_and_the_ends_of_the_roadmap():
    bets = _bets()
    assert _apply(bets, move_to_horizon(bets, bets[4], -1))["next"] == ["B-4", "B-5"]
    assert move_to_horizon(bets, bets[0], -1) == {}
    assert move_to_horizon(bets, bets[4], +1) == {}


def test_reordering_swaps_with_the_neighbour():
    bets = _bets()
    assert _apply(bets, reorder(bets, bets[2], -1))["now"] == ["B-1", "B-3", "B-2"]
    assert _apply(bets, reorder(bets, bets[0], +1))["now"] == ["B-2", "B-1", "B-3"]
    assert reorder(bets, bets[0], -1) == {} and reorder(bets, bets[2], +1) == {}


def test_status_cycles_through_every_status():
    seen = ["idea"]
    for _ in range(5):
        seen.append(next_status(seen[-1]))
    assert seen == ["idea", "discovery", "delivery", "done", "dropped", "idea"]


def test_impacts_are_added_replaced_and_removed_in_place():
    bet = Bet(
        title="b",
        moves=[
            BetImpact(key_result_id="a", expected_change=1),
            BetImpact(key_result_id="b", expected_change=2),
        ],
    )
    assert [(m.key_result_id, m.expected_change) for m in with_impact(bet, "a", 5)] == [
        ("a", 5),
        ("b", 2),
    ]
    assert [m.key_result_id for m in with_impact(bet, "c", None)] == ["a", "b", "c"]
    assert [m.key_result_id for m in without_impact(bet, "a")] == ["b"]


def test_impact_text():
    kr = make_kr(key="KR-7", unit="%")
    assert impact_text(BetImpact(key_result_id=kr.id, expected_change=30), kr) == "KR-7 +30 %"
    assert impact_text(BetImpact(key_result_id=kr.id, expected_change=-2.5), kr) == "KR-7 -2.5 %"
    assert impact_text(BetImpact(key_result_id=kr.id), kr) == "KR-7 ?"
    assert impact_text(BetImpact(key_result_id="gone"), None) == "(a key result that is gone)"


def test_bets_being_worked_on_whose_krs_did_not_move_come_up():
    moves = [BetImpact(key_result_id="kr-a"), BetImpact(key_result_id="kr-b")]
    delivery = Bet(key="B-1", title="Portal", status="delivery", moves=moves)
    discovery = Bet(
        key="B-2",
        title="Prototype",
        status="discovery",
        horizon="next",
        moves=[BetImpact(key_result_id="kr-b")],
    )
    idea = Bet(key="B-3", title="Idea", status="idea", moves=moves)
    done = Bet(key="B-4", title="Done", status="done", moves=moves)
    moved_only = Bet(
        key="B-5", title="Moved", status="delivery", moves=[BetImpact(key_result_id="kr-c")]
    )
    result = bets_to_reconsider(
        [discovery, idea, done, moved_only, delivery], {"kr-a": "KR-1", "kr-b": "KR-2"}
    )
    assert [(r.bet.key, r.unmoved) for r in result] == [
        ("B-1", ("KR-1", "KR-2")),
        ("B-2", ("KR-2",)),
    ]
    assert result[1].question == "KR-2 did not move: keep, pivot or drop?"


def test_a_dropped_bet_keeps_the_lesson_in_its_note():
    bet = Bet(title="Portal", note="Asked for by sales.")
    assert dropped_note(bet, ["KR-5"], "2026-11-23") == (
        "Dropped 2026-11-23: KR-5 did not move. Asked for by sales."
    )
