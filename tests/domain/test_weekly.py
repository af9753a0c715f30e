"""The weekly story's rules: sparklines, the seven days, and which KR lands in which section."""

from __future__ import annotations

from datetime import date

from okrtui.domain.models import Bet, BetDecision, CheckIn, Cycle, KeyResult, Objective
from okrtui.domain.weekly import build_week, sparkline, week_span
from okrtui.domain.weekly_render import to_html, to_markdown

CYCLE = Cycle(name="2026-Q4", start=date(2026, 10, 5), end=date(2026, 12, 27), state="active")
OBJECTIVE = Objective(cycle_id=CYCLE.id, title="New users reach value faster", key="O-1")


def kr(key: str, **fields) -> KeyResult:
    return KeyResult(
        objective_id=OBJECTIVE.id,
        key=key,
        title=f"{key} metric",
        unit="%",
        baseline=0,
        target=100,
        **fields,
    )


def ci(kr: KeyResult, day: int, value: float, confidence: int = 7, note: str = "") -> CheckIn:
    return CheckIn(
        key_result_id=kr.id, date=date(2026, 11, day), value=value, confidence=confidence, note=note
    )


def test_sparkline_and_week_span():
    assert sparkline([]) == ""
    assert sparkline([1, 1, 1]) == "▅▅▅"
    assert sparkline([0, 5, 10]) == "▁▅█"
    assert week_span(date(2026, 11, 23)) == (date(2026, 11, 17), date(2026, 11, 23))


def test_sections_moved_stalled_stale_and_confidence():
    moved, flat, stale, fresh = kr("KR-1"), kr("KR-2"), kr("KR-3"), kr("KR-4")
    checkins = {
        moved.id: [ci(moved, 10, 20, 8), ci(moved, 20, 30, 6, note="pricing page live")],
        flat.id: [ci(flat, 10, 40, 5), ci(flat, 19, 40, 7)],
        stale.id: [ci(stale, 1, 10)],
        fresh.id: [ci(fresh, 22, 5)],
    }
    bet = Bet(
        title="Guided setup",
        key="B-1",
        decisions=[
            BetDecision(day=date(2026, 11, 21), decision="dropped", unmoved=["KR-2"]),
            BetDecision(day=date(2026, 11, 2), decision="kept"),
        ],
    )
    report = build_week(
        CYCLE, date(2026, 11, 23), [(OBJECTIVE, [moved, flat, stale, fresh])], checkins, [bet]
    )
    assert [k.key for k in report.moved] == ["KR-1", "KR-4"]
    assert [k.key for k in report.stalled] == ["KR-2"]
    assert [k.key for k in report.stale] == ["KR-3"]
    assert [k.key for k in report.confidence_fell] == ["KR-1"]
    assert [k.key for k in report.confidence_rose] == ["KR-2"]
    assert [(b.key, b.decision) for b in report.bets] == [("B-1", "dropped")]  # only this week
    assert [n.text for n in report.notes] == ["pricing page live"]
    md = to_markdown(report)
    assert "- KR-1 KR-1 metric: 20 % → 30 % (+10 pts) `▁█`" in md
    assert "- KR-4 KR-4 metric: first check-in: 5 %" in md
    assert "B-1 Guided setup: dropped on 2026-11-21 (KR-2 did not move)" in md


def test_a_quiet_week_says_so():
    quiet = kr("KR-1")
    report = build_week(
        CYCLE, date(2026, 11, 23), [(OBJECTIVE, [quiet])], {quiet.id: [ci(quiet, 1, 10)]}
    )
    assert report.quiet
    assert "Nothing was checked in, decided or logged this week." in to_markdown(report)
    assert "Nothing was checked in" in to_html(report)
