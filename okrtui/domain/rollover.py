"""Provides the roll-over plan: which records closing a cycle creates and changes.

Rolling a KR over copies it into the next cycle with its baseline set to its last value,
keeping what it aims for (target, stretch, unit, type, direction, kind, indicator, discovery
type, assumption, weight, owner) and the bets that should move it; check-ins stay with the old
KR, which the new one names in `continues` so its history stays reachable. Its objective is
carried too (once), as a draft: the next cycle's team commits it again deliberately. An
alignment link between two carried objectives (or from a carried objective to a rolled-over KR)
is carried with them, weak or strong with its hypothesis, its verdict left to the next review;
a link whose target stays behind in the closed cycle ends there.

Every field of a KeyResult and an Objective is listed below as carried, set anew or left
behind on purpose; a test keeps the lists complete, so a new field forces a decision
(`puzzle/okr#1255` lost fields in exactly this operation).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from okrtui.domain.errors import InvalidInput, describe_validation_error
from okrtui.domain.models import (
    Bet,
    BetImpact,
    Cycle,
    KeyResult,
    Link,
    Objective,
    format_number,
)
from okrtui.domain.progress import KrSnapshot

#: KeyResult fields copied as they are (a title naming the old baseline is updated).
KR_CARRIED = frozenset(
    {
        "title",
        "owner",
        "unit",
        "type",
        "direction",
        "target",
        "stretch",
        "kind",
        "indicator",
        "discovery_type",
        "assumption",
        "weight",
    }
)
#: KeyResult fields given a new value: baseline := last value, the carried objective, and
#: `continues` := the old KR.
KR_SET_ANEW = frozenset({"baseline", "objective_id", "continues"})
#: KeyResult fields deliberately left behind: identity and bookkeeping, the old cycle's
#: kill-by date, and the outcome of the old cycle (state, score, reasons, dates, decisions).
KR_LEFT_BEHIND = frozenset(
    {
        "id",
        "key",
        "created_at",
        "updated_at",
        "kill_by",
        "state",
        "score",
        "close_reason",
        "closed_on",
        "graduated_on",
        "roll_over",
    }
)

#: Objective fields copied as they are.
OBJECTIVE_CARRIED = frozenset({"title", "why", "owner", "team", "level", "mode"})
#: Objective fields given a new value: the next cycle, `continues` and state `draft`.
OBJECTIVE_SET_ANEW = frozenset({"cycle_id", "continues", "state"})
#: Objective fields deliberately left behind: identity, bookkeeping and the old reflection.
OBJECTIVE_LEFT_BEHIND = frozenset({"id", "key", "created_at", "updated_at", "reflection"})

#: Bet statuses whose links to KRs are carried: a finished or dropped bet moves nothing new.
OPEN_BET_STATUSES = frozenset({"idea", "discovery", "delivery"})


def retitled(title: str, old_baseline: float | None, new_baseline: float | None) -> str:
    """The title with "from <old baseline>" read as "from <new baseline>", so "Completion
    from 45% to 70%" starting again at 62 says "from 62% to 70%"; any other title is kept."""
    if old_baseline is None or new_baseline is None or old_baseline == new_baseline:
        return title
    pattern = re.compile(rf"\bfrom {re.escape(format_number(old_baseline))}(?![\d.,])")
    return pattern.sub(lambda _: f"from {format_number(new_baseline)}", title, count=1)


def carried_key_result(kr: KeyResult, last_value: float | None, objective_id: str) -> KeyResult:
    """`kr` as it starts the next cycle: baseline = `last_value` (the old baseline when it
    was never checked in; none for a milestone), under `objective_id`; a title that names
    the old baseline ("from 45% to 70%") names the new one.

    Raises `InvalidInput` when the copy would be invalid (a target already reached)."""
    fields: dict[str, Any] = {name: getattr(kr, name) for name in KR_CARRIED}
    baseline = kr.baseline if last_value is None or kr.type == "milestone" else last_value
    fields |= {
        "baseline": baseline,
        "objective_id": objective_id,
        "continues": kr.id,
        "title": retitled(kr.title, kr.baseline, baseline),
    }
    try:
        return KeyResult.model_validate(fields)
    except ValidationError as exc:
        message = describe_validation_error(exc, "key result")
        raise InvalidInput(
            f"{kr.key} cannot roll over with its last value as the new baseline ({message}); "
            "set a new target first, or do not roll it over"
        ) from None


