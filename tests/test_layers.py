"""The layers point down only: the domain and the store never load Textual (docs/design.md,
"Layers")."""

from __future__ import annotations

import subprocess
import sys


def _modules_loaded_by(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_domain_loads_neither_textual_nor_tinydb():
    loaded = _modules_loaded_by(
        "import okrtui.domain.models, okrtui.domain.progress, okrtui.domain.clock, "
        "okrtui.domain.outline, okrtui.domain.classify, okrtui.domain.coach, "
        "okrtui.domain.outline_records, okrtui.domain.outline_import, okrtui.domain.discovery, "
        "okrtui.domain.roadmap, okrtui.domain.alignment, okrtui.domain.review, "
        "okrtui.domain.rollover, okrtui.domain.review_report"
    )
    assert "textual" not in loaded
    assert "tinydb" not in loaded


def test_store_does_not_load_textual():
    loaded = _modules_loaded_by("import okrtui.store.repository")
    assert "tinydb" in loaded  # the probe is real: the store did load
    assert "textual" not in loaded
