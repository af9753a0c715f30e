"""Provides `ReviewScreen`: the end-of-cycle review (R on the dashboard).

On the left, every objective and key result with its final value, the score progress
suggests and the score that counts (editable), and what becomes of it (rolls over, stays,
killed, graduated). On the right, "did it hold?" for each alignment link, and how well each
owner's weekly confidence foretold their scores. Below, the selected row in full.

Keys: `s` (or Enter) scores the selected KR, `o` switches whether it rolls over, `r` writes
the objective's reflection; `y` / `n` judge the selected link held or not, `w` notes what was
learnt about it; `C` closes the cycle and rolls the unfinished KRs over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from okrtui.domain.errors import OkrError
from okrtui.domain.models import Cycle, KeyResult
from okrtui.domain.review import (
    CycleReview,
    KrReview,
    LinkReview,
    ObjectiveReview,
    mean_score,
    parse_score,
    score_text,
    value_text,
)
from okrtui.store.repository import Change
from okrtui.store.repository.review import ClosedCycle
from okrtui.tui.dialogs.close_cycle import CloseCycleScreen
from okrtui.tui.dialogs.prompt import PromptScreen
from okrtui.tui.literal import literal
from okrtui.tui.screens.practice_layout import PracticeScreen
from okrtui.tui.widgets.fit_table import FitTable

SCORE_COLUMNS = (
    ("key", "Key", 7),
    ("title", "Objective / key result", 0),
    ("value", "Final value", 13),
    ("suggested", "Suggested", 9),
    ("score", "Score", 5),
    ("fate", "Outcome", 11),
)
LINK_COLUMNS = (("key", "Link", 5), ("link", "From → to", 0), ("held", "Held?", 12))
FATE_STYLES = {
    "rolls over": "cyan",
    "stays": "",
    "killed": "red",
    "graduated": "green",
    "rolled over": "cyan",
    "closed": "blue",
}
HELD_STYLES = {True: "green", False: "red", None: "bright_black"}


def objective_cells(item: ObjectiveReview) -> list[Text]:
    score = item.score
    mean = Text(f"{score:.2f}" if score is not None else "–", style="bold", justify="right")
    note = "✎ reflected" if item.objective.reflection else "reflect: r"
    return [
        Text(item.objective.key, style="bold"),
        Text(item.objective.label, style="bold"),
        Text(""),
        Text(""),
        mean,
        Text(note, style="bright_black"),
    ]


def kr_cells(item: KrReview) -> list[Text]:
    score = Text(
        score_text(item.score), justify="right", style="bold" + (" yellow" if item.edited else "")
    )
    return [
        Text(f"  {item.kr.key}"),
        Text(f"  {item.kr.title}"),
        Text(value_text(item.snapshot)),
        Text(score_text(item.suggested), justify="right", style="bright_black"),
        score,
        Text(item.fate, style=FATE_STYLES.get(item.fate, "")),
    ]


def link_cells(item: LinkReview) -> list[Text]:
    arrow = "═" if item.link.strength == "strong" else "~"
    return [
        Text(item.link.key),
        Text(f"{item.source.split()[0]} {arrow} {item.target}"),
        Text(item.held_text, style=HELD_STYLES[item.link.held]),
    ]


def kr_text(item: KrReview) -> Text:
    kr = item.kr
    text = Text(f"{kr.key}  {kr.title}\n", style="bold")
    if item.suggested is None:
        text.append(f"Killed: {kr.close_reason}. Not scored: it was stopped on purpose.")
        return text
    progress = item.snapshot.progress
    shown = "no check-in" if progress is None else f"progress {max(0.0, progress):.0%}"
    text.append(f"Suggested {score_text(item.suggested)} from {shown}")
    text.append(" (capped at 1.0 without a stretch)" if kr.stretch is None else "")
    text.append(f" · score {score_text(item.score)}" + (" (edited)" if item.edited else ""))
    if item.rolls_over:
        text.append(
            f"\nRolls over with baseline {value_text(item.snapshot)} (o: do not roll over)",
            style="cyan",
        )
    elif kr.state == "active":
        text.append("\nStays in this cycle and closes with it (o: roll it over)")
    elif kr.close_reason:
        text.append(f"\n{kr.close_reason}", style="bright_black")
    return text


def objective_text(item: ObjectiveReview) -> Text:
    text = Text(f"{item.objective.key}  {item.objective.label}\n", style="bold")
    reflection = item.objective.reflection
    text.append(
        reflection or "No reflection yet: r writes what the team learnt.",
        style="" if reflection else "bright_black",
    )
    return text


def link_text(item: LinkReview) -> Text:
    text = Text(f"{item.link.key}  {item.source} → {item.target}\n", style="bold")
    text.append(f"{item.link.strength} · “{item.link.hypothesis or '–'}” · ")
    text.append(item.held_text, style=HELD_STYLES[item.link.held])
    if item.link.review_note:
        text.append(f"\n{item.link.review_note}", style="italic")
    return text


class ReviewScreen(PracticeScreen[None, None]):
    """Score, reflect, judge the links and close a cycle."""

    CSS: ClassVar[str] = """
    #review-scores {
        height: 1fr;
    }

    #review-lower {
        height: auto;
        max-height: 12;
        border-top: solid $primary;
    }

    #review-links-box {
        width: 1fr;
        height: auto;
    }

    #review-calibration-box {
        width: 52;
        max-width: 45%;
        height: auto;
        padding: 0 1;
        border-left: solid $primary;
    }

    .review-side-title {
        text-style: bold;
        padding: 0 1;
    }

    #review-links {
        height: auto;
        max-height: 8;
    }

    #review-calibration {
        height: auto;
    }
    """

    TITLE = "Review"
    BINDINGS = [
        Binding("s", "score", "Score", id="review.score"),
        Binding("o", "roll_over", "Roll over?", id="review.roll_over"),
        Binding("r", "reflect", "Reflection", id="review.reflect"),
        Binding("C", "close_cycle", "Close cycle", id="review.close"),
        Binding("y", "held(True)", "Held", id="review.held"),
        Binding("n", "held(False)", "Did not hold", id="review.not_held"),
        Binding("w", "link_note", "Link note", id="review.link_note"),
    ]

    def __init__(self, cycle: Cycle) -> None:
        super().__init__()
        self.cycle = cycle
        self._review: CycleReview | None = None
        self._krs: dict[str, KrReview] = {}
        self._objectives: dict[str, ObjectiveReview] = {}
        self._links: dict[str, LinkReview] = {}

    def compose_body(self) -> ComposeResult:
        yield FitTable(SCORE_COLUMNS, id="review-scores")
        with Horizontal(id="review-lower"):
            with Vertical(id="review-links-box"):
                yield Static("Did the links hold?  (Tab)", classes="review-side-title")
                yield FitTable(LINK_COLUMNS, id="review-links")
            with Vertical(id="review-calibration-box"):
                yield Static("Confidence calibration", classes="review-side-title")
                yield Static(id="review-calibration")

    def on_mount(self) -> None:
        self.query_one("#review-scores", FitTable).focus()

    @property
    def scores(self) -> FitTable:
        return self.query_one("#review-scores", FitTable)

    @property
    def links(self) -> FitTable:
        return self.query_one("#review-links", FitTable)

    # -- loading ---------------------------------------------------------------------------

    def refresh_data(self, select: None = None) -> None:
        """Re-read the review of the cycle, keeping both cursors where they were."""
        try:
            self.cycle = self.repository.by_id(Cycle, self.cycle.id)
            review = self.repository.review.cycle_review(self.cycle)
        except OkrError as error:
            self.show_message(str(error))
            return
        self._review = review
        self._objectives = {o.objective.key: o for o in review.objectives}
        self._krs = {r.kr.key: r for r in review.key_results}
        self._links = {item.link.key: item for item in review.links}
        rows = []
        for item in review.objectives:
            rows.append((item.objective.key, objective_cells(item)))
            rows += [(r.kr.key, kr_cells(r)) for r in item.key_results]
        self.scores.show(rows, select=self.scores.selected_key)
        self.links.show(
            [(key, link_cells(item)) for key, item in self._links.items()],
            select=self.links.selected_key,
        )
        self._show_heading(review)
        self._show_calibration(review)
        self._show_detail()
        self.refresh_bindings()

    def _show_heading(self, review: CycleReview) -> None:
        cycle = review.cycle
        score = mean_score(review.key_results)
        text = Text(f"Review · {cycle.name}", style="bold")
        text.append(f" · {cycle.start} → {cycle.end} · {cycle.state}")
        if score is not None:
            text.append(f" · mean score {score:.2f}")
        if cycle.state == "closed":
            text.append(f" · {len(review.carried)} KR(s) carried on", style="cyan")
        else:
            text.append(f" · {len(review.rolling)} KR(s) will roll over", style="cyan")
            text.append("  C closes the cycle", style="bright_black")
        self.show_heading(text)

    def _show_calibration(self, review: CycleReview) -> None:
        rows = review.calibration
        width = max((len(item.owner) for item in rows), default=0)
        text = Text()
        for item in rows:
            style = "" if item.verdict == "well calibrated" else "yellow"
            text.append(f"{item.owner:<{width}}", style="bold")
            text.append(f"  {item.confidence:.1f}/10 vs {item.score:.2f}  ")
            text.append(f"{item.bias:+.2f} {item.verdict}\n", style=style)
        if not rows:
            text.append("No scored key results with check-ins yet.", style="bright_black")
        else:
            text.append("average weekly confidence vs final score", style="bright_black")
        self.query_one("#review-calibration", Static).update(literal(text))

    def _show_detail(self) -> None:
        if self.focused is self.links:
            item = self._links.get(self.links.selected_key or "")
            self.show_detail(link_text(item) if item else "No links in this cycle.")
            return
        key = self.scores.selected_key or ""
        if key in self._krs:
            self.show_detail(kr_text(self._krs[key]))
        elif key in self._objectives:
            self.show_detail(objective_text(self._objectives[key]))
        else:
            self.show_detail("This cycle has no objectives.")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_descendant_focus(self) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter scores a KR, writes an objective's reflection, or notes a link."""
        if event.data_table is self.links:
            self.action_link_note()
        elif event.row_key.value in self._krs:
            self.action_score()
        else:
            self.action_reflect()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A closed cycle is done (its heading says so): closing and rolling over are not offered.
        return not (action in ("close_cycle", "roll_over") and self.cycle.state == "closed")

    # -- what is selected ------------------------------------------------------------------

    def _selected_kr(self) -> KrReview | None:
        item = self._krs.get(self.scores.selected_key or "")
        if item is None:
            self.show_message("Select a key result in the scores table first.")
        return item

    def _selected_objective(self) -> ObjectiveReview | None:
        key = self.scores.selected_key or ""
        if key in self._krs:
            key = next(
                o.objective.key
                for o in self._objectives.values()
                if self._krs[key] in o.key_results
            )
        return self._objectives.get(key)

    def _selected_link(self) -> LinkReview | None:
        """The link `y`, `n` and `w` judge: the one under the links table's cursor when that
        table has focus (Tab), else the one the selected objective hangs by."""
        if not self._links:
            self.show_message("There is no link to judge in this cycle.")
            return None
        if self.focused is self.links:
            return self._links.get(self.links.selected_key or "")
        objective = self._selected_objective()
        if objective is None:
            return None
        own = [
            item
            for item in self._links.values()
            if item.link.from_objective_id == objective.objective.id
        ]
        if len(own) == 1:
            self.links.select(own[0].link.key)
            return own[0]
        key = objective.objective.key
        if own:
            self.links.select(own[0].link.key)
            self.links.focus()
            self.show_message(f"{key} has {len(own)} links: pick one here, then y or n.")
        else:
            self.show_message(
                f"{key} is linked to nothing: Tab moves to the links, where y and "
                "n judge the one under the cursor."
            )
        return None

    # -- actions ---------------------------------------------------------------------------

    def action_score(self) -> None:
        """Edit the selected KR's score (empty goes back to the suggestion)."""
        item = self._selected_kr()
        if item is None:
            return
        if item.suggested is None:
            self.show_message(f"{item.kr.key} was killed: it has no score.")
            return
        kr = item.kr

        def submit(text: str) -> Change[KeyResult]:
            score = parse_score(kr, text) if text.strip() else None
            return self.repository.review.set_score(kr, score)

        form = PromptScreen(
            f"Score {kr.key}",
            "Score 0.0–1.0 (empty: use the suggestion)",
            submit,
            score_text(item.score),
            detail=f"{kr.title}\nSuggested {score_text(item.suggested)} "
            f"from its progress; final value {value_text(item.snapshot)}",
        )
        self.app.push_screen(form, self._after_change)

    def action_roll_over(self) -> None:
        """Switch whether the selected open KR rolls over into the next cycle."""
        item = self._selected_kr()
        if item is None:
            return
        self._run(lambda: self.repository.review.set_roll_over(item.kr, not item.rolls_over))

    def action_reflect(self) -> None:
        """Write the reflection of the selected objective (or the selected KR's)."""
        item = self._selected_objective()
        if item is None:
            self.show_message("Select an objective or one of its key results first.")
            return
        objective = item.objective
        form = PromptScreen(
            f"Reflection on {objective.key}",
            "What did the team learn? What would it do differently?",
            lambda text: self.repository.review.set_reflection(objective, text),
            objective.reflection,
            detail=objective.label,
            multiline=True,
        )
        self.app.push_screen(form, self._after_change)

    def action_held(self, held: bool) -> None:
        """Judge the selected link: its hypothesis held (y) or did not (n)."""
        item = self._selected_link()
        if item is not None:
            self._run(lambda: self.repository.alignment.review_link(item.link, held))

    def action_link_note(self) -> None:
        """Note what the review learnt about the selected link."""
        item = self._selected_link()
        if item is None:
            return
        link = item.link
        form = PromptScreen(
            f"Did {link.key} hold?",
            "What did you see?",
            lambda text: self.repository.alignment.review_link(
                link, link.held, " ".join(text.split())
            ),
            link.review_note,
            detail=f"“{link.hypothesis}”",
        )
        self.app.push_screen(form, self._after_change)

    def _run(self, change: Callable[[], Change[Any]]) -> None:
        try:
            done = change()
        except OkrError as error:
            self.show_message(str(error))
            return
        self._after_change(done)

    def _after_change(self, change: Change[Any] | None) -> None:
        if change is not None:
            self.show_message("")
            self.notify(change.description, timeout=3)

    def action_close_cycle(self) -> None:
        """Close the cycle and roll the unfinished KRs over (asks where to first)."""
        if self._review is None:
            return
        self.app.push_screen(CloseCycleScreen(self._review), self._after_close)

    def _after_close(self, result: ClosedCycle | None) -> None:
        if result is None:
            return
        rolled = (
            f"; {len(result.rolled)} KR(s) rolled over into {result.next_cycle.name}"
            if (result.rolled and result.next_cycle)
            else ""
        )
        self.notify(
            f"Closed {result.cycle.name}{rolled}. u on the dashboard undoes it.",
            title="Cycle closed",
            timeout=6,
        )
