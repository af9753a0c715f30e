"""Provides the git repository around a database: set-up, checks, and a commit per change.

The database's folder becomes an ordinary git repository, the way `pass` keeps a password
store: `init` and `clone` write `.gitattributes` (the file merges with `merge=okrtui` and diffs
with `diff=okrtui`) and `.gitignore` (lock, temp files, backups), and register in the clone's
**local** config the installed `okrtui` as merge driver and textconv. A repository cannot make
a clone run code, so every clone registers its own, and git silently falls back to a text merge
where that is missing: `doctor` names that and every other problem before a sync.

`AutoCommit` commits the database after each change with the change's description as the
message ("Check in KR-12: 40 → 45"), under the database's lock, and first commits whatever a
killed process left uncommitted.
"""

from __future__ import annotations

import contextlib
import functools
import getpass
import os
import shlex
import shutil
import socket
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from okrtui.domain.errors import OkrError
from okrtui.store.engine import canonical, schema
from okrtui.store.engine.archive import archive_dir
from okrtui.store.engine.database import Database
from okrtui.store.engine.errors import DatabaseError
from okrtui.store.engine.storage import parse_database
from okrtui.store.team.gitattributes import DRIVER, tracks

#: Loose objects before git packs them: every commit stores the whole file, so pack early.
GC_AUTO = 256
#: What the repository must not carry: the lock, temp files of atomic writes, local backups.
IGNORED = ("*.lock", ".*.tmp", "backups/")
INITIAL_MESSAGE = "okrtui: initial import"
RECOVER_MESSAGE = "okrtui: commit changes a stopped okrtui left uncommitted"


class GitError(OkrError):
    """A git command failed, or git is missing; the message says which and what to do."""


