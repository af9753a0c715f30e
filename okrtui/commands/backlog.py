"""`okrtui backlog`: the backlog items linked to key results and bets, offline.

    okrtui backlog import FILE [--format jira|github|csv] [--jira-url URL] [--dry-run]
    okrtui backlog add KEY [TITLE] [--url URL] [--status STATUS]
    okrtui backlog link ITEM TARGET        # TARGET: a key result (KR-3) or a bet (B-2)
    okrtui backlog unlink ITEM TARGET
    okrtui backlog list [--unlinked] [--cycle NAME]

`import` reads a Jira CSV export, a file written by
`gh issue list --json number,title,url,state,labels`, or a plain CSV with a header naming a
key column (and title, url, status, labels); the format is detected unless given. Items are
matched by the tracker's key: importing a newer export updates titles and statuses and adds
what is new. `list` shows each item with the key results and bets it serves, and the share
of the open backlog that serves a key result of the cycle; `--unlinked` lists only the open
items that serve none, for triage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from okrtui.commands.common import Subparsers, find_cycle, text_argument
from okrtui.domain.errors import InvalidInput, NotFound
from okrtui.domain.models import BacklogSource, Bet, KeyResult
from okrtui.domain.wording import count, plain
from okrtui.store.repository import Repository


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `backlog` parser and its actions; `parents` carry the global options."""
    parser = subparsers.add_parser(
        "backlog",
        parents=parents,
        help="import backlog items (Jira CSV, gh JSON, CSV) and link them to key results",
        description="Backlog items and the key results and bets they serve.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    importing = actions.add_parser("import", parents=parents, help="import a tracker export")
    importing.add_argument("file", metavar="FILE", help="the export ('-' for standard input)")
    importing.add_argument(
        "--format",
        "-f",
        choices=("jira", "github", "csv"),
        help="the export's kind (default: detected: JSON is gh's, 'Issue key' Jira's)",
    )
    importing.add_argument(
        "--jira-url", default="", metavar="URL", help="the Jira site, to link each issue"
    )
    importing.add_argument("--dry-run", action="store_true", help="show, change nothing")
    adding = actions.add_parser("add", parents=parents, help="add an item by hand")
    adding.add_argument("key", metavar="KEY", type=text_argument, help="e.g. PAY-123 or #42")
    adding.add_argument("title", metavar="TITLE", nargs="?", default="", type=text_argument)
    adding.add_argument("--url", default="", type=text_argument, help="its web address")
    adding.add_argument("--status", default="", type=text_argument, help="e.g. In Progress")
    for name, verb in (("link", "link"), ("unlink", "unlink")):
        linking = actions.add_parser(name, parents=parents, help=f"{verb} an item and a KR or bet")
        linking.add_argument("item", metavar="ITEM", help="the item's key, e.g. PAY-123 or #42")
        linking.add_argument("target", metavar="TARGET", help="a key result (KR-3) or bet (B-2)")
    listing = actions.add_parser("list", parents=parents, help="the items and what they serve")
    listing.add_argument("--unlinked", action="store_true", help="only items serving no KR")
    listing.add_argument("--cycle", metavar="NAME", help="the cycle (default: the current one)")
    parser.set_defaults(run=run, needs_existing_db=True)


def _target(repo: Repository, ref: str) -> KeyResult | Bet:
    if ref.strip().upper().startswith("B-"):
        return repo.find(Bet, ref)
    try:
        return repo.find(KeyResult, ref)
    except NotFound:
        raise NotFound(
            f"no key result or bet is called '{ref}': give a key such as KR-3 or B-2"
        ) from None


def run(args: argparse.Namespace, repo: Repository) -> int:
    if args.action == "import":
        return _import(args, repo)
    if args.action == "add":
        print(repo.backlog.add(args.key, args.title, args.url, args.status).description + ".")
        return 0
    if args.action in ("link", "unlink"):
        item = repo.backlog.find(args.item)
        target = _target(repo, args.target)
        change = repo.backlog.link if args.action == "link" else repo.backlog.unlink
        print(change(item, target).description + ".")
        return 0
    return _list(args, repo)


def _import(args: argparse.Namespace, repo: Repository) -> int:
    from okrtui.domain.backlog import read_export

    if args.file == "-":
        text, source = sys.stdin.read(), "standard input"
    else:
        path = Path(args.file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InvalidInput(f"{path} does not exist") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"cannot read {path}: {exc}") from None
        source = str(path)
    reading = read_export(text, args.format, jira_url=args.jira_url, source=source)
    for line in reading.skipped:
        print(f"{source}: {line}", file=sys.stderr)
    known = {i.tracker_key.upper() for i in repo.backlog.items()}
    if args.dry_run:
        for item in reading.items:
            mark = "=" if item.tracker_key.upper() in known else "+"
            print(f"{mark} {plain(item.tracker_key)} {plain(item.title)}")
        print(f"Dry run: {count(len(reading.items), 'item')} read, nothing changed.")
        return 0
    source_name: BacklogSource = reading.format
    result = repo.backlog.import_items(reading.items, source_name).result
    for added in result.added:
        print(f"+ {plain(added.tracker_key)} {plain(added.title)}")
    for updated in result.updated:
        print(f"~ {plain(updated.tracker_key)} {plain(updated.title)} ({plain(updated.status)})")
    print(
        f"Imported {source} ({reading.format}): {len(result.added)} new, "
        f"{len(result.updated)} updated, {result.unchanged} unchanged."
    )
    return 0


def _list(args: argparse.Namespace, repo: Repository) -> int:
    cycle = find_cycle(repo, args.cycle) if args.cycle else repo.current_cycle()
    items = repo.backlog.items()
    if not items:
        print("The backlog is empty: okrtui backlog import FILE, or okrtui backlog add KEY.")
        return 0
    serves: dict[str, list[str]] = {}
    keys = {kr.id: kr.key for kr in repo.all(KeyResult)} | {b.id: b.key for b in repo.bets()}
    for link in repo.backlog.links():
        target = link.key_result_id or link.bet_id or ""
        serves.setdefault(link.item_id, []).append(keys.get(target, "?"))
    if cycle is not None:
        unlinked = {i.id for i in repo.backlog.unlinked(cycle)}
        shown = [i for i in items if i.id in unlinked] if args.unlinked else items
        print(f"{cycle.name}: {repo.backlog.coverage(cycle).sentence()}.")
    else:
        shown = items
    for item in shown:
        linked = ", ".join(serves.get(item.id, [])) or "serves no key result"
        status = f" [{plain(item.status)}]" if item.status else ""
        print(f"{plain(item.tracker_key)}{status} {plain(item.title)} → {linked}")
    return 0
