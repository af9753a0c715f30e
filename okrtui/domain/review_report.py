"""Provides `review_markdown`: the report of a cycle's review as Markdown (`okrtui review`).

Sections: scores per objective (final value, suggested and final score, what became of each
KR) with the objective's reflection; "did the links hold?"; confidence calibration per owner;
and what rolled over into the next cycle (for a cycle still open: what will roll over).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from okrtui.domain.models import format_number
from okrtui.domain.review import (
    Carried,
    CycleReview,
    ObjectiveReview,
    score_text,
    value_text,
)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|") or "–"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _objective(review: ObjectiveReview) -> list[str]:
    objective = review.objective
    score = review.score
    facts = [
        f"owner: {objective.owner}" if objective.owner else "",
        f"team: {objective.team}" if objective.team else "",
        objective.level,
        objective.mode,
        f"score {score:.2f}" if score is not None else "no scores",
    ]
    lines = [f"### {objective.key} {objective.label}", "", " · ".join(f for f in facts if f), ""]
    if review.key_results:
        rows = [
            (
                r.kr.key,
                r.kr.title,
                value_text(r.snapshot),
                score_text(r.suggested),
                score_text(r.score) + (" (edited)" if r.edited else ""),
                r.fate + (f": {r.kr.close_reason}" if r.kr.close_reason else ""),
            )
            for r in review.key_results
        ]
        lines += _table(("KR", "Key result", "Final value", "Suggested", "Score", "Outcome"), rows)
    else:
        lines.append("_No key results._")
    reflection = objective.reflection.strip()
    lines += ["", f"**Reflection:** {reflection}" if reflection else "_No reflection yet._", ""]
    return lines


def review_markdown(review: CycleReview) -> str:
    """The whole review of a cycle as a Markdown document."""
    cycle = review.cycle
    lines = [
        f"# Review of {cycle.name}",
        "",
        f"{cycle.start} → {cycle.end} · {cycle.state} · check-in every {cycle.cadence_days} days",
        "",
        "## Scores",
        "",
    ]
    for objective in review.objectives:
        lines += _objective(objective)
    if not review.objectives:
        lines += ["_This cycle has no objectives._", ""]

    lines += ["## Did the links hold?", ""]
    if review.links:
        link_rows = [
            (
                item.link.key,
                item.source,
                item.target,
                item.link.strength,
                item.link.hypothesis,
                item.held_text,
                item.link.review_note,
            )
            for item in review.links
        ]
        lines += _table(
            ("Link", "From", "To", "Strength", "Hypothesis", "Held?", "Note"), link_rows
        )
    else:
        lines.append("_No alignment links in this cycle._")

    lines += ["", "## Confidence calibration", ""]
    calibration = review.calibration
    if calibration:
        owner_rows = [
            (
                c.owner,
                str(c.key_results),
                f"{c.confidence:.1f}/10",
                f"{c.score:.2f}",
                f"{c.bias:+.2f}",
                c.verdict,
            )
            for c in calibration
        ]
        lines += _table(
            ("Owner", "KRs", "Avg confidence", "Avg score", "Bias", "Verdict"), owner_rows
        )
        lines += [
            "",
            "Bias is average confidence / 10 minus average score: above +0.10 is "
            "over-confident, below −0.10 under-confident.",
        ]
    else:
        lines.append("_No scored key results with check-ins yet._")

    lines += ["", *_rolled_over(review), ""]
    return "\n".join(lines)


def _rolled_over(review: CycleReview) -> list[str]:
    if review.cycle.state != "closed":
        lines = ["## Will roll over when the cycle closes", ""]
        items = [
            f"- {r.kr.key} {r.kr.title} (new baseline {value_text(r.snapshot)})"
            for r in review.rolling
        ]
        return lines + (items or ["_Nothing: every key result is finished or stays behind._"])
    lines = ["## Rolled over", ""]
    items = [_carried_line(c) for c in review.carried]
    return lines + (items or ["_Nothing rolled over._"])


def _carried_line(carried: Carried) -> str:
    """`- KR-3 Title → KR-14 in 2027-Q1 (baseline 62 %)`, marked when it graduated."""
    new = carried.new
    facts = ["graduated into an outcome KR"] if carried.old.graduated_on else []
    if new.baseline is not None:
        facts.append(f"baseline {format_number(new.baseline)} {new.unit}".rstrip())
    detail = f" ({', '.join(facts)})" if facts else ""
    return f"- {carried.old.key} {carried.old.title} → {new.key} in {carried.cycle_name}{detail}"
