"""Provides weak-link alignment: the tree of a cycle's objectives, the roll-up of progress
along strong links, and the checks a new link must pass.

The practice (docs/practice.md, "Weak links, not cascades"): higher-level OKRs inform a team's
thinking rather than dictate it. So a link is `weak` by default: it records the hypothesis
that connects the two ("more shared views → higher retention") and changes no figure. Only a
`strong` link rolls progress up:

- a child objective strongly linked to a parent *objective* counts as one more item, with
  weight 1, in the parent's weighted mean (beside the parent's own KRs);
- a child strongly linked to a parent *key result* is averaged into that KR's progress,
  which then counts in its objective's mean with the KR's weight;
- the child contributes its own rolled-up progress, so chains of strong links roll up;
- a weak link never changes anything: without strong links, rolled-up progress is exactly
  the objective's own progress (`progress.objective_progress`).

Links go up the levels company > team > personal: an objective links only to an objective or
KR of a strictly higher level (personal → team or company, team → company; a company
objective links to nothing). A new or edited link that does not is refused (`check_link`,
`level_problem`); one already stored (written before the rule, or by hand) still reads and
shows, flagged `against_levels` in the tree, so it can be seen and removed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import KeyResult, Link, Objective, key_number
from okrtui.domain.progress import KrSnapshot, counted, objective_progress

LEVEL_ORDER = {"company": 0, "team": 1, "personal": 2}
#: How the rule reads in messages.
LEVEL_RULE = "links go up company > team > personal"


def is_higher(level: str, than: str) -> bool:
    """Whether `level` is strictly above `than` (company above team above personal)."""
    return LEVEL_ORDER[level] < LEVEL_ORDER[than]


def link_targets(source: Objective, objectives: Sequence[Objective]) -> list[Objective]:
    """The objectives `source` may link to (or to one of their KRs): those of its cycle at a
    strictly higher level, highest first, then by key."""
    higher = (
        o
        for o in objectives
        if o.id != source.id and o.cycle_id == source.cycle_id and is_higher(o.level, source.level)
    )
    return sorted(higher, key=lambda o: (LEVEL_ORDER[o.level], key_number(o.key)))


def no_target_text(source: Objective, cycle_name: str = "") -> str:
    """Why `source` has nothing to link to (when `link_targets` is empty)."""
    if source.level == "company":
        return f"{source.key} is a company objective: nothing is higher to link to"
    higher = "company" if source.level == "team" else "team or company"
    where = cycle_name or "its cycle"
    return (
        f"{source.key} is a {source.level} objective and {where} has no {higher} objective to "
        f"link to: add one first"
    )


def level_problem(
    source: Objective, target_objective: Objective, target_kr: KeyResult | None = None
) -> str | None:
    """What is wrong with linking `source` to `target_objective` (or its `target_kr`) as
    far as levels go; None when the target is strictly higher."""
    if is_higher(target_objective.level, source.level):
        return None
    reverse = is_higher(source.level, target_objective.level)
    if source.level == "company":
        fix = f"; link {target_objective.key} to {source.key} instead" if reverse else ""
        return (
            f"{source.key} is a company objective: nothing is higher to link to ({LEVEL_RULE}){fix}"
        )
    what = (
        f"{target_kr.key} belongs to {target_objective.key}, a {target_objective.level} objective"
        if target_kr
        else f"{target_objective.key} is a {target_objective.level} objective"
    )
    higher = "a company" if source.level == "team" else "a team or company"
    fix = f"link {source.key} to {higher} objective or key result"
    if reverse:
        fix += f", or link {target_objective.key} to {source.key}"
    return f"{what}, not higher than {source.key} ({source.level}): {LEVEL_RULE}; {fix}"


def held_text(held: bool | None) -> str:
    """The review's verdict on a link: `held`, `did not hold`, `not judged`."""
    return {True: "held", False: "did not hold", None: "not judged"}[held]


def link_parent(link: Link, kr_objective: Mapping[str, str]) -> str | None:
    """The id of the objective a link points at (directly, or through one of its KRs)."""
    if link.to_objective_id is not None:
        return link.to_objective_id
    return kr_objective.get(link.to_key_result_id or "")


