"""`okrtui completion bash|zsh|fish`: a shell completion script, and the words it completes
from the database (`okrtui completion --list keys|cycles`).

Install it once (the README says the same):

    echo 'eval "$(okrtui completion bash)"' >> ~/.bashrc
    echo 'eval "$(okrtui completion zsh)"' >> ~/.zshrc
    okrtui completion fish > ~/.config/fish/completions/okrtui.fish

The script knows the sub-commands and their options as the parser defines them (generated from
it, so it never drifts), the choices of options such as `--format`, files where a path goes,
and asks okrtui for the live words: the open key results' keys (`checkin KR-…`) and the cycles'
names (`--cycle …`), from the database the command line names with `--db` (else the default).
A database that cannot be read completes nothing and prints nothing: completion never shows an
error in the middle of a command line.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from okrtui.commands.common import Subparsers
from okrtui.store.repository import Repository

SHELLS = ("bash", "zsh", "fish")
LISTS = ("keys", "cycles")

#: What a word completes to: the database's KR keys or cycle names, files, or fixed choices.
Kind = str | tuple[str, ...]
KEYS, CYCLES, FILES, NOTHING = "keys", "cycles", "files", "nothing"


def register(subparsers: Subparsers, parents: list[argparse.ArgumentParser]) -> None:
    """Add the `completion` parser; it reads the other commands' parsers when it runs (the
    CLI registers every command for it)."""
    parser = subparsers.add_parser(
        "completion",
        parents=parents,
        help="print a shell completion script (bash, zsh or fish)",
        description=(
            "Print the completion script of SHELL on standard output. Install it with "
            '`eval "$(okrtui completion bash)"` in ~/.bashrc (zsh: the same in ~/.zshrc), or '
            "`okrtui completion fish > ~/.config/fish/completions/okrtui.fish`."
        ),
    )
    parser.add_argument("shell", nargs="?", choices=SHELLS, metavar="SHELL", help="bash, zsh, fish")
    parser.add_argument(
        "--list",
        choices=LISTS,
        help="print the database's open KR keys or cycle names, one a line (the script's source)",
    )
    parser.set_defaults(
        run=run, needs_existing_db=False, needs_db=needs_db, command_parsers=subparsers
    )


def needs_db(args: argparse.Namespace, path: Path) -> bool:
    """Only `--list` reads the database, and only one that exists (never creates one)."""
    return args.list is not None and path.exists()


def run(args: argparse.Namespace, repo: Repository | None) -> int:
    if args.list is not None:
        if repo is not None:
            for word in database_words(repo, args.list):
                print(word)
        return 0
    if args.shell is None:
        from okrtui.domain.errors import InvalidInput

        raise InvalidInput("name the shell: okrtui completion bash, zsh or fish")
    spec = command_spec(args.command_parsers)
    print(SCRIPTS[args.shell](spec), end="")
    return 0


def database_words(repo: Repository, which: str) -> list[str]:
    """The open KR keys of every cycle not closed, or every cycle's name, newest first."""
    from okrtui.domain.errors import OkrError

    try:
        cycles = sorted(repo.cycles(), key=lambda c: c.start, reverse=True)
        if which == "cycles":
            return [c.name for c in cycles]
        words = []
        for cycle in cycles:
            if cycle.state == "closed":
                continue
            words += [kr.key for kr in repo.cycle_key_results(cycle) if kr.state != "closed"]
        return words
    except (OkrError, OSError):
        return []


# -- what the parser accepts ----------------------------------------------------------------


@dataclass
class CommandSpec:
    """One sub-command's options (each with what its value completes to; None: a flag) and
    its positional arguments in order."""

    options: dict[str, Kind | None] = field(default_factory=dict)
    positionals: list[Kind] = field(default_factory=list)


def _kind(action: argparse.Action) -> Kind:
    """What the value of `action` completes to, read from its choices, name and metavar."""
    if action.choices:
        return tuple(str(c) for c in action.choices)
    metavar = action.metavar.lower() if isinstance(action.metavar, str) else ""
    name = f"{action.dest} {metavar}".lower()
    if "cycle" in name:
        return CYCLES
    if action.dest in ("key", "kr") or "key" in metavar:
        return KEYS
    if any(word in name for word in ("path", "file", "output", "folder", "db")):
        return FILES
    return NOTHING


def command_spec(subparsers: Subparsers) -> dict[str, CommandSpec]:
    """Every sub-command (but the hidden git plumbing) with its options and positionals."""
    hidden = {"merge-driver", "textconv"}
    spec = {}
    for name, parser in subparsers.choices.items():
        if name in hidden:
            continue
        command = CommandSpec()
        for action in parser._actions:
            if action.option_strings:
                takes = action.nargs != 0
                for option in action.option_strings:
                    command.options[option] = _kind(action) if takes else None
            elif action.nargs != argparse.REMAINDER:
                command.positionals.append(_kind(action))
        spec[name] = command
    return spec


# -- the scripts ------------------------------------------------------------------------------


