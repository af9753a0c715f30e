"""Provides `ReviewOperations`, the repository's end-of-cycle review: gather a cycle's review,
set scores, roll-over choices and reflections, and close the cycle with its roll-over.

Closing is one locked, atomic transaction (one undo takes all of it back): the next cycle is
created if needed, the rolled-over objectives and KRs are inserted (`domain.rollover` plans
them), bets gain links to the new KRs, every open KR closes with its score, the objectives
and the cycle close.

The review's rules (`domain.review`, `domain.rollover`, `domain.alignment`) are imported by
the methods that use them: every command opens a `Repository`, which mixes this class in,
and most (`okrtui checkin`) never review; importing them costs about 15 ms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Cycle, KeyResult, Objective

if TYPE_CHECKING:
    from okrtui.domain.review import CycleProposal, CycleReview
    from okrtui.store.engine.database import Transaction
    from okrtui.store.repository import Repository


@dataclass
class ClosedCycle:
    """What closing a cycle did."""

    cycle: Cycle
    next_cycle: Cycle | None = None
    #: (old KR, the new KR that continues it in the next cycle).
    rolled: list[tuple[KeyResult, KeyResult]] = field(default_factory=list)


class ReviewOperations:
    """End-of-cycle review and close, mixed into `Repository`."""

    def cycle_review(self: Repository, cycle: Cycle) -> CycleReview:
        """Scores, links, calibration and carried KRs of `cycle`, as the review shows them."""
        from okrtui.domain.alignment import link_target_text
        from okrtui.domain.review import Carried, LinkReview, build_review

        objectives = self.objectives(cycle)
        by_id = {o.id: o for o in self.all(Objective)}
        krs = {kr.id: kr for kr in self.key_results()}
        mine = {o.id for o in objectives}
        links = [
            LinkReview(
                link,
                f"{by_id[link.from_objective_id].key} {by_id[link.from_objective_id].label}",
                link_target_text(link, by_id, krs),
            )
            for link in self.links()
            if link.from_objective_id in mine
        ]
        cycle_kr_ids = {kr.id for kr in krs.values() if kr.objective_id in mine}
        cycles = {c.id: c for c in self.cycles()}
        carried = [
            Carried(krs[kr.continues], kr, cycles[by_id[kr.objective_id].cycle_id].name)
            for kr in krs.values()
            if kr.continues in cycle_kr_ids
        ]
        return build_review(cycle, objectives, self.cycle_snapshots(cycle), links, carried)

    def set_score(self: Repository, kr: KeyResult, score: float | None) -> KeyResult:
        """Set the final score of `kr` (None goes back to the suggestion)."""
        text = "suggested" if score is None else f"{score:.2f}"
        return self._change(kr, f"Score {kr.key}: {text}", score=score)

    def set_roll_over(self: Repository, kr: KeyResult, roll_over: bool) -> KeyResult:
        """Choose whether an open `kr` rolls over into the next cycle at close."""
        if kr.state != "active":
            raise InvalidInput(f"{kr.key} is closed: only an open key result rolls over")
        verb = "Roll over" if roll_over else "Do not roll over"
        return self._change(kr, f"{verb} {kr.key}", roll_over=roll_over)

    def set_reflection(self: Repository, objective: Objective, text: str) -> Objective:
        """Store what the team learnt about `objective` this cycle."""
        return self._change(objective, f"Reflect on {objective.key}", reflection=text.strip())

    def close_cycle(
        self: Repository,
        cycle: Cycle,
        next_cycle: Cycle | None = None,
        proposal: CycleProposal | None = None,
    ) -> ClosedCycle:
        """Close `cycle`: score every open KR (its set score, else the suggestion), roll the
        chosen ones over into `next_cycle` (or a new cycle made from `proposal`), close the
        objectives and the cycle. All or nothing, one undoable change."""
        from okrtui.domain.rollover import closing_changes

        if cycle.state == "closed":
            raise InvalidInput(f"{cycle.name} is closed already")
        review = self.cycle_review(cycle)
        rolling = review.rolling
        if rolling and next_cycle is None and proposal is None:
            raise InvalidInput(
                f"{len(rolling)} key result(s) roll over: name the next cycle, or choose not "
                "to roll them over"
            )
        today = self.today()
        with self.db.transaction() as tx:
            target = next_cycle
            if target is None and proposal is not None and rolling:
                target = self._new_cycle(proposal, tx)
            result = ClosedCycle(cycle, target)
            if target is not None and rolling:
                result.rolled = self._roll_over(review, target, tx)
            new_keys = {old.id: new.key for old, new in result.rolled}
            for item in review.key_results:
                if item.kr.state != "active":
                    continue
                changes = closing_changes(item.kr, item.score, item.kr.id in new_keys, today)
                if item.kr.id in new_keys:
                    changes["close_reason"] = (
                        f"rolled over into {target.name} as {new_keys[item.kr.id]}"
                    )
                self._apply(item.kr, changes, tx)
            for objective in self.objectives(cycle):
                if objective.title:  # an untitled draft cannot close; it stays a draft
                    self._apply(objective, {"state": "closed"}, tx)
            closed = self._apply(cycle, {"state": "closed"}, tx)
            result.cycle = closed
            rolled = (
                f"; roll {len(result.rolled)} KR(s) over into {target.name}"
                if result.rolled
                else ""
            )
            self._describe(tx, f"Close {cycle.name}{rolled}")
        return result

    def _new_cycle(self: Repository, proposal: CycleProposal, tx: Transaction) -> Cycle:
        """Insert the cycle `proposal` describes (planning until it starts)."""
        if any(c.name == proposal.name for c in self.cycles()):
            raise InvalidInput(
                f"a cycle called '{proposal.name}' exists already; pick another name"
            )
        state = "active" if proposal.start <= self.today() else "planning"
        cycle = self._validated(
            Cycle,
            {
                "name": proposal.name,
                "start": proposal.start,
                "end": proposal.end,
                "cadence_days": proposal.cadence_days,
                "state": state,
            },
        )
        return self._insert(cycle, tx)

    def _roll_over(
        self: Repository, review: CycleReview, target: Cycle, tx: Transaction
    ) -> list[tuple[KeyResult, KeyResult]]:
        """Insert the rolled-over objectives and KRs into `target` and carry the bets."""
        from okrtui.domain.rollover import carried_links, plan_roll_over

        if target.id == review.cycle.id or target.state == "closed":
            raise InvalidInput(
                f"{target.name} cannot take the roll-over: pick an open, later cycle"
            )
        objectives = {o.id: o for o in self.objectives(review.cycle)}
        already = [o for o in self.objectives() if o.cycle_id == target.id]
        plan = plan_roll_over(
            [r.snapshot for r in review.rolling], objectives, target, already, self.bets()
        )
        for objective in plan.objectives:
            self._insert(objective, tx)
        rolled = [(old, self._insert(new, tx)) for old, new in plan.key_results]
        for bet, moves in plan.bets:
            self._apply(bet, {"moves": moves}, tx)
        old_links = [link for objective in objectives.values() for link in self.links(objective)]
        there = [link for o in already for link in self.links(o)]
        kr_ids = {old.id: new.id for old, new in rolled}
        for link in carried_links(old_links, plan.objective_ids, kr_ids, there):
            self._insert(link, tx)
        return rolled