def carried_objective(objective: Objective, cycle_id: str) -> Objective:
    """`objective` as a draft of the next cycle (reflection stays with the old one)."""
    fields = {name: getattr(objective, name) for name in OBJECTIVE_CARRIED}
    return Objective(**fields, cycle_id=cycle_id, continues=objective.id, state="draft")


@dataclass
class RollOverPlan:
    """What rolling over creates: objectives and KRs for the next cycle, and the bets that
    gain a link to the new KRs (with the expected change they had for the old ones)."""

    objectives: list[Objective] = field(default_factory=list)
    #: (old KR, its copy in the next cycle).
    key_results: list[tuple[KeyResult, KeyResult]] = field(default_factory=list)
    #: (bet, its new list of moves).
    bets: list[tuple[Bet, list[BetImpact]]] = field(default_factory=list)
    #: Old objective id → the id of the objective carrying it on (new or already there).
    objective_ids: dict[str, str] = field(default_factory=dict)


def plan_roll_over(
    rolling: Sequence[KrSnapshot],
    objectives: Mapping[str, Objective],
    next_cycle: Cycle,
    already_carried: Sequence[Objective],
    bets: Sequence[Bet],
) -> RollOverPlan:
    """The records that carry the `rolling` KRs (with their objectives, by id in
    `objectives`) into `next_cycle`.

    An objective already carried into `next_cycle` (in `already_carried`, found by its
    `continues`) is reused, never duplicated. Raises `InvalidInput` listing every KR that
    cannot roll over as it is.
    """
    plan = RollOverPlan()
    targets = {
        o.continues: o for o in already_carried if o.continues and o.cycle_id == next_cycle.id
    }
    problems = []
    for snap in rolling:
        old_objective = objectives[snap.kr.objective_id]
        target = targets.get(old_objective.id)
        if target is None:
            target = targets[old_objective.id] = carried_objective(old_objective, next_cycle.id)
            plan.objectives.append(target)
        try:
            plan.key_results.append((snap.kr, carried_key_result(snap.kr, snap.value, target.id)))
        except InvalidInput as error:
            problems.append(str(error))
    if problems:
        raise InvalidInput("\n".join(problems))
    plan.bets = carried_bets(bets, {old.id: new.id for old, new in plan.key_results})
    plan.objective_ids = {old_id: new.id for old_id, new in targets.items()}
    return plan


def carried_links(
    links: Sequence[Link],
    objective_ids: Mapping[str, str],
    kr_ids: Mapping[str, str],
    existing: Sequence[Link] = (),
) -> list[Link]:
    """New links for the next cycle: each of `links` whose source objective is carried (in
    `objective_ids`, old id → new id) and whose target objective or KR is carried too (in
    `objective_ids` or `kr_ids`), with the same strength and hypothesis and no verdict yet.
    A link already in `existing` (same source and target) is not made twice."""
    present = {(k.from_objective_id, k.to_objective_id, k.to_key_result_id) for k in existing}
    carried = []
    for link in links:
        source = objective_ids.get(link.from_objective_id)
        to_objective = objective_ids.get(link.to_objective_id) if link.to_objective_id else None
        to_kr = kr_ids.get(link.to_key_result_id) if link.to_key_result_id else None
        if source is None or (to_objective is None and to_kr is None):
            continue
        if (source, to_objective, to_kr) in present:
            continue
        present.add((source, to_objective, to_kr))
        carried.append(
            Link(
                from_objective_id=source,
                to_objective_id=to_objective,
                to_key_result_id=to_kr,
                strength=link.strength,
                hypothesis=link.hypothesis,
            )
        )
    return carried


def carried_bets(
    bets: Sequence[Bet], new_ids: Mapping[str, str]
) -> list[tuple[Bet, list[BetImpact]]]:
    """Open bets that move an old KR, each with a move added for its new KR (same expected
    change); the old moves stay, as the record of what the bet was expected to do."""
    changed = []
    for bet in bets:
        if bet.status not in OPEN_BET_STATUSES:
            continue
        present = {m.key_result_id for m in bet.moves}
        added = [
            BetImpact(key_result_id=new_ids[m.key_result_id], expected_change=m.expected_change)
            for m in bet.moves
            if m.key_result_id in new_ids and new_ids[m.key_result_id] not in present
        ]
        if added:
            changed.append((bet, list(bet.moves) + added))
    return changed


def closing_changes(
    kr: KeyResult, score: float | None, rolled: bool, today: date
) -> dict[str, Any]:
    """The changes that close an open KR at the end of its cycle, with its final `score`."""
    return {
        "state": "closed",
        "score": score,
        "closed_on": today,
        "roll_over": rolled,
    }
