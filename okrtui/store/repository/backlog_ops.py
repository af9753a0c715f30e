"""Provides `BacklogService` (`repo.backlog`): backlog items and their links to key results
and bets, kept in the database so they travel and sync with the OKRs.

Items come by hand or from an offline tracker export (`domain.backlog.read_export`); an
import matches items by the tracker's key, so importing a newer export updates titles and
statuses and adds what is new, never duplicating. Each link is a record of its own
(`BacklogLink`), so a team merge keeps everyone's links record by record. Every change is one
unit of work of the repository and returns a `Change` saying what it did. The export readers load
only when used (every command opens a `Repository`; `okrtui checkin` never imports a backlog).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from okrtui.domain.errors import InvalidInput, NotFound
from okrtui.domain.models import BacklogItem, BacklogLink, BacklogSource, Bet, Cycle, KeyResult
from okrtui.store.repository.work import Change, validated

if TYPE_CHECKING:
    from okrtui.domain.backlog import Coverage, ImportedItem
    from okrtui.store.repository.records import Records


@dataclass
class ImportResult:
    """What an import did: items added, updated and left as they were."""

    added: list[BacklogItem] = field(default_factory=list)
    updated: list[BacklogItem] = field(default_factory=list)
    unchanged: int = 0


class BacklogService:
    """Reads and changes backlog items and their links."""

    def __init__(self, repo: Records) -> None:
        self._repo = repo

    # -- reads ----------------------------------------------------------------------------

    def items(self) -> list[BacklogItem]:
        """Every backlog item, in the order they were added."""
        return self._repo.all(BacklogItem)

    def find(self, ref: str) -> BacklogItem:
        """The item whose tracker key (`PAY-123`, `#42`) or okrtui key (`BI-3`) is `ref`."""
        wanted = ref.strip().upper()
        for item in self.items():
            if item.tracker_key.upper() == wanted or item.key.upper() == wanted:
                return item
        known = ", ".join(i.tracker_key for i in self.items()[:8])
        raise NotFound(
            f"no backlog item is called '{ref}'"
            + (f"; known: {known}" if known else " (the backlog is empty: import it first)")
        )

    def links(self) -> list[BacklogLink]:
        return self._repo.all(BacklogLink)

    def items_of(self, target: KeyResult | Bet) -> list[BacklogItem]:
        """The items linked to a key result or a bet."""
        field_name = "key_result_id" if isinstance(target, KeyResult) else "bet_id"
        ids = {link.item_id for link in self.links() if getattr(link, field_name) == target.id}
        return [item for item in self.items() if item.id in ids]

    def items_by_key_result(self) -> dict[str, list[BacklogItem]]:
        """{KR id: items linked to it}, one pass (the dashboard's and `status`'s column)."""
        by_id = {item.id: item for item in self.items()}
        grouped: dict[str, list[BacklogItem]] = defaultdict(list)
        for link in self.links():
            if link.key_result_id and link.item_id in by_id:
                grouped[link.key_result_id].append(by_id[link.item_id])
        return grouped

    def coverage(self, cycle: Cycle) -> Coverage:
        """The share of open items linked to a KR of `cycle`, directly or through a bet that
        moves one of them, with the unlinked ones for triage."""
        from okrtui.domain.backlog import coverage, is_done

        kr_ids = {kr.id for kr in self._repo.cycle_key_results(cycle)}
        bet_ids = {
            bet.id for bet in self._repo.bets() if any(m.key_result_id in kr_ids for m in bet.moves)
        }
        serving = {
            link.item_id
            for link in self.links()
            if link.key_result_id in kr_ids or link.bet_id in bet_ids
        }
        open_items = [(i.id, i.tracker_key) for i in self.items() if not is_done(i.status)]
        return coverage(open_items, serving)

    def unlinked(self, cycle: Cycle) -> list[BacklogItem]:
        """Open items that serve no key result of `cycle`: the triage list."""
        keys = set(self.coverage(cycle).unlinked_keys)
        return [i for i in self.items() if i.tracker_key in keys]

    # -- changes --------------------------------------------------------------------------

    def add(
        self, tracker_key: str, title: str = "", url: str = "", status: str = ""
    ) -> Change[BacklogItem]:
        """Add one item by hand."""
        same = [i for i in self.items() if i.tracker_key.upper() == tracker_key.strip().upper()]
        if same:
            raise InvalidInput(f"the backlog already has {same[0].tracker_key}; edit that one")
        item = validated(
            BacklogItem,
            {"tracker_key": tracker_key, "title": title, "url": url, "status": status},
        )
        with self._repo.work() as work:
            item = work.insert(item)
            described = work.describe(f"Add backlog item {item.tracker_key}")
        return Change(item, described)

    def import_items(
        self, imported: list[ImportedItem], source: BacklogSource
    ) -> Change[ImportResult]:
        """Add the items not there yet and update those whose title, URL, status or labels
        changed, in one unit of work."""
        by_key = {i.tracker_key.upper(): i for i in self.items()}
        result = ImportResult()
        with self._repo.work() as work:
            for new in imported:
                fields = {
                    "tracker_key": new.tracker_key,
                    "title": new.title,
                    "url": new.url,
                    "status": new.status,
                    "labels": list(new.labels),
                    "source": source,
                }
                existing = by_key.get(new.tracker_key.upper())
                if existing is None:
                    item = work.insert(validated(BacklogItem, fields))
                    by_key[item.tracker_key.upper()] = item
                    result.added.append(item)
                    continue
                fields.pop("tracker_key")
                if all(getattr(existing, k) == v for k, v in fields.items()):
                    result.unchanged += 1
                    continue
                result.updated.append(work.apply(existing, fields))
            described = (
                f"Import the backlog: {len(result.added)} new, {len(result.updated)} updated"
            )
            if result.added or result.updated:
                work.describe(described)
        return Change(result, described)

    def link(self, item: BacklogItem, target: KeyResult | Bet) -> Change[BacklogLink | None]:
        """Link an item to a key result or a bet (nothing happens if it is linked already:
        the result is None)."""
        if any(i.id == item.id for i in self.items_of(target)):
            return Change(None, f"{item.tracker_key} is linked to {target.key} already")
        field_name = "key_result_id" if isinstance(target, KeyResult) else "bet_id"
        with self._repo.work() as work:
            link = work.insert(validated(BacklogLink, {"item_id": item.id, field_name: target.id}))
            described = work.describe(f"Link {item.tracker_key} to {target.key}")
        return Change(link, described)

    def unlink(self, item: BacklogItem, target: KeyResult | Bet) -> Change[BacklogItem]:
        """Remove the link between an item and a key result or bet."""
        field_name = "key_result_id" if isinstance(target, KeyResult) else "bet_id"
        found = [
            link
            for link in self.links()
            if link.item_id == item.id and getattr(link, field_name) == target.id
        ]
        if not found:
            raise InvalidInput(f"{item.tracker_key} is not linked to {target.key}")
        with self._repo.work() as work:
            for link in found:
                work.remove(link)
            described = work.describe(f"Unlink {item.tracker_key} from {target.key}")
        return Change(item, described)
