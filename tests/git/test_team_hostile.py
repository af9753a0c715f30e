"""Nothing in a repository chooses where okrtui writes or what runs (issue 13, item 3).

Three real clones of a bare repository in the test's temp folder. Every hostile setting
names a command that would create a marker file; each test asserts the marker is absent.
"""

from __future__ import annotations

import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from okrtui.domain.models import KeyResult, Objective
from okrtui.store.team import gitrepo
from tests.git.conftest import Team, add_checkin, git, okrtui


def git_bytes(folder: Path, *args: str) -> bytes:
    import subprocess

    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=True).stdout


def _marker_command(marker: Path) -> str:
    return f"touch {marker}"


def test_a_hostile_fsmonitor_never_runs_and_the_setting_is_named(team: Team, tmp_path: Path):
    marker = tmp_path / "fsmonitor-ran"
    git(team.a.folder, "config", "core.fsmonitor", _marker_command(marker))

    checkin = okrtui("--db", team.a.db, "checkin", "KR-1", "60")
    sync = okrtui("--db", team.a.db, "sync")
    doctor = okrtui("--db", team.a.db, "git", "doctor")
    status = okrtui("--db", team.a.db, "status")

    assert not marker.exists()
    assert checkin.code == 0  # the check-in is saved…
    assert "core.fsmonitor" in checkin.err and "--unset core.fsmonitor" in checkin.err
    assert sync.code != 0 and "core.fsmonitor" in sync.err
    assert doctor.code != 0 and "core.fsmonitor" in doctor.out
    assert status.code == 0
    # …and committed once the setting is gone.
    git(team.a.folder, "config", "--unset", "core.fsmonitor")
    assert okrtui("--db", team.a.db, "sync").code == 0
    assert git(team.a.folder, "status", "--porcelain") == ""
    assert b'"value":60' in git_bytes(team.a.folder, "show", "origin/main:okrtui.json")
    assert not marker.exists()


def test_hooks_in_a_clone_never_run(team: Team, tmp_path: Path):
    markers = []
    for hook in (
        "pre-commit",
        "post-commit",
        "commit-msg",
        "pre-push",
        "post-merge",
        "reference-transaction",
    ):
        marker = tmp_path / f"{hook}-ran"
        markers.append(marker)
        path = team.a.folder / ".git" / "hooks" / hook
        path.write_text(f"#!/bin/sh\ntouch {marker}\n")
        path.chmod(0o755)
    add_checkin(team.b, "KR-5", 62)
    team.b.sync()

    add_checkin(team.a, "KR-1", 60)
    team.a.sync()

    assert [m.name for m in markers if m.exists()] == []
    assert git(team.a.folder, "log", "-1", "--format=%s").strip() == "Sync with origin/main"


@pytest.mark.parametrize(
    "name, value",
    [
        ("core.sshCommand", "touch {marker}; ssh"),
        ("filter.evil.clean", "touch {marker}; cat"),
        ("diff.external", "touch {marker}"),
        ("core.pager", "touch {marker}"),
        ("credential.helper", "!touch {marker}"),
        ("gpg.program", "touch {marker}"),
        ("merge.okrtui.driver", "sh -c 'touch {marker}'"),
        ("remote.origin.uploadpack", "touch {marker}; git-upload-pack"),
        ("include.path", "{marker}.cfg"),
    ],
)
def test_a_clone_config_that_runs_commands_is_refused_and_named(
    team: Team, tmp_path: Path, name: str, value: str
):
    marker = tmp_path / "ran"
    (tmp_path / "ran.cfg").write_text(f"[core]\n\tfsmonitor = touch {marker}\n")
    git(team.a.folder, "config", name, value.format(marker=marker))
    add_checkin(team.b, "KR-5", 62)
    team.b.sync()

    sync = okrtui("--db", team.a.db, "sync")
    doctor = okrtui("--db", team.a.db, "git", "doctor")

    assert not marker.exists()
    assert sync.code != 0 and name.lower() in sync.err.lower() and "--unset" in sync.err
    assert doctor.code != 0 and name.lower() in doctor.out.lower()


def test_an_installed_credential_helper_is_the_persons_own_and_allowed(team: Team):
    git(team.a.folder, "config", "credential.helper", "cache --timeout=60")
    assert gitrepo.unsafe_settings(team.a.folder) == []


