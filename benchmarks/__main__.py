"""okrtui's benchmarks: `make bench` (`python -m benchmarks [--runs N] [--checkins N]`).

Generates a large workspace (`benchmarks.workspace`: ten years of quarters, 30 teams, 50 000
check-ins), lets okrtui archive its history once (a one-time cost, reported), then measures
each scenario against a baseline taken in the same run, alternating the two so machine noise
hits both alike, and prints medians as a table: scenario, baseline, okrtui, ratio, target,
pass/fail. Exit status 1 when a target is missed.

- launch: `okrtui` until the dashboard is on screen, against a bare Textual app showing one
  line, both in tmux and watched as a person sees them (`benchmarks.screen`);
- checkin: `okrtui checkin KEY VALUE` end to end, against `python -c "import tinydb, pydantic"`;
- save: in the running TUI's weekly check-in, Enter on a value until the screen shows it saved
  (the next KR, "N saved"), against skipping a KR (the same screen update, nothing written);
  an absolute target;
- memory: the TUI's peak resident memory after launch, saves and a visit to an archived
  cycle, against the bare app's;
- history: `okrtui checkin` and the launch on the ten-year workspace against the same active
  cycle with no history at all: the active cycle's speed must not depend on closed history.

Processes run as installed okrtui would: with bytecode caches (this sandbox sets
PYTHONDONTWRITEBYTECODE, which no user has; it is removed for the measured processes).
`python -m benchmarks.team_sync` measures the git team sync separately.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchmarks.bare_app import MARKER
from benchmarks.screen import Terminal
from benchmarks.workspace import Workspace, generate

ROOT = Path(__file__).parents[1]


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    scenario: str
    baseline: float | None
    okrtui: float
    unit: str
    #: The most okrtui may cost: a ratio to the baseline, or an absolute figure when `ratio`
    #: is False.
    target: float
    ratio: bool = True

    @property
    def value(self) -> float:
        return self.okrtui / self.baseline if self.ratio and self.baseline else self.okrtui

    @property
    def passed(self) -> bool:
        return self.value <= self.target


def environment(today: date) -> dict[str, str]:
    """What the measured processes run with: the real user's environment, a fixed day."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "NO_COLOR")}
    env.update(OKRTUI_TODAY=today.isoformat(), TERM="xterm-256color", TEXTUAL_ANIMATIONS="none")
    return env


def okrtui_command(path: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "okrtui", "--db", str(path), *args]


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def alternate(runs: int, *measures: Callable[[int], float]) -> list[float]:
    """Run each measure `runs` times, interleaved; returns each one's median."""
    samples: list[list[float]] = [[] for _ in measures]
    for n in range(runs):
        for i, measure in enumerate(measures):
            samples[i].append(measure(n))
    return [statistics.median(s) for s in samples]


# -- scenarios ----------------------------------------------------------------------------


def checkin_rows(made: Workspace, fresh: Workspace, env: dict[str, str], runs: int) -> list[Row]:
    baseline = [sys.executable, "-c", "import tinydb, pydantic"]

    def checkin(workspace: Workspace) -> Callable[[int], float]:
        keys = workspace.active_kr_keys
        return lambda n: timed(
            okrtui_command(workspace.path, "checkin", keys[n % len(keys)], "50"), env
        )

    base, mine, no_history = alternate(
        runs, lambda n: timed(baseline, env), checkin(made), checkin(fresh)
    )
    return [
        Row("okrtui checkin, end to end", base * 1000, mine * 1000, "ms", 2.0),
        Row(
            "okrtui checkin: 10 years of history vs none", no_history * 1000, mine * 1000, "ms", 1.2
        ),
    ]


def launch_rows(
    made: Workspace, fresh: Workspace, env: dict[str, str], runs: int, term: Terminal
) -> list[Row]:
    def bare(n: int) -> float:
        started = term.start(
            [sys.executable, "-m", "benchmarks.bare_app"], env | {"PYTHONPATH": str(ROOT)}
        )
        shown = term.wait_for(MARKER)
        term.stop()
        return shown - started

    def okrtui(workspace: Workspace) -> Callable[[int], float]:
        def launch(n: int) -> float:
            started = term.start(okrtui_command(workspace.path), env)
            shown = term.wait_for(workspace.active_cycle, workspace.active_objective_keys[0])
            term.stop()
            return shown - started

        return launch

    base, mine, no_history = alternate(runs, bare, okrtui(made), okrtui(fresh))
    return [
        Row("launch to dashboard on screen (tmux)", base * 1000, mine * 1000, "ms", 1.3),
        Row("launch: 10 years of history vs none", no_history * 1000, mine * 1000, "ms", 1.2),
    ]