def _words(kind: Kind) -> str:
    """A bash snippet that fills COMPREPLY for `kind` (cur is the word being completed)."""
    if isinstance(kind, tuple):
        return f'COMPREPLY=($(compgen -W {shlex.quote(" ".join(kind))} -- "$cur"))'
    if kind in (KEYS, CYCLES):
        return f"_okrtui_from_db {kind}"
    if kind == FILES:
        return 'COMPREPLY=($(compgen -f -- "$cur"))'
    return "COMPREPLY=()"


def bash_script(spec: Mapping[str, CommandSpec]) -> str:
    """A bash completion function for okrtui (zsh runs it through bashcompinit)."""
    commands = " ".join(spec)
    option_cases, positional_cases, option_lists = [], [], []
    for name, command in spec.items():
        valued = {o: k for o, k in command.options.items() if k is not None}
        for option, kind in valued.items():
            option_cases.append(f"        {name}:{option}) {_words(kind)}; return;;")
        option_lists.append(f"        {name}) opts={shlex.quote(' '.join(command.options))};;")
        for position, kind in enumerate(command.positionals, start=1):
            positional_cases.append(f"        {name}:{position}) {_words(kind)}; return;;")
    return _BASH.format(
        commands_plain=commands,
        option_cases="\n".join(option_cases),
        option_lists="\n".join(option_lists),
        positional_cases="\n".join(positional_cases),
        valued=shlex.quote(
            " ".join(
                sorted(
                    {
                        f"{n}:{o}"
                        for n, c in spec.items()
                        for o, k in c.options.items()
                        if k is not None
                    }
                )
            )
        ),
    )


_BASH = r"""# okrtui completion for bash (okrtui completion bash); zsh: okrtui completion zsh
_okrtui_from_db() {{
    local IFS=$'\n'
    COMPREPLY=($(compgen -W "$(command okrtui "${{_okrtui_db[@]}}" completion --list "$1" 2>/dev/null)" -- "$cur"))
}}

_okrtui_complete() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="" cmd="" position=0 i word opts=""
    local -a _okrtui_db=()
    (( COMP_CWORD > 0 )) && prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local valued={valued}
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word="${{COMP_WORDS[i]}}"
        case "$word" in
            --db) _okrtui_db=(--db "${{COMP_WORDS[i+1]}}"); (( i++ )); continue;;
            --db=*) _okrtui_db=("$word"); continue;;
            -*) [[ " $valued " == *" $cmd:$word "* ]] && (( i++ )); continue;;
        esac
        if [[ -z "$cmd" ]]; then cmd="$word"; else (( position++ )); fi
    done
    [[ "$prev" == --db ]] && {{ COMPREPLY=($(compgen -f -- "$cur")); return; }}
    if [[ -z "$cmd" ]]; then
        COMPREPLY=($(compgen -W "{commands_plain} --db --help --version" -- "$cur"))
        return
    fi
    case "$cmd:$prev" in
{option_cases}
    esac
    if [[ "$cur" == -* ]]; then
        case "$cmd" in
{option_lists}
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    case "$cmd:$(( position + 1 ))" in
{positional_cases}
    esac
    COMPREPLY=()
}}
complete -o default -F _okrtui_complete okrtui
"""


def zsh_script(spec: Mapping[str, CommandSpec]) -> str:
    """The bash function, run by zsh's bashcompinit."""
    return (
        "# okrtui completion for zsh (okrtui completion zsh)\n"
        "autoload -U +X compinit && compinit\n"
        "autoload -U +X bashcompinit && bashcompinit\n" + bash_script(spec)
    )


def _fish_arguments(kind: Kind) -> str:
    if isinstance(kind, tuple):
        return f"-x -a {shlex.quote(' '.join(kind))}"
    if kind in (KEYS, CYCLES):
        return f"-x -a '(__okrtui_from_db {kind})'"
    if kind == FILES:
        return "-r -F"
    return "-x"


def fish_script(spec: Mapping[str, CommandSpec]) -> str:
    """Fish completions: sub-commands, their options and values, the database's words."""
    lines = [
        "# okrtui completion for fish (okrtui completion fish > "
        "~/.config/fish/completions/okrtui.fish)",
        "function __okrtui_from_db",
        "    set -l tokens (commandline -opc)",
        "    set -l db",
        "    set -l i (contains -i -- --db $tokens)",
        "    and set db --db $tokens[(math $i + 1)]",
        "    command okrtui $db completion --list $argv[1] 2>/dev/null",
        "end",
        "complete -c okrtui -f",
        f"complete -c okrtui -n __fish_use_subcommand -a {shlex.quote(' '.join(spec))}",
        "complete -c okrtui -l db -r -F -d 'the database file'",
    ]
    for name, command in spec.items():
        when = f"-n '__fish_seen_subcommand_from {name}'"
        for option, kind in command.options.items():
            if option == "--db":
                continue
            flag = f"-l {option[2:]}" if option.startswith("--") else f"-s {option[1:]}"
            values = "" if kind is None else " " + _fish_arguments(kind)
            lines.append(f"complete -c okrtui {when} {flag}{values}")
        for kind in command.positionals[:1]:
            if kind != NOTHING:
                lines.append(f"complete -c okrtui {when} {_fish_arguments(kind)}")
    return "\n".join(lines) + "\n"


SCRIPTS = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}
