"""Provides `DiscoveryOperations`, the repository's discovery-mode changes: log evidence, set
a kill-by date, kill a KR with its reason, graduate a future-behaviour KR.

Each is one locked, atomic transaction described for the undo journal. The rules live in
`okrtui.domain.discovery`; this module only reads, checks and stores. (`domain.rollover` is
imported where a graduation needs it: every command opens a `Repository`, this class's home.)
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from okrtui.domain.discovery import graduated_fields, graduation_problems, kill_fields
from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Bet, Cycle, Evidence, KeyResult, Objective, Verdict
from okrtui.domain.progress import suggested_score

if TYPE_CHECKING:
    from okrtui.store.repository import Repository


class DiscoveryOperations:
    """Discovery-mode changes, mixed into `Repository`."""

    def add_evidence(
        self: Repository, kr: KeyResult, verdict: Verdict, text: str, day: date | None = None
    ) -> Evidence:
        """Log a finding about `kr`'s assumption; nothing is stored when the note is empty
        or the day lies in the future."""
        day = day or self.today()
        if day > self.today():
            raise InvalidInput(f"the evidence date {day} is in the future: log what you know today")
        if not " ".join(text.split()):
            raise InvalidInput("write what you found: the note is the evidence")
        item = self._validated(
            Evidence,
            {
                "key_result_id": kr.id,
                "date": day,
                "text": " ".join(text.split()),
                "verdict": verdict,
            },
        )
        with self.db.transaction() as tx:
            item = self._insert(item, tx)
            self._describe(tx, f"Log evidence on {kr.key}: {verdict}")
        return item

    def set_kill_by(self: Repository, kr: KeyResult, day: date | None) -> KeyResult:
        """Set (or clear, with None) the date by which a discovery KR must show results."""
        what = f"{day}" if day else "none"
        return self._change(kr, f"Set kill-by of {kr.key}: {what}", kill_by=day)

    def kill(self: Repository, kr: KeyResult, reason: str) -> KeyResult:
        """Close `kr` unscored with the `reason` (what the team learnt)."""
        changes = kill_fields(kr, reason, self.today())
        return self._change(kr, f"Kill {kr.key}: {changes['close_reason'][:50]}", **changes)

    def graduate(
        self: Repository,
        kr: KeyResult,
        objective: Objective | None = None,
        changes: dict[str, Any] | None = None,
    ) -> KeyResult:
        """Turn a future-behaviour KR into an outcome KR; returns the outcome KR.

        Into an objective of the same cycle (default: its own): the KR changes in place, so
        every check-in and finding stays with it. Into an objective of a later cycle: a new
        KR continues the old one (baseline = last value, bets carried), and the old one
        closes with its score and a note of where it went. `changes` (title, target, unit…)
        apply to the outcome KR.
        """
        problems = graduation_problems(kr)
        if problems:
            raise InvalidInput(problems[0])
        today = self.today()
        home = self.objective_of(kr)
        objective = objective or home
        changes = dict(changes or {})
        if objective.cycle_id == home.cycle_id:
            fields = graduated_fields(kr, today) | changes | {"objective_id": objective.id}
            return self._change(kr, f"Graduate {kr.key} into an outcome KR", **fields)
        return self._graduate_into(kr, objective, changes, today)

    def _graduate_into(
        self: Repository, kr: KeyResult, objective: Objective, changes: dict[str, Any], today: date
    ) -> KeyResult:
        """Graduate `kr` into `objective` of a later cycle (see `graduate`)."""
        from okrtui.domain.rollover import carried_bets, carried_key_result, closing_changes

        home_cycle = self.cycle_of(self.objective_of(kr))
        target_cycle = self.by_id(Cycle, objective.cycle_id)
        if target_cycle.start <= home_cycle.start or target_cycle.state == "closed":
            raise InvalidInput(
                f"{target_cycle.name} is not a later open cycle: graduate into this cycle or "
                "the next one"
            )
        snap = self.snapshot(kr)
        copy = carried_key_result(kr, snap.value, objective.id)
        fields = copy.model_dump() | graduated_fields(kr, today) | {"graduated_on": None} | changes
        new = self._validated(KeyResult, fields)
        with self.db.transaction() as tx:
            new = self._insert(new, tx)
            closing = closing_changes(kr, suggested_score(snap), rolled=False, today=today)
            reason = f"graduated into {new.key} in {target_cycle.name}"
            self._apply(kr, closing | {"graduated_on": today, "close_reason": reason}, tx)
            bets = [self._parse(Bet, doc) for doc in tx.records("bets").values()]
            for bet, moves in carried_bets(bets, {kr.id: new.id}):
                self._apply(bet, {"moves": moves}, tx)
            self._describe(tx, f"Graduate {kr.key} into {new.key} ({target_cycle.name})")
        return new
