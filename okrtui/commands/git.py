"""`okrtui git …`: share the database through git, the way `pass git` shares a password store.

    okrtui git init [--remote URL]   make the database's folder a team repository
    okrtui git clone URL DIR         join a team: clone its repository and register okrtui
    okrtui git doctor                name every problem that would make a sync unsafe
    okrtui git ARGS…                 any git command, run in the database's folder

`init` commits the database with a `.gitattributes` that merges it with okrtui's record-level
driver and a `.gitignore` for the lock, temp files and backups, and registers the driver and
a textconv (the installed okrtui, by absolute path) in the clone's local config. `doctor`
exits 1 when it finds a problem. Anything else is passed to git and returns git's status.
None of these opens the database, so they work on a file a text merge broke.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from okrtui.commands.common import Subparsers, clock_from_env, no_database
from okrtui.domain.errors import InvalidInput
from okrtui.store.engine.locations import resolve_db_path
from okrtui.store.repository import Repository
from okrtui.store.team import gitrepo

EXIT_OK = 0
EXIT_PROBLEMS = 1


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `git` parser: its own sub-commands, else a passthrough to git."""
    parser = subparsers.add_parser(
        "git",
        parents=parents,
        help="share the database through git: init, clone, doctor, or any git command",
        description=(
            "Share the database with a team through git. 'init [--remote URL]' makes its "
            "folder a repository, 'clone URL DIR' joins a team's, 'doctor' checks this clone; "
            "any other arguments run git in the database's folder (okrtui git log, okrtui git "
            "remote add origin URL)."
        ),
        epilog="then 'okrtui sync' exchanges changes with the remote",
    )
    parser.add_argument(
        "args",
        metavar="ARGS",
        nargs=argparse.REMAINDER,
        help="init, clone, doctor or git's own arguments",
    )
    parser.set_defaults(run=run, needs_db=no_database)


def run(args: argparse.Namespace, repo: None) -> int:
    words: list[str] = args.args
    path = resolve_db_path(getattr(args, "db", None))
    if not words:
        raise InvalidInput(
            "say what to do: okrtui git init [--remote URL], clone URL DIR, doctor, or a git command"
        )
    command, rest = words[0], words[1:]
    if command == "init":
        return _init(path, _remote_option(rest))
    if command == "clone":
        return _clone(rest)
    if command == "doctor" and not rest:
        return _doctor(path)
    return passthrough(path, words)


def _remote_option(rest: list[str]) -> str | None:
    if not rest:
        return None
    if len(rest) == 2 and rest[0] == "--remote":
        return rest[1]
    if len(rest) == 1 and rest[0].startswith("--remote="):
        return rest[0].removeprefix("--remote=")
    raise InvalidInput("usage: okrtui git init [--remote URL]")


def _init(path: Path, remote: str | None) -> int:
    if not (path.parent / ".git").exists() or not path.exists():
        Repository.open(path, clock_from_env()).close()  # create it, or refuse a broken file
    print(gitrepo.init(path, remote))
    return EXIT_OK


def _clone(rest: list[str]) -> int:
    if len(rest) != 2:
        raise InvalidInput("usage: okrtui git clone URL DIR")
    db_path = gitrepo.clone(rest[0], Path(rest[1]).expanduser())
    print(f"Cloned {rest[0]} into {db_path.parent}.")
    print(f"Work on it with: okrtui --db {db_path}  (or export OKRTUI_DB={db_path})")
    return EXIT_OK


def _doctor(path: Path) -> int:
    problems = gitrepo.doctor(path)
    for problem in problems:
        print(f"✗ {problem}")
    if not problems:
        print(
            f"✓ {path.parent} is ready to sync: driver and textconv registered, attributes in place, {path.name} canonical"
        )
    return EXIT_PROBLEMS if problems else EXIT_OK


def passthrough(path: Path, words: list[str]) -> int:
    """Run git in the database's folder with the terminal attached; git's exit status."""
    folder = path.parent
    if not folder.is_dir():
        raise InvalidInput(
            f"{folder} does not exist: run 'okrtui git init' or 'okrtui git clone URL DIR' first"
        )
    try:
        return subprocess.run(["git", "-C", str(folder), *words]).returncode
    except FileNotFoundError:
        raise gitrepo.GitError(
            "git is not installed (or not on PATH): install git to share OKRs"
        ) from None
