"""The `okrtui` entry point: version, help, the TUI default, and how errors come out."""

from __future__ import annotations

import sys
import types

import pytest

import okrtui.commands.status as status_command
from okrtui import __version__
from okrtui.cli import COMMANDS, build_parser, commands_named
from okrtui.settings.views import SavedViews
from okrtui.store.repository import Repository

SUBCOMMANDS = ["sample", "checkin", "status", "export"]


def test_version(okrtui):
    result = okrtui("--version")

    assert result.code == 0
    assert result.out == f"okrtui {__version__}\n"


def test_root_help_lists_every_subcommand_and_the_environment(okrtui):
    result = okrtui("--help")

    assert result.code == 0
    assert result.out.startswith("usage: okrtui")
    for name in SUBCOMMANDS:
        assert f"    {name} " in result.out
    assert "--db PATH" in result.out and "OKRTUI_DB" in result.out and "OKRTUI_TODAY" in result.out


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help(okrtui, name):
    result = okrtui(name, "--help")

    assert result.code == 0
    assert result.out.startswith(f"usage: okrtui {name} ")
    assert "--db PATH" in result.out


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_is_registered_by_the_module_the_registry_names(name, capsys):
    """A run builds the parser with its own command only (start-up imports just that module),
    so each registry entry must register exactly the name it is listed under."""
    with pytest.raises(SystemExit) as done:
        build_parser([name]).parse_args([name, "--help"])

    assert done.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: okrtui {name} ")


@pytest.mark.parametrize(
    ("argv", "needed"),
    [
        ([], []),
        (["--db", "x.json"], []),
        (["--db=x.json", "checkin", "KR-1", "5"], ["checkin"]),
        (["--db", "checkin", "status", "--help"], ["status"]),
        (["merge-driver", "a", "b", "c", "d"], ["merge-driver"]),
        (["--help"], None),
        (["--version"], None),
        (["--d", "x.json", "status"], None),  # an abbreviation: left to argparse
        (["stauts"], None),
    ],
)
def test_the_parser_holds_only_the_command_named(argv, needed):
    assert commands_named(argv) == needed


def test_help_touches_no_database(okrtui, tmp_path):
    okrtui("--db", tmp_path / "db.json", "status", "--help")

    assert not (tmp_path / "db.json").exists()


def test_unknown_command_is_one_error_line(okrtui):
    result = okrtui("stauts")

    assert result.code == 2
    assert result.error_lines == [
        "okrtui: error: argument COMMAND: invalid choice: 'stauts' (choose from 'sample', "
        "'checkin', 'status', 'review', 'report', 'backlog', 'export', 'lint', 'import', 'restore', 'git', "
        "'sync', 'conflicts', 'merge-driver', 'textconv', 'completion') (see 'okrtui --help')"
    ]


def test_without_a_command_it_opens_the_tui_on_the_chosen_database(okrtui, tmp_path, monkeypatch):
    opened: list[Repository] = []
    views: list[SavedViews] = []
    drafts: list[object] = []

    class FakeApp:
        return_code = 0

        def __init__(
            self,
            repository: Repository,
            saved_views: SavedViews,
            kept_draft=None,
            preferences=None,
        ) -> None:
            opened.append(repository)
            views.append(saved_views)
            drafts.append(kept_draft)
            assert preferences.folder == tmp_path / "config"  # the person's theme and keymap

        def run(self) -> None:
            assert opened[0].today().isoformat() == "2026-11-23"

    monkeypatch.setitem(sys.modules, "okrtui.tui.app", types.SimpleNamespace(OkrApp=FakeApp))
    monkeypatch.setenv("OKRTUI_CONFIG", str(tmp_path / "config"))
    path = tmp_path / "tui.json"

    result = okrtui("--db", path)

    assert result.code == 0, result.err
    assert len(opened) == 1
    assert opened[0].path == path.resolve()
    assert path.exists()  # the TUI may start from nothing: the file is created
    assert views[0].path == tmp_path / "config" / "views.json"  # the person's own views
    assert drafts[0].path == tmp_path / "config" / "draft.json"  # and their unsaved draft


def test_a_bug_is_one_line_naming_the_exception_and_exit_1(okrtui, workspace, monkeypatch):
    def broken(args, repo):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(status_command, "run", broken)

    result = okrtui("--db", workspace, "status")

    assert result.code == 1
    assert len(result.error_lines) == 1
    assert result.err.startswith("okrtui: error: unexpected ZeroDivisionError: division by zero")
    assert "Traceback" not in result.err


def test_okrtui_debug_lets_the_traceback_through(okrtui, workspace, monkeypatch):
    def broken(args, repo):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(status_command, "run", broken)
    monkeypatch.setenv("OKRTUI_DEBUG", "1")

    with pytest.raises(ZeroDivisionError):
        okrtui("--db", workspace, "status")


def test_interrupt_exits_130_quietly(okrtui, workspace, monkeypatch):
    def interrupted(args, repo):
        raise KeyboardInterrupt

    monkeypatch.setattr(status_command, "run", interrupted)

    result = okrtui("--db", workspace, "status")

    assert result.code == 130
    assert result.error_lines == ["okrtui: error: interrupted"]


@pytest.mark.parametrize("value", ["tomorrow", "2026-13-01", "23.11.2026"])
def test_a_bad_okrtui_today_is_bad_input(okrtui, workspace, monkeypatch, value):
    monkeypatch.setenv("OKRTUI_TODAY", value)

    result = okrtui("--db", workspace, "status")

    assert result.code == 2
    assert result.error_lines == [
        f"okrtui: error: OKRTUI_TODAY: '{value}' is not a date: write it as YYYY-MM-DD, "
        "e.g. 2026-03-02; or unset it to use today's date"
    ]


def test_without_okrtui_today_the_system_clock_is_used(okrtui, workspace, monkeypatch):
    from datetime import date

    monkeypatch.delenv("OKRTUI_TODAY")

    result = okrtui("--db", workspace, "status")

    day = min(max((date.today() - date(2026, 10, 1)).days, 0), 91)
    assert f"day {day} of 91," in result.out


def test_a_closed_pipe_ends_quietly(okrtui, workspace, monkeypatch):
    def reader_gone(args, repo):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(status_command, "run", reader_gone)

    result = okrtui("--db", workspace, "status")

    assert result.code == 1
    assert result.err == ""
