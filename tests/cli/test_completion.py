"""Shell completion: the scripts come from the parser, and bash (a real one) completes
sub-commands, options, choices, KR keys and cycle names read from the database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TODAY

BIN = Path(sys.executable).parent


def complete(*words: str, env_db: Path | None = None) -> list[str]:
    """What bash offers for the last of `words` (an empty string: a new word)."""
    script = (
        'eval "$(okrtui completion bash)"; COMP_WORDS=("$@"); '
        "COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _okrtui_complete; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = os.environ | {"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env["OKRTUI_TODAY"] = TODAY.isoformat()
    if env_db is not None:
        env["OKRTUI_DB"] = str(env_db)
    done = subprocess.run(
        ["bash", "-c", script, "_", "okrtui", *words],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return [line for line in done.stdout.splitlines() if line]


pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


@pytest.fixture
def sampled(okrtui, db_path):
    assert okrtui("--db", db_path, "sample").code == 0
    return db_path


def test_bash_completes_sub_commands_and_their_options():
    assert complete("ch") == ["checkin"]
    assert {"status", "review", "export", "completion"} <= set(complete(""))
    assert complete("status", "--f") == ["--format"]
    assert complete("export", "--format", "") == ["json", "md", "csv"]


def test_bash_completes_kr_keys_and_cycle_names_from_the_database_named(sampled):
    keys = complete("--db", str(sampled), "checkin", "KR-1")
    assert "KR-1" in keys and all(k.startswith("KR-1") for k in keys)
    cycles = complete("--db", str(sampled), "status", "--cycle", "")
    assert cycles[:2] == ["2026-Q4", "2026-Q3"] or set(cycles) >= {"2026-Q3"}
    assert complete("--db", str(sampled), "checkin", "KR-1", "5", "") == []


def test_completion_uses_okrtui_db_and_says_nothing_on_a_missing_database(tmp_path, sampled):
    assert "KR-1" in complete("checkin", "KR-1", env_db=sampled)
    assert complete("checkin", "KR-", env_db=tmp_path / "none.json") == []
    assert not (tmp_path / "none.json").exists()


def test_the_list_leaves_out_closed_key_results(okrtui, sampled, reopen):
    from okrtui.domain.models import KeyResult

    repo = reopen(sampled)
    open_keys = okrtui("--db", sampled, "completion", "--list", "keys").out.split()
    killed = repo.discovery.kill(repo.find(KeyResult, open_keys[0]), "no longer worth it").result
    repo.close()
    assert killed.key not in okrtui("--db", sampled, "completion", "--list", "keys").out.split()


def test_zsh_and_fish_scripts_name_every_command(okrtui):
    zsh = okrtui("completion", "zsh").out
    assert "bashcompinit" in zsh and "complete -o default -F _okrtui_complete okrtui" in zsh
    fish = okrtui("completion", "fish").out
    for command in ("checkin", "status", "export", "lint", "review"):
        assert command in fish
    assert "__okrtui_from_db keys" in fish and "__okrtui_from_db cycles" in fish
    assert "merge-driver" not in fish


def test_no_shell_is_a_clear_error(okrtui):
    result = okrtui("completion")
    assert result.code == 2 and "name the shell" in result.err
