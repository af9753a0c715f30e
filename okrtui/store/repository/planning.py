"""Provides `PlanningOperations`, the repository's roadmap and alignment changes: add and
arrange bets, link them to the KRs they should move, decide after a check-in, and add, edit,
review or remove alignment links.

Each is one locked, atomic transaction described for the undo journal; the rules live in
`okrtui.domain.roadmap` and `okrtui.domain.alignment`, imported by the methods that use them:
every command opens a `Repository`, which mixes this class in, and most (`okrtui checkin`)
never plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Bet, KeyResult, Link, Objective, Strength, format_number

if TYPE_CHECKING:
    from okrtui.domain.roadmap import Place
    from okrtui.store.repository import Repository


class PlanningOperations:
    """Roadmap and alignment changes, mixed into `Repository`."""

    # -- bets -----------------------------------------------------------------------------

    def add_bet(self: Repository, **fields: Any) -> Bet:
        """Create a bet at the bottom of its horizon."""
        from okrtui.domain.roadmap import next_rank

        horizon = fields.get("horizon", "now")
        return self.create(Bet, **(fields | {"rank": next_rank(self.bets(), horizon)}))

    def arrange_bets(self: Repository, places: Mapping[str, Place], action: str) -> None:
        """Give the bets in `places` their new (horizon, rank), all in one change."""
        if not places:
            return
        with self.db.transaction() as tx:
            for bet_id, (horizon, rank) in places.items():
                self._apply(self.by_id(Bet, bet_id), {"horizon": horizon, "rank": rank}, tx)
            self._describe(tx, action)

    def move_bet(self: Repository, bet: Bet, places: Mapping[str, Place]) -> None:
        """Apply a move of `bet` to another horizon (planned by `roadmap.move_to_horizon`)."""
        from okrtui.domain.roadmap import HORIZON_LABELS

        horizon, _ = places.get(bet.id, (bet.horizon, bet.rank))
        self.arrange_bets(places, f"Move {bet.key} to {HORIZON_LABELS[horizon]}")

    def link_bet(self: Repository, bet: Bet, kr: KeyResult, expected_change: float | None) -> Bet:
        """Record that `bet` should move `kr` by `expected_change` (in the KR's unit)."""
        from okrtui.domain.roadmap import with_impact

        if kr.state != "active":
            raise InvalidInput(f"{kr.key} is closed: link the bet to an open key result")
        change = "" if expected_change is None else f" ({format_number(expected_change)} {kr.unit})"
        return self._change(
            bet,
            f"Link {bet.key} to {kr.key}{change.rstrip()}",
            moves=with_impact(bet, kr.id, expected_change),
        )

    def unlink_bet(self: Repository, bet: Bet, kr: KeyResult) -> Bet:
        """Stop expecting `bet` to move `kr`."""
        from okrtui.domain.roadmap import without_impact

        if all(m.key_result_id != kr.id for m in bet.moves):
            raise InvalidInput(f"{bet.key} does not move {kr.key}")
        return self._change(
            bet, f"Unlink {bet.key} from {kr.key}", moves=without_impact(bet, kr.id)
        )

    def drop_bet(self: Repository, bet: Bet, unmoved: Sequence[str] = ()) -> Bet:
        """Drop `bet`; when its KRs did not move (`unmoved` keys), say so in its note."""
        from okrtui.domain.roadmap import dropped_note

        note = dropped_note(bet, unmoved, self.today().isoformat()) if unmoved else bet.note
        return self._change(bet, f"Drop {bet.key}", status="dropped", note=note)

    # -- alignment links ------------------------------------------------------------------

    def add_link(
        self: Repository,
        source: Objective,
        target: Objective | KeyResult,
        strength: Strength = "weak",
        hypothesis: str = "",
    ) -> Link:
        """Link `source` to a higher objective or KR of its cycle (weak unless told)."""
        from okrtui.domain.alignment import check_link

        if isinstance(target, KeyResult):
            target_objective, target_kr = self.objective_of(target), target
        else:
            target_objective, target_kr = target, None
        kr_objective = {kr.id: kr.objective_id for kr in self.key_results()}
        check_link(source, target_objective, target_kr, self.links(), kr_objective)
        fields = {
            "from_objective_id": source.id,
            "strength": strength,
            "hypothesis": hypothesis,
            "to_key_result_id" if target_kr else "to_objective_id": target.id,
        }
        link = self._validated(Link, fields)
        with self.db.transaction() as tx:
            link = self._insert(link, tx)
            self._describe(tx, f"Link {source.key} to {target.key} ({strength})")
        return link

    def edit_link(self: Repository, link: Link, **changes: Any) -> Link:
        """Change a link's strength or hypothesis.

        A link stored against the level order (before the rule, or by hand) is refused: it
        still reads and shows, but the fix is to remove it, not to keep changing it."""
        from okrtui.domain.alignment import level_problem

        edited = link.model_copy(update=changes)
        source = self.by_id(Objective, edited.from_objective_id)
        if edited.to_key_result_id is not None:
            target_kr: KeyResult | None = self.by_id(KeyResult, edited.to_key_result_id)
            target_objective = self.objective_of(target_kr)
        else:
            target_kr, target_objective = None, self.by_id(Objective, edited.to_objective_id or "")
        problem = level_problem(source, target_objective, target_kr)
        if problem:
            raise InvalidInput(
                f"{link.key} cannot be kept as it is: {problem} (remove {link.key}: x on the "
                "alignment screen)"
            )
        return self._change(link, f"Edit link {link.key}", **changes)

    def review_link(
        self: Repository, link: Link, held: bool | None, note: str | None = None
    ) -> Link:
        """Record whether the link's hypothesis held (None: not judged), with a note."""
        from okrtui.domain.alignment import held_text

        changes: dict[str, Any] = {"held": held}
        if note is not None:
            changes["review_note"] = note
        return self._change(link, f"Review link {link.key}: {held_text(held)}", **changes)

    def remove_link(self: Repository, link: Link) -> None:
        """Delete an alignment link (undo brings it back)."""
        with self.db.transaction() as tx:
            if not tx.has("links", link.id):
                raise InvalidInput(f"{link.key} no longer exists")
            tx.remove("links", link.id)
            self._describe(tx, f"Remove link {link.key}")
