"""A small company, for real (issue 13, item 7): `benchmarks.team_simulation` with four clones
of one bare repository for three weeks, syncs killed at random instants included. `make bench`
runs it with 5, 10 and 20 clones for a whole quarter and reports the sync times.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.team_simulation import simulate


def test_a_small_company_converges_byte_for_byte_and_loses_nothing(tmp_path: Path):
    result = simulate(tmp_path, clones=4, weeks=3, seed=7, kill_rate=0.4)

    assert result.converged
    assert result.lost == []
    assert result.markers == 0
    assert result.kills >= 1  # syncs were killed mid-way, and nothing was lost
    assert result.renumbered >= 1  # keys created offline collided and were renumbered
    assert result.checkins == 4 * 3 * 2
