"""Provides `merge`, the record-level three-way merge of okrtui databases behind the git driver.

Git's line merge cannot merge the database: TinyDB numbers new records max+1, so two offline
check-ins collide on one line, and a text merge either stops with markers or, with
`merge=union`, silently loses records (docs/team-sync.md, "Why a merge driver"). This merge works
on records instead:

- Records are matched by `id`, never by document number; records added on either side are
  kept (check-ins are simply a union). A record deleted on one side and unchanged on the other
  goes; deleted on one side and edited on the other, the edit stays and a `delete_edit`
  conflict is recorded.
- A record changed on both sides merges field by field: a field changed on one side takes the
  change; `updated_at` comes from the newer side; multi-line text merges line by line, lists
  as sets or per item; the same field changed to different values keeps the newer value and
  records a `field` conflict (base, mine, theirs, who, when). Never conflict markers.
- A parent deleted on one side while the other side still uses it is restored
  (`orphan_restored`): the result has no dangling reference.
- Two records created with the same key (`KR-13`): the one already published keeps it, the
  other gets the next free number and keeps the old key as an alias (`key_renumbered`).
- The undo journal, the conflicts and the aliases merge as unions; key counters take the max.

The function is pure and deterministic: the same inputs and orientation give the same bytes,
and merging a file with itself gives it back unchanged. Unparseable input or a schema this
okrtui does not know raises `MergeError`, and nothing is written.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import orjson
from pydantic import ValidationError

from okrtui.domain.errors import OkrError
from okrtui.domain.models import TABLES, key_number
from okrtui.store.engine import archive, canonical, schema
from okrtui.store.engine.errors import DatabaseError
from okrtui.store.engine.integrity import targets
from okrtui.store.engine.journal import JOURNAL_TABLE, KEEP_ENTRIES
from okrtui.store.engine.storage import parse_database
from okrtui.store.team import conflicts
from okrtui.store.team.conflicts import ALIASES_TABLE, CONFLICTS_TABLE
from okrtui.store.team.textmerge import (
    is_scalar_list,
    keyed_by,
    merge_keyed,
    merge_lines,
    merge_set,
)

Raw = dict[str, dict[str, dict[str, Any]]]
Record = dict[str, Any]
Side = Literal["ours", "theirs"]

#: Fields that say when a record last changed: taken together from the newer side.
_STAMP_FIELDS = ("updated_at", "updated_by")
#: Tables merged by their own rules rather than record by record.
_SPECIAL_TABLES = {schema.META_TABLE, JOURNAL_TABLE, CONFLICTS_TABLE}
#: Check-in keys collide on nearly every concurrent sync; they are renumbered silently.
_QUIET_RENUMBER = {"checkins"}
_MISSING: Any = object()


class MergeError(OkrError):
    """The three versions cannot be merged (unreadable, not okrtui, or a newer schema)."""


@dataclass
class MergeOutcome:
    """The merged tables and what the merge had to record on the way."""

    tables: Raw
    #: Conflict entries this merge added (open ones and info ones).
    added: list[Record] = field(default_factory=list)

    @property
    def open_conflicts(self) -> list[Record]:
        return [e for e in self.added if e["status"] == conflicts.OPEN]

    @property
    def renumbered(self) -> list[Record]:
        return [e for e in self.added if e["kind"] == conflicts.KEY_RENUMBERED]


def load_ancestor(data: bytes) -> Raw | None:
    """Parse the common ancestor for merging; an empty one (both sides added the file) is
    None."""
    return load_side(data, "the common ancestor") if data.strip() else None


def load_side(data: bytes, name: str) -> Raw:
    """Parse one version for merging.

    An older schema is migrated in memory; a newer one, or anything not an okrtui database,
    raises `MergeError` naming the side.
    """
    try:
        raw = parse_database(data, Path(name))
        meta = schema.read_meta(raw, Path(name))
    except DatabaseError as exc:
        raise MergeError(str(exc)) from None
    version = meta["schema_version"]
    if version > schema.SCHEMA_VERSION:
        raise MergeError(
            f"{name} was written by a newer okrtui (schema {version}, this okrtui knows "
            f"{schema.SCHEMA_VERSION}): upgrade okrtui"
        )
    if version < schema.SCHEMA_VERSION:
        raw = schema.migrate(raw, version)
        raw[schema.META_TABLE][schema.META_DOC_ID]["schema_version"] = schema.SCHEMA_VERSION
    for table, records in raw.items():
        if table == schema.META_TABLE:
            continue
        seen: set[str] = set()
        for doc_id, record in records.items():
            record_id = record.get("id")
            if not isinstance(record_id, str) or not record_id:
                raise MergeError(f"{name}: record {doc_id} of {table} has no id")
            if record_id in seen:
                raise MergeError(f"{name}: the id {record_id} is used twice in {table}")
            seen.add(record_id)
    return raw


def merge_bytes(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    *,
    upstream: Side | None = None,
    labels: tuple[str, str] = ("ours", "theirs"),
) -> tuple[bytes, MergeOutcome]:
    """Merge three database files; returns the canonical bytes and the outcome."""
    outcome = merge(
        load_ancestor(base),
        load_side(ours, "ours"),
        load_side(theirs, "theirs"),
        upstream=upstream,
        labels=labels,
    )
    return canonical.dumps(outcome.tables), outcome


def merge(
    base: Raw | None,
    ours: Raw,
    theirs: Raw,
    *,
    upstream: Side | None = None,
    labels: tuple[str, str] = ("ours", "theirs"),
) -> MergeOutcome:
    """Merge parsed databases (see the module docstring for the rules).

    `upstream` names the side already published (it keeps a contested key); `labels` name the
    people or branches behind ours and theirs in conflict entries.
    """
    return _Merger(base or {}, ours, theirs, upstream, labels).run()


def _canon(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _stamp(record: Record) -> datetime | str:
    text = record.get("updated_at") or ""
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return str(text)


def _theirs_is_newer(ours: Record, theirs: Record) -> bool:
    """Whether theirs was changed last; equal times break the tie on content, not side."""
    mine, other = _stamp(ours), _stamp(theirs)
    if mine != other:
        if isinstance(mine, str) and isinstance(other, str):
            return other > mine
        if isinstance(mine, datetime) and isinstance(other, datetime):
            with contextlib.suppress(TypeError):  # naive beside aware: no order
                return other > mine
    # Text beside a time, times without an order, or equal: decide on content.
    return _canon(theirs) > _canon(ours)


def _changed_fields(before: Record, after: Record) -> dict[str, Any]:
    return {
        name: after.get(name)
        for name in sorted(set(before) | set(after))
        if before.get(name, _MISSING) != after.get(name, _MISSING) and name not in _STAMP_FIELDS
    }


class _Merger:
    """One merge: indexes the three sides, merges tables, then repairs references and keys."""

    def __init__(
        self, base: Raw, ours: Raw, theirs: Raw, upstream: Side | None, labels: tuple[str, str]
    ) -> None:
        self.sides: dict[str, Raw] = {"base": base, "ours": ours, "theirs": theirs}
        self.upstream = upstream
        self.labels = {"ours": labels[0], "theirs": labels[1]}
        self._index: dict[tuple[str, str], dict[str, tuple[str, Record]]] = {}
        self.merged: dict[str, dict[str, Record]] = {}
        #: Conflicts found, keyed by entry id (before record keys are final).
        self.found: dict[str, Record] = {}
        self.new_aliases: list[Record] = []
        #: Closed cycles whose records live in archive files: {cycle id: file name}.
        self.archived: dict[str, str] = {}

    # -- indexes ------------------------------------------------------------------------

    def by_id(self, side: str, table: str) -> dict[str, tuple[str, Record]]:
        """`{id: (doc_id, record)}` of one side's table."""
        key = (side, table)
        if key not in self._index:
            records = self.sides[side].get(table, {})
            self._index[key] = {r["id"]: (doc_id, r) for doc_id, r in records.items()}
        return self._index[key]

    def record(self, side: str, table: str, record_id: str) -> Record | None:
        found = self.by_id(side, table).get(record_id)
        return None if found is None else found[1]

    def _ids(self, table: str) -> list[str]:
        """Ids in the order records are placed: ours', then theirs' new ones, then base's."""
        ours, theirs, base = (self.by_id(s, table) for s in ("ours", "theirs", "base"))
        return [
            *ours,
            *(i for i in theirs if i not in ours),
            *(i for i in base if i not in ours and i not in theirs),
        ]

    # -- the merge ----------------------------------------------------------------------

    def run(self) -> MergeOutcome:
        ours, theirs = self.sides["ours"], self.sides["theirs"]
        names = sorted((set(ours) | set(theirs)) - _SPECIAL_TABLES)
        for table in names:
            self.merged[table] = self._merge_table(table)
        self.archived = self._merge_archived()
        self._restore_parents()
        counters = self._renumber_keys()
        if self.new_aliases:
            aliases = self.merged.setdefault(ALIASES_TABLE, {})
            for alias in self.new_aliases:
                aliases.setdefault(alias["id"], alias)
        tables: Raw = {name: self._place(name, records) for name, records in self.merged.items()}
        journal = self._merge_journal()
        if journal is not None:
            tables[JOURNAL_TABLE] = self._place(JOURNAL_TABLE, journal)
        added = self._finish_conflicts()
        entries = self._merge_conflict_table(added)
        if entries is not None:
            tables[CONFLICTS_TABLE] = self._place(CONFLICTS_TABLE, entries)
        tables[schema.META_TABLE] = {schema.META_DOC_ID: self._merge_meta(counters)}
        return MergeOutcome(tables, added)

    def _merge_table(self, table: str) -> dict[str, Record]:
        merged = {}
        for record_id in self._ids(table):
            record = self._merge_record(
                table,
                self.record("base", table, record_id),
                self.record("ours", table, record_id),
                self.record("theirs", table, record_id),
            )
            if record is not None:
                merged[record_id] = record
        return merged

    def _merge_record(
        self, table: str, base: Record | None, ours: Record | None, theirs: Record | None
    ) -> Record | None:
        """The per-record decision table (docs/team-sync.md, "Per record")."""
        if ours is None and theirs is None:
            return None
        if ours is None or theirs is None:
            present = ours if ours is not None else theirs
            assert present is not None
            if base is None:
                return present  # added on one side
            if present == base:
                return None  # deleted on one side, unchanged on the other
            self._delete_edit(
                table, base, present, edited_by="ours" if ours is not None else "theirs"
            )
            return present
        if ours == theirs or theirs == base:
            return ours
        if ours == base:
            return theirs
        return self._merge_fields(table, base or {}, ours, theirs)

    def _merge_fields(self, table: str, base: Record, ours: Record, theirs: Record) -> Record:
        """Merge a record both sides changed, field by field (docs/team-sync.md, "Field by
        field")."""
        theirs_newer = _theirs_is_newer(ours, theirs)
        newer = theirs if theirs_newer else ours
        merged: Record = {}
        clashes: list[Record] = []
        for name in sorted(set(base) | set(ours) | set(theirs)):
            b, o, t = (r.get(name, _MISSING) for r in (base, ours, theirs))
            if o == t or t == b:
                value = o
            elif o == b:
                value = t
            elif name in _STAMP_FIELDS:
                value = newer.get(name, _MISSING)
            elif name == "created_at":
                value = min(v for v in (o, t) if v is not _MISSING)
            elif name == "key":
                value = self._key_of_twice_changed(table, ours, theirs)
            else:
                value, clean = self._merge_value(b, o, t, theirs_newer)
                if not clean:
                    kept: Side = "theirs" if theirs_newer else "ours"
                    clashes.append(self._field_entry(table, name, base, ours, theirs, kept))
            if value is not _MISSING:
                merged[name] = value
        if not self._valid(table, merged):
            # Each edit was fine alone but together they break a rule (a target moved one way,
            # the direction the other): keep the newer version whole, the other in the entry.
            kept = "theirs" if theirs_newer else "ours"
            entry = self._entry(conflicts.RECORD, table, ours, "", base or None, ours, theirs)
            self._add(entry | {"kept": kept, "note": "edits on both sides do not fit together"})
            return dict(newer)
        for entry in clashes:
            self._add(entry)
        return merged

    def _merge_value(
        self, base: Any, ours: Any, theirs: Any, theirs_newer: bool
    ) -> tuple[Any, bool]:
        """A field both sides changed differently: (value, merged cleanly?)."""
        if all(isinstance(v, str) for v in (base, ours, theirs)) and "\n" in base + ours + theirs:
            text = merge_lines(base, ours, theirs)
            if text is not None:
                return text, True
        elif is_scalar_list(base, ours, theirs):
            return merge_set(base, ours, theirs), True
        elif keyed_by("key_result_id", base, ours, theirs):
            merged, conflicted = merge_keyed(base, ours, theirs, "key_result_id", theirs_newer)
            return merged, not conflicted
        return (theirs if theirs_newer else ours), False

    def _key_of_twice_changed(self, table: str, ours: Record, theirs: Record) -> str:
        """Both sides gave one record different keys (two merges renumbered it differently):
        the upstream side's key wins, else the lower; the other stays as an alias."""
        mine, other = ours["key"], theirs["key"]
        if self.upstream is not None:
            keep = other if self.upstream == "theirs" else mine
        else:
            keep = min(mine, other, key=lambda k: (key_number(k), k))
        lost = other if keep == mine else mine
        self.new_aliases.append(conflicts.alias_record(table, ours["id"], lost))
        return keep

    @staticmethod
    def _valid(table: str, record: Record) -> bool:
        model = TABLES.get(table)
        if model is None:
            return True
        try:
            model.model_validate(record)
        except ValidationError:
            return False
        return True

    # -- conflict entries -----------------------------------------------------------------

    def _entry(
        self,
        kind: str,
        table: str,
        record: Record,
        name: str,
        base: Any,
        ours: Any,
        theirs: Any,
        status: str = conflicts.OPEN,
    ) -> Record:
        return {
            "id": conflicts.entry_id(kind, table, record["id"], name, ours, theirs),
            "kind": kind,
            "table": table,
            "record_id": record["id"],
            "field": name,
            "base": base,
            "ours": ours,
            "theirs": theirs,
            "status": status,
        }

    def _field_entry(
        self, table: str, name: str, base: Record, ours: Record, theirs: Record, kept: Side
    ) -> Record:
        def value(record: Record) -> Any:
            got = record.get(name, _MISSING)
            return None if got is _MISSING else got

        entry = self._entry(
            conflicts.FIELD, table, ours, name, value(base), value(ours), value(theirs)
        )
        return entry | {
            "kept": kept,
            "ours_at": ours.get("updated_at"),
            "theirs_at": theirs.get("updated_at"),
        }

    def _delete_edit(self, table: str, base: Record, kept: Record, edited_by: Side) -> None:
        edits = _changed_fields(base, kept)
        ours, theirs = (edits, None) if edited_by == "ours" else (None, edits)
        entry = self._entry(conflicts.DELETE_EDIT, table, kept, "", None, ours, theirs)
        deleted_by = "theirs" if edited_by == "ours" else "ours"
        self._add(
            entry
            | {
                "kept": edited_by,
                f"{edited_by}_at": kept.get("updated_at"),
                "note": f"deleted by {self.labels[deleted_by]}, edited by {self.labels[edited_by]}: "
                "the edit was kept",
            }
        )

    def _add(self, entry: Record) -> None:
        self.found.setdefault(entry["id"], entry)

    def _finish_conflicts(self) -> list[Record]:
        """Entries with the final record keys and the sides' labels."""
        finished = []
        for entry in self.found.values():
            table, record_id = entry["table"], entry["record_id"]
            current = self.merged.get(table, {}).get(record_id) or next(
                (r for s in ("ours", "theirs", "base") if (r := self.record(s, table, record_id))),
                {},
            )
            finished.append(
                {
                    "record_key": current.get("key", ""),
                    "ours_label": self.labels["ours"],
                    "theirs_label": self.labels["theirs"],
                    "note": "",
                }
                | entry
            )
        return finished

    # -- references -------------------------------------------------------------------------

    def _restore_parents(self) -> None:
        """Bring back parents one side deleted while the other side still uses them."""
        restored: dict[tuple[str, str], Record] = {}
        queue = deque((t, i) for t, records in self.merged.items() for i in records)
        while queue:
            table, record_id = queue.popleft()
            child = self.merged[table][record_id]
            for reference, target in targets(table, child):
                parents = self.merged.setdefault(reference.target, {})
                if target in parents:
                    if (reference.target, target) in restored:
                        restored[(reference.target, target)]["children"].append(
                            child.get("key", record_id)
                        )
                    continue
                if self._archived(reference.target, target):
                    continue  # it lives in an archive file, not in this one
                parent = next(
                    (
                        r
                        for s in ("ours", "theirs", "base")
                        if (r := self.record(s, reference.target, target))
                    ),
                    None,
                )
                if parent is None:
                    entry = self._entry(
                        conflicts.DANGLING_REF, table, child, reference.field, None, target, target
                    )
                    self._add(
                        entry
                        | {"note": f"{reference.field} points at {target}, which no version has"}
                    )
                    continue
                parents[target] = parent
                restored[(reference.target, target)] = {
                    "parent": parent,
                    "table": reference.target,
                    "children": [child.get("key", record_id)],
                }
                queue.append((reference.target, target))
        for (table, _), found in restored.items():
            parent = found["parent"]
            gone = [s for s in ("ours", "theirs") if self.record(s, table, parent["id"]) is None]
            users = sorted(set(found["children"]), key=lambda k: (key_number(k), k))
            sides = {s: (None if s in gone else {"used_by": users}) for s in ("ours", "theirs")}
            entry = self._entry(
                conflicts.ORPHAN_RESTORED, table, parent, "", None, sides["ours"], sides["theirs"]
            )
            deleted_by = " and ".join(self.labels[s] for s in gone) or "both sides"
            self._add(
                entry
                | {
                    "note": f"deleted by {deleted_by}, restored because {', '.join(users)} still use it"
                }
            )

    def _archived(self, table: str, record_id: str) -> bool:
        """Whether the record belongs to a cycle moved to an archive file (store/archive.py):
        then it is missing from the live file on purpose. A record no version knows counts as
        archived as soon as anything is, since only its archive file could say."""
        if not self.archived:
            return False
        while table in archive.OWNERS:
            record = self.merged.get(table, {}).get(record_id) or next(
                (r for s in ("ours", "theirs", "base") if (r := self.record(s, table, record_id))),
                None,
            )
            if record is None:
                return True
            field_name, table = archive.OWNERS[table]
            record_id = record.get(field_name, "")
        return table == "cycles" and record_id in self.archived

    def _merge_archived(self) -> dict[str, str]:
        """Union of both sides' archived cycles. A cycle archived on both sides with different
        records (a late correction on one) keeps ours' file and records a conflict naming the
        other, which stays in the repository."""
        ours, theirs = (
            archive.index(self.sides[s].get(schema.META_TABLE, {}).get(schema.META_DOC_ID, {}))
            for s in ("ours", "theirs")
        )
        for cycle_id in sorted(set(ours) & set(theirs)):
            if ours[cycle_id] != theirs[cycle_id]:
                cycle = self.merged.get("cycles", {}).get(cycle_id) or {"id": cycle_id}
                entry = self._entry(
                    conflicts.ARCHIVE,
                    "cycles",
                    cycle,
                    archive.INDEX_FIELD,
                    None,
                    ours[cycle_id],
                    theirs[cycle_id],
                )
                self._add(
                    entry
                    | {
                        "kept": "ours",
                        "note": "this closed cycle was archived differently on both sides; the other archive file stays in the repository",
                    }
                )
        return theirs | ours

    # -- keys -------------------------------------------------------------------------------

    def _renumber_keys(self) -> dict[str, int]:
        """Give every record but one of each contested key the next free number; returns the
        key counters the merged file needs so that no number is handed out twice."""
        counters: dict[str, int] = {}
        for side in ("ours", "theirs"):
            meta = self.sides[side].get(schema.META_TABLE, {}).get(schema.META_DOC_ID, {})
            for prefix, number in (meta.get("key_counters") or {}).items():
                counters[prefix] = max(counters.get(prefix, 0), int(number))
        aliases = self.merged.get(ALIASES_TABLE, {}).values()
        for table, model in TABLES.items():
            records = self.merged.get(table)
            if not records:
                continue
            holders: dict[str, list[str]] = defaultdict(list)
            for record_id, record in records.items():
                if record.get("key"):
                    holders[record["key"]].append(record_id)
            contested = {k: ids for k, ids in holders.items() if len(ids) > 1}
            if not contested:
                continue
            prefix = model.prefix()
            used = [key_number(k) for k in holders]
            used += [key_number(a.get("key", "")) for a in aliases if a.get("table") == table]
            used += [key_number(a["key"]) for a in self.new_aliases if a["table"] == table]
            number = max([counters.get(prefix, 0), *used]) + 1
            for key in sorted(contested, key=lambda k: (key_number(k), k)):
                keeper = self._keeper(table, key, contested[key])
                losers = sorted(
                    (i for i in contested[key] if i != keeper),
                    key=lambda i: (str(records[i].get("created_at", "")), i),
                )
                for record_id in losers:
                    new_key = f"{prefix}-{number}"
                    number += 1
                    records[record_id] = records[record_id] | {"key": new_key}
                    self.new_aliases.append(conflicts.alias_record(table, record_id, key))
                    if table not in _QUIET_RENUMBER:
                        self._renumbered(table, records[record_id], key, keeper)
            counters[prefix] = max(counters.get(prefix, 0), number - 1)
        return counters

    def _keeper(self, table: str, key: str, ids: list[str]) -> str:
        """Who keeps a contested key: the record that had it in the ancestor, else the one
        already published (upstream), else the earliest created."""

        def had_it(side: str) -> list[str]:
            return [i for i in ids if (r := self.record(side, table, i)) and r.get("key") == key]

        records = self.merged[table]
        for candidates in (had_it("base"), had_it(self.upstream) if self.upstream else [], ids):
            if candidates:
                return min(candidates, key=lambda i: (str(records[i].get("created_at", "")), i))
        raise AssertionError("unreachable")

    def _whose(self, side: str, standalone: bool = False) -> str:
        """`bob's` for a side whose person is known (the git author), else `your`/`their`
        (`yours`/`theirs` standing alone): never "ours's"."""
        label = self.labels[side]
        if label not in ("ours", "theirs", ""):
            return f"{label}'s"
        if side == "ours":
            return "yours" if standalone else "your"
        return "theirs" if standalone else "their"

    def _side_of(self, table: str, record_id: str) -> str:
        return "ours" if self.record("ours", table, record_id) is not None else "theirs"

    def _renumbered(self, table: str, record: Record, old: str, keeper: str) -> None:
        new = record["key"]
        owner = self._whose(self._side_of(table, record["id"]))
        kept_by = self._whose(self._side_of(table, keeper), standalone=True)
        entry = self._entry(
            conflicts.KEY_RENUMBERED, table, record, "key", None, old, new, status=conflicts.INFO
        )
        self._add(
            entry
            | {
                "old_key": old,
                "new_key": new,
                "note": f"{owner} {old} is now {new}; {old} stays {kept_by}",
            }
        )

    # -- bookkeeping tables -------------------------------------------------------------------

    def _merge_journal(self) -> dict[str, Record] | None:
        """Union of undo entries (undone on either side stays undone), newest kept."""
        if JOURNAL_TABLE not in self.sides["ours"] and JOURNAL_TABLE not in self.sides["theirs"]:
            return None
        merged: dict[str, Record] = {}
        for record_id in self._ids(JOURNAL_TABLE):
            base, ours, theirs = (
                self.record(s, JOURNAL_TABLE, record_id) for s in ("base", "ours", "theirs")
            )
            if ours is not None and theirs is not None:
                undone = bool(ours.get("undone") or theirs.get("undone"))
                merged[record_id] = ours if ours == theirs else ours | {"undone": undone}
            elif base is None:
                added = ours if ours is not None else theirs
                if added:
                    merged[record_id] = added
        if len(merged) > KEEP_ENTRIES:
            newest = sorted(merged, key=lambda i: (str(merged[i].get("at", "")), i))[-KEEP_ENTRIES:]
            merged = {i: merged[i] for i in merged if i in set(newest)}
        return merged

    def _merge_conflict_table(self, added: Iterable[Record]) -> dict[str, Record] | None:
        """Union of entries; a resolution on either side stays; new entries appended."""
        merged: dict[str, Record] = {}
        for record_id in self._ids(CONFLICTS_TABLE):
            base, ours, theirs = (
                self.record(s, CONFLICTS_TABLE, record_id) for s in ("base", "ours", "theirs")
            )
            if ours is not None and theirs is not None:
                merged[record_id] = _settled(base, ours, theirs)
            else:
                present = ours if ours is not None else theirs
                if present is not None and (base is None or present != base):
                    merged[record_id] = present
        for entry in added:
            merged.setdefault(entry["id"], entry)
        exists = CONFLICTS_TABLE in self.sides["ours"] or CONFLICTS_TABLE in self.sides["theirs"]
        return merged if merged or exists else None

    def _merge_meta(self, counters: dict[str, int]) -> Record:
        ours = self.sides["ours"][schema.META_TABLE][schema.META_DOC_ID]
        theirs = self.sides["theirs"][schema.META_TABLE][schema.META_DOC_ID]
        meta = dict(ours)
        meta["schema_version"] = schema.SCHEMA_VERSION
        if counters or "key_counters" in meta:
            meta["key_counters"] = counters
        if self.archived or archive.INDEX_FIELD in meta:
            meta[archive.INDEX_FIELD] = self.archived
        migrations = list(ours.get("migrations") or [])
        migrations += [m for m in theirs.get("migrations") or [] if m not in migrations]
        if migrations or "migrations" in meta:
            meta["migrations"] = migrations
        return meta

    # -- document numbers ------------------------------------------------------------------

    def _place(self, table: str, records: dict[str, Record]) -> dict[str, Record]:
        """Give records document numbers: ours keep theirs, the others take their own number
        from theirs (or the ancestor) when it is free, else the next free one."""
        ours = self.by_id("ours", table)
        placed: dict[str, Record] = {}
        for record_id, record in records.items():
            if record_id in ours:
                placed[ours[record_id][0]] = record
        numbers = [canonical.doc_number(d) for d in placed]
        next_free = max((n for n in numbers if n is not None), default=0) + 1
        for record_id, record in records.items():
            if record_id in ours:
                continue
            found = self.by_id("theirs", table).get(record_id) or self.by_id("base", table).get(
                record_id
            )
            wanted = found[0] if found else None
            if wanted is None or wanted in placed:
                while str(next_free) in placed:
                    next_free += 1
                wanted = str(next_free)
            placed[wanted] = record
        return placed


def _settled(base: Record | None, ours: Record, theirs: Record) -> Record:
    """One conflict entry changed on both sides: resolved beats open, else the changed one,
    else the later resolution; ties break on content so every clone picks the same."""
    if ours == theirs:
        return ours
    resolved = [e for e in (ours, theirs) if e.get("status") == conflicts.RESOLVED]
    if len(resolved) == 1:
        return resolved[0]
    if not resolved:
        if theirs == base:
            return ours
        if ours == base:
            return theirs
    return max((ours, theirs), key=lambda e: (str(e.get("resolved_at", "")), _canon(e)))
