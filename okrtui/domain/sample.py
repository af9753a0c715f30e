"""Provides the sample workspace: a realistic set of OKRs dated relative to a given day.

It follows the practice in `shared/seeds/`: a balanced company objective ("We are an integrated
and mature platform solution"), two team sets with leading and lagging key results (and one
output KR for the coach to flag), a personal set, a discovery objective with a process KR and
future-behaviour KRs that name their assumptions, a Now/Next/Later roadmap of bets (one moving
no KR), weak links with hypotheses, and evidence. Several weeks of check-ins tell small
stories, so the statuses vary: most KRs on track, some at risk, one off track, one stale, and
one whose value rises while confidence falls.

`build_sample(today)` is pure and deterministic: the same day gives the same records, ids
included (derived from the day and each record's handle), so demos and snapshots are stable.
The records come parents first, ready for `Repository.add_workspace`, which allocates keys.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from okrtui.domain.models import (
    TABLES,
    Bet,
    BetImpact,
    CheckIn,
    Cycle,
    Evidence,
    KeyResult,
    Link,
    Objective,
    Record,
)
from okrtui.domain.progress import snapshot, suggested_score

#: Weeks in a sample cycle (a quarter) and weeks of it already behind `today`.
CYCLE_WEEKS = 13
WEEKS_ELAPSED = 8

_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "okrtui:sample-workspace")

#: One check-in of a story: value, confidence 0–10, note.
Reading = tuple[float, int, str]


@dataclass(frozen=True)
class KrSpec:
    """A key result of the sample and its story of check-ins.

    `story` is oldest first; the last reading is `lag` days before the cycle's last check-in
    day (today for the active cycle), the others one cadence apart before it. A discovery KR's
    kill-by date is `kill_in` days after today.
    """

    ref: str
    title: str
    story: tuple[Reading, ...]
    lag: int = 0
    fields: dict[str, Any] = field(default_factory=dict)
    kill_in: int | None = None


@dataclass(frozen=True)
class ObjectiveSpec:
    """An objective of the sample with its key results."""

    ref: str
    title: str
    krs: tuple[KrSpec, ...]
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BetSpec:
    """A roadmap bet and the key results (by ref) it should move, with the expected change."""

    ref: str
    title: str
    horizon: str
    status: str
    moves: tuple[tuple[str, float], ...] = ()
    note: str = ""
    url: str = ""


@dataclass(frozen=True)
class LinkSpec:
    """A weak link from a team objective to a company objective or key result (by ref)."""

    source: str
    target: str
    hypothesis: str


@dataclass(frozen=True)
class EvidenceSpec:
    """A discovery finding about a key result (by ref), `days_ago` days before today."""

    kr: str
    days_ago: int
    text: str
    verdict: str


def _kr(
    ref: str,
    title: str,
    story: tuple[Reading, ...],
    lag: int = 0,
    kill_in: int | None = None,
    **fields: Any,
) -> KrSpec:
    return KrSpec(ref=ref, title=title, story=story, lag=lag, fields=fields, kill_in=kill_in)


def _objective(ref: str, title: str, *krs: KrSpec, **fields: Any) -> ObjectiveSpec:
    return ObjectiveSpec(ref=ref, title=title, krs=krs, fields=fields)


# -- the active cycle -----------------------------------------------------------------------
# Expected pace on `today` is 62–69 % (day 56–62 of 90), which the final readings are set
# against: on track needs ≥ 59 % progress, at risk lies between 44 % and 52 %.

COMPANY = _objective(
    "mature",
    "We are an integrated and mature platform solution",
    _kr(
        "satisfaction",
        "Our Enterprise client satisfaction rate is > 75%",
        (
            (72, 6, "First pulse survey of the quarter: 72%. SSO complaints dominate."),
            (73, 6, "Slight uptick after the admin-role fixes."),
            (74, 7, "Support answers within a day again."),
            (76, 7, "Over the line for the first time: 76%."),
            (76, 7, "Holding. Both detractors are from the same account."),
            (77, 8, "Quarterly business reviews landed well."),
            (78, 8, "78%: the billing portal is praised in the open answers."),
            (78, 8, "Steady. Next survey wave goes to the 12 newest accounts."),
        ),
        lag=1,
        unit="%",
        direction="stay_above",
        baseline=71,
        target=75,
        indicator="lagging",
    ),
    _kr(
        "pitches",
        'No sales pitch is lost due to "immaturity of the product"',
        (
            (0, 7, "No losses so far; sales now tags 'maturity' objections in the CRM."),
            (0, 7, "Two objections about audit logs, both deals still open."),
            (0, 6, "A prospect asked for our SOC 2 report; having it settled the question."),
            (1, 4, "Lost the Norvik deal: 'no SSO, feels like a startup tool'."),
            (1, 4, "SSO sits in Next on the roadmap; sales asks to pull it forward."),
            (1, 5, "No new losses; two deals are paused waiting for SSO."),
            (1, 4, "The count is for the quarter, so it cannot go back to 0."),
            (1, 4, "Pitch deck now shows the audit log; SSO is still missing."),
        ),
        lag=2,
        unit="pitches",
        direction="stay_below",
        baseline=3,
        target=0,
        indicator="lagging",
    ),
    _kr(
        "website",
        "100% of interviewees associate our website with the terms enterprise, trustworthy "
        "and capable",
        (
            (40, 6, "Baseline interviews: 4 of 10 used all three words."),
            (44, 6, "New homepage copy in an A/B test."),
            (50, 7, "Customer logos above the fold: 5 of 10 now."),
            (55, 7, "'Capable' is still the weakest of the three."),
            (62, 7, "Case studies page is live."),
            (68, 7, "The security page helps with 'trustworthy'."),
            (74, 8, "Interviews with finance leads: most used all three words."),
            (80, 8, "80% this round; 'enterprise' is now the most common word."),
        ),
        lag=1,
        unit="%",
        direction="increase",
        baseline=40,
        target=100,
        indicator="leading",
    ),
    why="Enterprise buyers like our price but doubt our maturity; this quarter we become the "
    "safe choice.",
    owner="lena",
    level="company",
)

GROWTH = _objective(
    "onboarding",
    "Improve onboarding so new users reach value faster",
    _kr(
        "completion",
        "Onboarding completion rate from 45% to 70%",
        (
            (45, 7, "Baseline from the funnel dashboard."),
            (46, 7, "Checklist experiment started for 20% of sign-ups."),
            (49, 7, "The checklist cohort completes 8 points more often."),
            (51, 7, "Checklist rolled out to half of sign-ups."),
            (54, 8, "Bank-connection step simplified."),
            (57, 8, "Redesigned flow live for everyone."),
            (60, 8, "60%: the drop-off is now mostly at the tax settings step."),
            (62, 8, "Tax defaults per country shipped; watching next week."),
        ),
        unit="%",
        direction="increase",
        baseline=45,
        target=70,
        indicator="leading",
    ),
    _kr(
        "first-invoice",
        "Time to first invoice from 9 days to 3 days",
        (
            (9.0, 6, "Median over the last 30 days of sign-ups."),
            (8.8, 6, "No change yet: it lags behind completion, as expected."),
            (8.5, 6, ""),
            (8.1, 6, "Invoice templates came up in three interviews."),
            (7.6, 6, "Slow, but moving."),
            (7.2, 5, "The redesign helps completion more than invoicing."),
            (6.8, 5, "Many users finish onboarding, then wait for their client's details."),
            (6.2, 5, "6.2 days. We need a bet aimed at the first invoice itself."),
        ),
        unit="days",
        direction="decrease",
        baseline=9,
        target=3,
        indicator="lagging",
    ),
    _kr(
        "launch",
        "Launch the redesigned onboarding flow",
        (
            (0, 8, "Design review done."),
            (0, 8, "Building behind a feature flag."),
            (0, 7, "QA found problems in the bank step."),
            (0, 8, "Fixed; 10% rollout next week."),
            (0, 8, "10% rollout, no incidents."),
            (1, 9, "Live for all new sign-ups."),
            (1, 9, "Done. What matters now is completion, not the launch."),
            (1, 9, "Nothing left to do here; kept for the record."),
        ),
        type="milestone",
        kind="output",
        indicator="leading",
    ),
    why="Half of new sign-ups never send an invoice; those who do in their first week stay "
    "three times longer.",
    owner="maria",
    team="growth",
)

PLATFORM = _objective(
    "self-serve-billing",
    "Enterprise admins run billing themselves, without calling support",
    _kr(
        "tickets",
        "Billing support tickets per week from 120 to 60",
        (
            (118, 7, "Baseline week."),
            (121, 7, "Invoice-run week always spikes."),
            (112, 7, "Clearer dunning emails."),
            (104, 7, "Portal v2 beta with 10 accounts."),
            (97, 8, ""),
            (93, 8, "Refunds moved into the portal."),
            (86, 8, "Fewest 'where is my invoice' tickets this year."),
            (82, 8, "Lowest week since last spring."),
        ),
        lag=1,
        unit="tickets",
        direction="decrease",
        baseline=120,
        target=60,
        indicator="lagging",
    ),
    _kr(
        "self-serve",
        "Share of enterprise invoices paid through the self-serve portal from 20% to 60%",
        (
            (20, 8, "Baseline."),
            (23, 8, "Portal v2 beta invites sent."),
            (28, 8, "Three large accounts switched."),
            (33, 7, "Good jump, but all of it from the beta group."),
            (37, 7, "Long-tail accounts do not log in at all."),
            (41, 6, "Rising only because the big three pay more invoices."),
            (45, 5, "Without them we would be flat at 24%."),
            (
                47,
                4,
                "The number looks fine, the trend under it does not: small accounts need "
                "their own bet.",
            ),
        ),
        lag=1,
        unit="%",
        direction="increase",
        baseline=20,
        target=60,
        indicator="leading",
    ),
    _kr(
        "invoice-speed",
        "Invoice generation p95 stays below 2 seconds",
        (
            (1.6, 8, "Baseline after the query fix."),
            (1.7, 8, ""),
            (1.8, 7, "The month-end batch pushes it up."),
            (1.7, 7, "Back to normal."),
            (1.9, 6, "Close to the line; the metrics dashboard broke in the migration."),
        ),
        lag=22,
        unit="s",
        direction="stay_below",
        target=2,
        indicator="lagging",
    ),
    why="Billing questions are a third of enterprise tickets and the top complaint in the "
    "satisfaction survey.",
    owner="dev",
    team="platform",
)

DISCOVERY = _objective(
    "reconciliation",
    "Learn whether finance teams would trust us to reconcile their bank accounts",
    _kr(
        "interviews",
        "User interviews run with finance leads: from 0 to 12",
        (
            (0, 7, "Recruiting through customer success."),
            (1, 7, "First interview: reconciles weekly in a spreadsheet."),
            (3, 7, ""),
            (4, 7, "Two no-shows; added a gift-card incentive."),
            (6, 8, "A pattern: matching partial payments is the pain."),
            (7, 8, ""),
            (8, 8, "Synthesis workshop with design and engineering."),
            (9, 8, "Three more booked for next week."),
        ),
        lag=3,
        unit="interviews",
        direction="increase",
        baseline=0,
        target=12,
        kind="output",
        indicator="leading",
        discovery_type="process",
        kill_in=27,
    ),
    _kr(
        "usability",
        "Usability-test completion rate of the reconciliation prototype from 50% to 80%",
        (
            (50, 6, "First prototype: half the testers gave up at partial payments."),
            (55, 6, "Clearer list of suggested matches."),
            (60, 7, ""),
            (64, 7, "Split-payment flow added."),
            (67, 7, "Testers still hesitate when fees change the amount."),
            (70, 7, "7 of 10 completed unaided."),
        ),
        lag=3,
        unit="%",
        direction="increase",
        baseline=50,
        target=80,
        indicator="leading",
        discovery_type="future_behaviour",
        assumption="Finance leads can match a bank line to an open invoice without help.",
        kill_in=21,
    ),
    _kr(
        "beta",
        "Beta opt-in rate among invited accounts from 0% to 30%",
        (
            (0, 6, "Invites go out next week."),
            (5, 6, "2 of 40 invited accounts opted in."),
            (8, 6, "Mid-size accounts respond; large ones do not."),
            (11, 5, "Large accounts say their ERP already reconciles."),
            (14, 5, "14%: the assumption holds for mid-size accounts only."),
        ),
        lag=3,
        unit="%",
        direction="increase",
        baseline=0,
        target=30,
        indicator="leading",
        discovery_type="future_behaviour",
        assumption="Accounts sending over 500 invoices a month want reconciliation enough to "
        "join a beta.",
        kill_in=10,
    ),
    why="Reconciliation is the most requested feature in sales calls, but nobody here has "
    "watched a finance team do it.",
    owner="sam",
    team="platform",
    mode="discovery",
)

PERSONAL = _objective(
    "buyers",
    "I understand our enterprise buyers as well as our best sales rep does",
    _kr(
        "calls",
        "Customer calls joined from 0 to 10",
        (
            (1, 8, "Joined a renewal call with Norvik."),
            (2, 8, ""),
            (3, 8, "Sat in on a security review."),
            (4, 8, ""),
            (5, 8, "Heard the SSO objection first-hand."),
            (6, 8, ""),
            (7, 8, "Shadowed a full quarterly business review."),
            (7, 7, "Busy week, no calls."),
        ),
        lag=4,
        unit="calls",
        direction="increase",
        baseline=0,
        target=10,
        indicator="leading",
    ),
    _kr(
        "sales-answers",
        "Enterprise sales questions I answer without escalating from 30% to 80%",
        (
            (30, 7, "Baseline: sales forwards most SSO and audit questions to engineering."),
            (35, 7, ""),
            (38, 7, "Learned how our data retention works."),
            (45, 7, ""),
            (50, 7, "Wrote a one-page FAQ on SSO plans with dev."),
            (55, 8, ""),
            (60, 8, "Sales now asks me before engineering."),
            (64, 8, "64%: billing and security questions are mostly covered."),
        ),
        lag=4,
        unit="%",
        direction="increase",
        baseline=30,
        target=80,
        indicator="lagging",
    ),
    why="I came from consumer products; enterprise buying is new to me.",
    owner="sam",
    team="platform",
    level="personal",
)

ACTIVE_OBJECTIVES = (COMPANY, GROWTH, PLATFORM, DISCOVERY, PERSONAL)

# -- the previous, closed cycle (checked in every two weeks) ------------------------------

PREVIOUS_OBJECTIVES = (
    _objective(
        "first-session",
        "New users understand what the product does in their first session",
        _kr(
            "activation",
            "Activation rate from 30% to 40%",
            (
                (30, 7, "Baseline."),
                (31, 7, "Welcome tour live."),
                (33, 7, ""),
                (35, 8, "Sample data in new accounts helps."),
                (37, 8, ""),
                (38, 8, "Ends at 38%: most of the gain came from sample data."),
            ),
            lag=3,
            unit="%",
            direction="increase",
            baseline=30,
            target=40,
            indicator="leading",
            state="closed",
        ),
        _kr(
            "wizard-drop-off",
            "Setup wizard drop-off from 60% to 40%",
            (
                (60, 6, "Baseline."),
                (59, 6, ""),
                (58, 5, "The wizard is not where people leave: it is the bank connection."),
                (57, 5, ""),
                (55, 5, "Shortened the wizard anyway; small gain."),
                (54, 5, "Ends at 54%. Next quarter: the bank step."),
            ),
            lag=3,
            unit="%",
            direction="decrease",
            baseline=60,
            target=40,
            indicator="lagging",
            state="closed",
        ),
        why="Trial users who never grasp the product in their first session do not come back.",
        owner="maria",
        team="growth",
        state="closed",
        reflection="Activation moved, drop-off did not: the wizard was not the problem, the bank "
        "connection was. That became this quarter's onboarding objective.",
    ),
)

# -- roadmap, alignment, evidence ---------------------------------------------------------

BETS = (
    BetSpec(
        "redesign", "Redesigned onboarding flow", "now", "done", (("completion", 12), ("launch", 1))
    ),
    BetSpec(
        "checklist",
        "Guided setup checklist",
        "now",
        "delivery",
        (("completion", 8), ("first-invoice", -2)),
        url="https://tracker.example.com/GROW-112",
    ),
    BetSpec(
        "portal",
        "Self-serve billing portal v2",
        "now",
        "delivery",
        (("self-serve", 30), ("tickets", -40), ("satisfaction", 2)),
        url="https://tracker.example.com/PLAT-87",
    ),
    BetSpec(
        "prototype",
        "Reconciliation prototype tests",
        "now",
        "discovery",
        (("usability", 30), ("interviews", 12)),
    ),
    BetSpec(
        "sso",
        "SSO and audit log for enterprise admins",
        "next",
        "discovery",
        (("pitches", -1), ("satisfaction", 3)),
        note="Sales lost one deal to missing SSO this quarter.",
    ),
    BetSpec(
        "templates",
        "Invoice templates gallery",
        "next",
        "idea",
        (("first-invoice", -2),),
        note="Users finish onboarding, then wait for client details.",
    ),
    BetSpec(
        "reminders",
        "Billing reminders for small accounts",
        "next",
        "idea",
        (("self-serve", 10),),
        note="The portal share rises only through large accounts.",
    ),
    BetSpec("reconciliation-beta", "Bank reconciliation beta", "later", "idea", (("beta", 30),)),
    BetSpec("status-page", "Public status page", "later", "idea", (("website", 10),)),
    BetSpec(
        "video-tour",
        "Onboarding video tour",
        "later",
        "dropped",
        (("completion", 5),),
        note="Dropped: in tests nobody watched past 20 seconds.",
    ),
    BetSpec(
        "dark-mode",
        "Dark mode",
        "later",
        "idea",
        note="Asked for loudly by a few users; it moves no key result yet.",
    ),
)

LINKS = (
    LinkSpec(
        "onboarding",
        "mature",
        "A first week without friction makes the product feel mature to new teams.",
    ),
    LinkSpec(
        "self-serve-billing",
        "satisfaction",
        "Admins who pay without calling support rate us higher.",
    ),
    LinkSpec(
        "reconciliation",
        "mature",
        "To finance buyers, 'integrated' means reconciliation is done for them.",
    ),
)

EVIDENCE = (
    EvidenceSpec(
        "interviews",
        30,
        "7 of 9 finance leads reconcile weekly in a spreadsheet and "
        "call it the worst hour of their week.",
        "supports",
    ),
    EvidenceSpec(
        "usability",
        17,
        "Testers did not see why fees make amounts differ; 3 of 5 asked for help.",
        "unclear",
    ),
    EvidenceSpec(
        "usability",
        10,
        "4 of 5 testers matched a bank line to an invoice without "
        "help once split payments were shown.",
        "supports",
    ),
    EvidenceSpec(
        "beta", 12, "Mid-size accounts (50–500 invoices a month) opted in at 22%.", "supports"
    ),
    EvidenceSpec(
        "beta",
        5,
        "Accounts with over 500 invoices a month declined: their ERP already reconciles.",
        "refutes",
    ),
)


# -- dates ----------------------------------------------------------------------------------


def active_cycle_start(today: date) -> date:
    """The Monday `WEEKS_ELAPSED` weeks before the week of `today`."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=WEEKS_ELAPSED)


