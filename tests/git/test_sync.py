"""`okrtui git init/clone/doctor`, auto-commit, and `okrtui sync`'s promises with real git:
registration in local config only, one commit per change, fast-forward or one merge commit
(never a rebase), retries when someone pushes meanwhile, and a clear failure that changes
nothing when the network, the merge or the remote's schema is not right."""

from __future__ import annotations

import os
import shlex
import threading
from pathlib import Path

import pytest

from okrtui.domain.clock import FixedClock
from okrtui.store.engine import canonical, schema
from okrtui.store.engine.database import Database
from okrtui.store.team import gitrepo
from tests.conftest import TODAY
from tests.git.conftest import Team, add_checkin, git, okrtui


def head(clone) -> str:
    return git(clone.folder, "rev-parse", "HEAD").strip()


# -- set-up ----------------------------------------------------------------------------------


def test_init_makes_one_commit_and_registers_the_installed_okrtui_locally(tmp_path):
    db = tmp_path / "okrs" / "okrtui.json"

    result = okrtui("--db", db, "git", "init")

    assert result.code == 0, result.err
    folder = db.parent
    assert git(folder, "log", "--format=%s").splitlines() == ["okrtui: initial import"]
    driver = git(folder, "config", "--local", "--get", "merge.okrtui.driver").strip()
    program = Path(shlex.split(driver)[0])
    assert program.is_absolute() and os.access(program, os.X_OK)
    assert not program.resolve().is_relative_to(folder.resolve())  # never a file of the repo
    assert driver.endswith(" merge-driver %O %A %B %P")
    assert (
        git(folder, "config", "--local", "--get", "diff.okrtui.textconv")
        .strip()
        .endswith(" textconv")
    )
    assert int(git(folder, "config", "--local", "--get", "gc.auto")) <= 300
    assert (
        folder / ".gitattributes"
    ).read_text() == "okrtui.json merge=okrtui diff=okrtui text eol=lf\n"
    assert {"*.lock", ".*.tmp", "backups/"} <= set((folder / ".gitignore").read_text().split())
    assert git(folder, "ls-files").split() == [".gitattributes", ".gitignore", "okrtui.json"]
    assert git(folder, "status", "--porcelain") == ""  # lock file and backups are ignored


def test_init_again_changes_nothing_and_refuses_a_folder_inside_another_repository(tmp_path):
    db = tmp_path / "okrs" / "okrtui.json"
    okrtui("--db", db, "git", "init")

    assert okrtui("--db", db, "git", "init").code == 0
    assert len(git(db.parent, "log", "--format=%s").splitlines()) == 1
    nested = okrtui("--db", db.parent / "sub" / "x.json", "git", "init")
    assert nested.code == 2
    assert "is inside the git repository" in nested.err


def test_a_clone_is_registered_and_healthy(team: Team):
    result = okrtui("--db", team.b.db, "git", "doctor")

    assert result.code == 0, result.out
    assert "ready to sync" in result.out
    assert git(team.b.folder, "config", "--local", "--get", "merge.okrtui.driver").strip()


@pytest.mark.parametrize(
    ("breakage", "named"),
    [
        (
            lambda f, db: git(f, "config", "--local", "--unset", "merge.okrtui.driver"),
            "merge driver is not registered",
        ),
        (
            lambda f, db: git(
                f,
                "config",
                "--local",
                "merge.okrtui.driver",
                "/nowhere/okrtui merge-driver %O %A %B %P",
            ),
            "not an executable file",
        ),
        (lambda f, db: (f / ".gitattributes").write_text(""), "the .gitattributes line"),
        (
            lambda f, db: db.write_bytes(db.read_bytes().replace(b"\n", b"", 3)),
            "not in okrtui's canonical layout",
        ),
        (
            lambda f, db: db.write_bytes(
                db.read_bytes().replace(b'"schema_version":', b'"schema_version":9')
            ),
            "newer okrtui",
        ),
        (lambda f, db: db.write_bytes(b"<<<<<<< HEAD\n" + db.read_bytes()), "conflict markers"),
    ],
)
def test_doctor_names_each_problem(team: Team, breakage, named):
    breakage(team.b.folder, team.b.db)

    result = okrtui("--db", team.b.db, "git", "doctor")

    assert result.code == 1
    assert named in result.out


def test_doctor_names_unmerged_files(team: Team):
    git(team.b.folder, "config", "--local", "--remove-section", "merge.okrtui")
    add_checkin(team.a, "KR-1", 60)
    team.a.sync()
    add_checkin(team.b, "KR-1", 61)
    git(team.b.folder, "pull", "-q", "--no-rebase", "origin", "main", check=False)

    result = okrtui("--db", team.b.db, "git", "doctor")

    assert "unmerged files: run 'okrtui sync --resolve'" in result.out


def test_git_arguments_pass_through_with_gits_exit_status(team: Team, capfd):
    assert okrtui("--db", team.a.db, "git", "rev-parse", "--is-inside-work-tree").code == 0
    assert okrtui("--db", team.a.db, "git", "rev-parse", "--verify", "no-such-ref").code == 128


