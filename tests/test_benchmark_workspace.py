"""The benchmark workspace generator writes what it promises: exactly the check-ins asked
for, valid records (it bypasses the models for speed, so the models check its output), and
history of the size asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.workspace import generate
from okrtui.store.engine import canonical, schema
from tests.conftest import TODAY


@pytest.mark.parametrize(
    ("checkins", "teams", "closed"), [(1200, 3, 4), (3000, 2, 10), (None, 2, 0)]
)
def test_the_generated_workspace_is_valid_and_exact(
    tmp_path: Path, checkins: int | None, teams: int, closed: int
) -> None:
    path = tmp_path / "okrtui.json"
    kwargs = {"checkins": checkins} if checkins else {}
    made = generate(path, TODAY, teams=teams, closed_cycles=closed, **kwargs)
    raw = canonical.loads(path.read_bytes())
    schema.validate_all(raw, path)
    assert canonical.dumps(raw) == path.read_bytes()
    assert len(raw["checkins"]) == made.checkins
    if checkins:
        assert made.checkins == checkins
    states = [c["state"] for c in raw["cycles"].values()]
    assert states.count("closed") == closed and states.count("active") == 1
    teams_seen = {o["team"] for o in raw["objectives"].values() if o["state"] == "closed"}
    assert len(teams_seen) == (teams if closed else 0)
    assert made.active_kr_keys and made.active_objective_keys
    assert (
        generate(
            tmp_path / "again.json", TODAY, teams=teams, closed_cycles=closed, **kwargs
        ).path.read_bytes()
        == path.read_bytes()
    )
