"""The draft reads a key result's title as `okrtui lint` reads a bullet: with its number fields
empty, the measure reader's reading shows under the title, is what the coach judges and is
what is saved; and the TUI coach gives the same findings as `okrtui lint` on the same text,
checked on real published key results (tests/domain/data/real_okrs)."""

from __future__ import annotations

import csv
from pathlib import Path

from okrtui.domain.coach import coach_outline
from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.outline import parse_outline
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.screens.draft import DraftScreen

SIZE = (120, 40)
CORPUS = Path(__file__).parents[1] / "domain" / "data" / "real_okrs" / "krs.tsv"


def real_objectives(count: int, per_objective: int = 4) -> list[tuple[str, list[str]]]:
    """`count` published objectives with up to `per_objective` of their key results, taken
    from different publishers (every n-th objective of the corpus)."""
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    grouped: dict[str, list[str]] = {}
    for row in rows:
        texts = grouped.setdefault(row["objective"], [])
        if len(texts) < per_objective and row["text"] not in texts:
            texts.append(row["text"])
    items = list(grouped.items())
    step = max(1, len(items) // count)
    return items[::step][:count]


async def fill_draft(pilot, title: str, krs: list[str]) -> DraftScreen:
    await pilot.press("n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, DraftScreen)
    screen.query_one("#objective-title").value = title
    for index, text in enumerate(krs):
        if index:
            await pilot.press("ctrl+n")
            await pilot.pause()
        screen.editors()[index].query_one("#kr-title").value = text
    await pilot.pause()
    return screen


def lint_findings(title: str, krs: list[str]) -> list[tuple[str, str, str, str]]:
    bullets = "".join(f"- {text}\n" for text in krs)
    findings = coach_outline(parse_outline(f"# Q\n## {title}\n{bullets}"))
    return [(f.rule, f.severity, f.text, f.message) for f in findings]


async def test_the_draft_coach_and_lint_agree_on_real_key_results(app: OkrApp):
    checked = 0
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for title, krs in real_objectives(20):
            screen = await fill_draft(pilot, title, krs)
            findings, problems = screen.findings()
            assert problems == []
            drafted = [(f.rule, f.severity, f.text, f.message) for f in findings]
            assert drafted == lint_findings(title, krs), title
            checked += len(krs)
            screen.dismiss(None)
            await pilot.pause()
    assert checked >= 40


async def test_the_draft_shows_what_it_read_in_the_title_and_saves_it(
    app: OkrApp, filled_repo: Repository
):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await fill_draft(
            pilot, "Keep paying customers", ["Reduce churn to less than 1% monthly"]
        )
        editor = screen.editors()[0]
        assert str(editor.query_one("#kr-read").render()) == "read: target 1 %, decrease"
        assert "not-measurable" not in {f.rule for f in screen.findings()[0]}

        editor.query_one("#kr-target").value = "2"  # typed numbers win over the words
        await pilot.pause()
        assert editor.query_one("#kr-read").display is False

        editor.query_one("#kr-target").value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
    objective = next(o for o in filled_repo.all(Objective) if o.title == "Keep paying customers")
    (kr,) = filled_repo.key_results(objective)
    assert isinstance(kr, KeyResult)
    assert (kr.type, kr.direction, kr.baseline, kr.target, kr.unit) == (
        "metric",
        "decrease",
        None,
        1,
        "%",
    )


async def test_a_number_the_reader_cannot_place_is_said_under_the_title(app: OkrApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await fill_draft(pilot, "Faster onboarding", ["Onboarding time from 5 to 5"])
        shown = str(screen.editors()[0].query_one("#kr-read").render())
        assert shown.startswith("not read: 'from 5 to 5'")
        assert "unread-number" in {f.rule for f in screen.findings()[0]}
