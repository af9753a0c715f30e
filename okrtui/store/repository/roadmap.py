"""Provides `Roadmap`, the repository's roadmap changes (`repo.roadmap`): add, edit and
arrange bets, link them to the KRs they should move, drop one after a check-in.

Each is one unit of work described for the undo journal, and returns a `Change` saying what
it did; the rules live in `okrtui.domain.roadmap`, imported by the methods that use them:
every command opens a repository, and most (`okrtui checkin`) never plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Bet, KeyResult, format_number
from okrtui.store.repository.records import Records
from okrtui.store.repository.work import Change, quoted, validated

if TYPE_CHECKING:
    from okrtui.domain.roadmap import Place


class Roadmap:
    """Bets on the roadmap of one database."""

    def __init__(self, records: Records) -> None:
        self.records = records

    def add_bet(self, **fields: Any) -> Change[Bet]:
        """Create a bet at the bottom of its horizon."""
        from okrtui.domain.roadmap import next_rank

        horizon = fields.get("horizon", "now")
        bet = validated(Bet, fields | {"rank": next_rank(self.records.bets(), horizon)})
        with self.records.work() as work:
            bet = work.insert(bet)
            described = work.describe(f"Create {bet.key}{quoted(bet)}")
        return Change(bet, described)

    def edit_bet(self, bet: Bet, **changes: Any) -> Change[Bet]:
        """Change a bet's title, link, note, horizon or status (the bet form's save)."""
        return self.records.change(bet, "", **changes)

    def arrange_bets(self, places: Mapping[str, Place], action: str) -> Change[list[Bet]] | None:
        """Give the bets in `places` their new (horizon, rank), all in one change described
        as `action`; None when there is nothing to move."""
        if not places:
            return None
        with self.records.work() as work:
            moved = [
                work.apply(self.records.by_id(Bet, bet_id), {"horizon": horizon, "rank": rank})
                for bet_id, (horizon, rank) in places.items()
            ]
            described = work.describe(action)
        return Change(moved, described)

    def move_bet(self, bet: Bet, places: Mapping[str, Place]) -> Change[list[Bet]] | None:
        """Apply a move of `bet` to another horizon (planned by `roadmap.move_to_horizon`)."""
        from okrtui.domain.roadmap import HORIZON_LABELS

        horizon, _ = places.get(bet.id, (bet.horizon, bet.rank))
        return self.arrange_bets(places, f"Move {bet.key} to {HORIZON_LABELS[horizon]}")

    def link_bet(self, bet: Bet, kr: KeyResult, expected_change: float | None) -> Change[Bet]:
        """Record that `bet` should move `kr` by `expected_change` (in the KR's unit)."""
        from okrtui.domain.roadmap import with_impact

        if kr.state != "active":
            raise InvalidInput(f"{kr.key} is closed: link the bet to an open key result")
        change = "" if expected_change is None else f" ({format_number(expected_change)} {kr.unit})"
        return self.records.change(
            bet,
            f"Link {bet.key} to {kr.key}{change.rstrip()}",
            moves=with_impact(bet, kr.id, expected_change),
        )

    def unlink_bet(self, bet: Bet, kr: KeyResult) -> Change[Bet]:
        """Stop expecting `bet` to move `kr`."""
        from okrtui.domain.roadmap import without_impact

        if all(m.key_result_id != kr.id for m in bet.moves):
            raise InvalidInput(f"{bet.key} does not move {kr.key}")
        return self.records.change(
            bet, f"Unlink {bet.key} from {kr.key}", moves=without_impact(bet, kr.id)
        )

    def drop_bet(self, bet: Bet, unmoved: Sequence[str] = ()) -> Change[Bet]:
        """Drop `bet`; when its KRs did not move (`unmoved` keys), say so in its note."""
        from okrtui.domain.roadmap import dropped_note

        today = self.records.today().isoformat()
        note = dropped_note(bet, unmoved, today) if unmoved else bet.note
        return self.records.change(bet, f"Drop {bet.key}", status="dropped", note=note)
