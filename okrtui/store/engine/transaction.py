"""Provides `Transaction`: the changes of one write to a database, made on a copy of its
tables and written by `Database.transaction` in one atomic replace when the block ends.

A transaction also keeps the archive's one invariant (see `okrtui.store.engine.archive`): a
cycle's records are either all live or all in its archive file. A change that reaches an
archived record, or adds a record under an archived owner, first brings the whole cycle back
into the live tables (`unarchive`); before the write, `settle_archive` moves every cycle that
is due out again (writing its archive file first) and brings back the ones no longer due.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from okrtui.store.engine import archive, canonical, schema
from okrtui.store.engine.errors import WriteFailed


class Transaction:
    """Changes to a database's tables, written in one atomic replace when the block ends.

    Records are replaced, never mutated in place, so dicts handed out by earlier reads (and
    anything memoised on them) stay valid. Changes to records are noted in `changes`; once the
    transaction is `describe`d, they become one entry of the undo journal.
    """

    def __init__(self, tables: schema.Raw, archived: archive.Archive | None = None) -> None:
        self.tables: schema.Raw = {name: dict(records) for name, records in tables.items()}
        self._archive = archived
        self.dirty = False
        #: (table, record id, version before or None, version after or None), in order.
        self.changes: list[tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]] = []
        #: What this transaction does, for the journal ("Check in KR-12: 40 → 45").
        self.action = ""
        self._ids: dict[str, dict[str, str]] = {}
        self._next_doc: dict[str, int] = {}

    def describe(self, action: str) -> None:
        """Name what the transaction does; a described transaction can be undone."""
        self.action = action

    def records(self, table: str) -> dict[str, dict[str, Any]]:
        """The records of `table` as they stand in this transaction."""
        return self.tables.get(table, {})

    def _doc_id_of(self, table: str, record_id: str) -> str | None:
        index = self._ids.get(table)
        if index is None:
            index = {doc["id"]: doc_id for doc_id, doc in self.records(table).items()}
            self._ids[table] = index
        return index.get(record_id)

    def has(self, table: str, record_id: str) -> bool:
        """Whether `table` holds a record with this `id` live (archives are not searched)."""
        return self._doc_id_of(table, record_id) is not None

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        """The record with this `id` as it stands in this transaction, or None.

        A record of an archived cycle is found too: its cycle comes back into the live tables
        (so it can be changed, or be the parent of a new record) for this transaction."""
        doc_id = self._doc_id_of(table, record_id)
        if doc_id is None and self._archive is not None and table in archive.PARTITIONED:
            cycle_id = self._archive.holding(archive.index(self.meta()), table, record_id)
            if cycle_id is not None:
                self.unarchive(cycle_id)
                doc_id = self._doc_id_of(table, record_id)
        return None if doc_id is None else self.tables[table][doc_id]

    def meta(self) -> dict[str, Any]:
        """A copy of the `_meta` record as it stands in this transaction."""
        return dict(self.tables.get(schema.META_TABLE, {}).get(schema.META_DOC_ID, {}))

    def set_meta(self, meta: dict[str, Any]) -> None:
        """Replace the `_meta` record (a new dict: earlier reads stay valid)."""
        self.tables.setdefault(schema.META_TABLE, {})[schema.META_DOC_ID] = meta
        self.dirty = True

    def insert(self, table: str, record: dict[str, Any], journal: bool = True) -> None:
        """Add a record under the next document number of its table (its cycle comes back
        from the archive first if it was archived)."""
        if self._archive is not None and table in archive.OWNERS and journal:
            self._owner_live(table, record)
        records = self.tables.setdefault(table, {})
        if table not in self._next_doc:
            self._next_doc[table] = canonical.highest_doc_number(records) + 1
        doc_id = str(self._next_doc[table])
        self._next_doc[table] += 1
        records[doc_id] = record
        if table in self._ids:
            self._ids[table][record["id"]] = doc_id
        self._note(journal, table, record["id"], None, record)

    def insert_raw(self, table: str, record: dict[str, Any]) -> None:
        """Add a bookkeeping record (journal, conflicts) that undo does not track."""
        self.insert(table, record, journal=False)

    def replace(self, table: str, record: dict[str, Any], journal: bool = True) -> None:
        """Put a new version of the record with the same `id` in place of the old one."""
        doc_id = self._doc_id_of(table, record["id"])
        if doc_id is None:
            raise KeyError(record["id"])
        before = self.tables[table][doc_id]
        self.tables[table][doc_id] = record
        self._note(journal, table, record["id"], before, record)

    def remove(self, table: str, record_id: str, journal: bool = True) -> None:
        """Drop the record with this `id` (undo of a create)."""
        doc_id = self._doc_id_of(table, record_id)
        if doc_id is not None:
            before = self.tables[table].pop(doc_id)
            self._ids[table].pop(record_id, None)
            self._note(journal, table, record_id, before, None)

    def _note(
        self,
        journal: bool,
        table: str,
        record_id: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        self.dirty = True
        if journal:
            self.changes.append((table, record_id, before, after))

    def allocate_key(self, prefix: str, existing_max: int) -> str:
        """Next key for `prefix` (`KR-13`): never reused, even after a record is removed."""
        meta = self.meta()
        counters = dict(meta.get("key_counters", {}))
        number = max(int(counters.get(prefix, 0)), existing_max) + 1
        counters[prefix] = number
        meta["key_counters"] = counters
        self.set_meta(meta)
        return f"{prefix}-{number}"

    # -- the archive ----------------------------------------------------------------------

    def settle_archive(self, today: date, written_by: str) -> list[str]:
        """Before the write: bring back archived cycles that are no longer due (reopened), and
        move every due cycle out of the live tables into its archive file (written now, before
        the live file); returns the names of the cycles archived.

        Archiving is housekeeping: a cycle whose file cannot be written stays live, and the
        person's change is written all the same.
        """
        store = self._archive
        if store is None:
            return []
        for cycle_id in archive.no_longer_due(self.tables, today, archive.index(self.meta())):
            self.unarchive(cycle_id)
        meta = self.meta()
        archived = archive.index(meta)
        moved = []
        for cycle in archive.due(self.tables, today, archived):
            doc_ids = archive.cycle_doc_ids(self.tables, cycle["id"])
            part = {
                t: {d: self.tables[t][d] for d in doc_ids[t]}
                for t in archive.PARTITIONED
                if doc_ids[t]
            }
            if not part:
                continue  # nothing to move: an empty cycle costs the live file one line
            try:
                name = store.write(cycle, part, written_by)
            except WriteFailed:
                continue
            for table, records in part.items():
                for record in records.values():
                    self.remove(table, record["id"], journal=False)
            archived[cycle["id"]] = name
            archive.keep_counters_ahead(meta, part)
            moved.append(str(cycle.get("name", cycle["id"])))
        if moved:
            meta[archive.INDEX_FIELD] = dict(sorted(archived.items()))
            self.set_meta(meta)
        return moved

    def _owner_live(self, table: str, record: dict[str, Any]) -> None:
        """Before `record` goes into `table` live: bring its owner's cycle back from the
        archive if it is there, so a cycle's records are never split between the live file
        and an archive."""
        field, owner_table = archive.OWNERS[table]
        owner = record.get(field)
        if not isinstance(owner, str):
            return
        if owner_table == "cycles":
            if owner in archive.index(self.meta()):
                self.unarchive(owner)
        else:
            self.get(owner_table, owner)  # brings the owner's cycle back if it is archived

    def unarchive(self, cycle_id: str) -> None:
        """Bring an archived cycle's records back live, and drop it from the index.

        Records already live under the same id (a merge may have put one back) are kept as
        they are. Document ids are new: the live file may have reused the old ones meanwhile.
        """
        if self._archive is None:
            return
        meta = self.meta()
        archived = archive.index(meta)
        name = archived.pop(cycle_id)
        tables = self._archive.read(name, cycle_id)
        for table in archive.PARTITIONED:
            for doc_id in sorted(tables.get(table, {}), key=canonical.doc_order):
                record = tables[table][doc_id]
                if not self.has(table, record["id"]):
                    self.insert_raw(table, record)
        meta[archive.INDEX_FIELD] = dict(sorted(archived.items()))
        self.set_meta(meta)
