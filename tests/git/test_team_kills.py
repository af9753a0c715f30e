"""A sync can die at any instant without losing an acknowledged change or wedging the clone
(issue 13, item 2), and readers are never blocked by a slow remote (item 4).

Three real clones of a bare repository in the test's temp folder. The killed syncs are real
processes (`tests/git/_kill_sync.py`), killed with SIGKILL of their process group at each git
command in turn: while git merges through okrtui's driver, between the merge's files and the
move of HEAD, while pushing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from okrtui.store.engine import canonical
from tests.git.conftest import Team, add_checkin, git, okrtui

ROOT = Path(__file__).parents[2]


def _sync_process(db: Path, stop_at: int, flag: Path, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.git._kill_sync", str(db), str(stop_at), str(flag)],
        cwd=ROOT,
        env=os.environ | env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: killed with git and the driver
    )


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _values(tables: dict) -> set[float]:
    return {c["value"] for c in tables["checkins"].values()}


def _published(team: Team) -> dict:
    data = subprocess.run(
        ["git", "-C", str(team.origin), "show", "main:okrtui.json"], capture_output=True, check=True
    ).stdout
    return canonical.loads(data)


def test_a_sync_killed_at_every_step_loses_nothing_and_wedges_nothing(team: Team, tmp_path: Path):
    # How many git commands a merging sync runs: kill it at each one in turn.
    add_checkin(team.b, "KR-5", 1000)
    team.b.sync()
    add_checkin(team.a, "KR-1", 2000)
    team.a.close()
    counting = _sync_process(team.a.db, 0, tmp_path / "unused")
    out, err = counting.communicate()
    assert counting.returncode == 0, err
    names = out.decode().split("\n")[-2].split()
    assert {"fetch", "push"} <= set(names), names
    # Read-only checks aside, every step that fetches, merges, writes or pushes.
    writing = {"fetch", "merge", "merge-tree", "commit-tree", "update-ref", "reset", "push"}
    chosen = [1] + [n for n, name in enumerate(names, 1) if name in writing]

    acknowledged = {1000.0, 2000.0}
    value = 3000.0
    for step in chosen:
        value += 1
        add_checkin(team.b, "KR-5", value)  # something to merge every time
        team.b.sync()
        acknowledged.add(value)
        value += 1
        add_checkin(team.a, "KR-1", value)
        team.a.close()
        acknowledged.add(value)
        flag = tmp_path / f"stopped-{step}"
        process = _sync_process(team.a.db, step, flag)
        deadline = time.monotonic() + 60
        while not flag.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if process.poll() is None:
            _kill_group(process)

        # The very next change is committed, not "saved but not committed".
        value += 1
        after = okrtui("--db", team.a.db, "checkin", "KR-1", str(value))
        assert after.code == 0 and "not committed" not in after.err, (step, flag.read_text())
        acknowledged.add(value)
        assert git(team.a.folder, "status", "--porcelain", "--", "okrtui.json") == ""
        # And the next sync repairs whatever the dead one left, and succeeds.
        team.a.sync()
        assert not (team.a.folder / ".git" / "index.lock").exists()
        assert not (team.a.folder / ".git" / "MERGE_HEAD").exists()
        assert acknowledged <= _values(_published(team)), f"lost at step {step}"

    team.round()
    tables = team.assert_converged()
    assert acknowledged <= _values(tables)
    assert okrtui("--db", team.a.db, "git", "doctor").code == 0


def test_a_stale_index_lock_of_a_killed_okrtui_is_repaired_by_the_next_command(team: Team):
    # What `kill -9` of okrtui during a commit leaves: git's lock, and okrtui's busy mark.
    (team.a.folder / ".git" / "index.lock").write_text("")
    (team.a.folder / ".git" / "okrtui-busy").write_text("999999")

    checkin = okrtui("--db", team.a.db, "checkin", "KR-1", "61")

    assert checkin.code == 0 and "not committed" not in checkin.err
    assert git(team.a.folder, "log", "-1", "--format=%s").strip() == "Check in KR-1: 52 → 61"
    assert okrtui("--db", team.a.db, "sync").code == 0


def test_a_lock_and_merge_git_left_are_named_by_doctor_and_repaired_by_resolve(team: Team):
    add_checkin(team.b, "KR-5", 62)
    team.b.sync()
    add_checkin(team.a, "KR-1", 60)
    team.a.close()
    git(team.a.folder, "fetch", "-q")
    # A hand `git pull` stopped before its commit (and killed while holding the index lock).
    git(team.a.folder, "merge", "--no-commit", "--no-ff", "-q", "origin/main")
    (team.a.folder / ".git" / "index.lock").write_text("")
    assert (team.a.folder / ".git" / "MERGE_HEAD").exists()
    saved = okrtui("--db", team.a.db, "checkin", "KR-2", "7")  # saved meanwhile
    assert saved.code == 0

    doctor = okrtui("--db", team.a.db, "git", "doctor")
    refused = okrtui("--db", team.a.db, "sync")
    resolved = okrtui("--db", team.a.db, "sync", "--resolve")

    assert doctor.code != 0
    assert "index.lock" in doctor.out and "MERGE_HEAD" in doctor.out
    assert "okrtui sync --resolve" in doctor.out
    assert refused.code != 0 and "sync --resolve" in refused.err
    assert resolved.code == 0, resolved.err
    assert not (team.a.folder / ".git" / "MERGE_HEAD").exists()
    team.round()
    values = _values(team.assert_converged())
    assert {60, 62, 7} <= values


def test_a_sync_stopped_while_writing_its_merge_is_finished_by_the_next_command(team: Team):
    add_checkin(team.b, "KR-5", 62)
    team.b.sync()
    add_checkin(team.a, "KR-1", 60)
    team.a.close()
    old = git(team.a.folder, "rev-parse", "HEAD").strip()
    git(team.a.folder, "fetch", "-q")
    tip = git(team.a.folder, "rev-parse", "origin/main").strip()
    # The note a sync writes before it writes the merge's files, and then it died.
    (team.a.folder / ".git" / "okrtui-sync").write_text(f"{old} {tip}\n")

    status = okrtui("--db", team.a.db, "checkin", "KR-2", "7")

    assert status.code == 0 and "not committed" not in status.err
    assert not (team.a.folder / ".git" / "okrtui-sync").exists()
    assert git(team.a.folder, "merge-base", "--is-ancestor", tip, "HEAD", check=False) == ""


def _slow_remote(team: Team, tmp_path: Path) -> dict[str, str]:
    """Reach origin through an ssh wrapper that waits for a release file: a remote as slow as
    the test wants. Returns the environment a sync needs to use it."""
    wrapper = tmp_path / "slow-ssh"
    started, release = tmp_path / "started", tmp_path / "release"
    wrapper.write_text(
        "#!/bin/sh\n"
        f"touch '{started}'\n"
        f"n=0; while [ ! -e '{release}' ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done\n"
        'exec sh -c "$2"\n'
    )
    wrapper.chmod(0o755)
    git(team.a.folder, "remote", "set-url", "origin", f"ssh://slowhost{team.origin}")
    return {"GIT_SSH": str(wrapper), "GIT_SSH_VARIANT": "simple"}


def test_readers_and_writers_are_not_blocked_while_a_sync_waits_on_the_network(
    team: Team, tmp_path: Path
):
    env = _slow_remote(team, tmp_path)
    add_checkin(team.a, "KR-1", 60)
    team.a.close()
    sync = subprocess.Popen(
        [sys.executable, "-m", "okrtui", "--db", str(team.a.db), "sync"],
        cwd=ROOT,
        env=os.environ | env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "started").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert (tmp_path / "started").exists(), (
            sync.stderr.read() if sync.poll() is not None else ""
        )

        status = okrtui("--db", team.a.db, "status")
        export = okrtui("--db", team.a.db, "export", "--format", "json")
        checkin = okrtui("--db", team.a.db, "checkin", "KR-2", "7")

        assert sync.poll() is None  # still waiting on the network: nobody waited for it
        assert status.code == 0 and export.code == 0, status.err + export.err
        assert checkin.code == 0 and "not committed" not in checkin.err
    finally:
        (tmp_path / "release").write_text("")
        _, err = sync.communicate(timeout=120)
    assert sync.returncode == 0, err
    # The check-in made during the sync goes out with this sync or the next one.
    subprocess.run(
        [sys.executable, "-m", "okrtui", "--db", str(team.a.db), "sync"],
        cwd=ROOT,
        env=os.environ | env,
        check=True,
        capture_output=True,
    )
    assert {60, 7} <= _values(_published(team))