# -- the tree ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlignmentNode:
    """An objective in the tree, hung under its parent by `link` (None for a root)."""

    objective: Objective
    link: Link | None
    #: The parent's KR the link points at, when it points at a KR.
    via: KeyResult | None
    children: tuple[AlignmentNode, ...]
    #: Whether the objective hangs under more than one parent (it has several links).
    repeated: bool = False
    #: Whether `link` goes against the level order (stored before the rule, or by hand):
    #: shown as such, so it can be removed.
    against_levels: bool = False


def alignment_tree(
    objectives: Sequence[Objective], key_results: Sequence[KeyResult], links: Sequence[Link]
) -> list[AlignmentNode]:
    """The cycle's objectives as a forest: roots are objectives with no link to another
    objective of the cycle (company ones first); each child hangs under every objective it
    links to. Links to records outside `objectives` are ignored; a loop of links is cut."""
    by_id = {o.id: o for o in objectives}
    krs = {kr.id: kr for kr in key_results if kr.objective_id in by_id}
    kr_objective = {kr_id: kr.objective_id for kr_id, kr in krs.items()}
    children: dict[str, list[Link]] = defaultdict(list)
    parents_of: dict[str, int] = defaultdict(int)
    for link in links:
        parent = link_parent(link, kr_objective)
        if link.from_objective_id in by_id and parent in by_id:
            children[parent].append(link)
            parents_of[link.from_objective_id] += 1

    def order(objective: Objective) -> tuple[int, int]:
        return (LEVEL_ORDER[objective.level], key_number(objective.key))

    def node(
        objective: Objective, link: Link | None, path: frozenset[str], parent: Objective | None
    ) -> AlignmentNode:
        below = sorted(
            (child for child in children[objective.id] if child.from_objective_id not in path),
            key=lambda child: order(by_id[child.from_objective_id]),
        )
        return AlignmentNode(
            objective=objective,
            link=link,
            via=krs.get(link.to_key_result_id or "") if link else None,
            children=tuple(
                node(
                    by_id[child.from_objective_id],
                    child,
                    path | {child.from_objective_id},
                    objective,
                )
                for child in below
            ),
            repeated=parents_of[objective.id] > 1,
            against_levels=parent is not None and not is_higher(parent.level, objective.level),
        )

    roots = sorted((o for o in objectives if parents_of[o.id] == 0), key=order)
    return [node(o, None, frozenset({o.id}), None) for o in roots]


def walk(nodes: Sequence[AlignmentNode], depth: int = 0):
    """Every node of a forest with its depth, parents before children."""
    for item in nodes:
        yield depth, item
        yield from walk(item.children, depth + 1)


# -- roll-up ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rollup:
    """An objective's own progress and its progress with strong links rolled up."""

    own: float | None
    rolled: float | None
    #: How many strong links feed into it (directly or through its KRs).
    strong_inputs: int

    @property
    def differs(self) -> bool:
        return self.strong_inputs > 0 and self.rolled != self.own


