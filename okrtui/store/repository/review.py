"""Provides `Review`, the repository's end-of-cycle review (`repo.review`): gather a cycle's
review, set scores, roll-over choices and reflections, and close the cycle with its roll-over.

Closing is one unit of work (one undo takes all of it back): the next cycle is created if
needed, the rolled-over objectives and KRs are inserted (`domain.rollover` plans them), bets
gain links to the new KRs, every open KR closes with its score, the objectives and the cycle
close. Every change returns a `Change` saying what it did.

The review's rules (`domain.review`, `domain.rollover`, `domain.alignment`) are imported by
the methods that use them: every command opens a repository, and most (`okrtui checkin`)
never review; importing them costs about 15 ms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Cycle, KeyResult, Objective
from okrtui.store.repository.records import Records
from okrtui.store.repository.work import Change, UnitOfWork, validated

if TYPE_CHECKING:
    from okrtui.domain.review import CycleProposal, CycleReview


@dataclass
class ClosedCycle:
    """What closing a cycle did."""

    cycle: Cycle
    next_cycle: Cycle | None = None
    #: (old KR, the new KR that continues it in the next cycle).
    rolled: list[tuple[KeyResult, KeyResult]] = field(default_factory=list)


class Review:
    """End-of-cycle review and close over one database's records."""

    def __init__(self, records: Records) -> None:
        self.records = records

    def cycle_review(self, cycle: Cycle) -> CycleReview:
        """Scores, links, calibration and carried KRs of `cycle`, as the review shows them."""
        from okrtui.domain.alignment import link_target_text
        from okrtui.domain.review import Carried, LinkReview, build_review

        records = self.records
        objectives = records.objectives(cycle)
        by_id = {o.id: o for o in records.all(Objective)}
        krs = {kr.id: kr for kr in records.key_results()}
        mine = {o.id for o in objectives}
        links = [
            LinkReview(
                link,
                f"{by_id[link.from_objective_id].key} {by_id[link.from_objective_id].label}",
                link_target_text(link, by_id, krs),
            )
            for link in records.links()
            if link.from_objective_id in mine
        ]
        cycle_kr_ids = {kr.id for kr in krs.values() if kr.objective_id in mine}
        cycles = {c.id: c for c in records.cycles()}
        carried = [
            Carried(krs[kr.continues], kr, cycles[by_id[kr.objective_id].cycle_id].name)
            for kr in krs.values()
            if kr.continues in cycle_kr_ids
        ]
        return build_review(cycle, objectives, records.cycle_snapshots(cycle), links, carried)

    def set_score(self, kr: KeyResult, score: float | None) -> Change[KeyResult]:
        """Set the final score of `kr` (None goes back to the suggestion)."""
        text = "suggested" if score is None else f"{score:.2f}"
        return self.records.change(kr, f"Score {kr.key}: {text}", score=score)

    def set_roll_over(self, kr: KeyResult, roll_over: bool) -> Change[KeyResult]:
        """Choose whether an open `kr` rolls over into the next cycle at close."""
        if kr.state != "active":
            raise InvalidInput(f"{kr.key} is closed: only an open key result rolls over")
        verb = "Roll over" if roll_over else "Do not roll over"
        return self.records.change(kr, f"{verb} {kr.key}", roll_over=roll_over)

    def set_reflection(self, objective: Objective, text: str) -> Change[Objective]:
        """Store what the team learnt about `objective` this cycle."""
        return self.records.change(
            objective, f"Reflect on {objective.key}", reflection=text.strip()
        )

    def close_cycle(
        self,
        cycle: Cycle,
        next_cycle: Cycle | None = None,
        proposal: CycleProposal | None = None,
    ) -> Change[ClosedCycle]:
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
        today = self.records.today()
        with self.records.work() as work:
            target = next_cycle
            if target is None and proposal is not None and rolling:
                target = self._new_cycle(proposal, work)
            result = ClosedCycle(cycle, target)
            if target is not None and rolling:
                result.rolled = self._roll_over(review, target, work)
            new_keys = {old.id: new.key for old, new in result.rolled}
            for item in review.key_results:
                if item.kr.state != "active":
                    continue
                changes = closing_changes(item.kr, item.score, item.kr.id in new_keys, today)
                if target is not None and item.kr.id in new_keys:
                    changes["close_reason"] = (
                        f"rolled over into {target.name} as {new_keys[item.kr.id]}"
                    )
                work.apply(item.kr, changes)
            for objective in self.records.objectives(cycle):
                if objective.title:  # an untitled draft cannot close; it stays a draft
                    work.apply(objective, {"state": "closed"})
            result.cycle = work.apply(cycle, {"state": "closed"})
            rolled = (
                f"; roll {len(result.rolled)} KR(s) over into {target.name}"
                if target is not None and result.rolled
                else ""
            )
            described = work.describe(f"Close {cycle.name}{rolled}")
        return Change(result, described)

    def _new_cycle(self, proposal: CycleProposal, work: UnitOfWork) -> Cycle:
        """Insert the cycle `proposal` describes (planning until it starts)."""
        if any(c.name == proposal.name for c in self.records.cycles()):
            raise InvalidInput(
                f"a cycle called '{proposal.name}' exists already; pick another name"
            )
        state = "active" if proposal.start <= self.records.today() else "planning"
        cycle = validated(
            Cycle,
            {
                "name": proposal.name,
                "start": proposal.start,
                "end": proposal.end,
                "cadence_days": proposal.cadence_days,
                "state": state,
            },
        )
        return work.insert(cycle)

    def _roll_over(
        self, review: CycleReview, target: Cycle, work: UnitOfWork
    ) -> list[tuple[KeyResult, KeyResult]]:
        """Insert the rolled-over objectives and KRs into `target` and carry the bets."""
        from okrtui.domain.rollover import carried_links, plan_roll_over

        if target.id == review.cycle.id or target.state == "closed":
            raise InvalidInput(
                f"{target.name} cannot take the roll-over: pick an open, later cycle"
            )
        records = self.records
        objectives = {o.id: o for o in records.objectives(review.cycle)}
        already = [o for o in records.objectives() if o.cycle_id == target.id]
        plan = plan_roll_over(
            [r.snapshot for r in review.rolling], objectives, target, already, records.bets()
        )
        for objective in plan.objectives:
            work.insert(objective)
        rolled = [(old, work.insert(new)) for old, new in plan.key_results]
        for bet, moves in plan.bets:
            work.apply(bet, {"moves": moves})
        old_links = [link for o in objectives.values() for link in records.links(o)]
        there = [link for o in already for link in records.links(o)]
        kr_ids = {old.id: new.id for old, new in rolled}
        for link in carried_links(old_links, plan.objective_ids, kr_ids, there):
            work.insert(link)
        return rolled
