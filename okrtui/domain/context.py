"""Provides the rules of shared context: what a team drafts its OKRs in view of.

"Before anyone starts suggesting Objectives or Key Results, everyone needs to understand the
context for the upcoming cycle" (the guide, "Start with Shared Context"; docs/practice.md).
The inputs it lists are company or department OKRs, the company's purpose and vision, the
product vision and strategy, previous OKRs and roadmap items, and discovery insights. A
workspace keeps the lasting part (purpose, vision, strategy); a cycle adds its own inputs.

Everything here is pure: the repository gathers the records, these functions say what to
show beside a draft and what to pull in as inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from okrtui.domain.models import Context, ContextInput, Level, Objective

if TYPE_CHECKING:
    from okrtui.domain.outline import OutlineContext
from okrtui.domain.progress import KrSnapshot

#: The level whose OKRs inform a draft's ("treat high-level OKRs as input, not blueprints").
PARENT_LEVEL: dict[Level, Level | None] = {"company": None, "team": "company", "personal": "team"}

#: The text fields of a context, with the label people see (outline, screen, panel).
CONTEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("purpose", "purpose"),
    ("vision", "vision"),
    ("narrative", "strategic narrative"),
    ("playing_field", "playing field"),
    ("winning_moves", "winning moves"),
    ("owner", "strategy owner"),
)


@dataclass(frozen=True)
class UnfinishedKr:
    """A key result of the previous cycle that did not reach its target."""

    key: str
    title: str
    owner: str
    progress: float


@dataclass
class DraftingContext:
    """What a PM drafts in view of: the workspace's and the cycle's context, the parent
    level's objectives of the cycle and last cycle's unfinished key results."""

    workspace: Context | None = None
    cycle: Context | None = None
    parent_level: Level | None = None
    parent_objectives: list[Objective] = field(default_factory=list)
    previous_cycle: str = ""
    unfinished: list[UnfinishedKr] = field(default_factory=list)

    def value(self, name: str) -> str:
        """A field as it applies to this cycle: the cycle's own text, else the workspace's."""
        for context in (self.cycle, self.workspace):
            if context is not None and getattr(context, name):
                return str(getattr(context, name))
        return ""

    @property
    def has_strategy(self) -> bool:
        return any(c is not None and c.has_strategy for c in (self.cycle, self.workspace))

    @property
    def inputs(self) -> list[ContextInput]:
        return [
            *(self.workspace.inputs if self.workspace else []),
            *(self.cycle.inputs if self.cycle else []),
        ]


def unfinished_key_results(snapshots: Iterable[KrSnapshot]) -> list[UnfinishedKr]:
    """The key results of a cycle that stopped short of their target (killed ones aside: they
    were stopped on purpose)."""
    found = []
    for snap in snapshots:
        kr = snap.kr
        if kr.close_reason and kr.state == "closed" and kr.score is None:
            continue
        if snap.shown_progress >= 1.0:
            continue
        found.append(UnfinishedKr(kr.key, kr.title, kr.owner, snap.shown_progress))
    return found


def pulled_inputs(drafting: DraftingContext) -> list[ContextInput]:
    """The parent level's objectives and last cycle's unfinished key results as context
    inputs, each owned by whoever owns the original; ones already there are left out."""
    have = {i.title for i in drafting.inputs}
    found: list[ContextInput] = []
    for objective in drafting.parent_objectives:
        title = f"{drafting.parent_level} OKR {objective.key}: {objective.label}"
        found.append(ContextInput(title=title, text=objective.why, owner=objective.owner))
    for kr in drafting.unfinished:
        title = f"unfinished in {drafting.previous_cycle} {kr.key}: {kr.title}"
        text = f"reached {round(kr.progress * 100)} % of its target"
        found.append(ContextInput(title=title, text=text, owner=kr.owner))
    return [i for i in found if i.title not in have]


def panel_lines(drafting: DraftingContext) -> list[tuple[str, str]]:
    """(heading, text) pairs to show beside a draft, in reading order; empty parts are left
    out, and a missing strategy is said plainly rather than hidden."""
    lines: list[tuple[str, str]] = []
    for name, label in CONTEXT_FIELDS:
        text = drafting.value(name)
        if text:
            lines.append((label, text))
    if not drafting.has_strategy:
        lines.append(
            (
                "product strategy",
                "not written down yet (narrative, playing field, winning moves): press "
                "C on the dashboard to write it",
            )
        )
    for item in drafting.inputs:
        owner = f" ({item.owner})" if item.owner else ""
        lines.append((f"input{owner}", item.title + (f": {item.text}" if item.text else "")))
    if drafting.parent_objectives:
        lines.append(
            (
                f"{drafting.parent_level} OKRs",
                "; ".join(f"{o.key} {o.label}" for o in drafting.parent_objectives),
            )
        )
    if drafting.unfinished:
        lines.append(
            (
                f"unfinished in {drafting.previous_cycle}",
                "; ".join(
                    f"{kr.key} {kr.title} ({round(kr.progress * 100)} %)"
                    for kr in drafting.unfinished
                ),
            )
        )
    return lines


def inputs_text(inputs: Sequence[ContextInput]) -> str:
    """Inputs as editable lines, `title | owner | text` each (the context screen's field)."""
    lines = []
    for item in inputs:
        parts = [item.title, item.owner, item.text]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def parse_inputs(text: str) -> list[ContextInput]:
    """The inverse of `inputs_text`: one input per non-blank line, `title | owner | text`."""
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        title, _, rest = line.partition("|")
        owner, _, detail = rest.partition("|")
        found.append(ContextInput(title=title.strip(), owner=owner.strip(), text=detail.strip()))
    return found


def outline_context(context: Context | None) -> OutlineContext | None:
    """A stored context as the outline's `>` section (None when there is nothing to write).
    The outline's module is imported here: every command opens the repository, which uses
    this module, and `okrtui checkin` never reads an outline."""
    from okrtui.domain.outline import OutlineContext, OutlineInput

    if context is None:
        return None
    found = OutlineContext(
        purpose=context.purpose,
        vision=context.vision,
        narrative=context.narrative,
        playing_field=context.playing_field,
        winning_moves=context.winning_moves,
        owner=context.owner,
        inputs=tuple(OutlineInput(i.title, i.owner, i.text) for i in context.inputs),
    )
    return found if found != OutlineContext() else None


def context_changes(current: Context | None, read: OutlineContext) -> dict[str, object]:
    """What importing the outline's context changes in the cycle's stored one: each field the
    outline gives (an empty one keeps what is stored), and the inputs it names that are not
    there yet (matched by title). Empty when nothing would change."""
    changes: dict[str, object] = {}
    for name, _ in CONTEXT_FIELDS:
        value = getattr(read, name)
        if value and value != (getattr(current, name) if current else ""):
            changes[name] = value
    have = {i.title.casefold() for i in current.inputs} if current else set()
    new = [i for i in read.inputs if i.title.casefold() not in have]
    if new:
        kept = [i.model_dump() for i in current.inputs] if current else []
        changes["inputs"] = kept + [
            {"title": i.title, "owner": i.owner, "text": i.text} for i in new
        ]
    return changes
