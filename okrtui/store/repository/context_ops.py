"""Provides `ContextService` (`repo.context`): the shared context of drafting, kept in the
database so it travels and syncs with the OKRs.

A workspace has one lasting context (purpose, vision, product strategy) and each cycle may
have its own (inputs for that cycle, a strategy that changed). Each change is one unit of work
of the repository and returns a `Change` ("Edit the context of 2026-Q1").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from okrtui.domain.context import (
    PARENT_LEVEL,
    DraftingContext,
    pulled_inputs,
    unfinished_key_results,
)
from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Context, ContextInput, Cycle, Level
from okrtui.store.repository.work import Change, validated

if TYPE_CHECKING:
    from okrtui.store.repository.records import Records

#: Fields `save` may set.
EDITABLE = ("purpose", "vision", "narrative", "playing_field", "winning_moves", "owner", "inputs")


def _scope(cycle: Cycle | None) -> str:
    return f"the context of {cycle.name}" if cycle else "the workspace's context"


class ContextService:
    """Reads and changes the workspace's and the cycles' context."""

    def __init__(self, repo: Records) -> None:
        self._repo = repo

    def of(self, cycle: Cycle | None) -> Context | None:
        """The cycle's own context (`cycle` None: the workspace's), or None if never written."""
        cycle_id = cycle.id if cycle else None
        found = self._repo.matching(Context, lambda d: d.get("cycle_id") == cycle_id)
        return found[0] if found else None

    def save(self, cycle: Cycle | None, **fields: Any) -> Change[Context]:
        """Create or change the context of `cycle` (None: the workspace)."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise InvalidInput(f"a context has no field {', '.join(sorted(unknown))}")
        existing = self.of(cycle)
        with self._repo.work() as work:
            if existing is None:
                fields = fields | {"cycle_id": cycle.id if cycle else None}
                saved = work.insert(validated(Context, fields))
                described = work.describe(f"Write {_scope(cycle)}")
            else:
                saved = work.apply(existing, fields)
                described = work.describe(f"Edit {_scope(cycle)}")
        return Change(saved, described)

    def drafting(self, cycle: Cycle, level: Level = "team") -> DraftingContext:
        """Everything to show beside a draft of `level` in `cycle`."""
        repo = self._repo
        parent = PARENT_LEVEL[level]
        drafting = DraftingContext(
            workspace=self.of(None), cycle=self.of(cycle), parent_level=parent
        )
        if parent is not None:
            drafting.parent_objectives = [
                o for o in repo.objectives(cycle) if o.level == parent and o.state != "closed"
            ]
        earlier = [c for c in repo.cycles() if c.start < cycle.start and c.id != cycle.id]
        if earlier:
            previous = earlier[-1]
            drafting.previous_cycle = previous.name
            carried = {kr.continues for kr in repo.cycle_key_results(cycle) if kr.continues}
            snapshots = [
                s
                for group in repo.cycle_snapshots(previous).values()
                for s in group
                if s.kr.id not in carried
            ]
            drafting.unfinished = unfinished_key_results(snapshots)
        return drafting

    def pull_inputs(self, cycle: Cycle, level: Level = "team") -> Change[list[ContextInput]]:
        """Add the parent level's OKRs and last cycle's unfinished KRs to the cycle's inputs;
        the change's result is the inputs added (its description is "" when none were new)."""
        drafting = self.drafting(cycle, level)
        new = pulled_inputs(drafting)
        if not new:
            return Change([], "")
        current = self.of(cycle)
        inputs = [*(current.inputs if current else []), *new]
        with self._repo.work() as work:
            self.save(cycle, inputs=[i.model_dump() for i in inputs])  # joins this unit of work
            described = work.describe(
                f"Pull {len(new)} input{'s' if len(new) != 1 else ''} into {_scope(cycle)}"
            )
        return Change(new, described)
