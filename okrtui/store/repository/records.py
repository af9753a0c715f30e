"""Provides `Records`: typed reads of one okrtui database and the record-level writes (create,
edit, check in, save a draft, delete, undo), the part of the repository every service builds
on.

It takes and returns pydantic models, validates every write (fields, references, keys)
before anything reaches the file, allocates short keys (`O-3`, `KR-12`), and resolves what a
person types (a key, a cycle name, an id) to a record. Each public write is one unit of work
(`work`): one atomic, locked transaction, named for the undo journal and the git commit.
The writes people see described (saving a draft, deleting) return a `Change` saying what
they did; the plain record writes return the record they stored.
"""

from __future__ import annotations

import getpass
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from okrtui.domain.checkin_flow import checkin_day, closed_text, correction_problem, date_problem
from okrtui.domain.clock import Clock
from okrtui.domain.errors import InvalidInput, NotFound
from okrtui.domain.models import (
    DEFAULT_CONFIDENCE,
    TABLES,
    Bet,
    CheckIn,
    Cycle,
    Evidence,
    KeyResult,
    Link,
    Objective,
    Record,
    format_number,
    key_number,
)
from okrtui.domain.progress import KrSnapshot, snapshot
from okrtui.domain.wording import count as counted
from okrtui.store.engine import journal
from okrtui.store.engine.archive import PARTITIONED
from okrtui.store.engine.database import Database
from okrtui.store.engine.integrity import delete_with_dependants
from okrtui.store.engine.schema import SCHEMA_VERSION
from okrtui.store.repository.work import (
    TABLE_OF,
    WHAT,
    Change,
    Parser,
    UnitOfWork,
    quoted,
    validated,
)
from okrtui.store.team.conflicts import ALIASES_TABLE

R = TypeVar("R", bound=Record)

#: Fields no update may change: identity, key and bookkeeping.
_FIXED_FIELDS = {"id", "key", "created_at", "updated_at"}


def _history_kept(kr: KeyResult) -> str:
    """Why a KR with check-ins is not deleted."""
    return (
        f"{kr.key} has check-ins and cannot be removed: its history stays; "
        "close it at the review instead"
    )


def _and_more(count: int) -> str:
    """` and 3 records that depended on it` (nothing when none)."""
    return f" and {counted(count, 'record')} that depended on it" if count else ""