# -- auto-commit -----------------------------------------------------------------------------


def test_each_change_from_the_cli_is_one_commit_named_after_it_and_reads_make_none(team: Team):
    before = team.a.log()

    okrtui("--db", team.a.db, "checkin", "KR-1", "60", "-c", "8")
    okrtui("--db", team.a.db, "status")
    okrtui("--db", team.a.db, "conflicts")

    assert team.a.log()[: len(team.a.log()) - len(before)] == ["Check in KR-1: 52 → 60"]
    assert git(team.a.folder, "status", "--porcelain") == ""


def test_undo_is_a_commit_too(team: Team):
    add_checkin(team.a, "KR-1", 60)
    team.a.repo.undo()

    assert team.a.log()[:2] == ["Undo Check in KR-1: 52 → 60", "Check in KR-1: 52 → 60"]


def test_a_change_a_killed_process_left_uncommitted_is_committed_by_the_next_command(team: Team):
    db = Database(team.a.db, FixedClock(TODAY))  # no auto-commit: as if killed before it
    with db.transaction() as tx:
        meta = tx.records(schema.META_TABLE)[schema.META_DOC_ID]
        tx.tables[schema.META_TABLE][schema.META_DOC_ID] = meta | {"written_by": "a stopped okrtui"}
        tx.dirty = True
    db.close()
    assert git(team.a.folder, "status", "--porcelain").strip() == "M okrtui.json"

    okrtui("--db", team.a.db, "checkin", "KR-1", "60")

    assert team.a.log()[:2] == ["Check in KR-1: 52 → 60", gitrepo.RECOVER_MESSAGE]
    assert git(team.a.folder, "status", "--porcelain") == ""


# -- sync outcomes ---------------------------------------------------------------------------


def test_sync_pushes_fast_forwards_or_makes_exactly_one_merge_commit(team: Team):
    add_checkin(team.a, "KR-1", 60)
    assert "↓0 ↑1" in team.a.sync().out  # only local commits: pushed

    assert "↓1 ↑0" in team.b.sync().out  # only remote ones: fast-forward, no merge commit
    assert head(team.b) == head(team.a)

    add_checkin(team.a, "KR-1", 61)
    team.a.sync()
    add_checkin(team.b, "KR-5", 62)
    result = team.b.sync()  # diverged: one merge commit, its parents the two lines of work

    assert "↓1 ↑2 (merged)" in result.out
    parents = git(team.b.folder, "log", "-1", "--format=%P").split()
    assert len(parents) == 2 and head(team.a) in parents
    assert git(team.b.folder, "log", "-1", "--format=%s").strip() == "Sync with origin/main"


def _race_before_push(monkeypatch: pytest.MonkeyPatch, race, times: int | None = None) -> None:
    """Run `race()` just before each of a's pushes (the first `times` only): another clone
    pushing in between, as a colleague does. Hooks cannot do it: okrtui runs none."""
    from okrtui.store.team import gitsync

    real = gitsync._Sync._push
    calls = []

    def racing(self, *args):
        calls.append(1)
        if times is None or len(calls) <= times:
            race()
        return real(self, *args)

    monkeypatch.setattr(gitsync._Sync, "_push", racing)


def test_a_push_race_is_won_by_merging_again(team: Team, monkeypatch: pytest.MonkeyPatch):
    add_checkin(team.a, "KR-1", 60)
    add_checkin(team.b, "KR-5", 62)
    _race_before_push(
        monkeypatch, lambda: git(team.b.folder, "push", "-q", "origin", "HEAD:main"), times=1
    )

    result = team.a.sync()

    assert "(merged)" in result.out
    monkeypatch.undo()
    team.round()
    values = sorted(c["value"] for c in team.assert_converged()["checkins"].values())
    assert 60 in values and 62 in values


def test_a_remote_that_keeps_moving_stops_after_three_tries_and_keeps_local_commits(
    team: Team, monkeypatch: pytest.MonkeyPatch
):
    add_checkin(team.a, "KR-1", 60)
    mine = head(team.a)

    def race() -> None:
        git(team.b.folder, "commit", "-q", "--allow-empty", "-m", "race")
        git(team.b.folder, "push", "-q", "origin", "HEAD:main")

    _race_before_push(monkeypatch, race)

    result = okrtui("--db", team.a.db, "sync")

    assert result.code == 2
    assert "kept changing while okrtui pushed (3 tries)" in result.err
    assert git(team.a.folder, "merge-base", "--is-ancestor", mine, "HEAD", check=False) == ""


def test_no_network_is_a_clear_error_and_changes_nothing(team: Team):
    add_checkin(team.a, "KR-1", 60)
    git(team.a.folder, "remote", "set-url", "origin", str(team.root / "gone.git"))
    before, commit = team.a.db.read_bytes(), head(team.a)

    result = okrtui("--db", team.a.db, "sync")

    assert result.code == 2
    assert result.err.startswith("okrtui: error: cannot reach the remote 'origin'")
    assert (team.a.db.read_bytes(), head(team.a)) == (before, commit)


