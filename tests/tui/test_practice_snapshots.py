"""Layout snapshots of the discovery, roadmap, alignment and review screens on the sample
workspace, at 120×40 and the fixed test day (one each; behaviour is tested with Pilot).

Update them only after looking at the report: `make test PYTEST_ARGS="--snapshot-update"`.
"""

from __future__ import annotations

import pytest

from okrtui.tui.app import OkrApp

SIZE = (120, 40)


@pytest.mark.parametrize(
    "keys",
    [["d", "j", "j", "j"], ["m", "j"], ["a", "j"], ["R", "j", "j", "j", "j"]],
    ids=["discovery", "roadmap", "alignment", "review"],
)
def test_practice_screen_layout(snap_compare, sample_app: OkrApp, keys):
    assert snap_compare(sample_app, press=keys, terminal_size=SIZE)
