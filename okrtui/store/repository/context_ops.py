"""Provides `ContextService` (`repo.context`): the shared context of drafting, kept in the
database so it travels and syncs with the OKRs.

A workspace has one lasting context (purpose, vision, product strategy) and each cycle may
have its own (inputs for that cycle, a strategy that changed). Each change is one undoable
transaction of the repository and returns its description ("Edit the context of 2026-Q1").
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

if TYPE_CHECKING:
    from okrtui.store.repository import Repository

#: Fields `save` may set.
EDITABLE = ("purpose", "vision", "narrative", "playing_field", "winning_moves", "owner", "inputs")


def _scope(cycle: Cycle | None) -> str:
    return f"the context of {cycle.name}" if cycle else "the workspace's context"


class ContextService:
    """Reads and changes the workspace's and the cycles' context."""

    def __init__(self, repo: Repository) -> None:
        self._repo = repo

    def of(self, cycle: Cycle | None) -> Context | None:
        """The cycle's own context (`cycle` None: the workspace's), or None if never written."""
        cycle_id = cycle.id if cycle else None
        found = self._repo._matching(Context, lambda d: d.get("cycle_id") == cycle_id)
        return found[0] if found else None

    def save(self, cycle: Cycle | None, **fields: Any) -> str:
        """Create or change the context of `cycle` (None: the workspace); returns what it did."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise InvalidInput(f"a context has no field {', '.join(sorted(unknown))}")
        repo = self._repo
        existing = self.of(cycle)
        with repo.db.transaction() as tx:
            if existing is None:
                fields = fields | {"cycle_id": cycle.id if cycle else None}
                repo._insert(repo._validated(Context, fields), tx)
                action = f"Write {_scope(cycle)}"
            else:
                repo._apply(existing, fields, tx)
                action = f"Edit {_scope(cycle)}"
            repo._describe(tx, action)
        return action

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

    def pull_inputs(self, cycle: Cycle, level: Level = "team") -> tuple[list[ContextInput], str]:
        """Add the parent level's OKRs and last cycle's unfinished KRs to the cycle's inputs;
        returns the inputs added and what was done ("" when there was nothing new)."""
        drafting = self.drafting(cycle, level)
        new = pulled_inputs(drafting)
        if not new:
            return [], ""
        current = self.of(cycle)
        inputs = [*(current.inputs if current else []), *new]
        self.save(cycle, inputs=[i.model_dump() for i in inputs])
        action = f"Pull {len(new)} input{'s' if len(new) != 1 else ''} into {_scope(cycle)}"
        return new, action
