"""Discovery mode: templates, the evidence tally and trend, kill-by deadlines, what may
graduate and how a kill is recorded."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from okrtui.domain.coach import coach_key_result
from okrtui.domain.discovery import (
    TEMPLATES,
    discovery_state,
    graduation_problems,
    graduation_warning,
    is_overdue,
    kill_by_text,
    kill_fields,
    tally,
    template_named,
)
from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Evidence, KeyResult
from tests.domain.factories import make_kr

TODAY = date(2026, 11, 23)


def _evidence(*verdicts: str) -> list[Evidence]:
    return [
        Evidence(
            key_result_id="kr",
            date=date(2026, 11, 1 + i),
            text=f"finding {i}",
            verdict=v,
            created_at=datetime(2026, 11, 1 + i, tzinfo=UTC),
        )
        for i, v in enumerate(verdicts)
    ]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_every_template_makes_a_valid_measurable_kr_the_coach_accepts(template):
    kr = KeyResult(objective_id="o", **template.kr_fields)
    assert kr.measurable and kr.discovery_type == template.discovery_type
    rules = {f.rule for f in coach_key_result(kr)} - {"missing-assumption", "output-kr"}
    assert rules == set()


def test_templates_cover_both_kinds_and_the_articles_examples():
    names = " ".join(t.name for t in TEMPLATES).lower()
    for example in (
        "interviews",
        "quantitative",
        "cycle time",
        "usability",
        "effort score",
        "click-through",
        "opt-in",
    ):
        assert example in names
    assert template_named(TEMPLATES[0].name) is TEMPLATES[0]
    with pytest.raises(InvalidInput, match="known"):
        template_named("nope")


def test_the_tally_counts_verdicts_and_the_trend_weighs_the_latest_three():
    result = tally(_evidence("refutes", "refutes", "supports", "supports", "unclear"))
    assert (result.supports, result.refutes, result.unclear, result.total) == (2, 2, 1, 5)
    assert result.counts == "+2 −2 ?1"
    assert result.trend == "supports"
    assert result.trend_text == "leaning supports (+ + ?)"
    assert tally(_evidence("supports", "refutes")).trend == "mixed"
    assert tally(_evidence("supports", "refutes", "refutes")).trend == "refutes"
    assert tally([]).trend_text == "no evidence yet"


def test_the_tally_orders_findings_by_date_whatever_the_input_order():
    assert tally(list(reversed(_evidence("supports", "refutes", "refutes", "refutes")))).recent == (
        "refutes",
        "refutes",
        "refutes",
    )


@pytest.mark.parametrize(
    ("kill_by", "text", "overdue"),
    [
        (None, "no kill-by date", False),
        (date(2026, 12, 3), "2026-12-03 (in 10 days)", False),
        (date(2026, 11, 24), "2026-11-24 (in 1 day)", False),
        (TODAY, "2026-11-23 (today: graduate or kill)", False),
        (date(2026, 11, 20), "2026-11-20 (passed 3 days ago: decide)", True),
    ],
)
def test_kill_by_dates_read_as_deadlines(kill_by, text, overdue):
    kr = make_kr(kill_by=kill_by, discovery_type="future_behaviour")
    assert kill_by_text(kr, TODAY) == text
    assert is_overdue(kr, TODAY) is overdue


def test_only_open_future_behaviour_krs_graduate():
    assert graduation_problems(make_kr(discovery_type="future_behaviour")) == []
    assert "process KR" in graduation_problems(make_kr(discovery_type="process"))[0]
    assert "not a future-behaviour" in graduation_problems(make_kr())[0]
    closed = make_kr(discovery_type="future_behaviour", state="closed")
    assert "closed already" in graduation_problems(closed)[0]


def test_graduating_on_thin_or_contrary_evidence_asks_for_care():
    assert "No evidence supports" in graduation_warning(tally([]))
    assert "leans against" in graduation_warning(tally(_evidence("supports", "refutes", "refutes")))
    assert graduation_warning(tally(_evidence("supports", "unclear"))) == ""


def test_a_kill_needs_a_reason_and_leaves_the_kr_unscored():
    kr = make_kr(discovery_type="future_behaviour", score=0.4)
    assert kill_fields(kr, "  Large accounts\n reconcile in their ERP ", TODAY) == {
        "state": "closed",
        "close_reason": "Large accounts reconcile in their ERP",
        "score": None,
        "closed_on": TODAY,
    }
    with pytest.raises(InvalidInput, match="say why"):
        kill_fields(kr, "   ", TODAY)
    with pytest.raises(InvalidInput, match="closed already"):
        kill_fields(make_kr(state="closed"), "late", TODAY)


def test_what_became_of_a_discovery_kr():
    assert discovery_state(make_kr(discovery_type="process")) == "open"
    assert discovery_state(make_kr(state="closed", close_reason="no signal")) == "killed"
    assert discovery_state(make_kr(state="closed", score=0.5)) == "closed"
    assert discovery_state(make_kr(graduated_on=TODAY)) == "graduated"
