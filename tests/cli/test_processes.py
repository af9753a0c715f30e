"""Real processes: the installed `okrtui` script, `python -m okrtui`, and the promise that
sub-commands never load Textual (docs/design.md, "Layers": quick entry stays fast)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from okrtui import __version__
from okrtui.domain.models import KeyResult

SCRIPT = Path(sys.executable).parent / "okrtui"
PLAN = Path(__file__).parent / "data" / "plan.md"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run a command with the test's environment (isolated HOME, OKRTUI_TODAY …)."""
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, env=os.environ.copy(), timeout=60
    )


def test_python_m_okrtui_version():
    result = run(sys.executable, "-m", "okrtui", "--version")

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"okrtui {__version__}\n"


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed here")
def test_console_script_checks_in_and_reports(workspace):
    checkin = run(SCRIPT, "--db", workspace, "checkin", "KR-1", "60", "-c", "8")
    assert checkin.returncode == 0, checkin.stderr
    assert checkin.stdout.startswith("KR-1 Onboarding completion rate: 52 → 60 %")

    status = run(SCRIPT, "--db", workspace, "status", "--format", "json")
    assert status.returncode == 0, status.stderr
    krs = json.loads(status.stdout)["objectives"][0]["key_results"]
    assert krs[0]["value"] == 60


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed here")
def test_errors_are_one_line_without_traceback(tmp_path):
    corrupt = tmp_path / "okrtui.json"
    corrupt.write_bytes(b"{nope")

    result = run(SCRIPT, "--db", corrupt, "status")

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"okrtui: error: {corrupt} is not valid JSON")
    assert corrupt.read_bytes() == b"{nope"


PROBE = """
import sys
from okrtui.cli import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print("LOADED:" + ",".join(loaded))
print("CODE:" + str(code))
"""


def modules_after(*args: str | Path) -> tuple[int, list[str]]:
    """Run `okrtui ARGS` in a fresh interpreter; return its status and the textual modules
    it loaded."""
    result = run(sys.executable, "-c", PROBE, *args)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    loaded = lines[-2].removeprefix("LOADED:")
    return int(lines[-1].removeprefix("CODE:")), [m for m in loaded.split(",") if m]


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["status", "--format", "json"],
        ["export"],
        ["checkin", "KR-1", "53"],
        ["checkin", "KR-99", "53"],
        ["sample"],
        ["--help"],
        ["status", "--help"],
        ["lint"],
        ["lint", str(PLAN)],
        ["import", "--dry-run", str(PLAN)],
        ["import", str(PLAN)],
        ["export", "--format", "md"],
        ["export", "--format", "csv"],
        ["review"],
    ],
    ids=" ".join,
)
def test_subcommands_do_not_import_textual(workspace, args):
    code, loaded = modules_after("--db", workspace, *args)

    assert code in (0, 1, 2)  # lint exits 1 when the coach warns
    assert loaded == []


def test_the_probe_would_see_textual(workspace, monkeypatch, tmp_path):
    """The probe is real: with a module that imports Textual on the path, it reports it."""
    plugin = tmp_path / "sitecustomize.py"
    plugin.write_text("import textual.app\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))

    _, loaded = modules_after("--db", workspace, "status")

    assert "textual" in loaded


ALL_MODULES_PROBE = """
import sys
from okrtui.cli import main
code = main(sys.argv[1:])
print("MODULES:" + ",".join(sorted(sys.modules)))
"""

#: What `okrtui checkin` must leave unimported (README, "Performance": start-up is most of its
#: time): the other commands and their machinery, git's (the database is not shared here), the
#: review's and roadmap's rules.
NOT_FOR_CHECKIN = {
    "okrtui.commands.export",
    "okrtui.commands.lint",
    "okrtui.commands.merge_driver",
    "okrtui.domain.outline",
    "okrtui.domain.coach",
    "okrtui.store.team.merge",
    "okrtui.store.team.gitrepo",
    "subprocess",
    "okrtui.domain.review",
    "okrtui.domain.roadmap",
}


def test_checkin_imports_only_what_it_needs(workspace):
    result = run(
        sys.executable, "-c", ALL_MODULES_PROBE, "--db", workspace, "checkin", "KR-1", "53"
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.splitlines()[-1].removeprefix("MODULES:").split(","))

    assert {"okrtui.commands.checkin", "okrtui.store.engine.database"} <= loaded  # the probe sees
    assert loaded & NOT_FOR_CHECKIN == set()


def test_the_app_imports_no_screen_before_it_is_opened():
    """Launch pays only for the dashboard: the other screens load when a key opens them."""
    result = run(
        sys.executable,
        "-c",
        "import sys, okrtui.tui.app; print(','.join(m for m in sys.modules if m.startswith('okrtui.')))",
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.strip().split(","))

    assert "okrtui.tui.screens.dashboard" in loaded
    assert (
        loaded
        & {
            "okrtui.tui.screens.checkin",
            "okrtui.tui.screens.kr_detail",
            "okrtui.tui.screens.draft",
            "okrtui.tui.screens.review",
            "okrtui.tui.screens.roadmap",
            "okrtui.tui.dialogs.prompt",
            "okrtui.tui.sync_worker",
            "okrtui.store.team.gitrepo",
        }
        == set()
    )


def test_an_ascii_terminal_gets_readable_text_and_exact_utf8_json(workspace, monkeypatch, reopen):
    repo = reopen(workspace)
    repo.create(
        KeyResult,
        objective_id=repo.objectives()[0].id,
        title="Zufriedenheit ≥ 8 — größer",
        baseline=1,
        target=2,
    )
    repo.close()
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")

    text = run(sys.executable, "-m", "okrtui", "--db", workspace, "status")
    assert text.returncode == 0, text.stderr
    assert "Zufriedenheit ? 8 ? gr??er" in text.stdout

    for args in (["export"], ["status", "--format", "json"]):
        result = subprocess.run(
            [sys.executable, "-m", "okrtui", "--db", str(workspace), *args],
            capture_output=True,
            env=os.environ.copy(),
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert "Zufriedenheit ≥ 8 — größer" in result.stdout.decode("utf-8")