class Records:
    """Typed reads and record-level writes of one okrtui database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.clock: Clock = db.clock
        self.parser = Parser(db.path)
        #: Who the person is when git does not say: their setting (`author` in settings.json),
        #: set by the CLI; else the login name (`checkin_author`).
        self.author_setting: str = ""

    @property
    def path(self) -> Path:
        return self.db.path

    def checkin_author(self) -> str:
        """Who a check-in made here is by: the person's setting, else their login name (the
        Repository puts the git author first in a database shared through git)."""
        if self.author_setting:
            return self.author_setting
        try:
            return getpass.getuser()
        except (KeyError, OSError):  # no login name (a container without a passwd entry)
            return ""

    def today(self) -> date:
        return self.clock.today()

    @contextmanager
    def work(self) -> Iterator[UnitOfWork]:
        """One change: a locked, atomic transaction written when the block ends (nothing is
        written if it raises). A unit of work opened inside another joins it."""
        with self.db.transaction() as tx:
            yield UnitOfWork(tx, self.parser, self.clock)

    # -- generic reads ------------------------------------------------------------------------

    def _stored(self, table: str, cycle_id: str | None = None) -> Iterator[dict[str, Any]]:
        """Stored records of `table`: one cycle's (from its archive file if it is archived)
        when `cycle_id` is given, else all of them, the live file's first and the archives'
        only when the caller reads that far (a lookup that finds its record live stops there)."""
        if cycle_id is not None:
            yield from self.db.cycle_tables(cycle_id).get(table, {}).values()
            return
        yield from self.db.raw_table(table).values()
        if table in PARTITIONED:
            for tables in self.db.archived_tables():
                yield from tables.get(table, {}).values()

    def matching(
        self, model: type[R], where: Callable[[dict[str, Any]], bool], cycle_id: str | None = None
    ) -> list[R]:
        """The records of `model` (of one cycle) whose stored form passes `where`; only those
        are validated, so a lookup costs little however much history the file holds."""
        parse = self.parser.parse
        return [parse(model, doc) for doc in self._stored(TABLE_OF[model], cycle_id) if where(doc)]

    def all(self, model: type[R]) -> list[R]:
        """Every record of a type, archived cycles' included: live ones first, in stored order."""
        return [self.parser.parse(model, doc) for doc in self._stored(TABLE_OF[model])]

    def find(self, model: type[R], ref: str) -> R:
        """The record whose key (any case), id, or (for cycles) name is `ref`."""
        wanted = ref.strip()
        upper = wanted.upper()
        for doc in self._stored(TABLE_OF[model]):
            if str(doc.get("key", "")).upper() == upper or doc.get("id") == wanted:
                return self.parser.parse(model, doc)
            if model is Cycle and doc.get("name") == wanted:
                return self.parser.parse(model, doc)
        renamed = self._alias(model, upper)
        if renamed is not None:
            return renamed
        raise NotFound(f"no {WHAT[model]} is called '{ref}'{self._hint(model)}")

    def _alias(self, model: type[R], upper_key: str) -> R | None:
        """The record a merge renumbered away from this key (`KR-13` → `KR-14`), if any."""
        table = TABLE_OF[model]
        for alias in self.db.raw_table(ALIASES_TABLE).values():
            if alias.get("table") == table and str(alias.get("key", "")).upper() == upper_key:
                try:
                    return self.by_id(model, str(alias.get("record_id")))
                except NotFound:
                    continue
        return None

    def _hint(self, model: type[R]) -> str:
        keys = [
            f"{doc.get('name')} ({doc.get('key')})" if model is Cycle else str(doc.get("key"))
            for doc in self._stored(TABLE_OF[model])
        ]
        if not keys:
            return f" (there are no {WHAT[model]}s yet)"
        shown = ", ".join(keys[:8]) + (" …" if len(keys) > 8 else "")
        return f"; known: {shown}"

    def by_id(self, model: type[R], record_id: str) -> R:
        """The record with this id (an internal reference, so absence is a data error)."""
        for doc in self._stored(TABLE_OF[model]):
            if doc.get("id") == record_id:
                return self.parser.parse(model, doc)
        raise NotFound(f"no {WHAT[model]} has the id {record_id}")

    def is_empty(self) -> bool:
        """Whether the database holds no cycles, objectives or bets yet."""
        return not any(self.db.raw_table(t) for t in ("cycles", "objectives", "bets"))

    # -- generic writes -----------------------------------------------------------------------

    def create(self, model: type[R], **fields: Any) -> R:
        """Validate and store a new record; returns it with its key."""
        item = validated(model, fields)
        with self.work() as work:
            item = work.insert(item)
            work.describe(f"Create {item.key}{quoted(item)}")
        return item

    def update(self, item: R, **changes: Any) -> R:
        """Apply `changes` to `item` as it is stored now (validated as a whole); returns the
        new version.

        The changes go onto the record read under the lock, not onto the caller's copy, so a
        field another process changed since `item` was read is kept, not written over.
        """
        return self.change(item, "", **changes).result

    def change(self, item: R, action: str, **changes: Any) -> Change[R]:
        """`update`, described as `action` ("Kill KR-4: …"; by default "Edit KR-4 “…”")."""
        bad = _FIXED_FIELDS & changes.keys()
        if bad:
            raise InvalidInput(f"cannot change {', '.join(sorted(bad))} of {item.key}")
        with self.work() as work:
            updated = work.apply(item, changes)
            described = work.describe(action or f"Edit {item.key}{quoted(updated)}")
        return Change(updated, described)

    def save_objective(
        self,
        objective: Objective | None,
        fields: dict[str, Any],
        key_results: Sequence[tuple[KeyResult | None, dict[str, Any]]],
        removed: Sequence[KeyResult] = (),
    ) -> Change[tuple[Objective, list[KeyResult]]]:
        """Create (`objective` None) or edit an objective with its key results, all in one
        undoable transaction: the draft screen's save. Each `(existing KR or None, fields)`
        pair creates or edits a KR; `removed` KRs are deleted unless they have check-ins."""
        with self.work() as work:
            if objective is None:
                saved_objective = work.insert(validated(Objective, fields))
            else:
                saved_objective = work.apply(objective, fields)
            saved = [
                self._save_key_result(saved_objective, existing, kr_fields, position, work)
                for position, (existing, kr_fields) in enumerate(key_results, start=1)
            ]
            for kr in removed:
                self._remove_key_result(kr, work)
            verb = {"draft": "Save draft", "committed": "Commit"}.get(saved_objective.state, "Save")
            described = work.describe(f"{verb} {saved_objective.key}{quoted(saved_objective)}")
        return Change((saved_objective, saved), described)

    def _save_key_result(
        self,
        objective: Objective,
        existing: KeyResult | None,
        fields: dict[str, Any],
        position: int,
        work: UnitOfWork,
    ) -> KeyResult:
        fields = fields | {"objective_id": objective.id}
        try:
            if existing is None:
                return work.insert(validated(KeyResult, fields))
            return work.apply(existing, fields)
        except InvalidInput as error:
            title = fields.get("title") or "untitled"
            raise InvalidInput(f"key result {position} ({title}): {error}") from None

    def removal_problem(self, record: Objective | KeyResult) -> str | None:
        """Why `record` (a KR, or an objective through its KRs) cannot be deleted, or None:
        screens ask before offering to delete, and the delete itself checks again."""
        krs = [record] if isinstance(record, KeyResult) else self.key_results(record)
        checked = next((kr for kr in krs if self.history(kr)), None)
        return _history_kept(checked) if checked else None

    def _remove_key_result(self, kr: KeyResult, work: UnitOfWork) -> int:
        """Delete a KR nobody has checked in, with what points at it (its evidence, links
        to it, bets' expectations on it); returns how many records went."""
        if any(c.get("key_result_id") == kr.id for c in work.stored(CheckIn)):
            raise InvalidInput(_history_kept(kr))
        return delete_with_dependants(work.tx, "key_results", kr.id)

    def delete_key_result(self, kr: KeyResult) -> Change[KeyResult]:
        """Delete `kr` (see `_remove_key_result`) in one undoable change."""
        with self.work() as work:
            others = self._remove_key_result(kr, work) - 1
            described = work.describe(f"Delete {kr.key}{quoted(kr)}{_and_more(others)}")
        return Change(kr, described)

    def delete_objective(self, objective: Objective) -> Change[Objective]:
        """Delete an objective with its key results and what points at them, in one undoable
        change; refused when one of its KRs has check-ins (close it at the review instead)."""
        with self.work() as work:
            removed = 0
            for kr in work.records(KeyResult):
                if kr.objective_id == objective.id:
                    removed += self._remove_key_result(kr, work)
            others = removed + delete_with_dependants(work.tx, "objectives", objective.id) - 1
            described = work.describe(
                f"Delete {objective.key}{quoted(objective)}{_and_more(others)}"
            )
        return Change(objective, described)

    def undo(self, confirmed: bool = False) -> str:
        """Take back the person's newest change not yet undone, made in this clone (even one
        made before a restart; in a team's database never a teammate's).

        Returns what was undone; `journal.UndoNeedsConfirmation` (unless `confirmed`) when
        newer changes stand after it; `OkrError` when there is nothing to undo or the records
        changed since.
        """
        with self.work() as work:
            action = journal.undo_last(work.tx, self.db.origin[1], confirmed)
            work.describe(f"Undo {action}")
        return action

    def undoable(self) -> str | None:
        """What `undo` would take back, if anything."""
        return journal.last_undoable(self.db.storage.read() or {}, self.db.origin[1])

    # -- cycles ---------------------------------------------------------------------------------

    def cycles(self) -> list[Cycle]:
        """Every cycle, oldest first."""
        return sorted(self.all(Cycle), key=lambda c: (c.start, c.key))

    def create_cycle(
        self, name: str, start: date, end: date, cadence_days: int = 7, state: str = "active"
    ) -> Cycle:
        if any(c.name == name.strip() for c in self.all(Cycle)):
            raise InvalidInput(f"a cycle called '{name}' exists already; pick another name")
        return self.create(
            Cycle, name=name, start=start, end=end, cadence_days=cadence_days, state=state
        )

    def current_cycle(self) -> Cycle | None:
        """The cycle to show: the active one containing today, else the latest active one,
        else the latest that is not closed, else the latest."""
        cycles = self.cycles()
        today = self.today()
        for candidates in (
            [c for c in cycles if c.state == "active" and c.start <= today <= c.end],
            [c for c in cycles if c.state == "active"],
            [c for c in cycles if c.state != "closed"],
            cycles,
        ):
            if candidates:
                return candidates[-1]
        return None

    # -- objectives and key results ---------------------------------------------------------

    def objectives(self, cycle: Cycle | None = None) -> list[Objective]:
        """Objectives (of one cycle), company before team before personal, then by key."""
        order = {"company": 0, "team": 1, "personal": 2}
        if cycle is None:
            items = self.all(Objective)
        else:
            items = self.matching(Objective, lambda d: d.get("cycle_id") == cycle.id, cycle.id)
        return sorted(items, key=lambda o: (order[o.level], key_number(o.key)))

    def key_results(self, objective: Objective | None = None) -> list[KeyResult]:
        """Key results (of one objective), by key."""
        if objective is None:
            items = self.all(KeyResult)
        else:
            items = self.matching(
                KeyResult, lambda d: d.get("objective_id") == objective.id, objective.cycle_id
            )
        return sorted(items, key=lambda kr: key_number(kr.key))

    def cycle_key_results(self, cycle: Cycle) -> list[KeyResult]:
        """Every key result of a cycle's objectives."""
        objective_ids = {o.id for o in self.objectives(cycle)}
        items = self.matching(KeyResult, lambda d: d.get("objective_id") in objective_ids, cycle.id)
        return sorted(items, key=lambda kr: key_number(kr.key))

    def objective_of(self, kr: KeyResult) -> Objective:
        return self.by_id(Objective, kr.objective_id)

    def cycle_of(self, objective: Objective) -> Cycle:
        return self.by_id(Cycle, objective.cycle_id)

    # -- check-ins ----------------------------------------------------------------------------

    def _checkins_by_kr(self, cycle: Cycle) -> dict[str, list[CheckIn]]:
        """The check-ins of a cycle's KRs, grouped by KR."""
        kr_ids = {kr.id for kr in self.cycle_key_results(cycle)}
        grouped: dict[str, list[CheckIn]] = defaultdict(list)
        for checkin in self.matching(CheckIn, lambda d: d.get("key_result_id") in kr_ids, cycle.id):
            grouped[checkin.key_result_id].append(checkin)
        return grouped

    def _cycle_id_of(self, kr: KeyResult) -> str:
        """The id of the cycle a KR belongs to: where its check-ins and evidence are kept."""
        return self.objective_of(kr).cycle_id

    def history(self, kr: KeyResult) -> list[CheckIn]:
        """Every check-in of a KR, superseded ones included, oldest first."""
        items = self.matching(
            CheckIn, lambda d: d.get("key_result_id") == kr.id, self._cycle_id_of(kr)
        )
        return sorted(items, key=lambda c: (c.date, c.created_at, key_number(c.key)))

    def add_checkin(
        self,
        kr: KeyResult,
        value: float,
        confidence: int | None = None,
        note: str = "",
        day: date | None = None,
        author: str = "",
        supersedes: CheckIn | None = None,
    ) -> CheckIn:
        """Append a check-in; confidence carries over from the last one when not given.

        A correction passes the check-in it `supersedes`; the old one stays in the history.
        A closed KR (killed, graduated, closed with its cycle) takes no new check-in, only
        corrections of its past ones (`checkin_flow.correction_problem`).
        """
        cycle = self.cycle_of(self.objective_of(kr))
        day = day or checkin_day(cycle, self.today())
        previous = self.snapshot(kr).checkins
        if confidence is None:
            confidence = previous[-1].confidence if previous else DEFAULT_CONFIDENCE
        if day > self.today():
            raise InvalidInput(
                f"the check-in date {day} is in the future: check in what you know today"
            )
        problem = date_problem(cycle, day)
        if problem:
            raise InvalidInput(f"{kr.key}: {problem}")
        if kr.type == "milestone" and value not in (0, 1):
            raise InvalidInput(
                f"{kr.key} is a milestone: check in 1 when it is done or 0 when it is not, "
                f"not {format_number(value)}"
            )
        if supersedes is not None and supersedes.key_result_id != kr.id:
            raise InvalidInput(f"{supersedes.key} is a check-in of another key result")
        item = validated(
            CheckIn,
            {
                "key_result_id": kr.id,
                "date": day,
                "value": value,
                "confidence": confidence,
                "note": note,
                "author": author or self.checkin_author(),
                "supersedes": supersedes.id if supersedes else None,
            },
        )
        old = previous[-1].value if previous else kr.baseline
        verb = f"Correct {supersedes.key} of" if supersedes else "Check in"
        with self.work() as work:
            stored = work.get(KeyResult, kr.id)
            if stored is not None:  # the KR as stored now, not the caller's copy: a screen
                # or another process may have killed it (or an undo reopened it) since
                self._check_open_for_checkin(stored, day, supersedes)
            item = work.insert(item)
            work.describe(f"{verb} {kr.key}: {format_number(old)} → {format_number(value)}")
        return item

    def _check_open_for_checkin(self, kr: KeyResult, day: date, supersedes: CheckIn | None) -> None:
        """`InvalidInput` when `kr` is closed and this is a new reading (or a correction
        dated after it closed), saying why in one line."""
        if kr.state != "closed":
            return
        if supersedes is None:
            cycle = self.cycle_of(self.objective_of(kr))
            carried_on = self.matching(KeyResult, lambda d: d.get("continues") == kr.id)
            successor = carried_on[0].key if carried_on else ""
            raise InvalidInput(
                closed_text(kr, cycle.name if cycle.state == "closed" else "", successor)
            )
        problem = correction_problem(kr, supersedes, day)
        if problem:
            raise InvalidInput(problem)

    # -- progress -----------------------------------------------------------------------------

    def snapshot(self, kr: KeyResult, cycle: Cycle | None = None) -> KrSnapshot:
        """Value, progress, pace and status of a KR today."""
        cycle = cycle or self.cycle_of(self.objective_of(kr))
        return snapshot(kr, self.history(kr), cycle, self.today())

    def cycle_snapshots(self, cycle: Cycle) -> dict[str, list[KrSnapshot]]:
        """Snapshots of every KR of a cycle, grouped by objective id (one pass over history)."""
        grouped = self._checkins_by_kr(cycle)
        today = self.today()
        result: dict[str, list[KrSnapshot]] = {}
        for objective in self.objectives(cycle):
            result[objective.id] = [
                snapshot(kr, grouped.get(kr.id, []), cycle, today)
                for kr in self.key_results(objective)
            ]
        return result

    # -- bets, links, evidence ------------------------------------------------------------

    def bets(self) -> list[Bet]:
        """Bets by horizon (now, next, later), then rank."""
        order = {"now": 0, "next": 1, "later": 2}
        return sorted(self.all(Bet), key=lambda b: (order[b.horizon], b.rank, key_number(b.key)))

    def cycle_links(self, cycle: Cycle) -> list[Link]:
        """The alignment links from the objectives of `cycle`."""
        return [link for o in self.objectives(cycle) for link in self.links(o)]

    def links(self, objective: Objective | None = None) -> list[Link]:
        if objective is None:
            return self.all(Link)
        return self.matching(
            Link, lambda d: d.get("from_objective_id") == objective.id, objective.cycle_id
        )

    def evidence(self, kr: KeyResult) -> list[Evidence]:
        items = self.matching(
            Evidence, lambda d: d.get("key_result_id") == kr.id, self._cycle_id_of(kr)
        )
        return sorted(items, key=lambda e: (e.date, e.created_at))

    # -- whole-database operations ----------------------------------------------------------

    def add_workspace(self, records: Iterable[Record]) -> list[Record]:
        """Store many new records in one transaction (parents before children); keys are
        allocated here, and references inside the batch use the records' ids."""
        with self.work() as work:
            stored = [work.insert(item) for item in records]
            work.describe(f"Add {len(stored)} records")
        return stored

    def export_document(self) -> dict[str, Any]:
        """The whole database as one JSON-ready document (the documented backup format)."""
        document: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        for table, model in TABLES.items():
            document[table] = [item.model_dump(mode="json") for item in self.all(model)]
        return document

    def reload_needed(self) -> bool:
        """Whether another process changed the file since this one last read it."""
        return self.db.changed_on_disk()

    def close(self) -> None:
        self.db.close()
