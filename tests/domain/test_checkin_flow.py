"""Which KRs a weekly check-in walks, in what order, and what its summary reports."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.domain.checkin_flow import (
    checkin_queue,
    closed_text,
    correction_problem,
    is_due,
    summarize,
)
from okrtui.domain.progress import snapshot
from tests.domain.factories import day, make_checkin, make_cycle, make_kr

CYCLE = make_cycle()


def snap_with(
    days_ago: list[int], today: int = 50, confidence: int = 7, title: str = "KR", key: str = ""
):
    kr = make_kr(title=title, key=key)
    checkins = [
        make_checkin(kr, today - d, 10 + i, confidence)
        for i, d in enumerate(sorted(days_ago, reverse=True))
    ]
    return snapshot(kr, checkins, CYCLE, day(today))


@pytest.mark.parametrize(
    ("days_ago", "due"),
    [([], True), ([0], False), ([3], False), ([5], False), ([6], True), ([7], True), ([30], True)],
)
def test_a_weekly_kr_is_due_from_six_days_after_its_last_check_in(days_ago, due):
    assert is_due(snap_with(days_ago), CYCLE) is due


def test_a_fortnightly_cycle_waits_longer():
    fortnightly = make_cycle(cadence_days=14)
    assert not is_due(snap_with([10]), fortnightly)
    assert is_due(snap_with([13]), fortnightly)


def test_queue_puts_stale_first_then_never_checked_then_due_then_the_rest_keeping_order():
    due = snap_with([7], key="KR-1")
    never = snap_with([], key="KR-2")
    stale = snap_with([20], key="KR-3")
    fresh = snap_with([1], key="KR-4")
    assert stale.status == "stale" and due.status != "stale"
    # Fifty days into the cycle a KR never checked in is stale too: both lead, in order.
    assert never.status == "stale"
    queue = checkin_queue([due, never, stale, fresh], CYCLE)
    # KR-4, read yesterday, comes last: a PM checking in early still sees every KR of the week.
    assert [s.kr.key for s in queue] == ["KR-2", "KR-3", "KR-1", "KR-4"]


def test_never_checked_in_comes_before_due_early_in_the_cycle():
    due = snap_with([7], today=8, key="KR-1")
    never = snap_with([], today=8, key="KR-2")
    assert never.status == "not_started"
    assert [s.kr.key for s in checkin_queue([due, never], CYCLE)] == ["KR-2", "KR-1"]


def test_when_nothing_is_due_every_open_kr_is_offered():
    a, b = snap_with([1], key="KR-1"), snap_with([2], key="KR-2")
    assert [s.kr.key for s in checkin_queue([a, b], CYCLE)] == ["KR-1", "KR-2"]


def test_summary_sorts_krs_into_moved_unmoved_dropped_and_stale():
    kr_moved, kr_flat, kr_stale = make_kr(key="KR-1"), make_kr(key="KR-2"), make_kr(key="KR-3")
    today = day(50)
    before = [
        snapshot(kr_moved, [make_checkin(kr_moved, 43, 20, 8)], CYCLE, today),
        snapshot(kr_flat, [make_checkin(kr_flat, 43, 30, 6)], CYCLE, today),
        snapshot(kr_stale, [make_checkin(kr_stale, 20, 30, 6)], CYCLE, today),
    ]
    after = [
        snapshot(
            kr_moved,
            [make_checkin(kr_moved, 43, 20, 8), make_checkin(kr_moved, 50, 35, 5)],
            CYCLE,
            today,
        ),
        snapshot(
            kr_flat,
            [make_checkin(kr_flat, 43, 30, 6), make_checkin(kr_flat, 50, 30, 6)],
            CYCLE,
            today,
        ),
        before[2],
    ]
    summary = summarize(before, after, {"KR-1", "KR-2"})
    assert [m.key for m in summary.moved] == ["KR-1"]
    assert "20 → 35" in summary.moved[0].text and "+15 pts" in summary.moved[0].text
    assert [m.key for m in summary.unmoved] == ["KR-2"]
    assert [m.key for m in summary.confidence_dropped] == ["KR-1"]
    assert [m.key for m in summary.stale] == ["KR-3"]
    assert (summary.checked, summary.skipped) == (2, 1)


def test_summary_counts_krs_never_reached_apart_from_skipped_and_lists_confidence_rises():
    krs = [make_kr(key=f"KR-{n}") for n in range(1, 5)]
    today = day(50)
    before = [snapshot(kr, [make_checkin(kr, 43, 20, 5)], CYCLE, today) for kr in krs]
    rose = [make_checkin(krs[0], 43, 20, 5), make_checkin(krs[0], 50, 25, 8)]
    after = [snapshot(krs[0], rose, CYCLE, today), *before[1:]]
    # KR-1 checked in, KR-2 skipped with `s`, Esc before KR-3 and KR-4.
    summary = summarize(before, after, {"KR-1"}, reached={"KR-1", "KR-2"})
    assert (summary.checked, summary.skipped, summary.not_reached) == (1, 1, 2)
    assert [m.text for m in summary.confidence_rose] == ["confidence 5 → 8"]
    assert summary.confidence_dropped == []


def test_a_checkin_belongs_inside_its_cycle():
    from okrtui.domain.checkin_flow import checkin_day, date_problem

    assert date_problem(CYCLE, day(0)) is None and date_problem(CYCLE, day(100)) is None
    assert "before its cycle starts" in date_problem(CYCLE, day(-1))
    assert "date it 2027-01-09 or earlier" in date_problem(CYCLE, day(101))
    assert checkin_day(CYCLE, day(120)) == day(100)
    assert checkin_day(CYCLE, day(40)) == day(40)


def test_closed_krs_are_never_offered_and_an_all_closed_view_offers_nothing():
    killed = make_kr(key="KR-1", state="closed", close_reason="no", closed_on=day(40))
    closed = make_kr(key="KR-2", state="closed", score=0.5, closed_on=day(40))
    snaps = [snapshot(kr, [], CYCLE, day(50)) for kr in (killed, closed)]
    open_ = snap_with([3], key="KR-3")
    assert [s.kr.key for s in checkin_queue([*snaps, open_], CYCLE)] == ["KR-3"]
    assert checkin_queue(snaps, CYCLE) == []


@pytest.mark.parametrize(
    ("fields", "cycle", "successor", "expected"),
    [
        pytest.param(
            {"close_reason": "Large accounts reconcile in their ERP"},
            "",
            "",
            "KR-12 was killed on 2026-11-23 (Large accounts reconcile in their ERP): it takes "
            "no more check-ins",
            id="killed",
        ),
        pytest.param(
            {"close_reason": "x" * 80},
            "",
            "",
            f"KR-12 was killed on 2026-11-23 ({'x' * 59}…): it takes no more check-ins",
            id="long-reason-clipped",
        ),
        pytest.param(
            {
                "score": 0.4,
                "graduated_on": date(2026, 11, 23),
                "close_reason": "graduated into KR-20 in 2027-Q1",
            },
            "",
            "KR-20",
            "KR-12 graduated into KR-20 in 2027-Q1 on 2026-11-23: it takes no more check-ins; "
            "check in KR-20 instead",
            id="graduated-into-a-later-cycle",
        ),
        pytest.param(
            {"score": 0.4, "roll_over": True, "close_reason": "rolled over into 2027-Q1 as KR-20"},
            "2026-Q4",
            "KR-20",
            "KR-12 was closed with 2026-Q4 on 2026-11-23 (rolled over into 2027-Q1 as KR-20): it "
            "takes no more check-ins; check in KR-20 instead",
            id="rolled-over",
        ),
        pytest.param(
            {"score": 0.9, "roll_over": False},
            "2026-Q4",
            "",
            "KR-12 was closed with 2026-Q4 on 2026-11-23: it takes no more check-ins",
            id="closed-with-its-cycle",
        ),
    ],
)
def test_why_a_closed_kr_takes_no_more_check_ins(fields, cycle, successor, expected):
    kr = make_kr(key="KR-12", state="closed", closed_on=date(2026, 11, 23), **fields)
    assert closed_text(kr, cycle, successor) == expected


def test_a_correction_of_a_closed_kr_may_not_be_dated_after_it_closed():
    kr = make_kr(key="KR-12", state="closed", close_reason="no", closed_on=day(40))
    old = make_checkin(kr, 30, 20, key="C-4")
    assert correction_problem(kr, old, day(30)) is None
    assert correction_problem(kr, old, day(40)) is None
    problem = correction_problem(kr, old, day(41))
    assert problem is not None and "KR-12 closed on" in problem and "C-4" in problem
    late = make_checkin(kr, 45, 20, key="C-5")  # stored after the close, before the rule
    assert correction_problem(kr, late, day(45)) is None
    assert correction_problem(kr.model_copy(update={"closed_on": None}), old, day(60)) is None