def test_a_merge_the_driver_refuses_is_undone_and_leaves_the_file_as_it_was(team: Team):
    tables = team.c.tables()
    tables["checkins"]["99"] = next(iter(tables["checkins"].values()))  # one id twice
    team.c.db.write_bytes(canonical.dumps(tables))
    git(team.c.folder, "commit", "-q", "-am", "broken by hand")
    git(team.c.folder, "push", "-q", "origin", "HEAD:main")
    add_checkin(team.a, "KR-1", 60)
    before, commit = team.a.db.read_bytes(), head(team.a)

    result = okrtui("--db", team.a.db, "sync")

    assert result.code == 2
    assert "failed and was undone" in result.err and "theirs: the id" in result.err
    assert (team.a.db.read_bytes(), head(team.a)) == (before, commit)
    assert git(team.a.folder, "status", "--porcelain") == ""


def test_an_unreadable_remote_file_is_refused_before_merging(team: Team):
    team.c.db.write_bytes(b'{"_meta": {"1": {"app": "okrtui"}}, <<<<<<< HEAD\n')
    git(team.c.folder, "commit", "-q", "-am", "broken by hand")
    git(team.c.folder, "push", "-q", "origin", "HEAD:main")
    add_checkin(team.a, "KR-1", 60)
    before = team.a.db.read_bytes()

    result = okrtui("--db", team.a.db, "sync")

    assert result.code == 2 and "the remote's okrtui.json cannot be read" in result.err
    assert team.a.db.read_bytes() == before


def test_a_remote_written_by_a_newer_okrtui_is_refused_before_merging(team: Team):
    tables = team.c.tables()
    tables[schema.META_TABLE][schema.META_DOC_ID]["schema_version"] = schema.SCHEMA_VERSION + 1
    team.c.db.write_bytes(canonical.dumps(tables))
    git(team.c.folder, "commit", "-q", "-am", "from the future")
    git(team.c.folder, "push", "-q", "origin", "HEAD:main")
    add_checkin(team.a, "KR-1", 60)
    before, commit = team.a.db.read_bytes(), head(team.a)

    result = okrtui("--db", team.a.db, "sync")

    assert result.code == 2 and "upgrade okrtui" in result.err
    assert (team.a.db.read_bytes(), head(team.a)) == (before, commit)


def test_resolve_repairs_what_a_plain_pull_without_the_driver_left(team: Team):
    add_checkin(team.a, "KR-1", 60)
    team.a.sync()
    git(
        team.b.folder, "config", "--local", "--remove-section", "merge.okrtui"
    )  # git falls back to text
    add_checkin(team.b, "KR-1", 61)
    git(team.b.folder, "pull", "-q", "--no-rebase", "origin", "main", check=False)
    assert b"<<<<<<<" in team.b.db.read_bytes()
    refused = okrtui("--db", team.b.db, "sync")
    assert refused.code == 2 and "okrtui sync --resolve" in refused.err
    okrtui("--db", team.b.db, "git", "init")  # register the driver again

    result = team.b.sync("--resolve")

    assert "Repaired the unfinished merge" in result.out
    values = [c["value"] for c in team.b.tables()["checkins"].values()]
    assert 60 in values and 61 in values
    team.round()
    team.assert_converged()


def test_textconv_shows_a_change_field_by_field(team: Team):
    team.a.repo.update(team.a.kr("KR-1"), target=75)

    shown = git(team.a.folder, "log", "-p", "-1", "--format=%s")

    assert "-key_results KR-1 target: 70.0" in shown
    assert "+key_results KR-1 target: 75.0" in shown


def test_writes_during_syncs_wait_for_the_lock_and_none_is_lost(team: Team):
    written: list[float] = []

    def write() -> None:
        for n in range(12):
            add_checkin(team.a, "KR-5", 100 + n)
            written.append(100 + n)

    writer = threading.Thread(target=write)
    writer.start()
    for _ in range(3):
        okrtui("--db", team.a.db, "sync")
    writer.join()
    team.a.close()
    team.round()

    values = {c["value"] for c in team.assert_converged()["checkins"].values()}
    assert set(written) <= values


def test_a_checkin_in_a_shared_database_is_by_the_git_author(team, monkeypatch, tmp_path):
    """From the CLI and from the repository alike: git's author wins over the setting, and the
    CSV export carries it."""
    import csv
    import io
    import json

    from tests.git.conftest import okrtui

    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({"author": "Not Me"}))
    monkeypatch.setenv("OKRTUI_CONFIG", str(config))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Bea Okafor")
    team.b.close()
    assert okrtui("--db", team.b.db, "checkin", "KR-1", "50").code == 0
    exported = okrtui("--db", team.b.db, "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(exported.out)))
    (latest,) = [r for r in rows if r["value"] in ("50", "50.0") and r["author"] == "Bea Okafor"]
    assert latest["author"] == "Bea Okafor"
