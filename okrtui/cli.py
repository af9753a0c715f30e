"""Provides `main`, the `okrtui` command: the TUI by default, sub-commands for quick work.

    okrtui [--db PATH] [--version] [--help]          open the app (Textual)
    okrtui [--db PATH] sample                        load the sample workspace
    okrtui [--db PATH] checkin KEY VALUE [...]       record a check-in
    okrtui [--db PATH] status [--cycle NAME] [...]   show progress and status
    okrtui [--db PATH] review [--cycle NAME]         a cycle's review as Markdown
    okrtui [--db PATH] report [--week DATE] [...]    the weekly story as md, html or json
    okrtui [--db PATH] backlog ACTION [...]          import and link backlog items
    okrtui [--db PATH] export [--format F] [...]     the database as JSON, a cycle as md/csv
    okrtui [--db PATH] lint [FILE] [--format F]      coach an outline (or the database)
    okrtui [--db PATH] import FILE [--dry-run]       add an outline's cycle, objectives, KRs
    okrtui [--db PATH] restore [--backup NAME]       bring back the newest good backup
    okrtui completion bash|zsh|fish               print the shell completion script

The database is `--db PATH`, else `$OKRTUI_DB`, else the platform data folder;
`$OKRTUI_TODAY=YYYY-MM-DD` fixes "today" for demos and tests.

Exit status: 0 on success; 2 on bad input (usage, unknown key, unreadable database…) with one
line `okrtui: error: …` on stderr; 1 on an unexpected error (a bug), also one line, naming the
exception (set `OKRTUI_DEBUG=1` to see the traceback); 130 when interrupted.

Only the TUI path imports Textual (lazily, in `open_tui`): sub-commands stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Collection, Sequence
from typing import NoReturn

from okrtui import __version__
from okrtui.commands.common import clock_from_env
from okrtui.commands.terminal import guarded_output
from okrtui.domain.errors import NotFound, OkrError
from okrtui.settings.preferences import Preferences, config_folder
from okrtui.store.engine.locations import ENV_DB, resolve_db_path
from okrtui.store.engine.restore import missing_database
from okrtui.store.repository import Repository

PROG = "okrtui"
#: Set to any value to let unexpected exceptions escape with their traceback.
ENV_DEBUG = "OKRTUI_DEBUG"
#: Each sub-command and the module whose `register` adds its parser, in the order `--help`
#: lists them. A run imports only the module of its command (see `parse_args`): importing
#: them all would cost `okrtui checkin` the outline parser, the coach, the export formats and
#: git's merge machinery, about a tenth of its time.
COMMANDS: dict[str, str] = {
    "sample": "okrtui.commands.sample",
    "checkin": "okrtui.commands.checkin",
    "status": "okrtui.commands.status",
    "review": "okrtui.commands.review",
    "report": "okrtui.commands.report",
    "backlog": "okrtui.commands.backlog",
    "export": "okrtui.commands.export",
    "lint": "okrtui.commands.lint",
    "import": "okrtui.commands.import_outline",
    "restore": "okrtui.commands.restore",
    "git": "okrtui.commands.git",
    "sync": "okrtui.commands.sync",
    "conflicts": "okrtui.commands.conflicts",
    "merge-driver": "okrtui.commands.merge_driver",
    "textconv": "okrtui.commands.merge_driver",
    "completion": "okrtui.commands.completion",
}
#: Commands that read every other command's parser (the completion script is made from them).
NEEDS_EVERY_COMMAND = {"completion"}

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class UsageError(OkrError):
    """The command line itself is wrong (raised by the parser instead of exiting)."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors become one `UsageError` line instead of usage + exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser(commands: Collection[str] | None = None) -> Parser:
    """The root parser with the global options and the sub-commands named in `commands`
    (default: every one). Parsing a command line that names one of them gives the same result
    with or without the others: they only add choices."""
    db_option = Parser(add_help=False)
    db_option.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=f"the database file (default: ${ENV_DB}, else the platform data folder)",
    )
    parser = Parser(
        prog=PROG,
        parents=[db_option],
        description="Keyboard-driven, offline OKRs. Without a command, opens the app.",
        epilog=(
            f"environment: {ENV_DB}=PATH picks the database; OKRTUI_TODAY=YYYY-MM-DD fixes "
            f"today's date; {ENV_DEBUG}=1 shows tracebacks. Exit status: 0 ok, 2 bad input, "
            "1 unexpected error."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.set_defaults(run=None, needs_existing_db=False)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")
    # Each sub-parser also accepts --db, so `okrtui status --db x.json` works too; the
    # SUPPRESS default keeps a sub-parser from erasing a --db given before the command.
    wanted = COMMANDS.keys() if commands is None else commands
    modules = dict.fromkeys(module for name, module in COMMANDS.items() if name in wanted)
    for module in modules:  # `merge_driver` registers two commands, once
        importlib.import_module(module).register(subparsers, [db_option])
    return parser


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse `argv` with a parser that holds only the commands it needs (`commands_named`).

    A usage error is worded by the parser with every command, so messages that list the
    commands (or depend on them) read exactly as they always have."""
    argv = sys.argv[1:] if argv is None else list(argv)
    needed = commands_named(argv)
    if needed is not None:
        try:
            return build_parser(needed).parse_args(argv)
        except UsageError:
            pass
    return build_parser().parse_args(argv)


def commands_named(argv: Sequence[str]) -> list[str] | None:
    """The commands a parser needs to parse `argv`, when that is plain to see: the command
    named by the first word after any `--db PATH`, or none when nothing else is given (the
    TUI). None, meaning every command, for anything else (--help, --version, a misspelt
    command...)."""
    rest = list(argv)
    while rest and (rest[0] == "--db" or rest[0].startswith("--db=")):
        del rest[: 2 if rest[0] == "--db" else 1]
    if not rest:
        return []
    if rest[0] in NEEDS_EVERY_COMMAND:
        return None
    return [rest[0]] if rest[0] in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run `okrtui` with `argv` (default: the process's arguments); returns the exit status."""
    tolerate_ascii_terminals()
    with guarded_output():
        return run_guarded(argv)


def run_guarded(argv: Sequence[str] | None) -> int:
    """`main` once stdout and stderr show control characters instead of writing them."""
    try:
        args = parse_args(argv)
        return dispatch(args)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except OkrError as exc:
        return fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        return fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        return quiet_broken_pipe()
    except Exception as exc:
        if os.environ.get(ENV_DEBUG):
            raise
        return fail(
            f"unexpected {type(exc).__name__}: {exc} (this is a bug in okrtui; please report "
            f"it, and run again with {ENV_DEBUG}=1 for the details)",
            EXIT_BUG,
        )


def dispatch(args: argparse.Namespace) -> int:
    """Open the database and run the chosen command, or the TUI when there is none.

    A command may set `needs_db(args, path)`; when it says no (`lint FILE`), the command
    runs with no repository and the database is neither opened nor created."""
    path = resolve_db_path(getattr(args, "db", None))
    needs_db = getattr(args, "needs_db", None)
    if args.run is not None and needs_db is not None and not needs_db(args, path):
        return args.run(args, None)
    if args.needs_existing_db and not path.exists():
        kept = missing_database(path)
        if kept is not None:
            raise NotFound(kept)
        raise NotFound(
            f"there is no database at {path} yet: run 'okrtui' to start one or "
            f"'okrtui sample' to load the sample, or point --db / {ENV_DB} at an existing file"
        )
    repo = Repository.open(path, clock_from_env())
    preferences = Preferences(config_folder())
    repo.author_setting = preferences.author()
    try:
        if args.run is None:
            return open_tui(repo, preferences)
        return args.run(args, repo)
    finally:
        if repo.autocommit is not None and repo.autocommit.problem:
            print(f"{PROG}: warning: {repo.autocommit.problem}", file=sys.stderr)
        repo.close()


def open_tui(repo: Repository, preferences: Preferences) -> int:
    """Run the Textual app on `repo` (the only place okrtui imports Textual)."""
    from okrtui.settings.kept_draft import KeptDraft, default_draft_path
    from okrtui.settings.views import SavedViews, default_views_path
    from okrtui.tui.app import OkrApp

    app = OkrApp(
        repo,
        SavedViews(default_views_path()),
        kept_draft=KeptDraft(default_draft_path()),
        preferences=preferences,
    )
    app.run()
    return app.return_code or EXIT_OK


def tolerate_ascii_terminals() -> None:
    """On a terminal whose encoding cannot show `→`, `·` or `█` (LANG=C on old systems,
    PYTHONIOENCODING=ascii), print `?` instead of failing; UTF-8 output is left untouched."""
    stdout = sys.stdout
    encoding = (getattr(stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(stdout, "reconfigure"):
        stdout.reconfigure(errors="replace")


def fail(message: str, status: int) -> int:
    """Print `okrtui: error: message` as one line on stderr and return `status`."""
    one_line = " ".join(message.split())
    print(f"{PROG}: error: {one_line}", file=sys.stderr)
    return status


def quiet_broken_pipe() -> int:
    """The reader of our output went away (`okrtui export | head`): stop without noise."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_BUG
