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

Nothing in a repository chooses what runs: every git call switches off the settings a clone's
config could use to run a command (`SAFE_OPTIONS`: fsmonitor, hooks, the `ext::` transport),
and refuses to run at all while the clone's own `.git/config` sets any other (`unsafe_settings`:
`core.sshCommand`, filters, pagers, editors, credential helpers, `include.path`, merge or diff
drivers other than okrtui's own…), saying which and how to remove it. `clone` puts `--` before
the person's arguments and refuses a URL that begins with `-`.

A killed okrtui leaves traces git would trip over for ever (a stale `.git/index.lock`, a merge
half done): okrtui marks the time it changes the index with `.git/okrtui-busy` (always under
the database's lock), so the next okrtui to take that lock knows such leftovers are a dead
okrtui's and repairs them (`recovery.repair_stale`); ones git itself left are named by
`doctor` and repaired by `okrtui sync --resolve`.
"""

from __future__ import annotations

import contextlib
import functools
import getpass
import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from okrtui.domain.errors import OkrError
from okrtui.store.engine import canonical, journal, record_integrity, schema
from okrtui.store.engine.archive import archive_dir
from okrtui.store.engine.errors import DatabaseError
from okrtui.store.engine.locations import backup_dir
from okrtui.store.engine.locking import check_lock_path, database_lock, lock_path
from okrtui.store.engine.storage import atomic_write_bytes, parse_database
from okrtui.store.team.gitattributes import DRIVER

#: Loose objects before git packs them: every commit stores the whole file, so pack early.
GC_AUTO = 256
#: What the repository must not carry: the lock, temp files of atomic writes, local backups.
IGNORED = ("*.lock", ".*.tmp", "backups/")
INITIAL_MESSAGE = "okrtui: initial import"
RECOVER_MESSAGE = "okrtui: commit changes a stopped okrtui left uncommitted"


class GitError(OkrError):
    """A git command failed, or git is missing; the message says which and what to do."""


#: Given to every git call: what a clone's config could otherwise use to run a command is off
#: (the way careful tools that run git in others' repositories do, e.g. shell prompts).
SAFE_OPTIONS = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "protocol.ext.allow=never",
)
#: Settings of a clone's own config that make git run a command or write elsewhere; okrtui
#: refuses to run git while one is set (okrtui's own driver and textconv are checked apart).
_UNSAFE = re.compile(
    r"core\.(sshcommand|gitproxy|askpass|editor|pager|worktree|fsmonitor|hookspath"
    r"|alternaterefscommand|attributesfile)"
    r"|sequence\.editor|diff\.external|diff\..+\.(command|textconv)|merge\..+\.driver"
    r"|filter\..+|gpg\.(.+\.)?program|include\.path|includeif\..+\.path"
    r"|remote\..+\.(uploadpack|receivepack|vcs)|protocol\.(.+\.)?allow|uploadpack\..+"
    r"|pager\..+|interactive\.difffilter|ssh\.variant|receive\.procreceiverefs"
)
#: A credential helper git finds installed (`store`, `cache --timeout=60`, `manager`) is the
#: person's tool; one given as a shell snippet (`!…`) or a path is a command from the config.
_INSTALLED_HELPER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*( [^!/`$;|&]*)?")
#: In `.git`: the pid of an okrtui changing the index or HEAD (see the module docstring).
BUSY_FILE = "okrtui-busy"
#: In `.git`: a sync that was writing a merge into the work tree ("old-commit new-commit").
SYNC_FILE = "okrtui-sync"
#: In `.git`: this clone's id, stamped on the journal entries made here.
CLONE_FILE = "okrtui-clone"

_checked: dict[str, tuple[object, list[str]]] = {}


def git(
    folder: Path,
    *args: str,
    check: bool = True,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `git -C folder args…` safely (see `SAFE_OPTIONS` and `refuse_unsafe`) and
    capture its output (messages in English, to be read)."""
    if args and args[0] not in ("config", "init", "clone", "var"):
        refuse_unsafe(folder)
    return _run(folder, *args, check=check, env=env)


def _run(
    folder: Path,
    *args: str,
    check: bool = True,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    environ = os.environ | {"LC_ALL": "C", "LANGUAGE": ""} | dict(env or {})
    try:
        done = subprocess.run(
            ["git", *SAFE_OPTIONS, "-C", str(folder), *args],
            capture_output=True,
            text=True,
            env=environ,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH): install git to share OKRs") from None
    if check and done.returncode != 0:
        name = next((a for a in args if not a.startswith("-") and "=" not in a), args[0])
        raise GitError(f"git {name} failed in {folder}: {last_line(done.stderr or done.stdout)}")
    return done


def unsafe_settings(folder: Path) -> list[str]:
    """Each setting of the clone's own `.git/config` that could make git run a command, as a
    sentence saying how to remove it. Cached while the config file is unchanged."""
    config_file = folder / ".git" / "config"
    try:
        st = config_file.stat()
    except OSError:
        return []
    stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
    key = str(config_file)
    cached = _checked.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    listed = _run(folder, "config", "--local", "--list", "-z", check=False).stdout
    problems = []
    for item in listed.split("\0"):
        name, _, value = item.partition("\n")
        lowered = name.lower()
        if not lowered:
            continue
        if lowered in (f"merge.{DRIVER}.driver", f"diff.{DRIVER}.textconv"):
            expected = "merge-driver %O %A %B %P" if lowered.startswith("merge") else "textconv"
            if _is_okrtui(value, expected, folder):
                continue
        elif lowered.startswith("credential.") and lowered.endswith(".helper"):
            if not value or _INSTALLED_HELPER.fullmatch(value):
                continue
        elif not _UNSAFE.fullmatch(lowered):
            continue
        problems.append(
            f"this clone's .git/config sets {name} ({value[:60]!r}), which could make git run a "
            f"command okrtui did not choose: remove it with 'okrtui git config --local --unset "
            f"{name}' (okrtui does not run git while it is there)"
        )
    _checked[key] = (stamp, problems)
    return problems


def _is_okrtui(command: str, expected: str, folder: Path) -> bool:
    """Whether a registered driver command is an okrtui outside the repository with exactly
    the arguments `register` gives it."""
    try:
        words = shlex.split(command)
    except ValueError:
        return False
    tail = expected.split()
    if len(words) <= len(tail) or words[-len(tail) :] != tail:
        return False
    program = words[: -len(tail)]
    path = Path(program[0])
    if not path.is_absolute() or path.resolve().is_relative_to(folder.resolve()):
        return False
    named = path.name.startswith("okrtui") or program[1:] == ["-m", "okrtui"]
    return named and len(program) in (1, 3)


def refuse_unsafe(folder: Path) -> None:
    """Raise `GitError` when the clone's config could make git run a command."""
    problems = unsafe_settings(folder)
    if problems:
        raise GitError("; ".join(problems))


def show_blob(folder: Path, spec: str) -> bytes | None:
    """The bytes of `git show spec` (`origin/main:okrtui.json`, `:2:okrtui.json`), or None
    when there is no such file."""
    refuse_unsafe(folder)
    done = subprocess.run(
        ["git", *SAFE_OPTIONS, "-C", str(folder), "cat-file", "blob", spec],
        capture_output=True,
        stdin=subprocess.DEVNULL,
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


def driver_command() -> str:
    """The merge driver command line okrtui registers (and gives git on every merge)."""
    return _command_line("merge-driver", "%O", "%A", "%B", "%P")


def register(folder: Path) -> None:
    """Set the clone's local config: merge driver, textconv, early packing, merging (not
    rebasing) pulls, and an identity when the machine has none."""
    settings = {
        f"merge.{DRIVER}.name": "okrtui record-level merge of the OKR database",
        f"merge.{DRIVER}.driver": driver_command(),
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
    refuse_unsafe(folder)
    if created:  # a personal database becoming a team's; never a clone's shared history
        _adopt_history(db_path)
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
    if url.startswith("-"):
        raise GitError(
            f"{url!r} is not a repository address (it begins with '-', which git would read as "
            "an option): give the URL or path of the team's repository"
        )
    if folder.exists() and any(folder.iterdir()):
        raise GitError(f"{folder} exists and is not empty: clone into a new folder")
    done = git(Path.cwd(), "clone", "-q", "--", url, str(folder), check=False)
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


def _adopt_history(db_path: Path) -> None:
    """The undo journal of a database becoming a team's was the person's, made here: stamp
    its entries with this clone (see `journal.adopt_entries`), so undo still finds them."""
    try:
        with database_lock(db_path, 10.0):
            raw = canonical.loads(db_path.read_bytes())
            if journal.adopt_entries(raw, origin(db_path.parent)):
                atomic_write_bytes(db_path, canonical.dumps(raw))
    except (OSError, ValueError, DatabaseError):
        return  # an unreadable file is refused by the commit that follows


def clone_id(folder: Path) -> str:
    """This clone's random id, kept in its `.git` (never shared): journal entries carry it,
    so undo tells changes made here from the same person's made in another clone."""
    path = folder / ".git" / CLONE_FILE
    with contextlib.suppress(OSError):
        text = path.read_text(encoding="ascii").strip()
        if re.fullmatch(r"[0-9a-f]{16,64}", text):
            return text
    made = secrets.token_hex(8)
    with contextlib.suppress(OSError, DatabaseError):
        atomic_write_bytes(path, made.encode("ascii") + b"\n")
        return path.read_text(encoding="ascii").strip()  # another process may have won
    return made


def origin(folder: Path) -> tuple[str, str]:
    """(the git author, this clone's id): who makes the changes written here."""
    return author_name(folder), clone_id(folder)


@contextlib.contextmanager
def busy(folder: Path) -> Iterator[None]:
    """Mark that okrtui is changing the index or HEAD (call under the database's lock): a
    marker left behind tells the next okrtui that git's leftovers are a dead okrtui's."""
    marker = folder / ".git" / BUSY_FILE
    with contextlib.suppress(OSError):
        marker.write_text(str(os.getpid()), encoding="ascii")
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            marker.unlink()


def git_file(folder: Path, name: str) -> Path:
    """A file of the clone's `.git` folder."""
    return folder / ".git" / name


def leftovers(folder: Path) -> list[str]:
    """What a stopped git or okrtui left in the clone, one sentence each (for `doctor`)."""
    found = []
    dead_okrtui = git_file(folder, BUSY_FILE).exists()
    who = "a stopped okrtui" if dead_okrtui else "a git command that was stopped (or is running)"
    if git_file(folder, "index.lock").exists():
        found.append(
            f"{who} left .git/index.lock, so git cannot commit: run 'okrtui sync --resolve' "
            "(once no git command is running) to remove it"
        )
    if git_file(folder, "MERGE_HEAD").exists() and not git(folder, "ls-files", "-u").stdout:
        found.append(
            f"{who} left a merge unfinished (.git/MERGE_HEAD): run 'okrtui sync --resolve' to "
            "finish it"
        )
    if git_file(folder, SYNC_FILE).exists():
        found.append(
            "a stopped sync left its merge half written into the clone: the next okrtui "
            "command finishes it (or run 'okrtui sync')"
        )
    return found


def neighbour_problems(db_path: Path) -> list[str]:
    """Files beside the database a repository could use to make okrtui write elsewhere."""
    found = []
    folder = db_path.parent
    for neighbour in (archive_dir(db_path), backup_dir(db_path)):
        if neighbour.is_symlink():
            found.append(
                f"{neighbour.name}/ is a symbolic link to {os.readlink(neighbour)}: okrtui never "
                f"writes through one; replace it with a real folder ('rm {neighbour}')"
            )
    try:
        check_lock_path(db_path)
    except DatabaseError as exc:
        if not Path(lock_path(db_path)).is_symlink():  # a symlink is named just below
            found.append(str(exc))
    for path in (db_path, Path(lock_path(db_path))):
        if path.is_symlink():
            found.append(
                f"{path.name} is a symbolic link to {os.readlink(path)}: okrtui never writes "
                f"through one; remove it and check the file out again"
            )
    archive = archive_dir(db_path)
    if archive.is_dir() and not archive.is_symlink():
        for item in sorted(archive.iterdir()):
            if item.is_symlink():
                found.append(
                    f"archive/{item.name} is a symbolic link: okrtui never reads or writes "
                    "through one; remove it"
                )
    tree = git(folder, "ls-files", "-s", check=False).stdout
    for line in tree.splitlines():
        mode, _, rest = line.partition(" ")
        if mode == "120000":
            found.append(
                f"the repository holds the symbolic link {rest.split(chr(9))[-1]}: a team's "
                "repository must hold plain files only; remove it with 'okrtui git rm'"
            )
    return found


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
    unsafe = unsafe_settings(folder)
    if unsafe:
        return unsafe  # no other git command runs while the config could run commands
    problems: list[str] = neighbour_problems(db_path) + leftovers(folder)
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
    problems = record_integrity.integrity_problems(raw, db_path)
    if canonical.dumps(raw) != data:
        problems.append(
            f"{db_path.name} is not in okrtui's canonical layout (edited by hand?): open it with okrtui and save a change, or run 'okrtui sync --resolve'"
        )
    return problems


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

    def paths(self) -> list[str]:
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
        with busy(self.folder):
            if self.archive.is_dir():  # new archive files are untracked: a commit skips them
                git(self.folder, "add", "--", self.archive.name, check=False)
            done = git(
                self.folder,
                "commit",
                "-q",
                "--no-verify",
                "-m",
                message,
                "--",
                *self.paths(),
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
            git(self.folder, "add", "--", *self.paths(), check=False)
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
        done = git(self.folder, "status", "--porcelain", "--", *self.paths(), check=False)
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