def save_and_memory_rows(
    made: Workspace, env: dict[str, str], term: Terminal, saves: int
) -> list[Row]:
    """One TUI session: launch, then the weekly check-in, alternating a save (digits, a pause
    as a person makes, Enter: timed from Enter until the screen shows it saved) with a skip
    (`s`: the same screen update with nothing written, the baseline); then a look at archived
    cycles, and the session's peak memory against the bare app's."""
    term.start([sys.executable, "-m", "benchmarks.bare_app"], env | {"PYTHONPATH": str(ROOT)})
    term.wait_for(MARKER)
    bare_peak = term.peak_memory_mib()
    term.stop()

    term.start(okrtui_command(made.path), env)
    term.wait_for(made.active_cycle, made.active_objective_keys[0])
    term.press("c")
    term.wait_for("Check-in 1 of")
    term.press("-l", "39")  # the session's first save also takes its backup: not timed
    term.press("Enter")
    term.wait_for("1 saved")
    skips, latencies = [], []
    for n in range(saves):
        shown = 2 * n + 3
        sent = term.press("s")
        skips.append(term.wait_for(f"Check-in {shown} of") - sent)
        term.press("-l", str(40 + n))  # the prefilled value is selected: typing replaces it
        time.sleep(0.05)
        sent = term.press("Enter")
        latencies.append(term.wait_for(f"{n + 2} saved") - sent)
    term.press("Escape")
    term.wait_for("Check-in done")
    term.press("Enter")
    for _ in range(3):  # back to older cycles: these are read from their archive files
        term.press("[")
        time.sleep(0.3)
    peak = term.peak_memory_mib()
    term.stop()
    return [
        Row(
            "save a check-in in the TUI (Enter → shown)",
            statistics.median(skips) * 1000,
            statistics.median(latencies) * 1000,
            "ms",
            50.0,
            ratio=False,
        ),
        Row("TUI peak memory (VmHWM)", bare_peak, peak, "MiB", 150.0, ratio=False),
    ]


# -- running -------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    header = f"{'scenario':<46} {'baseline':>10} {'okrtui':>10} {'ratio':>7} {'target':>9}  result"
    lines = [header, "-" * len(header)]
    for row in rows:
        baseline = f"{row.baseline:.0f} {row.unit}" if row.baseline is not None else "–"
        ratio = f"{row.okrtui / row.baseline:.2f}×" if row.baseline else "–"
        target = f"≤ {row.target:g}×" if row.ratio else f"≤ {row.target:g} {row.unit}"
        lines.append(
            f"{row.scenario:<46} {baseline:>10} {f'{row.okrtui:.0f} {row.unit}':>10} "
            f"{ratio:>7} {target:>9}  {'pass' if row.passed else 'FAIL'}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=7, help="samples per scenario (median)")
    parser.add_argument("--checkins", type=int, default=50_000, help="check-ins in the workspace")
    parser.add_argument("--keep", action="store_true", help="keep the workspace folder")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        sys.exit("the launch, save and memory scenarios need tmux (apt-get install tmux)")

    folder = Path(tempfile.mkdtemp(prefix="okrtui-bench-"))
    today = date.today()
    env = environment(today)
    try:
        started = time.perf_counter()
        made = generate(folder / "okrtui.json", today, checkins=args.checkins)
        print(
            f"workspace: {made.cycles} cycles, {made.objectives} objectives, {made.key_results} "
            f"key results, {made.checkins} check-ins, {made.size_bytes / 1e6:.1f} MB, written "
            f"in {time.perf_counter() - started:.1f} s"
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "compileall",
                "-q",
                str(ROOT / "okrtui"),
                str(ROOT / "benchmarks"),
            ],
            env=env,
            check=True,
        )
        fresh = generate(folder / "fresh" / "okrtui.json", today, closed_cycles=0)
        first = timed(okrtui_command(made.path, "checkin", made.active_kr_keys[0], "50"), env)
        archived = len(list((folder / "archive").glob("*.json")))
        print(
            f"first write archives the history once: {archived} cycles in {first:.1f} s; "
            f"live file now {made.path.stat().st_size / 1e3:.0f} kB"
        )
        # The TUI session gets its own copy: the check-ins below would leave its KRs not due.
        shutil.copytree(folder, folder / "tui", ignore=shutil.ignore_patterns("fresh", "tui"))
        in_tui = dataclasses.replace(made, path=folder / "tui" / made.path.name)
        rows = checkin_rows(made, fresh, env, args.runs * 2)
        term = Terminal(folder / "tmux.sock")
        try:
            rows += launch_rows(made, fresh, env, args.runs, term)
            rows += save_and_memory_rows(in_tui, env, term, saves=min(15, args.runs + 5))
        finally:
            term.close()
        print()
        print(table(rows))
        return 0 if all(row.passed for row in rows) else 1
    finally:
        if args.keep:
            print(f"workspace kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
