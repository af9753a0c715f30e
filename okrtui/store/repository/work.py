"""Provides `UnitOfWork`, the public transaction every change to okrtui records goes through,
and `Change`, what a change did.

A unit of work wraps one locked, atomic engine transaction with the record-level rules every
write must keep: new records are validated, get their short key (`KR-12`) and timestamps, and
may only point at records that exist; edits go onto the record as stored now (not the
caller's copy), are validated as a whole and checked the same way. `describe` names the
change: that one line is the undo label, the git commit message and the toast, and the
operation that made the change returns it in its `Change`.

The repository and its services (review, roadmap, alignment, discovery, conflicts) all build
on this module; it knows none of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from okrtui.domain.clock import Clock
from okrtui.domain.errors import InvalidInput, NotFound, invalid
from okrtui.domain.models import (
    TABLES,
    Bet,
    CheckIn,
    Cycle,
    Evidence,
    KeyResult,
    Link,
    Objective,
    Record,
    key_number,
)
from okrtui.store.engine.errors import UnreadableDatabase
from okrtui.store.engine.transaction import Transaction

R = TypeVar("R", bound=Record)
T = TypeVar("T")

#: The table each record type is stored in.
TABLE_OF: dict[type[Record], str] = {model: name for name, model in TABLES.items()}

#: What each record type is called in messages.
WHAT: dict[type[Record], str] = {
    Cycle: "cycle",
    Objective: "objective",
    KeyResult: "key result",
    CheckIn: "check-in",
    Bet: "bet",
    Link: "link",
    Evidence: "evidence",
}

#: The parent reference each record type must satisfy: field -> parent model.
_PARENTS: dict[type[Record], dict[str, type[Record]]] = {
    Objective: {"cycle_id": Cycle, "continues": Objective},
    KeyResult: {"objective_id": Objective, "continues": KeyResult},
    CheckIn: {"key_result_id": KeyResult},
    Evidence: {"key_result_id": KeyResult},
    Link: {
        "from_objective_id": Objective,
        "to_objective_id": Objective,
        "to_key_result_id": KeyResult,
    },
}


@dataclass(frozen=True)
class Change(Generic[T]):
    """What one change did: its `result` (the record stored, or what the operation made) and
    its one-line `description` ("Kill KR-4: …"), which is also the undo label and the commit
    message."""

    result: T
    description: str


def validated(model: type[R], fields: dict[str, Any]) -> R:
    """`fields` as a `model`, or `InvalidInput` naming the first bad field."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise invalid(exc, WHAT[model]) from None


def quoted(item: Record) -> str:
    """` “title”` of a record that has a title, for change descriptions."""
    title = getattr(item, "title", "") or getattr(item, "name", "")
    if not title:
        return ""
    return f" “{title[:40]}…”" if len(title) > 40 else f" “{title}”"


def _references(item: Record) -> Iterator[tuple[str, str | None, type[Record]]]:
    """Every reference a record makes to another: (what to call it, the id, the parent type)."""
    for field, parent in _PARENTS.get(type(item), {}).items():
        yield field.replace("_", " "), getattr(item, field), parent
    if isinstance(item, Bet):
        for impact in item.moves:
            yield "a key result it moves", impact.key_result_id, KeyResult


class Parser:
    """Turns stored records into models, memoised by the identity of the stored dict they
    came from: a change always stores a new dict, so a hit is always current."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._memo: dict[str, tuple[dict[str, Any], Record]] = {}

    def parse(self, model: type[R], doc: dict[str, Any]) -> R:
        """The `model` a stored record holds; `UnreadableDatabase` when it is invalid."""
        cached = self._memo.get(doc.get("id", ""))
        if cached is not None and cached[0] is doc and isinstance(cached[1], model):
            return cached[1]
        try:
            item = model.model_validate(doc)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            field = ".".join(str(p) for p in first["loc"]) or "the record"
            message = str(first["msg"]).removeprefix("Value error, ")
            raise UnreadableDatabase(
                f"{self.path}: a stored {WHAT[model]} ({doc.get('key', '?')}) is invalid: "
                f"{field}: {message}; restore a backup or fix the file"
            ) from None
        self._memo[item.id] = (doc, item)
        return item


class UnitOfWork:
    """One change to the records, inside one locked, atomic transaction (`Repository.work`).

    `tx` is the engine transaction underneath, for bookkeeping tables (conflicts, `_meta`)
    that are not records."""

    def __init__(self, tx: Transaction, parser: Parser, clock: Clock) -> None:
        self.tx = tx
        self._parser = parser
        self._clock = clock

    @property
    def description(self) -> str:
        """What this change does, as `describe` named it."""
        return self.tx.action

    def describe(self, action: str) -> str:
        """Name the change (the undo label, the commit message, the toast); returns it."""
        self.tx.describe(action)
        return action

    # -- reads as the transaction stands --------------------------------------------------

    def get(self, model: type[R], record_id: str) -> R | None:
        """The record of `model` with this id as it stands in this change, or None (a record
        of an archived cycle comes back live for the change)."""
        stored = self.tx.get(TABLE_OF[model], record_id)
        return None if stored is None else self._parser.parse(model, stored)

    def records(self, model: type[R]) -> list[R]:
        """Every live record of `model` as it stands in this change, in stored order."""
        return [self._parser.parse(model, doc) for doc in self.tx.records(TABLE_OF[model]).values()]

    def stored(self, model: type[R]) -> list[dict[str, Any]]:
        """The live records of `model` as stored (never mutate them): for cheap scans."""
        return list(self.tx.records(TABLE_OF[model]).values())

    # -- writes -------------------------------------------------------------------------------

    def insert(self, item: R) -> R:
        """Store a new record with its next key and timestamps; returns it as stored."""
        table = TABLE_OF[type(item)]
        if self.tx.has(table, item.id):
            # Ids are identities: a second record under one (a batch stored twice) would make
            # every reference to it ambiguous.
            what = WHAT[type(item)]
            raise InvalidInput(f"invalid {what}: a {what} with the id {item.id} exists already")
        self._check_parents(item)
        prefix = type(item).prefix()
        existing = max(
            (key_number(doc.get("key", "")) for doc in self.tx.records(table).values()), default=0
        )
        now = self._clock.now()
        item = item.model_copy(
            update={
                "key": self.tx.allocate_key(prefix, existing),
                "created_at": now,
                "updated_at": now,
            }
        )
        self.tx.insert(table, item.model_dump(mode="json"))
        return item

    def apply(self, item: R, changes: dict[str, Any]) -> R:
        """`changes` onto the stored version of `item`, validated and replaced; returns the
        new version (a field another process changed since `item` was read is kept)."""
        model = type(item)
        current = self.get(model, item.id)
        if current is None:
            raise NotFound(f"{item.key} no longer exists in {self._parser.path}")
        fields = current.model_dump() | changes | {"updated_at": self._clock.now()}
        updated = validated(model, fields)
        self._check_parents(updated)
        self.tx.replace(TABLE_OF[model], updated.model_dump(mode="json"))
        return updated

    def remove(self, item: Record) -> bool:
        """Delete the record (nothing else); False when it was gone already."""
        table = TABLE_OF[type(item)]
        if not self.tx.has(table, item.id):
            return False
        self.tx.remove(table, item.id)
        return True

    def _check_parents(self, item: Record) -> None:
        for label, target, parent in _references(item):
            if target is None:
                continue
            if self.tx.get(TABLE_OF[parent], target) is None:  # found in an archive too
                raise InvalidInput(
                    f"invalid {WHAT[type(item)]}: {label} points at no {WHAT[parent]} ({target})"
                )
