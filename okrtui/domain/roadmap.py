"""Provides the roadmap of bets: Now / Next / Later columns, moving and reordering bets, and
which bets to reconsider after a check-in.

The practice (docs/practice.md, "The roadmap is a set of bets"): "the roadmap should be the set
of bets a team believes will move its OKRs, not a fixed wish list", and "if the roadmap changes
as learning changes, the OKRs are doing useful strategic work". So each bet names the KRs it
should move and by how much, and after a weekly check-in the bets whose KRs did not move come up
with "keep, pivot or drop?".

Moving and reordering are planned here as `{bet id: (horizon, rank)}` for every bet whose
place changes; ranks within a column are always 1, 2, 3… after a change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from okrtui.domain.errors import InvalidInput, describe_validation_error
from okrtui.domain.models import (
    Bet,
    BetImpact,
    BetStatus,
    Horizon,
    KeyResult,
    format_number,
    key_number,
)

HORIZONS: tuple[Horizon, ...] = ("now", "next", "later")
HORIZON_LABELS: dict[Horizon, str] = {"now": "Now", "next": "Next", "later": "Later"}
STATUSES: tuple[BetStatus, ...] = ("idea", "discovery", "delivery", "done", "dropped")
#: Bets in these statuses are being worked on, so their KRs should be moving.
ACTIVE_STATUSES: frozenset[str] = frozenset({"discovery", "delivery"})

#: A bet's new place: (horizon, rank).
Place = tuple[Horizon, int]


def columns(bets: Sequence[Bet]) -> dict[Horizon, list[Bet]]:
    """The bets of each horizon, by rank (then key)."""
    result: dict[Horizon, list[Bet]] = {h: [] for h in HORIZONS}
    for bet in sorted(bets, key=lambda b: (b.rank, key_number(b.key))):
        result[bet.horizon].append(bet)
    return result


def next_rank(bets: Sequence[Bet], horizon: Horizon) -> int:
    """The rank that puts a new bet at the bottom of `horizon`."""
    return len(columns(bets)[horizon]) + 1


def _renumbered(column: list[Bet], horizon: Horizon) -> dict[str, Place]:
    """Places for `column` in order, only for bets whose place changes."""
    return {
        bet.id: (horizon, rank)
        for rank, bet in enumerate(column, start=1)
        if (bet.horizon, bet.rank) != (horizon, rank)
    }


def move_to_horizon(bets: Sequence[Bet], bet: Bet, step: int) -> dict[str, Place]:
    """Move `bet` one horizon later (+1) or sooner (−1), to the bottom of that column;
    empty when it is already in the first or last column."""
    index = HORIZONS.index(bet.horizon) + step
    if not 0 <= index < len(HORIZONS):
        return {}
    target = HORIZONS[index]
    cols = columns(bets)
    source = [b for b in cols[bet.horizon] if b.id != bet.id]
    destination = [b for b in cols[target] if b.id != bet.id] + [bet]
    return _renumbered(source, bet.horizon) | _renumbered(destination, target)


def reorder(bets: Sequence[Bet], bet: Bet, step: int) -> dict[str, Place]:
    """Move `bet` up (−1) or down (+1) within its column; empty at either end."""
    column = columns(bets)[bet.horizon]
    index = next(i for i, b in enumerate(column) if b.id == bet.id)
    other = index + step
    if not 0 <= other < len(column):
        return {}
    column[index], column[other] = column[other], column[index]
    return _renumbered(column, bet.horizon)


def next_status(status: BetStatus) -> BetStatus:
    """The status after `status` in the cycle idea → discovery → delivery → done → dropped → idea."""
    return STATUSES[(STATUSES.index(status) + 1) % len(STATUSES)]


def impact_text(impact: BetImpact, kr: KeyResult | None) -> str:
    """`KR-7 +30 %` (or `KR-7 ?` without an expected change); `(a KR that is gone)`."""
    if kr is None:
        return "(a key result that is gone)"
    if impact.expected_change is None:
        return f"{kr.key} ?"
    sign = "+" if impact.expected_change > 0 else ""
    unit = f" {kr.unit}" if kr.unit else ""
    return f"{kr.key} {sign}{format_number(impact.expected_change)}{unit}"


def with_impact(bet: Bet, kr_id: str, expected_change: float | None) -> list[BetImpact]:
    """The bet's moves with `kr_id` added, or its expected change replaced."""
    moves = [m for m in bet.moves if m.key_result_id != kr_id]
    position = next((i for i, m in enumerate(bet.moves) if m.key_result_id == kr_id), len(moves))
    try:
        impact = BetImpact(key_result_id=kr_id, expected_change=expected_change)
    except ValidationError as exc:
        raise InvalidInput(describe_validation_error(exc, "bet link")) from None
    moves.insert(position, impact)
    return moves


def without_impact(bet: Bet, kr_id: str) -> list[BetImpact]:
    """The bet's moves without `kr_id`."""
    return [m for m in bet.moves if m.key_result_id != kr_id]


# -- after a check-in ------------------------------------------------------------------------


@dataclass(frozen=True)
class BetToReconsider:
    """A bet being worked on whose key results did not move this week."""

    bet: Bet
    #: Keys of its KRs that were checked in and did not move.
    unmoved: tuple[str, ...]

    @property
    def question(self) -> str:
        return f"{', '.join(self.unmoved)} did not move: keep, pivot or drop?"


def bets_to_reconsider(bets: Sequence[Bet], unmoved: Mapping[str, str]) -> list[BetToReconsider]:
    """Bets in discovery or delivery that should move a KR which did not move this round.

    `unmoved` maps the ids of the KRs checked in without moving to their keys. Ideas are
    not expected to move anything yet, and done or dropped bets are settled."""
    result = []
    for bet in sorted(bets, key=lambda b: (HORIZONS.index(b.horizon), b.rank, key_number(b.key))):
        if bet.status not in ACTIVE_STATUSES:
            continue
        keys = tuple(unmoved[m.key_result_id] for m in bet.moves if m.key_result_id in unmoved)
        if keys:
            result.append(BetToReconsider(bet, keys))
    return result


def dropped_note(bet: Bet, unmoved: Sequence[str], day: str) -> str:
    """The bet's note, opened by why and when it was dropped, so the roadmap keeps the
    lesson: `Dropped 2026-11-23: KR-5 did not move. <old note>`."""
    return f"Dropped {day}: {', '.join(unmoved)} did not move. {bet.note}".strip()
