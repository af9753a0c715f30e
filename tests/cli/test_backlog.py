"""`okrtui backlog`: import real-shaped exports, link items to KRs and bets, list them with
the share of the backlog that serves an OKR; `status` shows per KR how many items move it."""

from __future__ import annotations

import json
from pathlib import Path

from okrtui.domain.models import Bet
from okrtui.store.repository import Repository
from tests.cli.conftest import fill

DATA = Path(__file__).parent.parent / "data" / "backlog"


def test_import_link_list_and_status(okrtui, repo: Repository):
    fill(repo)
    db = repo.path
    dry = okrtui("--db", db, "backlog", "import", DATA / "jira-export.csv", "--dry-run")
    assert dry.code == 0 and "+ PAY-101 Onboarding checklist" in dry.out
    assert "nothing changed" in dry.out and repo.backlog.items() == []

    jira = okrtui(
        "--db",
        db,
        "backlog",
        "import",
        DATA / "jira-export.csv",
        "--jira-url",
        "https://acme.atlassian.net",
    )
    assert jira.code == 0, jira.err
    assert jira.out.splitlines()[-1].endswith("(jira): 5 new, 0 updated, 0 unchanged.")
    assert repo.backlog.find("PAY-101").url == "https://acme.atlassian.net/browse/PAY-101"
    gh = okrtui("--db", db, "backlog", "import", DATA / "gh-issues.json")
    assert "(github): 4 new" in gh.out
    again = okrtui("--db", db, "backlog", "import", DATA / "gh-issues.json")
    assert "0 new, 0 updated, 4 unchanged" in again.out
    plain_csv = okrtui("--db", db, "backlog", "import", DATA / "plain.csv")
    assert "row 4: has no key; skipped" in plain_csv.err and "(csv): 3 new" in plain_csv.out

    assert okrtui("--db", db, "backlog", "link", "PAY-101", "KR-1").out == "Link PAY-101 to KR-1.\n"
    okrtui("--db", db, "backlog", "link", "pay-111", "KR-1")
    repo.create(Bet, title="Sharing prompts")
    assert okrtui("--db", db, "backlog", "link", "#412", "B-1").code == 0
    wrong = okrtui("--db", db, "backlog", "link", "PAY-101", "KR-99")
    assert wrong.code == 2 and "no key result or bet is called 'KR-99'" in wrong.err

    listed = okrtui("--db", db, "backlog", "list")
    # open: PAY-101, 102, 110, 111, #412, #415, #420, ST-1, ST-2 = 9; serving: PAY-101, PAY-111
    # (the bet B-1 moves no KR, so #412 does not count yet)
    assert listed.out.splitlines()[0] == (
        "2026-Q4: 22 % of the backlog serves an OKR (2 of 9 open items)."
    )
    assert "PAY-101 [In Progress] Onboarding checklist shows progress per step → KR-1" in listed.out
    triage = okrtui("--db", db, "backlog", "list", "--unlinked").out
    assert "PAY-101" not in triage and "PAY-102" in triage and "PAY-87" not in triage
    assert "\x1b" not in triage and "[bold red]Docs[/]" in triage

    status = okrtui("--db", db, "status").out
    header = next(line for line in status.splitlines() if "OBJECTIVE / KEY RESULT" in line)
    assert header.rstrip().endswith("BACKLOG")
    kr1 = next(line for line in status.splitlines() if line.startswith("KR-1 "))
    assert kr1.rstrip().endswith("2 items: 2 in progress") or "2 items:" in kr1
    assert "22 % of the backlog serves an OKR" in status
    document = json.loads(okrtui("--db", db, "status", "--format", "json").out)
    first = document["objectives"][0]["key_results"][0]
    assert first["backlog"] == {"items": 2, "statuses": {"in progress": 1, "in review": 1}}

    assert okrtui("--db", db, "backlog", "unlink", "PAY-101", "KR-1").code == 0


def test_bad_files_and_adding_by_hand(okrtui, repo: Repository, tmp_path):
    fill(repo)
    missing = okrtui("--db", repo.path, "backlog", "import", tmp_path / "nope.csv")
    assert missing.code == 2 and "does not exist" in missing.err
    broken = tmp_path / "issues.json"
    broken.write_text("[{", encoding="utf-8")
    result = okrtui("--db", repo.path, "backlog", "import", broken)
    assert result.code == 2 and "not valid JSON" in result.err and "gh issue list" in result.err
    added = okrtui(
        "--db", repo.path, "backlog", "add", "OPS-7", "Retry bank syncs", "--status", "To Do"
    )
    assert added.out == "Add backlog item OPS-7.\n"
    twice = okrtui("--db", repo.path, "backlog", "add", "ops-7")
    assert twice.code == 2 and "already has OPS-7" in twice.err


def test_import_from_standard_input_names_it(okrtui, repo: Repository, monkeypatch):
    import io

    fill(repo)
    monkeypatch.setattr("sys.stdin", io.StringIO((DATA / "gh-issues.json").read_text("utf-8")))
    result = okrtui("--db", repo.path, "backlog", "import", "-")
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == (
        "Imported standard input (github): 4 new, 0 updated, 0 unchanged."
    )
    assert "\x1b" not in result.out  # the hostile title is printed as text
