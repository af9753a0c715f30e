"""Provides `WeeklyService` (`repo.weekly`): the weekly story of a cycle (`domain.weekly`)
gathered from the database, and the keep / pivot / drop decisions about bets it reports.

A decision is kept on the bet (`Bet.decisions`), so it syncs with the team and the report of
any week can show it; dropping also sets the bet's status and opens its note with why, in
the same undoable transaction. Each change returns its description. The rules are imported by the methods that use them: every
command opens a `Repository`, and `okrtui checkin` never reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from okrtui.domain.models import Bet, CheckIn, Cycle, Decision, Evidence
from okrtui.store.repository.work import Change

if TYPE_CHECKING:
    from okrtui.domain.weekly import WeeklyReport
    from okrtui.store.repository.backlog_ops import BacklogService
    from okrtui.store.repository.records import Records
    from okrtui.store.repository.roadmap import Roadmap

_VERB = {"kept": "Keep", "pivoted": "Pivot", "dropped": "Drop"}


class WeeklyService:
    """The weekly report and the bet decisions it tells of."""

    def __init__(self, repo: Records, backlog: BacklogService, roadmap: Roadmap) -> None:
        self._repo = repo
        self._backlog = backlog
        self._roadmap = roadmap

    def report(self, cycle: Cycle, end: date | None = None) -> WeeklyReport:
        """The report of `cycle` for the seven days ending on `end` (default: today)."""
        from okrtui.domain.backlog import status_tally
        from okrtui.domain.weekly import build_week

        repo = self._repo
        end = end or repo.today()
        objectives = repo.objectives(cycle)
        plans = [(o, repo.key_results(o)) for o in objectives]
        kr_ids = {kr.id for _, krs in plans for kr in krs}
        checkins: dict[str, list[CheckIn]] = {}
        for checkin in repo.matching(CheckIn, lambda d: d.get("key_result_id") in kr_ids, cycle.id):
            checkins.setdefault(checkin.key_result_id, []).append(checkin)
        evidence: dict[str, list[Evidence]] = {}
        for item in repo.matching(Evidence, lambda d: d.get("key_result_id") in kr_ids, cycle.id):
            evidence.setdefault(item.key_result_id, []).append(item)
        items = self._backlog.items_by_key_result()
        tallies = {kr_id: status_tally(i.status for i in found) for kr_id, found in items.items()}
        backlog = self._backlog.coverage(cycle).sentence() if self._backlog.items() else ""
        return build_week(cycle, end, plans, checkins, repo.bets(), evidence, tallies, backlog)

    def decide(self, bet: Bet, decision: Decision, unmoved: Sequence[str] = ()) -> Change[Bet]:
        """Record that the team kept, pivoted or dropped `bet` because `unmoved` KRs did not
        move, in one unit of work; dropping goes through `repo.roadmap.drop_bet` (status and
        the note saying why) inside it."""
        repo = self._repo
        with repo.work() as work:
            if decision == "dropped":
                self._roadmap.drop_bet(bet, unmoved)  # joins this unit of work
            stored = work.get(Bet, bet.id) or bet
            decisions = [
                *(d.model_dump() for d in stored.decisions),
                {"day": repo.today(), "decision": decision, "unmoved": list(unmoved)},
            ]
            updated = work.apply(stored, {"decisions": decisions})
            described = work.describe(
                f"{_VERB[decision]} {bet.key}"
                + (f": {', '.join(unmoved)} did not move" if unmoved else "")
            )
        return Change(updated, described)
