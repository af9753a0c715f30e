"""Unicode round-trips exactly whatever the locale (R7): emoji (with joiners and skin tones),
CJK, right-to-left scripts and combining accents go in through the command line or an outline
file under `LC_ALL=C PYTHONUTF8=0` (with and without locale coercion) and come back out of the
database, `export --format json` and `export --format md` character for character."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from okrtui.domain.clock import FixedClock
from okrtui.domain.models import CheckIn
from okrtui.store.repository import Repository
from tests.conftest import TODAY
from tests.reliability.conftest import filled_workspace, run_okrtui

TEXTS = [
    "🎉 shipped 👩🏽‍💻 with the team 👨‍👩‍👧",
    "新しいオンボーディング 完成率 向导",
    "مرحبا بالعالم — שלום",
    "cafe\u0301 naïve Ångström",  # a combining accent stays decomposed: no normalisation
]
LOCALES = {
    "C": {"LC_ALL": "C", "PYTHONUTF8": "0"},
    "C, no coercion": {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}


def _okrtui(path: Path, locale: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    unset = {k: None for k in os.environ if k.startswith(("LC_", "LANG", "PYTHONIOENCODING"))}
    return run_okrtui(path, *args, env=unset | locale)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return filled_workspace(tmp_path / "okrtui.json")


@pytest.mark.parametrize("locale", LOCALES)
def test_notes_round_trip_through_the_command_line(workspace: Path, locale: str) -> None:
    for text in TEXTS:
        done = _okrtui(workspace, LOCALES[locale], "checkin", "KR-1", "53", "--note", text)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert workspace.read_bytes().decode("utf-8")  # the file is UTF-8, not \\u escapes
    for text in TEXTS:
        assert text.encode("utf-8") in workspace.read_bytes()
    notes = [c.note for c in Repository.open(workspace, FixedClock(TODAY)).all(CheckIn)]
    assert notes[-len(TEXTS) :] == TEXTS
    exported = _okrtui(workspace, LOCALES[locale], "export", "--format", "json")
    assert exported.returncode == 0
    document = json.loads(exported.stdout.decode("utf-8"))
    assert [c["note"] for c in document["checkins"]][-len(TEXTS) :] == TEXTS


@pytest.mark.parametrize("locale", LOCALES)
def test_an_outline_round_trips_through_import_and_export(tmp_path: Path, locale: str) -> None:
    path = tmp_path / "okrtui.json"
    outline = tmp_path / "plan.md"
    titles = [
        "Nuevos usuarios llegan al valor 🚀",
        "新規ユーザーが一週間で価値に到達する",
        "לקוחות ממליצים עלינו",
    ]
    lines = ["# 2026-Q4 (2026-10-05 → 2026-12-27, check-in every 7 days)", ""]
    for title in titles:
        lines += [
            f"## {title}",
            "",
            f"- {title[:12]} from 10% to 30%",
            "- Tasa ñ 🎯 from 1 to 3",
            "",
        ]
    outline.write_text("\n".join(lines), encoding="utf-8")
    imported = _okrtui(path, LOCALES[locale], "import", str(outline))
    assert imported.returncode == 0, imported.stderr.decode("utf-8", "replace")
    exported = _okrtui(path, LOCALES[locale], "export", "--format", "md", "--cycle", "2026-Q4")
    assert exported.returncode == 0, exported.stderr.decode("utf-8", "replace")
    text = exported.stdout.decode("utf-8")
    for title in titles:
        assert f"## {title}" in text
    assert "- Tasa ñ 🎯" in text
