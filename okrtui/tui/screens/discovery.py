"""Provides `DiscoveryScreen`: a cycle's discovery key results by what they test, not by
progress bars (d on the dashboard).

Each discovery objective with its KRs: process or future behaviour, the evidence tally and
where the latest findings lean, the kill-by date and what became of the KR. Below, the
selected KR's assumption and its evidence log. Evidence takes two keystrokes plus the note:
`+` (supports), `-` (refutes) or `=` (unclear) opens the note, Enter saves it. `o` graduates a
validated future-behaviour KR into an outcome KR, `x` kills a KR with its reason, `b` sets
its kill-by date, Enter opens the KR's detail.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Static

from okrtui.domain.calendar import parse_day
from okrtui.domain.discovery import (
    ASSUMPTION_PROMPT,
    DISCOVERY_LABELS,
    VERDICT_GLYPHS,
    EvidenceTally,
    discovery_state,
    graduation_problems,
    is_discovery,
    is_overdue,
    kill_by_text,
    tally,
)
from okrtui.domain.errors import InvalidInput, OkrError
from okrtui.domain.models import Cycle, Evidence, KeyResult, Objective, Verdict
from okrtui.store.repository import Change
from okrtui.tui.dialogs.graduate import GraduateScreen
from okrtui.tui.dialogs.prompt import PromptScreen
from okrtui.tui.literal import literal
from okrtui.tui.screens.kr_detail import KrDetailScreen
from okrtui.tui.screens.practice_layout import PracticeScreen
from okrtui.tui.widgets.fit_table import FitTable, Row

#: The table's columns: key, label, width (0: what is left).
COLUMNS = (
    ("key", "Key", 6),
    ("title", "Objective / key result", 0),
    ("type", "Type", 9),
    ("evidence", "Evidence", 9),
    ("trend", "Verdict trend", 14),
    ("kill_by", "Kill by", 10),
    ("state", "State", 11),
)
#: The type column's short words.
TYPE_WORDS = {"none": "outcome", "process": "process", "future_behaviour": "behaviour"}
VERDICT_STYLES: dict[Verdict, str] = {"supports": "green", "refutes": "red", "unclear": "yellow"}
STATE_STYLES = {"open": "", "graduated": "green", "killed": "red", "closed": "blue"}
#: Findings shown under the selected KR, newest first.
SHOWN_EVIDENCE = 5


def trend_cell(evidence: EvidenceTally) -> Text:
    """The latest verdicts as coloured glyphs and the word they lean to."""
    if not evidence.recent:
        return Text("no evidence yet", style="bright_black")
    text = Text()
    for verdict in evidence.recent:
        text.append(VERDICT_GLYPHS[verdict] + " ", style=f"bold {VERDICT_STYLES[verdict]}")
    word = {"supports": "supports", "refutes": "refutes"}.get(evidence.trend, "mixed")
    style = next((s for v, s in VERDICT_STYLES.items() if v == evidence.trend), "yellow")
    text.append(word, style=style)
    return text


def kr_cells(kr: KeyResult, evidence: EvidenceTally, today: date) -> tuple[Text, ...]:
    """One KR row: what it tests and how the evidence stands, never a progress bar."""
    state = discovery_state(kr)
    overdue = is_overdue(kr, today)
    return (
        Text(kr.key),
        Text(kr.title),
        Text(TYPE_WORDS[kr.discovery_type]),
        Text(
            evidence.counts if evidence.total else "–",
            style="" if evidence.total else "bright_black",
        ),
        trend_cell(evidence),
        Text(str(kr.kill_by) if kr.kill_by else "–", style="bold red" if overdue else ""),
        Text(state + (" ⚠" if overdue else ""), style=STATE_STYLES[state]),
    )


def kr_detail(kr: KeyResult, findings: list[Evidence], today: date) -> Text:
    """The selected KR: its assumption, kill-by date, fate, and latest findings."""
    text = Text(f"{kr.key}  {kr.title}", style="bold")
    text.append(f"  {DISCOVERY_LABELS[kr.discovery_type]}\n", style="bright_black")
    if kr.assumption:
        text.append("Assumption: ", style="bold")
        text.append(kr.assumption + "\n", style="italic")
    elif kr.discovery_type == "future_behaviour":
        text.append(f"⚠ names no assumption: {ASSUMPTION_PROMPT}\n", style="yellow")
    if kr.close_reason:
        text.append(
            f"{discovery_state(kr).capitalize()} on {kr.closed_on or '?'}: {kr.close_reason}",
            style=STATE_STYLES[discovery_state(kr)],
        )
    elif kr.graduated_on:
        text.append(f"Graduated into an outcome KR on {kr.graduated_on}", style="green")
    else:
        text.append(
            f"Kill by {kill_by_text(kr, today)}", style="red" if is_overdue(kr, today) else ""
        )
    text.append("\n")
    if not findings:
        text.append(
            "No evidence yet: + supports, - refutes, = unclear, then the note.",
            style="bright_black",
        )
    for finding in list(reversed(findings))[:SHOWN_EVIDENCE]:
        text.append(f"{finding.date} ", style="bright_black")
        text.append(
            f"{VERDICT_GLYPHS[finding.verdict]} {finding.verdict:<8} ",
            style=f"bold {VERDICT_STYLES[finding.verdict]}",
        )
        text.append(finding.text + "\n")
    return text


class DiscoveryScreen(PracticeScreen[None, str]):
    """Assumptions, evidence and kill-by dates of a cycle's discovery key results."""

    CSS: ClassVar[str] = """
    #discovery-table {
        height: 1fr;
    }

    #discovery-empty {
        height: auto;
        padding: 1 2;
        color: $text-muted;
    }

    #evidence-bar {
        height: auto;
        dock: bottom;
        margin-bottom: 1;
    }

    #evidence-label {
        padding: 1 1 0 1;
    }

    #evidence-note {
        width: 1fr;
    }
    """

    TITLE = "Discovery"
    BINDINGS = [
        Binding(
            "plus", "evidence('supports')", "Supports", key_display="+", id="discovery.supports"
        ),
        Binding("minus", "evidence('refutes')", "Refutes", key_display="-", id="discovery.refutes"),
        Binding(
            "equals_sign", "evidence('unclear')", "Unclear", key_display="=", id="discovery.unclear"
        ),
        Binding("o", "graduate", "Graduate", id="discovery.graduate"),
        Binding("x", "kill", "Kill", id="discovery.kill"),
        Binding("b", "kill_by", "Kill-by date", id="discovery.kill_by"),
    ]

    def __init__(self, cycle: Cycle) -> None:
        super().__init__()
        #: The cycle shown; its records are re-read on every load.
        self.cycle = cycle
        self._krs: dict[str, KeyResult] = {}
        self._evidence: dict[str, list[Evidence]] = {}
        #: The verdict being logged while the note bar is open.
        self._verdict: Verdict | None = None

    def compose_body(self) -> ComposeResult:
        yield FitTable(COLUMNS, id="discovery-table")
        yield Static(id="discovery-empty", classes="hidden")

    def compose_docked(self) -> ComposeResult:
        with Horizontal(id="evidence-bar", classes="hidden"):
            yield Label(id="evidence-label")
            yield Input(
                id="evidence-note", placeholder="what did you find? Enter saves, Esc cancels"
            )

    def on_mount(self) -> None:
        self.query_one(FitTable).focus()

    # -- loading ---------------------------------------------------------------------------

    def _groups(self) -> list[tuple[Objective, list[KeyResult]]]:
        """Discovery objectives with all their KRs, and other objectives' discovery KRs."""
        groups = []
        for objective in self.repository.objectives(self.cycle):
            krs = self.repository.key_results(objective)
            if objective.mode != "discovery":
                krs = [kr for kr in krs if is_discovery(kr)]
            if objective.mode == "discovery" or krs:
                groups.append((objective, krs))
        return groups

    def refresh_data(self, select: str | None = None) -> None:
        """Re-read the cycle's discovery KRs and their evidence; keep (or move to) a row."""
        table = self.query_one(FitTable)
        select = select or table.selected_key
        try:
            self.cycle = self.repository.by_id(Cycle, self.cycle.id)
            groups = self._groups()
            self._krs = {kr.key: kr for _, krs in groups for kr in krs}
            self._evidence = {key: self.repository.evidence(kr) for key, kr in self._krs.items()}
        except OkrError as error:
            self.show_message(str(error))
            return
        today = self.repository.today()
        rows: list[Row] = []
        for objective, krs in groups:
            rows.append(
                (
                    objective.key,
                    [Text(objective.key, style="bold"), Text(objective.label, style="bold")],
                )
            )
            rows += [(kr.key, kr_cells(kr, tally(self._evidence[kr.key]), today)) for kr in krs]
        table.show(rows)
        self._show_heading(groups, today)
        empty = self.query_one("#discovery-empty", Static)
        empty.set_class(bool(groups), "hidden")
        empty.update(
            literal(
                f"{self.cycle.name} has no discovery objectives yet. Draft one with the mode set to "
                "discovery (n on the dashboard); its key results can start from a template."
            )
        )
        if not table.select(select or ""):
            table.select(next(iter(self._krs), ""))
        self._show_detail()

    def _show_heading(self, groups, today: date) -> None:
        krs = list(self._krs.values())
        open_krs = [kr for kr in krs if kr.state == "active" and kr.discovery_type != "none"]
        overdue = sum(is_overdue(kr, today) for kr in open_krs)
        text = Text(f"Discovery · {self.cycle.name}", style="bold")
        text.append(f" · {len(open_krs)} open discovery KRs in {len(groups)} objective(s)")
        findings = sum(len(items) for items in self._evidence.values())
        text.append(f" · {findings} findings")
        if overdue:
            text.append(f" · {overdue} past the kill-by date: graduate or kill", style="bold red")
        self.show_heading(text)

    def _show_detail(self) -> None:
        kr = self.selected_kr
        if kr is None:
            self.show_detail("Select a key result to see its assumption and evidence.")
            return
        self.show_detail(kr_detail(kr, self._evidence.get(kr.key, []), self.repository.today()))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a KR opens its detail (check-ins and chart)."""
        if event.row_key.value in self._krs:
            self.app.push_screen(KrDetailScreen(event.row_key.value))

    # -- what is selected ------------------------------------------------------------------

    @property
    def selected_kr(self) -> KeyResult | None:
        """The KR under the cursor (None on an objective row)."""
        return self._krs.get(self.query_one(FitTable).selected_key or "")

    def _require_kr(self, verb: str) -> KeyResult | None:
        kr = self.selected_kr
        if kr is None:
            self.show_message(f"Select a key result to {verb}.")
        return kr

    # -- evidence --------------------------------------------------------------------------

    def action_evidence(self, verdict: Verdict) -> None:
        """Open the note bar for a finding with `verdict` about the selected KR."""
        kr = self._require_kr("log evidence about")
        if kr is None:
            return
        self._verdict = verdict
        self.query_one("#evidence-label", Label).update(
            Text.assemble(
                (
                    f" {VERDICT_GLYPHS[verdict]} {verdict} ",
                    f"bold reverse {VERDICT_STYLES[verdict]}",
                ),
                f" {kr.key}: ",
            )
        )
        self.query_one("#evidence-bar").remove_class("hidden")
        note = self.query_one("#evidence-note", Input)
        note.value = ""
        note.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        kr, verdict = self.selected_kr, self._verdict
        if event.input.id != "evidence-note" or kr is None or verdict is None:
            return
        try:
            logged = self.repository.discovery.add_evidence(kr, verdict, event.value)
        except OkrError as error:
            self.show_message(str(error))
            return
        self._close_bar()
        self.show_message("")
        self.notify(logged.description, timeout=3)

    def _close_bar(self) -> None:
        self._verdict = None
        self.query_one("#evidence-bar").add_class("hidden")
        self.query_one(FitTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the note is typed, +, - and = are text, and Esc closes the bar.
        return not (
            self._verdict is not None and action in ("evidence", "graduate", "kill", "kill_by")
        )

    # -- graduate, kill, kill-by -----------------------------------------------------------

    def action_graduate(self) -> None:
        """Graduate the selected future-behaviour KR into an outcome KR."""
        kr = self._require_kr("graduate")
        if kr is None:
            return
        problems = graduation_problems(kr)
        if problems:
            self.show_message(problems[0])
            return
        self.show_message("")
        form = GraduateScreen(kr, self.cycle, tally(self._evidence.get(kr.key, [])))
        self.app.push_screen(form, self._after_change)

    def action_kill(self) -> None:
        """Close the selected KR with the reason (what the team learnt)."""
        kr = self._require_kr("kill")
        if kr is None:
            return
        if kr.state != "active":
            self.show_message(f"{kr.key} is closed already.")
            return
        form = PromptScreen(
            f"Kill {kr.key}",
            "Why? What did the team learn?",
            lambda reason: self.repository.discovery.kill(kr, reason),
            detail=kr.title,
            placeholder="e.g. Large accounts reconcile in their ERP already",
            save_label="Kill",
        )
        self.app.push_screen(form, self._after_change)

    def action_kill_by(self) -> None:
        """Set (or clear) the date by which the selected KR must show results."""
        kr = self._require_kr("give a kill-by date")
        if kr is None:
            return

        def submit(text: str) -> Change[KeyResult]:
            day = parse_day(text, "kill-by date") if text.strip() else None
            if day is not None and day < self.repository.today():
                raise InvalidInput(f"{day} has passed: a kill-by date lies ahead")
            return self.repository.discovery.set_kill_by(kr, day)

        form = PromptScreen(
            f"Kill-by date of {kr.key}",
            "Date (YYYY-MM-DD; empty clears it)",
            submit,
            str(kr.kill_by or ""),
            detail=kr.title,
        )
        self.app.push_screen(form, self._after_kill_by)

    def _after_kill_by(self, change: Change[KeyResult] | None) -> None:
        """Saved; a date past the cycle's end is allowed but said (the review comes first)."""
        self._after_change(change)
        result = change.result if change is not None else None
        if result is not None and result.kill_by is not None and result.kill_by > self.cycle.end:
            self.notify(
                f"{result.kill_by} is after {self.cycle.name} ends ({self.cycle.end}): "
                "its review will come first.",
                severity="warning",
                timeout=6,
            )

    def _after_change(self, change: Change[KeyResult] | None) -> None:
        if change is not None:
            self.notify(change.description, timeout=3)
            self.select_after_change(change.result.key)

    def action_back(self) -> None:
        """Esc closes the note bar first, then the screen."""
        if self._verdict is not None:
            self._close_bar()
            return
        super().action_back()
