"""Provides `Discovery`, the repository's discovery-mode changes (`repo.discovery`): log
evidence, set a kill-by date, kill a KR with its reason, graduate a future-behaviour KR.

Each is one unit of work described for the undo journal, and returns a `Change` saying what
it did. The rules live in `okrtui.domain.discovery`; this module only reads, checks and
stores. (`domain.rollover` is imported where a graduation needs it: every command opens a
repository, and most never graduate a KR.)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from okrtui.domain.discovery import graduated_fields, graduation_problems, kill_fields
from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Bet, Cycle, Evidence, KeyResult, Objective, Verdict
from okrtui.domain.progress import suggested_score
from okrtui.store.repository.records import Records
from okrtui.store.repository.work import Change, validated


class Discovery:
    """Discovery-mode changes over one database's records."""

    def __init__(self, records: Records) -> None:
        self.records = records

    def add_evidence(
        self, kr: KeyResult, verdict: Verdict, text: str, day: date | None = None
    ) -> Change[Evidence]:
        """Log a finding about `kr`'s assumption; nothing is stored when the note is empty
        or the day lies in the future."""
        today = self.records.today()
        day = day or today
        if day > today:
            raise InvalidInput(f"the evidence date {day} is in the future: log what you know today")
        if not " ".join(text.split()):
            raise InvalidInput("write what you found: the note is the evidence")
        item = validated(
            Evidence,
            {
                "key_result_id": kr.id,
                "date": day,
                "text": " ".join(text.split()),
                "verdict": verdict,
            },
        )
        with self.records.work() as work:
            item = work.insert(item)
            described = work.describe(f"Log evidence on {kr.key}: {verdict}")
        return Change(item, described)

    def set_kill_by(self, kr: KeyResult, day: date | None) -> Change[KeyResult]:
        """Set (or clear, with None) the date by which a discovery KR must show results."""
        what = f"{day}" if day else "none"
        return self.records.change(kr, f"Set kill-by of {kr.key}: {what}", kill_by=day)

    def kill(self, kr: KeyResult, reason: str) -> Change[KeyResult]:
        """Close `kr` unscored with the `reason` (what the team learnt)."""
        changes = kill_fields(kr, reason, self.records.today())
        return self.records.change(kr, f"Kill {kr.key}: {changes['close_reason'][:50]}", **changes)

    def graduate(
        self,
        kr: KeyResult,
        objective: Objective | None = None,
        changes: dict[str, Any] | None = None,
    ) -> Change[KeyResult]:
        """Turn a future-behaviour KR into an outcome KR; the change's result is the outcome KR.

        Into an objective of the same cycle (default: its own): the KR changes in place, so
        every check-in and finding stays with it. Into an objective of a later cycle: a new
        KR continues the old one (baseline = last value, bets carried), and the old one
        closes with its score and a note of where it went. `changes` (title, target, unit…)
        apply to the outcome KR.
        """
        problems = graduation_problems(kr)
        if problems:
            raise InvalidInput(problems[0])
        today = self.records.today()
        home = self.records.objective_of(kr)
        objective = objective or home
        changes = dict(changes or {})
        if objective.cycle_id == home.cycle_id:
            fields = graduated_fields(kr, today) | changes | {"objective_id": objective.id}
            return self.records.change(kr, f"Graduate {kr.key} into an outcome KR", **fields)
        return self._graduate_into(kr, objective, changes, today)

    def _graduate_into(
        self, kr: KeyResult, objective: Objective, changes: dict[str, Any], today: date
    ) -> Change[KeyResult]:
        """Graduate `kr` into `objective` of a later cycle (see `graduate`)."""
        from okrtui.domain.rollover import carried_bets, carried_key_result, closing_changes

        records = self.records
        home_cycle = records.cycle_of(records.objective_of(kr))
        target_cycle = records.by_id(Cycle, objective.cycle_id)
        if target_cycle.start <= home_cycle.start or target_cycle.state == "closed":
            raise InvalidInput(
                f"{target_cycle.name} is not a later open cycle: graduate into this cycle or "
                "the next one"
            )
        snap = records.snapshot(kr)
        copy = carried_key_result(kr, snap.value, objective.id)
        fields = copy.model_dump() | graduated_fields(kr, today) | {"graduated_on": None} | changes
        new = validated(KeyResult, fields)
        with records.work() as work:
            new = work.insert(new)
            closing = closing_changes(kr, suggested_score(snap), rolled=False, today=today)
            reason = f"graduated into {new.key} in {target_cycle.name}"
            work.apply(kr, closing | {"graduated_on": today, "close_reason": reason})
            for bet, moves in carried_bets(work.records(Bet), {kr.id: new.id}):
                work.apply(bet, {"moves": moves})
            described = work.describe(f"Graduate {kr.key} into {new.key} ({target_cycle.name})")
        return Change(new, described)