def rollup(
    objectives: Sequence[Objective],
    snapshots: Mapping[str, Sequence[KrSnapshot]],
    links: Sequence[Link],
) -> dict[str, Rollup]:
    """Own and rolled-up progress (0–1) of each objective, by id (see the module docs)."""
    by_id = {o.id: o for o in objectives}
    kr_objective = {s.kr.id: o_id for o_id, snaps in snapshots.items() for s in snaps}
    into_objective: dict[str, list[str]] = defaultdict(list)
    into_kr: dict[str, list[str]] = defaultdict(list)
    for link in links:
        if link.strength != "strong" or link.from_objective_id not in by_id:
            continue
        if link.to_objective_id in by_id:
            into_objective[link.to_objective_id].append(link.from_objective_id)
        elif link.to_key_result_id in kr_objective:
            into_kr[link.to_key_result_id].append(link.from_objective_id)

    done: dict[str, float | None] = {}

    def rolled(objective_id: str, path: frozenset[str]) -> float | None:
        if objective_id in done:
            return done[objective_id]
        snaps = snapshots.get(objective_id, [])
        strong = into_objective[objective_id] + [c for s in snaps for c in into_kr[s.kr.id]]
        if not strong:
            done[objective_id] = objective_progress(snaps)
            return done[objective_id]

        def inputs(child_ids: list[str]) -> list[float]:
            values = (rolled(c, path | {c}) for c in child_ids if c not in path)
            return [v for v in values if v is not None]

        weighted = [  # a killed KR drops out, as in `objective_progress`
            (_mean([s.shown_progress, *inputs(into_kr[s.kr.id])]), s.kr.weight)
            for s in counted(snaps)
        ]
        weighted += [(value, 1.0) for value in inputs(into_objective[objective_id])]
        total = sum(w for _, w in weighted)
        result = sum(v * w for v, w in weighted) / total if total else None
        done[objective_id] = result
        return result

    result = {}
    for objective in objectives:
        own = objective_progress(snapshots.get(objective.id, []))
        strong_inputs = len(into_objective[objective.id]) + sum(
            len(into_kr[s.kr.id]) for s in snapshots.get(objective.id, [])
        )
        result[objective.id] = Rollup(
            own, rolled(objective.id, frozenset({objective.id})), strong_inputs
        )
    return result


def shown_progress(
    objectives: Sequence[Objective],
    snapshots: Mapping[str, Sequence[KrSnapshot]],
    links: Sequence[Link],
) -> dict[str, float | None]:
    """The progress each objective shows wherever it is listed (dashboard, `status`, the
    alignment tree alike): its own, with strong links rolled up (see `rollup`)."""
    return {
        objective_id: figures.rolled
        for objective_id, figures in rollup(objectives, snapshots, links).items()
    }


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


# -- checks for a new link --------------------------------------------------------------------


def check_link(
    source: Objective,
    target_objective: Objective,
    target_kr: KeyResult | None,
    links: Sequence[Link],
    kr_objective: Mapping[str, str],
) -> None:
    """Raise `InvalidInput` when a link from `source` to `target_objective` (or its
    `target_kr`) would be wrong: to itself, to another cycle, not to a strictly higher level,
    a duplicate, or a loop (which only links stored against the level order can still make)."""
    if target_objective.id == source.id:
        raise InvalidInput(f"{source.key} cannot link to itself or to one of its own key results")
    if target_objective.cycle_id != source.cycle_id:
        raise InvalidInput(
            f"{target_objective.key} belongs to another cycle: link objectives of the same cycle"
        )
    problem = level_problem(source, target_objective, target_kr)
    if problem:
        raise InvalidInput(problem)
    for link in links:
        if link.from_objective_id != source.id:
            continue
        same_kr = target_kr is not None and link.to_key_result_id == target_kr.id
        same_objective = target_kr is None and link.to_objective_id == target_objective.id
        if same_kr or same_objective:
            what = target_kr.key if target_kr else target_objective.key
            raise InvalidInput(f"{source.key} already links to {what}: edit that link instead")
    if _reaches(target_objective.id, source.id, links, kr_objective):
        raise InvalidInput(
            f"{target_objective.key} already hangs under {source.key}: linking back would make "
            "a loop"
        )


def _reaches(start: str, goal: str, links: Sequence[Link], kr_objective: Mapping[str, str]) -> bool:
    """Whether following links upward from objective `start` arrives at `goal`."""
    seen, todo = set(), [start]
    while todo:
        current = todo.pop()
        if current == goal:
            return True
        if current in seen:
            continue
        seen.add(current)
        todo += [
            parent
            for link in links
            if link.from_objective_id == current
            and (parent := link_parent(link, kr_objective)) is not None
        ]
    return False


def link_target_text(
    link: Link, objectives: Mapping[str, Objective], krs: Mapping[str, KeyResult]
) -> str:
    """`O-1 We are …` or `KR-3 Our Enterprise …`: what a link points at."""
    if link.to_objective_id is not None:
        target = objectives.get(link.to_objective_id)
        return f"{target.key} {target.label}" if target else "(an objective that is gone)"
    kr = krs.get(link.to_key_result_id or "")
    return f"{kr.key} {kr.title}" if kr else "(a key result that is gone)"
