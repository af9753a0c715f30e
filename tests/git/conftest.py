"""A team of three clones of one bare repository, in a temp folder, run through `okrtui`.

Git needs an identity; a clean CI machine has none, so the tests set one, and no global or
system git config leaks in. Each test gets a copy of a team made once per session (making it
costs seconds of git): origin, and clones a, b and c of a small workspace, all synced.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from okrtui.cli import main
from okrtui.domain.models import CheckIn, KeyResult, Objective
from okrtui.store.engine import canonical, integrity
from okrtui.store.repository import Repository
from tests.cli.conftest import fill
from tests.conftest import TODAY

IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Person",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test Person",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}
CLONES = ("a", "b", "c")


@pytest.fixture(autouse=True)
def git_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("OKRTUI_TODAY", TODAY.isoformat())
    for name in (
        "GIT_REFLOG_ACTION",
        "OKRTUI_MERGE_UPSTREAM",
        "OKRTUI_MERGE_OURS",
        "OKRTUI_MERGE_THEIRS",
        "GIT_DIR",
        "GIT_WORK_TREE",
    ):
        monkeypatch.delenv(name, raising=False)


class StepClock:
    """Today is the tests' day; every `now()` is a second later than the last, so of two
    edits the later one is newer, as between people."""

    def __init__(self) -> None:
        self.moment = datetime.combine(TODAY, time(12, 0), tzinfo=UTC)

    def today(self) -> date:
        return TODAY

    def now(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


@dataclass
class Result:
    code: int
    out: str
    err: str


def okrtui(*args: str | Path) -> Result:
    """Run `okrtui` in this process, capturing what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Result(code, out.getvalue(), err.getvalue())


def git(folder: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True)
    if check:
        assert done.returncode == 0, done.stderr
    return done.stdout


class Clone:
    """One person's clone: its database, a repository on it, and `okrtui sync`."""

    def __init__(self, name: str, folder: Path, clock: StepClock) -> None:
        self.name, self.folder, self.db, self.clock = name, folder, folder / "okrtui.json", clock
        self._open: Repository | None = None

    @property
    def repo(self) -> Repository:
        """A repository on this clone's database (opened once, like a running app)."""
        if self._open is None:
            self._open = Repository.open(self.db, self.clock)
        return self._open

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None

    def sync(self, *extra: str) -> Result:
        self.close()  # like a separate `okrtui sync` process beside no open app
        result = okrtui("--db", self.db, "sync", *extra)
        assert result.code == 0, result.err
        return result

    def kr(self, key: str) -> KeyResult:
        return self.repo.find(KeyResult, key)

    def tables(self) -> dict[str, Any]:
        return canonical.loads(self.db.read_bytes())

    def log(self) -> list[str]:
        return git(self.folder, "log", "--format=%s").splitlines()


class Team:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.origin = root / "origin.git"
        self.clock = StepClock()
        self.clones = {name: Clone(name, root / name, self.clock) for name in CLONES}

    def __getattr__(self, name: str) -> Clone:
        try:
            return self.__dict__["clones"][name]
        except KeyError:
            raise AttributeError(name) from None

    def round(self) -> None:
        """Everyone syncs in turn, then a and b again: afterwards all hold the same file."""
        for name in (*CLONES, "a", "b"):
            self.clones[name].sync()

    def assert_converged(self) -> dict[str, Any]:
        """All three files and origin's are byte-identical, with no duplicate key and no
        dangling reference; returns the tables."""
        published = subprocess.run(
            ["git", "-C", str(self.origin), "show", "main:okrtui.json"],
            capture_output=True,
            check=True,
        ).stdout
        for clone in self.clones.values():
            assert clone.db.read_bytes() == published, f"{clone.name} differs from origin"
        tables = canonical.loads(published)
        assert integrity.duplicate_keys(tables) == []
        assert integrity.dangling(tables) == []
        return tables

    def close(self) -> None:
        for clone in self.clones.values():
            clone.close()


def build_team(root: Path) -> None:
    """origin.git, and a, b, c cloned from it after a set it up and published the workspace."""
    root.mkdir(parents=True)
    git(root, "init", "-q", "--bare", "origin.git")
    a = root / "a" / "okrtui.json"
    repo = Repository.open(a, StepClock())
    fill(repo)
    objective = repo.find(Objective, "O-1")
    repo.update(objective, why="line one\nline two\nline three\nline four\nline five")
    repo.close()
    assert okrtui("--db", a, "git", "init", "--remote", root / "origin.git").code == 0
    assert okrtui("--db", a, "sync").code == 0
    for name in ("b", "c"):
        assert okrtui("git", "clone", root / "origin.git", root / name).code == 0


@pytest.fixture(scope="session")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("team-template") / "team"
    with pytest.MonkeyPatch.context() as patch:
        for name, value in IDENTITY.items():
            patch.setenv(name, value)
        patch.setenv("HOME", str(root.parent))
        patch.setenv("OKRTUI_TODAY", TODAY.isoformat())
        build_team(root)
    return root


@pytest.fixture
def team(team_template: Path, tmp_path: Path) -> Team:
    """A fresh copy of the synced three-clone team."""
    root = tmp_path / "team"
    shutil.copytree(team_template, root, symlinks=True)
    for name in CLONES:
        git(root / name, "remote", "set-url", "origin", str(root / "origin.git"))
    made = Team(root)
    yield made
    made.close()


def add_checkin(clone: Clone, key: str, value: float) -> CheckIn:
    return clone.repo.add_checkin(clone.kr(key), value)