def cycle_end(start: date) -> date:
    """The last day (a Sunday) of a `CYCLE_WEEKS`-week cycle starting on `start`."""
    return start + timedelta(weeks=CYCLE_WEEKS, days=-1)


def quarter_of(cycle_start: date) -> tuple[int, int]:
    """(year, quarter) a cycle belongs to: the quarter holding its middle day."""
    middle = cycle_start + timedelta(days=CYCLE_WEEKS * 7 // 2)
    return middle.year, (middle.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def quarter_name(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def reading_dates(last: date, count: int, every_days: int) -> list[date]:
    """`count` dates `every_days` apart, oldest first, ending on `last`."""
    return [last - timedelta(days=every_days * (count - 1 - i)) for i in range(count)]


# -- building -------------------------------------------------------------------------------


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


class _Builder:
    """Collects the sample's records by type, with stable ids from each record's handle."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.records: dict[type[Record], list[Record]] = {model: [] for model in TABLES.values()}
        #: Ids of objectives and key results by their spec ref, for bets, links and evidence.
        self.ids: dict[str, str] = {}

    def add(self, model: type[Record], handle: str, stamp: date | None = None, **fields: Any):
        """Build and collect one record; its id derives from the day and `handle`."""
        moment = _noon(stamp or self.today)
        record_id = uuid.uuid5(_ID_NAMESPACE, f"{self.today.isoformat()}/{handle}").hex
        record = model(id=record_id, created_at=moment, updated_at=moment, **fields)
        self.records[model].append(record)
        return record

    def cycle_with_objectives(
        self, cycle: Cycle, specs: tuple[ObjectiveSpec, ...], last_day: date
    ) -> None:
        """Add the objectives of `cycle`, their KRs and each KR's story up to `last_day`."""
        for spec in specs:
            fields = {"state": "committed"} | spec.fields
            objective = self.add(
                Objective, f"objective/{spec.ref}", cycle_id=cycle.id, title=spec.title, **fields
            )
            self.ids[spec.ref] = objective.id
            for kr_spec in spec.krs:
                self.key_result(cycle, objective, kr_spec, last_day)

    def key_result(self, cycle: Cycle, objective: Objective, spec: KrSpec, last_day: date) -> None:
        """Add a KR and its check-ins; a closed KR gets the score its final reading earns."""
        fields = {"owner": objective.owner} | spec.fields
        if spec.kill_in is not None:
            fields["kill_by"] = self.today + timedelta(days=spec.kill_in)
        # Written when the cycle was planned: its pace and staleness run from the start.
        planned = min(cycle.start, self.today)
        kr = self.add(
            KeyResult,
            f"kr/{spec.ref}",
            stamp=planned,
            objective_id=objective.id,
            title=spec.title,
            **fields,
        )
        self.ids[spec.ref] = kr.id
        dates = reading_dates(
            last_day - timedelta(days=spec.lag), len(spec.story), cycle.cadence_days
        )
        checkins = [
            self.add(
                CheckIn,
                f"checkin/{spec.ref}/{i}",
                stamp=day,
                key_result_id=kr.id,
                date=day,
                value=value,
                confidence=confidence,
                note=note,
                author=kr.owner,
            )
            for i, (day, (value, confidence, note)) in enumerate(
                zip(dates, spec.story, strict=True)
            )
        ]
        if kr.state == "closed":
            kr.score = suggested_score(snapshot(kr, checkins, cycle, cycle.end))

    def bet(self, rank: int, spec: BetSpec) -> None:
        moves = [
            BetImpact(key_result_id=self.ids[ref], expected_change=change)
            for ref, change in spec.moves
        ]
        self.add(
            Bet,
            f"bet/{spec.ref}",
            title=spec.title,
            horizon=spec.horizon,
            status=spec.status,
            rank=rank,
            moves=moves,
            note=spec.note,
            url=spec.url,
        )

    def link(self, spec: LinkSpec) -> None:
        is_objective = any(o.ref == spec.target for o in ACTIVE_OBJECTIVES)
        target = "to_objective_id" if is_objective else "to_key_result_id"
        self.add(
            Link,
            f"link/{spec.source}/{spec.target}",
            from_objective_id=self.ids[spec.source],
            strength="weak",
            hypothesis=spec.hypothesis,
            **{target: self.ids[spec.target]},
        )

    def evidence(self, spec: EvidenceSpec) -> None:
        day = self.today - timedelta(days=spec.days_ago)
        self.add(
            Evidence,
            f"evidence/{spec.kr}/{spec.days_ago}",
            stamp=day,
            key_result_id=self.ids[spec.kr],
            date=day,
            text=spec.text,
            verdict=spec.verdict,
        )

    def in_table_order(self) -> Iterator[Record]:
        """Every record, table by table in `TABLES` order: parents always come first."""
        for model in TABLES.values():
            yield from self.records[model]


def _ranked(bets: tuple[BetSpec, ...]) -> Iterator[tuple[int, BetSpec]]:
    """Each bet with its rank (1, 2, …) within its horizon, in the given order."""
    seen: dict[str, int] = {}
    for spec in bets:
        seen[spec.horizon] = seen.get(spec.horizon, 0) + 1
        yield seen[spec.horizon], spec


def _add_cycles(builder: _Builder, today: date) -> tuple[Cycle, Cycle]:
    """The active cycle (weekly, started `WEEKS_ELAPSED` weeks ago) and the closed quarter
    before it (checked in every two weeks), named after their quarters."""
    start = active_cycle_start(today)
    year, quarter = quarter_of(start)
    active = builder.add(
        Cycle,
        "cycle/active",
        name=quarter_name(year, quarter),
        start=start,
        end=cycle_end(start),
        cadence_days=7,
        state="active",
    )
    previous_start = start - timedelta(weeks=CYCLE_WEEKS)
    previous = builder.add(
        Cycle,
        "cycle/previous",
        name=quarter_name(*previous_quarter(year, quarter)),
        start=previous_start,
        end=cycle_end(previous_start),
        cadence_days=14,
        state="closed",
    )
    return active, previous


def build_sample(today: date) -> list[Record]:
    """The sample workspace on `today`: an active quarter-like cycle started about eight weeks
    ago (weekly check-ins up to today), the closed cycle before it, bets, links and evidence.

    Parents come before children and references use ids, as `Repository.add_workspace` wants.
    """
    builder = _Builder(today)
    active, previous = _add_cycles(builder, today)
    builder.cycle_with_objectives(active, ACTIVE_OBJECTIVES, today)
    builder.cycle_with_objectives(previous, PREVIOUS_OBJECTIVES, previous.end)
    for rank, spec in _ranked(BETS):
        builder.bet(rank, spec)
    for link in LINKS:
        builder.link(link)
    for finding in EVIDENCE:
        builder.evidence(finding)
    return list(builder.in_table_order())
