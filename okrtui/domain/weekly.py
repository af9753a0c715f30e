"""Provides the weekly story: what changed in a cycle over seven days, to learn from and to
share ("Strong teams revisit OKRs often enough to learn, not just often enough to report.
They monitor trend movement, question assumptions, and decide whether current bets still make
sense", OKRs for Product Managers).

`build_week` takes what the repository gathered (key results with their check-ins, bets,
evidence) and returns a `WeeklyReport`: what moved (value and confidence, with the series for
a sparkline), what was checked in and stalled, what is stale, whose confidence fell or rose,
the bets kept, pivoted or dropped, the evidence logged and the notes written in the week.
`okrtui.domain.weekly_render` turns it into Markdown, JSON or one HTML file. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from okrtui.domain.models import Bet, CheckIn, Cycle, Evidence, KeyResult, Objective
from okrtui.domain.progress import KrSnapshot, effective_checkins, snapshot

#: Days a weekly report covers, ending on the day asked for.
WEEK_DAYS = 7

SPARK_LEVELS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float]) -> str:
    """`▁▃▅█` — a series as text, one character per value (empty for none)."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARK_LEVELS[len(SPARK_LEVELS) // 2] * len(values)
    top = len(SPARK_LEVELS) - 1
    return "".join(SPARK_LEVELS[round((v - low) / (high - low) * top)] for v in values)


def week_span(end: date) -> tuple[date, date]:
    """The seven days ending on `end`, both included."""
    return end - timedelta(days=WEEK_DAYS - 1), end


@dataclass(frozen=True)
class KrWeek:
    """One key result over the week: where it stood before, where it stands at the end."""

    key: str
    title: str
    objective_key: str
    objective_title: str
    unit: str
    before: KrSnapshot
    after: KrSnapshot
    #: Check-ins dated in the week (corrections counted once), oldest first.
    this_week: tuple[CheckIn, ...]
    #: How many backlog items move it, and where they stand (`3 items: 2 done, 1 to do`).
    backlog: str = ""

    @property
    def values(self) -> list[float]:
        return self.after.values

    @property
    def confidences(self) -> list[float]:
        return self.after.confidences

    @property
    def checked(self) -> bool:
        return bool(self.this_week)

    @property
    def moved(self) -> bool:
        return self.checked and self.after.value != self.before.value

    @property
    def progress_points(self) -> int | None:
        """Change of progress in percentage points over the week."""
        if self.before.progress is None or self.after.progress is None:
            return None
        return round((self.after.progress - self.before.progress) * 100)

    @property
    def confidence_change(self) -> int:
        if self.before.confidence is None or self.after.confidence is None:
            return 0
        return self.after.confidence - self.before.confidence


@dataclass(frozen=True)
class BetMove:
    """A decision about a bet taken in the week."""

    key: str
    title: str
    decision: str
    day: date
    unmoved: tuple[str, ...]


@dataclass(frozen=True)
class Logged:
    """A dated line written in the week: a check-in's note or a piece of evidence."""

    key: str
    day: date
    text: str
    who: str = ""
    verdict: str = ""


@dataclass
class WeeklyReport:
    """The story of one cycle's week."""

    cycle: str
    start: date
    end: date
    krs: list[KrWeek] = field(default_factory=list)
    bets: list[BetMove] = field(default_factory=list)
    evidence: list[Logged] = field(default_factory=list)
    notes: list[Logged] = field(default_factory=list)
    #: "62 % of the backlog serves an OKR (…)", when a backlog was imported.
    backlog: str = ""

    @property
    def moved(self) -> list[KrWeek]:
        return [k for k in self.krs if k.moved]

    @property
    def stalled(self) -> list[KrWeek]:
        """Checked in this week without moving."""
        return [k for k in self.krs if k.checked and not k.moved]

    @property
    def stale(self) -> list[KrWeek]:
        return [k for k in self.krs if k.after.status == "stale"]

    @property
    def confidence_fell(self) -> list[KrWeek]:
        return [k for k in self.krs if k.confidence_change < 0]

    @property
    def confidence_rose(self) -> list[KrWeek]:
        return [k for k in self.krs if k.confidence_change > 0]

    @property
    def checked(self) -> int:
        return sum(1 for k in self.krs if k.checked)

    @property
    def quiet(self) -> bool:
        """Nothing happened in the week: no check-in, decision, evidence or note."""
        return not (self.checked or self.bets or self.evidence or self.notes)


def build_week(
    cycle: Cycle,
    end: date,
    plans: Sequence[tuple[Objective, Sequence[KeyResult]]],
    checkins: Mapping[str, Sequence[CheckIn]],
    bets: Sequence[Bet] = (),
    evidence: Mapping[str, Sequence[Evidence]] | None = None,
    backlog_by_kr: Mapping[str, str] | None = None,
    backlog: str = "",
) -> WeeklyReport:
    """The report of the seven days ending on `end`. `checkins` and `evidence` are keyed by
    KR id; `backlog_by_kr` holds each KR's backlog tally."""
    start, end = week_span(end)
    report = WeeklyReport(cycle.name, start, end, backlog=backlog)
    kr_keys: dict[str, str] = {}
    for objective, krs in plans:
        for kr in krs:
            kr_keys[kr.id] = kr.key
            history = list(checkins.get(kr.id, ()))
            before = snapshot(kr, history, cycle, start - timedelta(days=1))
            after = snapshot(kr, history, cycle, end)
            week = tuple(c for c in effective_checkins(history) if start <= c.date <= end)
            report.krs.append(
                KrWeek(
                    kr.key,
                    kr.title,
                    objective.key,
                    objective.label,
                    kr.unit,
                    before,
                    after,
                    week,
                    (backlog_by_kr or {}).get(kr.id, ""),
                )
            )
            report.notes += [
                Logged(kr.key, c.date, c.note, c.author) for c in week if c.note.strip()
            ]
            report.evidence += [
                Logged(kr.key, e.date, e.text, verdict=e.verdict)
                for e in (evidence or {}).get(kr.id, ())
                if start <= e.date <= end
            ]
    for bet in bets:
        for decision in bet.decisions:
            if start <= decision.day <= end:
                report.bets.append(
                    BetMove(
                        bet.key,
                        bet.title,
                        decision.decision,
                        decision.day,
                        tuple(decision.unmoved),
                    )
                )
    report.bets.sort(key=lambda b: (b.day, b.key))
    report.notes.sort(key=lambda n: (n.day, n.key))
    report.evidence.sort(key=lambda e: (e.day, e.key))
    return report
