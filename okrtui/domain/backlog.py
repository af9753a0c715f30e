"""Provides the backlog's rules: reading a tracker's export into backlog items, and how much
of a backlog serves the OKRs.

"Ensure that as many items in your product backlog as possible can be linked to an OKR"
(the guide in docs/practice.md). okrtui reads three offline exports, with no network:

- a Jira CSV export (Filters → Export → CSV): a header row naming `Issue key`, `Summary` and
  `Status` among many other columns, some repeated (`Labels`, `Sprint`); Jira puts no issue
  URL in it, so one is built from the site's address when given (`…/browse/PAY-123`);
- a GitHub file written by `gh issue list --json number,title,url,state,labels`: a JSON list
  of `{number, title, url, state, labels: [{name, …}]}`; its key is `#number`;
- a plain CSV with a header naming at least a key column (`key`, `id`, `issue`, `ref`) and
  optionally `title`/`summary`, `url`/`link`, `status`/`state`, `labels`.

`read_export` detects which one a text is, returns the items it read and a line per row it
could not use (never silently dropped), or raises `InvalidInput` naming the file's problem.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from okrtui.domain.errors import InvalidInput

ExportFormat = Literal["jira", "github", "csv"]

#: Statuses that mean an item is finished or abandoned, across trackers (compared lower-case).
DONE_STATUSES = frozenset(
    {
        "done",
        "closed",
        "resolved",
        "completed",
        "complete",
        "cancelled",
        "canceled",
        "won't do",
        "wont do",
        "won't fix",
        "rejected",
        "merged",
        "released",
    }
)

#: Column names of a plain CSV, each with the names people give it (compared lower-case).
_CSV_COLUMNS = {
    "key": ("key", "id", "issue", "issue key", "ref", "number", "ticket"),
    "title": ("title", "summary", "name", "story", "description"),
    "url": ("url", "link", "href", "web url"),
    "status": ("status", "state"),
    "labels": ("labels", "label", "tags"),
}


@dataclass(frozen=True)
class ImportedItem:
    """A backlog item as an export describes it."""

    tracker_key: str
    title: str = ""
    url: str = ""
    status: str = ""
    labels: tuple[str, ...] = ()


@dataclass
class ExportReading:
    """What `read_export` read: the format, the items, and one line per row it skipped."""

    format: ExportFormat
    items: list[ImportedItem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def is_done(status: str) -> bool:
    """Whether a tracker status means the item is finished or abandoned."""
    return status.strip().lower() in DONE_STATUSES


def _clean(value: object) -> str:
    """One line of plain text: trackers export multi-line titles and stray control bytes."""
    text = "" if value is None else str(value)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def _safe_url(url: str) -> str:
    """The URL when it is a web address, else nothing (a `javascript:` link is not one)."""
    url = _clean(url)
    return url if url.lower().startswith(("https://", "http://")) else ""


def detect(text: str) -> ExportFormat:
    """Which export `text` is: JSON means GitHub's, a CSV naming `Issue key` Jira's."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("[", "{")):
        return "github"
    try:
        first = next(csv.reader(io.StringIO(stripped, newline="")), [])
    except csv.Error:
        return "csv"
    if any(_clean(name).lower() == "issue key" for name in first):
        return "jira"
    return "csv"


def read_export(
    text: str, fmt: ExportFormat | None = None, *, jira_url: str = "", source: str = "the file"
) -> ExportReading:
    """The backlog items of an export (`fmt` detected when None). A later row with a key
    already read replaces the earlier one (an export lists an item once; a hand-made CSV may
    not). `jira_url` is the Jira site (`https://acme.atlassian.net`) for building links."""
    fmt = fmt or detect(text)
    text = text.lstrip("\ufeff")
    if fmt == "github":
        reading = _read_github(text, source)
    else:
        reading = _read_csv(text, fmt, jira_url, source)
    unique: dict[str, ImportedItem] = {}
    for item in reading.items:
        unique.pop(item.tracker_key, None)
        unique[item.tracker_key] = item
    reading.items = list(unique.values())
    return reading


def _read_github(text: str, source: str) -> ExportReading:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "write it with: gh issue list --json number,title,url,state,labels > issues.json"
        ) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InvalidInput(f"{source} holds no list of issues (gh issue list --json … writes one)")
    reading = ExportReading("github")
    for position, issue in enumerate(data, start=1):
        if not isinstance(issue, dict) or not isinstance(issue.get("number"), int):
            reading.skipped.append(f"issue {position}: has no number; skipped")
            continue
        labels = issue.get("labels") or []
        names = tuple(
            _clean(label.get("name") if isinstance(label, dict) else label)
            for label in labels
            if isinstance(label, dict | str)
        )
        reading.items.append(
            ImportedItem(
                tracker_key=f"#{issue['number']}",
                title=_clean(issue.get("title")),
                url=_safe_url(str(issue.get("url") or "")),
                status=_clean(issue.get("state")).lower(),
                labels=tuple(n for n in names if n),
            )
        )
    return reading


def _columns(header: Sequence[str], wanted: dict[str, tuple[str, ...]]) -> dict[str, list[int]]:
    """Positions of each wanted column in `header` (Jira repeats some, e.g. `Labels`)."""
    names = [_clean(name).lower() for name in header]
    found: dict[str, list[int]] = {}
    for column, aliases in wanted.items():
        for alias in aliases:
            positions = [i for i, name in enumerate(names) if name == alias]
            if positions:
                found[column] = positions
                break
    return found


def _read_csv(text: str, fmt: ExportFormat, jira_url: str, source: str) -> ExportReading:
    dialect: type[csv.Dialect]
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise InvalidInput(f"{source} is not a readable CSV file ({exc})") from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise InvalidInput(f"{source} is empty: export the backlog with a header row first")
    wanted: dict[str, tuple[str, ...]] = (
        {
            "key": ("issue key",),
            "title": ("summary",),
            "status": ("status",),
            "labels": ("labels",),
            "url": ("url",),
        }
        if fmt == "jira"
        else _CSV_COLUMNS
    )
    columns = _columns(rows[0], wanted)
    if "key" not in columns:
        expected = "'Issue key'" if fmt == "jira" else "key (or id, issue, ref)"
        raise InvalidInput(
            f"{source}: its header ({', '.join(_clean(c) for c in rows[0][:6])}…) names no "
            f"{expected} column; the first row must name the columns"
        )
    base = jira_url.rstrip("/")
    reading = ExportReading(fmt)
    for number, row in enumerate(rows[1:], start=2):

        def cell(column: str, row: Sequence[str] = row) -> str:
            return next(
                (_clean(row[i]) for i in columns.get(column, ()) if i < len(row) and row[i]), ""
            )

        key = cell("key")
        if not key:
            reading.skipped.append(f"row {number}: has no key; skipped")
            continue
        labels = _labels(row[i] for i in columns.get("labels", ()) if i < len(row))
        url = _safe_url(cell("url"))
        if not url and fmt == "jira" and base:
            url = _safe_url(f"{base}/browse/{key}")
        reading.items.append(
            ImportedItem(key, title=cell("title"), url=url, status=cell("status"), labels=labels)
        )
    return reading


def _labels(cells: Iterable[str]) -> tuple[str, ...]:
    """Labels from one or more cells; a plain CSV may hold several in one (`a; b`, `a, b`)."""
    found: list[str] = []
    for value in cells:
        for part in value.replace(";", ",").split(","):
            label = _clean(part)
            if label and label not in found:
                found.append(label)
    return tuple(found)


# -- how much of the backlog serves the OKRs -------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """The share of the open backlog linked to a key result (directly or through a bet)."""

    open_items: int
    linked: int
    unlinked_keys: tuple[str, ...]

    @property
    def share(self) -> float | None:
        return self.linked / self.open_items if self.open_items else None

    def sentence(self) -> str:
        """`62 % of the backlog serves an OKR (31 of 50 open items)`."""
        if not self.open_items:
            return "no open backlog items imported yet"
        assert self.share is not None
        return (
            f"{round(self.share * 100)} % of the backlog serves an OKR "
            f"({self.linked} of {self.open_items} open items)"
        )


def coverage(open_item_ids: Sequence[tuple[str, str]], serving_ids: Iterable[str]) -> Coverage:
    """`open_item_ids` is (id, tracker key) of each open item; `serving_ids` the ids of items
    linked to a key result of the cycle or to a bet that moves one."""
    serving = set(serving_ids)
    unlinked = tuple(key for item_id, key in open_item_ids if item_id not in serving)
    return Coverage(len(open_item_ids), len(open_item_ids) - len(unlinked), unlinked)


def status_tally(statuses: Iterable[str]) -> str:
    """`3 items: 2 in progress, 1 done` — how many items move a KR and where they stand."""
    counts: dict[str, int] = {}
    for status in statuses:
        name = status.strip().lower() or "no status"
        counts[name] = counts.get(name, 0) + 1
    total = sum(counts.values())
    if not total:
        return ""
    parts = ", ".join(f"{n} {name}" for name, n in sorted(counts.items(), key=lambda p: -p[1]))
    return f"{total} item{'s' if total != 1 else ''}: {parts}"