def git(
    folder: Path,
    *args: str,
    check: bool = True,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `git -C folder args…` and capture its output (messages in English, to be read)."""
    environ = os.environ | {"LC_ALL": "C", "LANGUAGE": ""} | dict(env or {})
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            env=environ,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH): install git to share OKRs") from None
    if check and done.returncode != 0:
        raise GitError(f"git {args[0]} failed in {folder}: {last_line(done.stderr or done.stdout)}")
    return done


def show_blob(folder: Path, spec: str) -> bytes | None:
    """The bytes of `git show spec` (`origin/main:okrtui.json`, `:2:okrtui.json`), or None
    when there is no such file."""
    done = subprocess.run(
        ["git", "-C", str(folder), "show", spec], capture_output=True, stdin=subprocess.DEVNULL
    )
    return done.stdout if done.returncode == 0 else None


def last_line(text: str) -> str:
    """The last non-empty line of git's output: usually the one that says what went wrong."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def config(folder: Path, name: str) -> str:
    """A git config value as git sees it here ('' when unset)."""
    return git(folder, "config", "--get", name, check=False).stdout.strip()


def author_name(folder: Path) -> str:
    """The name git signs this clone's commits with (GIT_AUTHOR_NAME, else user.name…)."""
    ident = git(folder, "var", "GIT_AUTHOR_IDENT", check=False).stdout
    return ident.split(" <")[0].strip() if ident else ""


def attribute_line(db_name: str) -> str:
    return f"{db_name} merge={DRIVER} diff={DRIVER} text eol=lf"


def okrtui_command() -> list[str]:
    """The installed `okrtui` as an absolute command: what git runs as driver and textconv.

    Never a file from the repository (a clone must not be able to make you run its code): the
    running executable, else the one installed beside this Python, else `python -m okrtui`.
    """
    running = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if running is not None and running.name == "okrtui" and running.is_file():
        return [str(running.resolve())]
    beside = Path(sys.executable).parent / "okrtui"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("okrtui")
    if found:
        return [str(Path(found).resolve())]
    return [sys.executable, "-m", "okrtui"]


def _command_line(*extra: str) -> str:
    return " ".join([*(shlex.quote(part) for part in okrtui_command()), *extra])


def register(folder: Path) -> None:
    """Set the clone's local config: merge driver, textconv, early packing, merging (not
    rebasing) pulls, and an identity when the machine has none."""
    settings = {
        f"merge.{DRIVER}.name": "okrtui record-level merge of the OKR database",
        f"merge.{DRIVER}.driver": _command_line("merge-driver", "%O", "%A", "%B", "%P"),
        f"diff.{DRIVER}.textconv": _command_line("textconv"),
        "gc.auto": str(GC_AUTO),
        "pull.rebase": "false",
    }
    for name, value in settings.items():
        git(folder, "config", "--local", name, value)
    # Commits need an identity; a fresh machine has none. Name this clone after the person
    # logged in rather than failing on the first check-in (`okrtui git config user.name …`
    # changes it).
    if not config(folder, "user.name"):
        git(folder, "config", "--local", "user.name", getpass.getuser())
    if not config(folder, "user.email"):
        git(
            folder, "config", "--local", "user.email", f"{getpass.getuser()}@{socket.gethostname()}"
        )


def _ensure_lines(path: Path, lines: Sequence[str]) -> None:
    """Append the lines `path` lacks (creating it); leaves what people wrote there alone."""
    existing = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    missing = [line for line in lines if line not in existing]
    if missing:
        text = "\n".join([*existing, *missing]) + "\n"
        path.write_text(text, encoding="utf-8")


def init(db_path: Path, remote: str | None = None) -> str:
    """Make the database's folder a repository (or finish setting one up, or register the
    driver in a clone); returns what was done and what to do next, for people. Commits the
    database with its attributes once, as "okrtui: initial import"."""
    folder = db_path.parent
    top = git(folder, "rev-parse", "--show-toplevel", check=False)
    if top.returncode == 0 and Path(top.stdout.strip()).resolve() != folder.resolve():
        raise GitError(
            f"{folder} is inside the git repository {top.stdout.strip()}: keep the database in "
            "a folder of its own (--db) so that its repository holds only okrtui's files"
        )
    created = top.returncode != 0
    if created:
        git(folder, "init", "-q", "-b", "main")
    _ensure_lines(folder / ".gitattributes", [attribute_line(db_path.name)])
    _ensure_lines(folder / ".gitignore", IGNORED)
    register(folder)
    if not created and git(folder, "ls-files", "-u").stdout.strip():
        # Mid-merge: staging the database now would mark its conflict markers resolved.
        return f"Registered okrtui's merge driver in {folder.resolve()}; now run 'okrtui sync --resolve'"
    shared = [".gitattributes", ".gitignore", db_path.name]
    if archive_dir(db_path).is_dir():
        shared.append(archive_dir(db_path).name)
    git(folder, "add", "--", *shared)
    has_head = git(folder, "rev-parse", "--verify", "-q", "HEAD", check=False).returncode == 0
    staged = git(folder, "diff", "--cached", "--quiet", check=False).returncode != 0
    if staged:
        git(
            folder,
            "commit",
            "-q",
            "-m",
            INITIAL_MESSAGE if not has_head else "okrtui: share through git",
        )
    if remote:
        has_origin = "origin" in git(folder, "remote").stdout.split()
        git(folder, "remote", "set-url" if has_origin else "add", "origin", remote)
    has_remote = bool(git(folder, "remote").stdout.split())
    return "\n".join(
        [
            f"{'Created' if created else 'Set up'} the git repository {folder.resolve()}"
            + (f" with the remote {remote}" if remote else "")
            + ".",
            f"{db_path.name} is committed; from now on every change is a commit of its own.",
            "Publish it with 'okrtui sync'."
            if has_remote
            else "Add a remote with 'okrtui git remote add origin URL', then 'okrtui sync'.",
        ]
    )


def clone(url: str, folder: Path) -> Path:
    """Clone a team repository into `folder`, register the drivers; returns the database path."""
    if folder.exists() and any(folder.iterdir()):
        raise GitError(f"{folder} exists and is not empty: clone into a new folder")
    done = git(Path.cwd(), "clone", "-q", url, str(folder), check=False)
    if done.returncode != 0:
        raise GitError(f"cannot clone {url}: {last_line(done.stderr)}")
    _check_out_a_branch(folder)
    db_path = database_in(folder)
    if db_path is None:
        raise GitError(
            f"{url} holds no okrtui database (no '… merge={DRIVER}' line in .gitattributes): "
            "create it with 'okrtui git init --remote URL' and 'okrtui sync' first"
        )
    register(folder)
    return db_path


def _check_out_a_branch(folder: Path) -> None:
    """A bare repository made with plain `git init --bare` may name a default branch nobody
    pushed (`master` while okrtui pushed `main`): then check out what is there."""
    if git(folder, "rev-parse", "--verify", "-q", "HEAD", check=False).returncode == 0:
        return
    branches = git(folder, "branch", "-r", "--format=%(refname:lstrip=3)").stdout.split()
    branches = [b for b in branches if b != "HEAD"]
    if branches:
        branch = "main" if "main" in branches else branches[0]
        git(folder, "checkout", "-q", "-b", branch, "--track", f"origin/{branch}")


def database_in(folder: Path) -> Path | None:
    """The database a repository shares: the file `.gitattributes` merges with okrtui."""
    try:
        text = (folder / ".gitattributes").read_text(encoding="utf-8")
    except OSError:
        return None
    for line in text.splitlines():
        parts = line.split()
        if len(parts) > 1 and f"merge={DRIVER}" in parts[1:]:
            return folder / parts[0]
    return None


def doctor(db_path: Path) -> list[str]:
    """Every reason this clone cannot safely commit, merge or sync, one sentence each."""
    folder = db_path.parent
    if not (folder / ".git").exists():
        return [
            f"{folder} is not a git repository: run 'okrtui git init' (or 'okrtui git clone URL DIR')"
        ]
    problems: list[str] = []
    again = "run 'okrtui git init' in this clone to register it"
    driver = config(folder, f"merge.{DRIVER}.driver")
    if not driver:
        problems.append(
            f"the merge driver is not registered (git would fall back to a text merge and write conflict markers): {again}"
        )
    else:
        problems += _check_command(folder, driver, "merge driver", again)
    textconv = config(folder, f"diff.{DRIVER}.textconv")
    if not textconv:
        problems.append(f"the textconv for readable diffs is not registered: {again}")
    attributes = git(folder, "check-attr", "merge", "diff", "--", db_path.name).stdout
    if f"merge: {DRIVER}" not in attributes or f"diff: {DRIVER}" not in attributes:
        problems.append(
            f"the .gitattributes line '{attribute_line(db_path.name)}' is missing: {again}"
        )
    if git(folder, "ls-files", "-u").stdout.strip():
        problems.append(
            "a merge stopped half-way and left unmerged files: run 'okrtui sync --resolve'"
        )
    problems += _check_file(db_path)
    if not config(folder, "user.name") or not config(folder, "user.email"):
        problems.append(
            "git has no identity to sign commits with: run 'okrtui git config user.name \"Your Name\"' and the same for user.email"
        )
    return problems


def _check_command(folder: Path, command: str, what: str, again: str) -> list[str]:
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return [f"the {what} command '{command}' cannot be read: {again}"]
    path = Path(program)
    if not path.is_absolute():
        return [f"the {what} '{program}' is not an absolute path: {again}"]
    if not (path.is_file() and os.access(path, os.X_OK)):
        return [
            f"the {what} '{program}' is not an executable file (okrtui moved or was uninstalled?): {again}"
        ]
    if path.resolve().is_relative_to(folder.resolve()):
        return [
            f"the {what} '{program}' is a file of the repository itself, which a clone must never run: {again}"
        ]
    return []


def _check_file(db_path: Path) -> list[str]:
    try:
        data = db_path.read_bytes()
    except OSError as exc:
        return [f"cannot read {db_path}: {exc.strerror}"]
    try:
        raw = parse_database(data, db_path)
        meta = schema.read_meta(raw, db_path)
        schema.check_version(meta, db_path)
    except DatabaseError as exc:
        hint = (
            " (conflict markers from a text merge?): run 'okrtui sync --resolve'"
            if b"<<<<<<<" in data
            else ""
        )
        return [f"{exc}{hint}"]
    if canonical.dumps(raw) != data:
        return [
            f"{db_path.name} is not in okrtui's canonical layout (edited by hand?): open it with okrtui and save a change, or run 'okrtui sync --resolve'"
        ]
    return []


class AutoCommit:
    """Commits the database after each described change, one commit per change.

    Installed as a `Database.after_write` hook, so it runs under the database's lock, right
    after the write. A failed commit does not undo the saved change: it is remembered in
    `problem` (for the CLI and the TUI to show) and committed by the next command or sync.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.folder = db_path.parent
        self.problem: str | None = None
        #: Closed cycles' archive files belong with the database (store/archive.py).
        self.archive = archive_dir(db_path)

    def _paths(self) -> list[str]:
        """The database, and its archive folder once there is one."""
        if self.archive.is_dir():
            return [self.db_path.name, self.archive.name]
        return [self.db_path.name]

    def __call__(self, action: str) -> None:
        self.commit(action or "okrtui: save")

    @functools.cached_property
    def author(self) -> str:
        """Who this clone's commits are signed by: the author of its check-ins."""
        return author_name(self.folder)

    def commit(self, message: str) -> bool:
        """Commit the database file alone (other staged files stay staged); False when it
        was unchanged or the commit failed (see `problem`)."""
        if self.archive.is_dir():  # new archive files are untracked: a commit would skip them
            git(self.folder, "add", "--", self.archive.name, check=False)
        done = git(
            self.folder,
            "commit",
            "-q",
            "--no-verify",
            "-m",
            message,
            "--",
            *self._paths(),
            check=False,
        )
        if done.returncode == 0:
            self.problem = None
            self._remember_committed()
            return True
        output = done.stdout + done.stderr
        if "nothing to commit" in output or "no changes added" in output:
            return False
        if "did not match any file" in output:  # not tracked yet: add it first
            git(self.folder, "add", "--", *self._paths(), check=False)
            return self.commit(message)
        self.problem = (
            f"saved, but not committed to git ({last_line(output)}); 'okrtui sync' commits it later"
        )
        return False

    def pending(self) -> bool:
        """Whether the database differs from the last commit. Skips git when the files are
        the very ones this clone last saw committed (a stat, not a process: every command
        asks this at open)."""
        if self._stamp.exists() and self._stamp.read_text() == self._identity():
            return False
        done = git(self.folder, "status", "--porcelain", "--", *self._paths(), check=False)
        if done.stdout.strip():
            return True
        self._remember_committed()
        return False

    @property
    def _stamp(self) -> Path:
        return self.folder / ".git" / "okrtui-committed"

    def _identity(self) -> str:
        """Inode, size and change time of the database (an atomic save or a git checkout
        makes a new inode) and of the archive folder."""
        parts = []
        for path in (self.db_path, self.archive):
            try:
                st = path.stat()
            except OSError:
                parts.append("-")
                continue
            parts.append(f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}")
        return " ".join(parts)

    def _remember_committed(self) -> None:
        with contextlib.suppress(OSError):  # a read-only .git: then git is asked every time
            self._stamp.write_text(self._identity())

    def recover(self) -> bool:
        """Commit what a killed process wrote but did not commit; True if there was some."""
        return self.pending() and self.commit(RECOVER_MESSAGE)


def attach(db: Database) -> AutoCommit | None:
    """Turn on auto-commit for an open database whose folder is an okrtui repository:
    recover leftovers under its lock, then commit after every write. None elsewhere."""
    if not tracks(db.path):
        return None
    hook = AutoCommit(db.path)
    with db.locked():
        hook.recover()
    db.after_write.append(hook)
    return hook
