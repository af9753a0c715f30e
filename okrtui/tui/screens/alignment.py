"""Provides `AlignmentScreen`: the cycle's objectives as a tree, company → team → personal,
hung by their links (a on the dashboard).

Each objective shows its own progress; a link shows its strength (`~` weak: informs, no
roll-up; `═` strong: progress rolls up) and the hypothesis that connects the two. Only strong
links change a figure, and then the parent shows its rolled-up progress beside its own.

Keys: `l` links the selected objective to a higher objective or KR, `e` edits the link it
hangs by, `s` switches that link between weak and strong, `x` removes it.

Links go up company > team > personal. A link stored against that order (before the rule was
enforced, or written by hand) still shows where it hangs, marked `⚠ against the levels`, so it
can be removed; it can no longer be edited.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from okrtui.domain.alignment import (
    LEVEL_RULE,
    AlignmentNode,
    Rollup,
    alignment_tree,
    link_targets,
    no_target_text,
    rollup,
    walk,
)
from okrtui.domain.errors import OkrError
from okrtui.domain.models import Cycle, Link, Objective
from okrtui.store.repository import Change
from okrtui.tui.dialogs.confirm import ConfirmScreen
from okrtui.tui.dialogs.link_form import LinkFormScreen
from okrtui.tui.screens.practice_layout import PracticeScreen
from okrtui.tui.widgets.alignment_tree import AlignmentTree

LINK_GLYPHS = {"weak": ("~", "cyan"), "strong": ("═", "bold magenta")}
LEVEL_STYLES = {"company": "bold", "team": "", "personal": "italic"}
#: The mark of a link stored against the level order.
AGAINST_LEVELS = "⚠ against the levels"
#: Characters of an objective's title and of a hypothesis shown in the tree (the detail
#: below shows both in full).
TITLE_WIDTH = 44
HYPOTHESIS_WIDTH = 34


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def node_label(node: AlignmentNode, figures: Rollup) -> Text:
    """`~ O-2 Improve onboarding … team · 64%  “hypothesis”` (roots have no link part)."""
    objective = node.objective
    text = Text()
    if node.link is not None:
        glyph, style = LINK_GLYPHS[node.link.strength]
        text.append(f"{glyph} ", style=style)
    title = _clip(objective.label, TITLE_WIDTH)
    text.append(f"{objective.key} ", style="bold")
    text.append(title, style=LEVEL_STYLES[objective.level])
    text.append(f"  {objective.level} · {percent(figures.own)}", style="bright_black")
    if figures.differs:
        text.append(f" → {percent(figures.rolled)} rolled up", style="magenta")
    if node.via is not None:
        text.append(f"  via {node.via.key}", style="cyan")
    if node.against_levels:
        text.append(f"  {AGAINST_LEVELS}", style="bold yellow")
    if node.link is not None and node.link.hypothesis:
        text.append(
            f"  “{_clip(node.link.hypothesis, HYPOTHESIS_WIDTH)}”", style="italic bright_black"
        )
    return text


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def node_detail(node: AlignmentNode, figures: Rollup, parent: Objective | None) -> Text:
    """The selected objective and the link it hangs by, in full."""
    objective = node.objective
    text = Text(f"{objective.key}  {objective.label}", style="bold")
    who = " · ".join(p for p in (objective.level, objective.team, objective.owner) if p)
    text.append(f"  {who} · progress {percent(figures.own)}")
    if figures.strong_inputs:
        text.append(
            f" · with {figures.strong_inputs} strong link(s) rolled up: {percent(figures.rolled)}",
            style="magenta",
        )
    link = node.link
    if link is None:
        hint = (
            "A company objective: the top of the tree."
            if objective.level == "company"
            else "Not linked to a higher objective: l links it (weak by default)."
        )
        text.append(f"\n{hint}", style="bright_black")
        return text
    target = (
        f"{node.via.key} {node.via.title}"
        if node.via
        else (f"{parent.key} {parent.label}" if parent else "?")
    )
    text.append(f"\n{link.key} {link.strength} link to {target}")
    text.append(
        " (rolls progress up)" if link.strength == "strong" else " (informs; changes no figure)",
        style="bright_black",
    )
    text.append(f"\nHypothesis: {link.hypothesis or '– (e edits it)'}", style="italic")
    if node.against_levels:
        lower = f"{parent.key} ({parent.level})" if parent else "an objective that is not higher"
        text.append(
            f"\n{AGAINST_LEVELS}: {LEVEL_RULE}, but {objective.key} ({objective.level}) "
            f"links to {lower}. x removes the link.",
            style="yellow",
        )
    return text


#: The tree's selection: (objective id, id of the link it hangs by).
Identity = tuple[str, str | None]


class AlignmentScreen(PracticeScreen[None, Identity]):
    """Objectives of a cycle, their links and what rolls up."""

    CSS: ClassVar[str] = """
    #alignment-tree {
        height: 1fr;
        padding: 0 1;
    }
    """

    TITLE = "Alignment"
    BINDINGS = [
        Binding("l", "link", "Link to…", id="alignment.link"),
        Binding("e", "edit", "Edit link", id="alignment.edit"),
        Binding("s", "strength", "Weak/strong", id="alignment.strength"),
        Binding("x", "remove", "Remove link", id="alignment.remove"),
    ]

    def __init__(self, cycle: Cycle) -> None:
        super().__init__()
        self.cycle = cycle
        self._figures: dict[str, Rollup] = {}
        self._objectives: dict[str, Objective] = {}

    def compose_body(self) -> ComposeResult:
        yield AlignmentTree("alignment", id="alignment-tree")

    def on_mount(self) -> None:
        tree = self.query_one(AlignmentTree)
        tree.show_root = False
        tree.guide_depth = 3
        tree.focus()

    # -- loading ---------------------------------------------------------------------------

    def refresh_data(self, select: Identity | None = None) -> None:
        """Re-read the cycle and rebuild the tree; keep the cursor on the same objective
        (and link), or on `select` = (objective id, link id)."""
        repo = self.repository
        select = select or self._selected_identity()
        try:
            objectives = repo.objectives(self.cycle)
            key_results = repo.cycle_key_results(self.cycle)
            links = [link for o in objectives for link in repo.links(o)]
            snapshots = repo.cycle_snapshots(self.cycle)
        except OkrError as error:
            self.show_message(str(error))
            return
        self._objectives = {o.id: o for o in objectives}
        self._figures = rollup(objectives, snapshots, links)
        forest = alignment_tree(objectives, key_results, links)
        self._fill(forest, select)
        self._show_heading(objectives, links, forest)
        self._show_detail()

    def _fill(self, forest: list[AlignmentNode], select: Identity | None) -> None:
        tree = self.query_one(AlignmentTree)
        tree.clear()
        wanted = None
        stack = [tree.root]
        for depth, node in walk(forest):
            del stack[depth + 1 :]
            item = stack[depth].add(
                node_label(node, self._figures[node.objective.id]), data=node, expand=True
            )
            if not node.children:
                item.allow_expand = False
            stack.append(item)
            identity = (node.objective.id, node.link.id if node.link else None)
            if select is not None and identity == select and wanted is None:
                wanted = item
        tree.root.expand_all()
        self.call_after_refresh(self._settle_cursor, wanted)

    def _settle_cursor(self, wanted: TreeNode[AlignmentNode] | None) -> None:
        """Once the rebuilt tree is laid out: put the cursor on `wanted` and describe it (the
        cursor may stay on the same line, which posts no highlight)."""
        if wanted is not None:
            tree = self.query_one(AlignmentTree)
            if tree.last_line >= 0:  # reading it lays out the lines: each node knows its line
                tree.move_cursor(wanted)
        self._show_detail()

    def _show_heading(self, objectives: list[Objective], links: list[Link], forest) -> None:
        strong = sum(link.strength == "strong" for link in links)
        linked = {link.from_objective_id for link in links}
        loose = [o for o in objectives if o.level != "company" and o.id not in linked]
        text = Text(f"Alignment · {self.cycle.name}", style="bold")
        text.append(f" · {len(links)} link(s): {len(links) - strong} weak, {strong} strong")
        if loose:
            text.append(f" · {len(loose)} not linked", style="yellow")
        against = {n.link.id for _, n in walk(forest) if n.against_levels and n.link}
        if against:
            text.append(f" · {len(against)} {AGAINST_LEVELS}", style="bold yellow")
        text.append("  (~ weak informs, ═ strong rolls up)", style="bright_black")
        self.show_heading(text)
        if not forest:
            self.show_message(f"{self.cycle.name} has no objectives yet.")

    def _show_detail(self) -> None:
        node = self.selected_node
        if node is None:
            self.show_detail("")
            return
        parent_id = None
        tree_node = self.query_one(AlignmentTree).cursor_node
        if tree_node is not None and tree_node.parent is not None and tree_node.parent.data:
            parent_id = tree_node.parent.data.objective.id
        self.show_detail(
            node_detail(
                node, self._figures[node.objective.id], self._objectives.get(parent_id or "")
            )
        )

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        self._show_detail()

    # -- what is selected ------------------------------------------------------------------

    @property
    def selected_node(self) -> AlignmentNode | None:
        if not self.is_mounted:
            return None
        node = self.query_one(AlignmentTree).cursor_node
        return node.data if node is not None else None

    def _selected_identity(self) -> tuple[str, str | None] | None:
        node = self.selected_node
        if node is None:
            return None
        return node.objective.id, node.link.id if node.link else None

    def _selected_link(self) -> Link | None:
        node = self.selected_node
        if node is None or node.link is None:
            self.show_message("This objective hangs by no link: l links it to a higher one.")
            return None
        return node.link

    # -- actions ---------------------------------------------------------------------------

    def action_link(self) -> None:
        """Link the selected objective to a higher objective or KR of the cycle."""
        node = self.selected_node
        if node is None:
            self.show_message("Select an objective first.")
            return
        if not link_targets(node.objective, list(self._objectives.values())):
            self.show_message(no_target_text(node.objective, self.cycle.name))
            return
        self.show_message("")
        form = LinkFormScreen(node.objective, self.cycle)
        self.app.push_screen(form, self._after_change)

    def action_edit(self) -> None:
        """Edit the strength and hypothesis of the link the selected objective hangs by."""
        link, node = self._selected_link(), self.selected_node
        if link is not None and node is not None:
            self.app.push_screen(
                LinkFormScreen(node.objective, self.cycle, link), self._after_change
            )

    def action_strength(self) -> None:
        """Switch the link between weak (informs) and strong (rolls progress up)."""
        link = self._selected_link()
        if link is None:
            return
        strength = "weak" if link.strength == "strong" else "strong"
        try:
            changed = self.repository.alignment.edit_link(link, strength=strength)
        except OkrError as error:
            self.show_message(str(error))
            return
        self._after_change(changed)

    def action_remove(self) -> None:
        """Remove the link the selected objective hangs by (after a yes)."""
        link = self._selected_link()
        if link is None:
            return

        def remove(yes: bool | None) -> None:
            if not yes:
                return
            try:
                removed = self.repository.alignment.remove_link(link)
            except OkrError as error:
                self.show_message(str(error))
                return
            self.notify(removed.description, timeout=3)
            self.select_after_change((link.from_objective_id, None))

        question = f"Remove {link.key}?"
        self.app.push_screen(
            ConfirmScreen(question, link.hypothesis, yes="Remove", no="Keep"), remove
        )

    def _after_change(self, change: Change[Link] | None) -> None:
        if change is not None:
            link = change.result
            self.show_message("")
            self.notify(change.description, timeout=3)
            self.select_after_change((link.from_objective_id, link.id))