@pytest.mark.parametrize(
    "url",
    ["--upload-pack=touch {marker}", "--config=core.fsmonitor=touch {marker}", "-u touch {marker}"],
)
def test_clone_refuses_a_url_that_begins_with_a_dash(team: Team, tmp_path: Path, url: str):
    marker = tmp_path / "clone-ran"
    target = tmp_path / "d"

    result = okrtui("git", "clone", url.format(marker=marker), target)
    if (target / ".git").exists():  # a clone made despite all: its later commands must not run it
        okrtui("--db", target / "okrtui.json", "checkin", "KR-1", "60")

    assert result.code != 0
    assert "begins with '-'" in result.err
    assert not marker.exists() and not target.exists()


def test_clone_passes_the_url_after_a_double_dash(team: Team, tmp_path: Path, monkeypatch):
    seen: list[tuple[str, ...]] = []
    real = gitrepo._run

    def spy(folder, *args, **kwargs):
        seen.append(args)
        return real(folder, *args, **kwargs)

    monkeypatch.setattr(gitrepo, "_run", spy)
    assert okrtui("git", "clone", team.origin, tmp_path / "d").code == 0
    clone = next(args for args in seen if args[0] == "clone")
    assert clone[clone.index("--") + 1 :] == (str(team.origin), str(tmp_path / "d"))


def test_a_symlinked_folder_in_the_repository_is_never_followed(team: Team, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (team.b.folder / "archive").symlink_to(outside)
    git(team.b.folder, "add", "archive")
    git(team.b.folder, "commit", "-q", "-m", "a symlink")
    git(team.b.folder, "push", "-q", "origin", "HEAD:main")
    before = team.a.db.read_bytes()

    sync = okrtui("--db", team.a.db, "sync")

    assert sync.code != 0 and "symbolic link" in sync.err
    assert not (team.a.folder / "archive").exists()
    assert team.a.db.read_bytes() == before
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("folder", ["archive", "backups"])
def test_okrtui_never_writes_through_a_symlinked_neighbour(team: Team, tmp_path: Path, folder: str):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(team.a.folder / folder, ignore_errors=True)
    (team.a.folder / folder).symlink_to(outside)
    team.a.close()

    checkin = okrtui("--db", team.a.db, "checkin", "KR-1", "60")
    doctor = okrtui("--db", team.a.db, "git", "doctor")

    assert list(outside.iterdir()) == []
    assert doctor.code != 0 and f"{folder}/ is a symbolic link" in doctor.out
    if folder == "backups":  # a change needs its backup first: refused, with the reason
        assert checkin.code != 0 and "symbolic link" in checkin.err
        return
    # Archiving is housekeeping: the change is made, the archive move (of a cycle that ended
    # long ago, closed now) is not, and the cycle's records stay in the live file.
    assert checkin.code == 0
    repo = team.a.repo
    start = date(2025, 1, 6)
    old = repo.create_cycle("2025-Q1", start, start + timedelta(days=90))
    objective = repo.create(Objective, cycle_id=old.id, title="Old goal", state="committed")
    repo.create(KeyResult, objective_id=objective.id, title="Old KR", baseline=1, target=9)
    repo.update(old, state="closed")
    assert list(outside.iterdir()) == []
    assert any(o["title"] == "Old goal" for o in team.a.tables()["objectives"].values())


def test_an_archive_name_in_the_shared_file_cannot_lead_out_of_the_clone(
    team: Team, tmp_path: Path
):
    from okrtui.store.engine import canonical, schema

    tables = team.a.tables()
    meta = tables[schema.META_TABLE][schema.META_DOC_ID]
    cycle_id = next(iter(tables["cycles"].values()))["id"]
    meta["archived"] = {cycle_id: "../../evil.json"}
    team.a.close()
    team.a.db.write_bytes(canonical.dumps(tables))

    result = okrtui("--db", team.a.db, "status")

    assert result.code != 0
    assert "'../../evil.json'" in result.err and "not a plain file name" in result.err
    assert "Traceback" not in result.err


def test_doctor_names_a_symlink_in_the_repository(team: Team, tmp_path: Path):
    (team.a.folder / "notes").symlink_to(os.path.expanduser("~"))
    git(team.a.folder, "add", "notes")
    doctor = okrtui("--db", team.a.db, "git", "doctor")
    assert doctor.code != 0 and "symbolic link notes" in doctor.out
