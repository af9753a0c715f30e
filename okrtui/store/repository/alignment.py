"""Provides `Alignment`, the repository's alignment links (`repo.alignment`): link an
objective to a higher objective or KR, edit or review the link, remove it.

Each is one unit of work described for the undo journal, and returns a `Change` saying what
it did; the rules live in `okrtui.domain.alignment`, imported by the methods that use them:
every command opens a repository, and most (`okrtui checkin`) never align.
"""

from __future__ import annotations

from typing import Any

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import KeyResult, Link, Objective, Strength
from okrtui.store.repository.records import Records
from okrtui.store.repository.work import Change, validated


class Alignment:
    """Links between the objectives of one database."""

    def __init__(self, records: Records) -> None:
        self.records = records

    def add_link(
        self,
        source: Objective,
        target: Objective | KeyResult,
        strength: Strength = "weak",
        hypothesis: str = "",
    ) -> Change[Link]:
        """Link `source` to a higher objective or KR of its cycle (weak unless told)."""
        from okrtui.domain.alignment import check_link

        records = self.records
        if isinstance(target, KeyResult):
            target_objective, target_kr = records.objective_of(target), target
        else:
            target_objective, target_kr = target, None
        kr_objective = {kr.id: kr.objective_id for kr in records.key_results()}
        check_link(source, target_objective, target_kr, records.links(), kr_objective)
        fields = {
            "from_objective_id": source.id,
            "strength": strength,
            "hypothesis": hypothesis,
            "to_key_result_id" if target_kr else "to_objective_id": target.id,
        }
        link = validated(Link, fields)
        with records.work() as work:
            link = work.insert(link)
            described = work.describe(f"Link {source.key} to {target.key} ({strength})")
        return Change(link, described)

    def edit_link(self, link: Link, **changes: Any) -> Change[Link]:
        """Change a link's strength or hypothesis.

        A link stored against the level order (before the rule, or by hand) is refused: it
        still reads and shows, but the fix is to remove it, not to keep changing it."""
        from okrtui.domain.alignment import level_problem

        records = self.records
        edited = link.model_copy(update=changes)
        source = records.by_id(Objective, edited.from_objective_id)
        target_kr: KeyResult | None = None
        if edited.to_key_result_id is not None:
            target_kr = records.by_id(KeyResult, edited.to_key_result_id)
            target_objective = records.objective_of(target_kr)
        else:
            target_objective = records.by_id(Objective, edited.to_objective_id or "")
        problem = level_problem(source, target_objective, target_kr)
        if problem:
            raise InvalidInput(
                f"{link.key} cannot be kept as it is: {problem} (remove {link.key}: x on the "
                "alignment screen)"
            )
        return records.change(link, f"Edit link {link.key}", **changes)

    def review_link(self, link: Link, held: bool | None, note: str | None = None) -> Change[Link]:
        """Record whether the link's hypothesis held (None: not judged), with a note."""
        from okrtui.domain.alignment import held_text

        changes: dict[str, Any] = {"held": held}
        if note is not None:
            changes["review_note"] = note
        return self.records.change(link, f"Review link {link.key}: {held_text(held)}", **changes)

    def remove_link(self, link: Link) -> Change[Link]:
        """Delete an alignment link (undo brings it back)."""
        with self.records.work() as work:
            if not work.remove(link):
                raise InvalidInput(f"{link.key} no longer exists")
            described = work.describe(f"Remove link {link.key}")
        return Change(link, described)
