"""Layout snapshots of the context, backlog and weekly report screens on the sample workspace
at 80×24 and 120×40 (behaviour is tested with Pilot in test_practice_screens.py).

Update them only after looking at the report: `make test PYTEST_ARGS="--snapshot-update"`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.domain.backlog import read_export
from okrtui.domain.models import KeyResult
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp

DATA = Path(__file__).parent.parent / "data" / "backlog"


@pytest.fixture
def practised_app(sample_repo: Repository) -> OkrApp:
    """The sample with a written context and an imported, partly linked backlog."""
    sample_repo.context.save(
        None,
        purpose="Small firms get paid on time",
        narrative="Invoicing first, then payments",
        inputs=[{"title": "Company OKRs 2027", "owner": "ceo"}],
    )
    reading = read_export((DATA / "jira-export.csv").read_text(encoding="utf-8"))
    sample_repo.backlog.import_items(reading.items, "jira")
    sample_repo.backlog.link(
        sample_repo.backlog.find("PAY-101"), sample_repo.find(KeyResult, "KR-4")
    )
    return OkrApp(sample_repo)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("key", ["C", "b", "w"], ids=["context", "backlog", "report"])
def test_context_backlog_and_report_layout(snap_compare, practised_app: OkrApp, key, size):
    assert snap_compare(practised_app, press=[key], terminal_size=size)
