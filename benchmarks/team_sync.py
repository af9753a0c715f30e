"""Team sync benchmark: `python -m benchmarks.team_sync [--checkins N] [--runs R]`.

Measures, on a database of N check-ins (10 000 by default, about 2.5 MB):

- the record-level merge in process (both sides added check-ins and edited KRs),
- `okrtui merge-driver` as git runs it (interpreter start included),
- what auto-commit adds to a check-in: the recovery check when the database opens (against
  opening the same file outside git) and the commit after the write, timed in process so
  that interpreter start-up noise does not drown them,

and prints medians against the targets of issue 7 (merge < 1 s, auto-commit < 100 ms).
Exit status 1 when a target is missed. Self-contained: it builds its own database and
repository in a temp folder and needs only git and the installed `okrtui`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from okrtui import __version__
from okrtui.domain.clock import FixedClock
from okrtui.domain.models import KeyResult
from okrtui.store.engine import canonical, schema
from okrtui.store.repository import Repository
from okrtui.store.team.merge import merge_bytes

MERGE_TARGET = 1.0
AUTOCOMMIT_TARGET = 0.100
DAY = date(2026, 11, 23)
STAMP = "2026-11-23T12:00:00Z"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "OKRTUI_TODAY": DAY.isoformat(),
}


def _record(key: str, **fields: Any) -> dict[str, Any]:
    return {"id": uuid.uuid4().hex, "key": key, "created_at": STAMP, "updated_at": STAMP} | fields


def database(checkins: int) -> dict[str, Any]:
    """One active cycle, 10 objectives, 40 KRs and `checkins` check-ins spread over them."""
    cycle = _record(
        "C-1", name="2026-Q4", start="2026-09-28", end="2026-12-27", cadence_days=7, state="active"
    )
    tables: dict[str, Any] = {
        "cycles": {"1": cycle},
        "objectives": {},
        "key_results": {},
        "checkins": {},
    }
    krs = []
    for o in range(1, 11):
        objective = _record(
            f"O-{o}",
            cycle_id=cycle["id"],
            title=f"Objective {o}",
            why="",
            owner="maria",
            team="growth",
            level="team",
            mode="delivery",
            state="committed",
            reflection="",
            continues=None,
        )
        tables["objectives"][str(o)] = objective
        for _k in range(4):
            n = len(krs) + 1
            kr = _record(
                f"KR-{n}",
                objective_id=objective["id"],
                title=f"Key result {n}",
                owner="",
                unit="%",
                type="metric",
                direction="increase",
                baseline=10.0,
                target=90.0,
                stretch=None,
                kind="outcome",
                indicator="lagging",
                discovery_type="none",
                assumption="",
                kill_by=None,
                weight=1.0,
                state="active",
                score=None,
                close_reason="",
                continues=None,
            )
            tables["key_results"][str(n)] = kr
            krs.append(kr)
    for n in range(1, checkins + 1):
        kr = krs[n % len(krs)]
        day = DAY - timedelta(days=(checkins - n) % 80)
        tables["checkins"][str(n)] = _record(
            f"CI-{n}",
            key_result_id=kr["id"],
            date=day.isoformat(),
            value=float(10 + n % 80),
            confidence=7,
            note="weekly reading",
            author="maria",
            supersedes=None,
        )
    meta = schema.new_meta(STAMP, f"okrtui {__version__}")
    meta["key_counters"] = {"C": 1, "O": 10, "KR": len(krs), "CI": checkins}
    tables[schema.META_TABLE] = {schema.META_DOC_ID: meta}
    return tables


def sides(base: dict[str, Any]) -> tuple[bytes, bytes, bytes]:
    """Base, and two sides that each add five check-ins and edit two KRs (one the same)."""
    versions = []
    for who, target in (("alice", 95.0), ("bob", 99.0)):
        side = {table: dict(records) for table, records in base.items()}
        count = len(side["checkins"])
        kr_ids = [r["id"] for r in side["key_results"].values()]
        for n in range(count + 1, count + 6):
            side["checkins"][str(n)] = _record(
                f"CI-{n}",
                key_result_id=kr_ids[n % len(kr_ids)],
                date=DAY.isoformat(),
                value=50.0,
                confidence=6,
                note=f"by {who}",
                author=who,
                supersedes=None,
            )
        side["key_results"]["1"] = side["key_results"]["1"] | {
            "target": target,
            "updated_at": f"2026-11-23T12:0{len(versions) + 1}:00Z",
        }
        side["key_results"]["2" if who == "alice" else "3"] = side["key_results"][
            "2" if who == "alice" else "3"
        ] | {"owner": who}
        versions.append(canonical.dumps(side))
    return canonical.dumps(base), versions[0], versions[1]


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def okrtui_script() -> list[str]:
    beside = Path(sys.executable).parent / "okrtui"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "okrtui"]


def run(checkins: int, runs: int) -> bool:
    base_tables = database(checkins)
    base, ours, theirs = sides(base_tables)
    print(f"database: {checkins} check-ins, {len(base) / 1e6:.2f} MB")

    in_process = median_time(lambda: merge_bytes(base, ours, theirs, upstream="theirs"), runs)
    print(f"merge in process:          {in_process * 1000:7.0f} ms median of {runs}")

    env = os.environ | GIT_ENV
    with tempfile.TemporaryDirectory(prefix="okrtui-bench-") as folder:
        root = Path(folder)
        files = [root / name for name in ("base", "ours", "theirs")]

        def driver() -> None:
            for path, data in zip(files, (base, ours, theirs), strict=True):
                path.write_bytes(data)
            done = subprocess.run(
                [*okrtui_script(), "merge-driver", *map(str, files), "okrtui.json"],
                capture_output=True,
                env=env,
            )
            assert done.returncode == 0, done.stderr

        by_driver = median_time(driver, runs)
        print(
            f"okrtui merge-driver:       {by_driver * 1000:7.0f} ms median of {runs} (interpreter start included)"
        )

        shared, plain = root / "shared" / "okrtui.json", root / "plain" / "okrtui.json"
        for path in (shared, plain):
            path.parent.mkdir()
            path.write_bytes(base)
        subprocess.run(
            [*okrtui_script(), "--db", str(shared), "git", "init"],
            check=True,
            capture_output=True,
            env=env,
        )

        os.environ.update(GIT_ENV)
        opening: list[float] = []
        committing: list[float] = []
        for _ in range(runs):
            start = time.perf_counter()
            repo = Repository.open(shared, FixedClock(DAY))  # includes the recovery check
            opened = time.perf_counter()
            plain_repo = Repository.open(plain, FixedClock(DAY))
            opening.append((opened - start) - (time.perf_counter() - opened))
            plain_repo.close()
            hook = repo.db.after_write[0]

            def timed(action: str, hook: Callable[[str], None] = hook) -> None:
                began = time.perf_counter()
                hook(action)
                committing.append(time.perf_counter() - began)

            repo.db.after_write[:] = [timed]
            repo.add_checkin(repo.find(KeyResult, "KR-1"), 55)
            repo.close()
        commits = subprocess.run(
            ["git", "-C", str(shared.parent), "rev-list", "--count", "HEAD"],
            capture_output=True,
            text=True,
            env=env,
        ).stdout.strip()
        added = max(0.0, statistics.median(opening)) + statistics.median(committing)
        print(
            f"open, shared minus plain:  {statistics.median(opening) * 1000:7.0f} ms median of {runs} (the recovery check)"
        )
        print(
            f"commit after a check-in:   {statistics.median(committing) * 1000:7.0f} ms median of {runs}"
        )
        print(f"auto-commit adds:          {added * 1000:7.0f} ms")
        git_size = sum(p.stat().st_size for p in (shared.parent / ".git").rglob("*") if p.is_file())
        print(f".git after {commits} commits:  {git_size / 1e6:7.1f} MB")
        shutil.rmtree(root / "shared", ignore_errors=True)

    ok = by_driver < MERGE_TARGET and added < AUTOCOMMIT_TARGET
    print(
        f"targets: merge < {MERGE_TARGET:g} s, auto-commit < {AUTOCOMMIT_TARGET * 1000:g} ms: {'met' if ok else 'MISSED'}"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.team_sync", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--checkins", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    return 0 if run(args.checkins, args.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
