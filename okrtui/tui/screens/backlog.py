"""Provides `BacklogScreen`: the backlog items, what each serves, and how much of the backlog
serves an OKR ("62 % of the backlog serves an OKR").

"Ensure that as many items in your product backlog as possible can be linked to an OKR"
(docs/practice.md). `i` imports an offline export (a Jira CSV, a `gh issue list --json
number,title,url,state,labels` file, a plain CSV); `n` adds an item by hand; `l` links the
selected item to a key result or bet, `x` unlinks it; `t` shows only the open items that serve
no key result of the cycle, for triage.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from okrtui.domain.errors import InvalidInput, NotFound, OkrError
from okrtui.domain.models import BacklogItem, Bet, Cycle, KeyResult
from okrtui.domain.wording import plain
from okrtui.tui.widgets.footer import OkrFooter

COLUMNS = (
    ("key", "Item", 10),
    ("status", "Status", 13),
    ("title", "Title", 36),
    ("serves", "Serves", 14),
)


class BacklogScreen(Screen[None]):
    """The backlog and its links to the cycle's key results and bets."""

    TITLE = "Backlog"
    BINDINGS = [
        Binding("i", "import", "Import", id="backlog.import"),
        Binding("n", "add", "Add", id="backlog.add"),
        Binding("l", "link", "Link", id="backlog.link"),
        Binding("x", "unlink", "Unlink", id="backlog.unlink"),
        Binding("t", "triage", "Unlinked only", id="backlog.triage"),
        Binding("escape,q", "back", "Back", id="backlog.back"),
    ]

    def __init__(self, cycle: Cycle) -> None:
        super().__init__()
        self._cycle = cycle
        self._triage = False
        self._items: dict[str, BacklogItem] = {}

    @property
    def repository(self):
        return self.app.repository  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Static(id="backlog-summary")
        yield DataTable(id="backlog-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="backlog-empty")
        yield Static(id="backlog-message")
        yield OkrFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        self.load()
        table.focus()

    def load(self, select: str | None = None) -> None:
        repo = self.repository
        table = self.query_one(DataTable)
        try:
            items = repo.backlog.items()
            links = repo.backlog.links()
            coverage = repo.backlog.coverage(self._cycle)
            keys = {kr.id: kr.key for kr in repo.key_results()} | {b.id: b.key for b in repo.bets()}
        except OkrError as error:
            self._say(str(error), error=True)
            return
        serves: dict[str, list[str]] = {}
        for link in links:
            serves.setdefault(link.item_id, []).append(
                keys.get(link.key_result_id or link.bet_id or "", "?")
            )
        unlinked = set(coverage.unlinked_keys)
        shown = [i for i in items if i.tracker_key in unlinked] if self._triage else items
        self._items = {i.id: i for i in shown}
        table.clear()
        for item in shown:
            linked = ", ".join(serves.get(item.id, []))
            table.add_row(
                Text(plain(item.tracker_key), style="bold"),
                Text(plain(item.status)),
                Text(plain(item.title)),
                Text(linked or "–", style="" if linked else "bright_black"),
                key=item.id,
            )
        if select:
            for row, item_id in enumerate(self._items):
                if item_id == select:
                    table.move_cursor(row=row)
        summary = Text(f"{self._cycle.name}: {coverage.sentence()}", style="bold")
        if self._triage:
            summary.append("  · showing the unlinked ones (t shows all)", style="yellow")
        self.query_one("#backlog-summary", Static).update(summary)
        empty = self.query_one("#backlog-empty", Static)
        empty.display = not shown
        empty.update(
            "Nothing left to triage: every open item serves a key result."
            if self._triage and items
            else "The backlog is empty: i imports a Jira CSV, a gh issue list JSON file or a "
            "CSV; n adds an item by hand."
        )

    def _say(self, message: str, error: bool = False) -> None:
        self.query_one("#backlog-message", Static).update(
            Text(message, style="red" if error else "green")
        )

    @property
    def selected(self) -> BacklogItem | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self._items.get(row_key.value or "")

    def _target(self, ref: str) -> KeyResult | Bet:
        repo = self.repository
        if ref.strip().upper().startswith("B-"):
            return repo.find(Bet, ref)
        try:
            return repo.find(KeyResult, ref)
        except NotFound:
            raise NotFound(
                f"no key result or bet is called '{ref}': type a key like KR-3 or B-2"
            ) from None

    # -- actions ----------------------------------------------------------------------------

    def action_import(self) -> None:
        from okrtui.tui.dialogs.prompt import PromptScreen

        self.app.push_screen(
            PromptScreen(
                "Import the backlog",
                "File: a Jira CSV export, gh issue list --json … output, or a CSV",
                self._import_file,
                str(Path.cwd()) + "/",
            ),
            lambda said: self._after(said),
        )

    def _import_file(self, name: str) -> str:
        from okrtui.domain.backlog import read_export

        if not name.strip():
            raise InvalidInput("give the export's path, e.g. ~/Downloads/jira.csv")
        path = Path(name.strip()).expanduser()
        if path.is_dir():
            raise InvalidInput(f"{path} is a folder: give the export file inside it")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InvalidInput(f"{path} does not exist") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"cannot read {path}: {exc}") from None
        reading = read_export(text, source=path.name)
        result = self.repository.backlog.import_items(reading.items, reading.format).result
        skipped = f"; skipped: {'; '.join(reading.skipped[:3])}" if reading.skipped else ""
        return (
            f"Imported {path.name} ({reading.format}): {len(result.added)} new, "
            f"{len(result.updated)} updated, {result.unchanged} unchanged{skipped}"
        )

    def action_add(self) -> None:
        from okrtui.tui.dialogs.prompt import PromptScreen

        def add(text: str) -> str:
            key, _, title = text.strip().partition(" ")
            if not key:
                raise InvalidInput("type the item's key, then its title: PAY-123 Retry syncs")
            return self.repository.backlog.add(key, title.strip()).description

        self.app.push_screen(
            PromptScreen(
                "Add a backlog item",
                "Key and title",
                add,
                placeholder="PAY-123 Retry failed bank syncs",
            ),
            lambda said: self._after(said),
        )

    def _with_selected(self, title: str, verb: str) -> None:
        from okrtui.tui.dialogs.prompt import PromptScreen

        item = self.selected
        if item is None:
            self.notify("Select an item first", severity="warning")
            return
        change = self.repository.backlog.link if verb == "link" else self.repository.backlog.unlink

        def run(ref: str) -> str:
            return change(item, self._target(ref)).description

        self.app.push_screen(
            PromptScreen(
                title,
                "Key result or bet (KR-3, B-2)",
                run,
                detail=Text(f"{item.tracker_key} {item.title}"),
            ),
            lambda said: self._after(said, item.id),
        )

    def action_link(self) -> None:
        self._with_selected("Link to a key result or bet", "link")

    def action_unlink(self) -> None:
        self._with_selected("Unlink from a key result or bet", "unlink")

    def action_triage(self) -> None:
        self._triage = not self._triage
        self.load()

    def _after(self, said: str | None, select: str | None = None) -> None:
        if said:
            self._say(said)
        self.load(select)

    def action_back(self) -> None:
        self.dismiss(None)
