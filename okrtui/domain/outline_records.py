"""Provides the bridge between outlines and okrtui's records.

`records_from_outline` turns a parsed outline's objectives and key results into domain models
(what the coach judges and what `okrtui import` stores), remembering each record's outline
reference (`O1.KR2`). `outline_from_records` turns a cycle's records back into an
outline (what `okrtui export --format md` writes).

A key result whose bullet has no `{outcome}` / `{output}` tag gets the kind the classifier
reads in its title, and one without `{leading}` / `{lagging}` is lagging (the model's default:
a measure is taken to follow the work unless someone says it leads).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from okrtui.domain.classify import classify
from okrtui.domain.errors import describe_validation_error
from okrtui.domain.models import Cycle, KeyResult, Objective, ObjectiveState
from okrtui.domain.outline import (
    Outline,
    OutlineCycle,
    OutlineError,
    OutlineKeyResult,
    OutlineObjective,
    kr_ref,
    objective_ref,
)

#: The cycle id outline records carry when they belong to no stored cycle (lint, dry runs).
OUTLINE_CYCLE_ID = "outline"

#: An objective with its key results: the unit the coach and the outline work in.
ObjectivePlan = tuple[Objective, tuple[KeyResult, ...]]


@dataclass(frozen=True)
class OutlineRecords:
    """An outline as models: `plans` in outline order, and `refs` from record id to the
    outline reference (`O1`, `O1.KR2`)."""

    plans: tuple[ObjectivePlan, ...]
    refs: Mapping[str, str]


def records_from_outline(
    outline: Outline, cycle_id: str = OUTLINE_CYCLE_ID, state: ObjectiveState = "draft"
) -> OutlineRecords:
    """Build an `Objective` (of `cycle_id`, in `state`) and its `KeyResult`s per heading."""
    plans: list[ObjectivePlan] = []
    refs: dict[str, str] = {}
    for o_index, heading in enumerate(outline.objectives, start=1):
        objective = _model(
            Objective,
            heading.line,
            "objective",
            objective_fields(heading) | {"cycle_id": cycle_id, "state": state},
        )
        refs[objective.id] = objective_ref(o_index)
        krs = []
        for k_index, bullet in enumerate(heading.key_results, start=1):
            kr = _model(
                KeyResult,
                bullet.line,
                "key result",
                key_result_fields(bullet) | {"objective_id": objective.id},
            )
            refs[kr.id] = kr_ref(o_index, k_index)
            krs.append(kr)
        plans.append((objective, tuple(krs)))
    return OutlineRecords(tuple(plans), refs)


#: Fields an objective heading and a key result bullet share by name with their models.
_OBJECTIVE_FIELDS = ("title", "owner", "team", "level", "mode", "why")
_KEY_RESULT_FIELDS = (
    "title",
    "type",
    "direction",
    "baseline",
    "target",
    "unit",
    "discovery_type",
    "assumption",
    "owner",
)


def objective_fields(heading: OutlineObjective) -> dict[str, Any]:
    """The `Objective` fields an objective heading gives."""
    return {name: getattr(heading, name) for name in _OBJECTIVE_FIELDS}


def key_result_fields(bullet: OutlineKeyResult) -> dict[str, Any]:
    """The `KeyResult` fields a bullet gives; untagged kind and indicator as the module says."""
    return {name: getattr(bullet, name) for name in _KEY_RESULT_FIELDS} | {
        "kind": bullet.kind or classify(bullet.title).kind,
        "indicator": bullet.indicator or "lagging",
    }


def _model(model: type, line: int, what: str, fields: dict[str, Any]) -> Any:
    """Validate `fields` as `model`; a problem is an `OutlineError` naming `line`."""
    try:
        return model(**fields)
    except ValidationError as exc:
        raise OutlineError(line, describe_validation_error(exc, what)) from None


def outline_from_records(
    cycle: Cycle, plans: Sequence[ObjectivePlan], comments: Mapping[str, str] | None = None
) -> Outline:
    """The outline of `cycle`: its objectives and key results, with `comments` (by key
    result id) to write under the bullets. Every bullet carries its kind and indicator."""
    comments = comments or {}
    return Outline(
        OutlineCycle(cycle.name, cycle.start, cycle.end, cycle.cadence_days),
        tuple(
            OutlineObjective(
                title=objective.title or objective.label,
                owner=objective.owner,
                team=objective.team,
                level=objective.level,
                mode=objective.mode,
                why=objective.why,
                key_results=tuple(_bullet(kr, comments.get(kr.id, "")) for kr in krs),
            )
            for objective, krs in plans
        ),
    )


def _bullet(kr: KeyResult, comment: str) -> OutlineKeyResult:
    """A key result as a bullet. A metric without a baseline (or target) has no measure the
    outline can write: its numbers go into the comment instead."""
    movable = kr.direction in ("stay_above", "stay_below") or kr.baseline is not None
    measured = kr.type == "metric" and kr.target is not None and movable
    if kr.type == "metric" and not measured and (kr.baseline, kr.target) != (None, None):
        known = f"baseline {kr.baseline:g}" if kr.baseline is not None else ""
        known = known or f"target {kr.target:g}"
        comment = "; ".join(part for part in (f"{known} {kr.unit}".strip(), comment) if part)
    return OutlineKeyResult(
        title=kr.title,
        type=kr.type,
        direction=kr.direction if measured else "increase",
        baseline=kr.baseline if measured and kr.direction in ("increase", "decrease") else None,
        target=kr.target if measured else None,
        unit=kr.unit if measured else "",
        kind=kr.kind,
        indicator=kr.indicator,
        discovery_type=kr.discovery_type,
        assumption=kr.assumption,
        owner=kr.owner,
        comment=comment,
    )
