"""Provides `DraftScreen`: write or edit an objective and its key results, with the coach
beside the form re-judging the draft as the person types.

Drafting is non-linear: key results can come first and the title later; a draft saves with
whatever it has (ctrl+s). The shared context (purpose, strategy, inputs, the parent level's
OKRs and last cycle's unfinished key results) stands above the coach; ctrl+g pulls the latter
two into the cycle's inputs. Committing (ctrl+t) needs a title and asks for confirmation when
the coach still has warnings. Findings never block a draft. Esc asks before discarding
changes. ctrl+o opens the focused long text (why, assumption) in `$EDITOR`.
"""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from okrtui.domain.coach import Finding, coach_objective
from okrtui.domain.context import DraftingContext
from okrtui.domain.errors import OkrError
from okrtui.domain.models import Cycle, KeyResult, Objective
from okrtui.tui.dialogs.confirm import ConfirmScreen
from okrtui.tui.external_editor import edit_text
from okrtui.tui.literal import literal, literal_text
from okrtui.tui.screen_base import OkrScreen
from okrtui.tui.widgets.coach_panel import CoachPanel
from okrtui.tui.widgets.context_panel import ContextPanel
from okrtui.tui.widgets.footer import OkrFooter
from okrtui.tui.widgets.kr_editor import KrEditor

LEVELS = [("company", "company"), ("team", "team"), ("personal", "personal")]
MODES = [("delivery", "delivery"), ("discovery", "discovery")]
#: Captions over the number line of every key result, aligned with its fields.
KR_CAPTIONS = (
    ("type", "w-type"),
    ("direction", "w-direction"),
    ("baseline", "w-number"),
    ("target", "w-number"),
    ("unit", "w-unit"),
)
#: Inputs whose text may be long enough to want a real editor.
LONG_TEXT_IDS = {"objective-why", "kr-assumption", "objective-title", "kr-title"}


#: Terminals narrower than this show the coach under the form instead of beside it.
STACK_BELOW = 100


class DraftScreen(OkrScreen[Objective | None]):
    """The form for one objective and its key results; dismisses with the saved objective."""

    CSS: ClassVar[str] = """
    #draft-heading {
        height: 1;
        padding: 0 1;
        background: $boost;
    }

    #draft-body {
        height: 1fr;
    }

    #draft-form {
        width: 1fr;
        padding: 0 1;
    }

    #draft-form Label {
        margin-top: 1;
        color: $text-muted;
    }

    .objective-meta {
        height: auto;
        margin-top: 1;
    }

    .objective-meta Input {
        width: 14;
        margin-right: 1;
    }

    .objective-meta Select {
        width: 13;
        margin-right: 1;
    }

    #kr-captions {
        height: 1;
        padding-left: 2;
    }

    /* A margin-top in a more specific rule replaces the whole margin, so captions set theirs. */
    #draft-form .kr-caption.w-number, #draft-form .kr-caption.w-unit {
        margin: 0 1 0 0;
    }

    #draft-form .kr-caption {
        margin: 0;
        color: $text-muted;
        text-style: italic;
    }

    #kr-editors {
        height: auto;
    }

    .kr-editor {
        height: auto;
        margin-bottom: 1;
        padding: 0 1;
        border-left: thick $primary;
    }

    .kr-editor:focus-within {
        border-left: thick $accent;
    }

    .kr-line {
        height: auto;
    }

    #draft-form .kr-label {
        width: 12;
        margin: 0 1 0 0;
        color: $text;
        text-style: bold;
    }

    #draft-form .kr-read {
        height: auto;
        padding-left: 13;
        color: $text-muted;
        text-style: italic;
    }

    .kr-title, .kr-assumption {
        width: 1fr;
    }

    .kr-discovery {
        display: none;
    }

    DraftScreen.discovery .kr-discovery {
        display: block;
    }

    .w-type { width: 11; }

    .w-direction { width: 13; }

    .w-number { width: 8; margin-right: 1; }

    .w-unit { width: 7; margin-right: 1; }

    .w-kind { width: 11; margin-right: 1; }

    .w-indicator { width: 11; }

    .w-discovery { width: 20; }

    .w-template { width: 1fr; margin-right: 1; }

    .w-date { width: 16; margin-left: 1; }

    #draft-side {
        width: 38%;
        min-width: 30;
        max-width: 48;
        border-left: solid $primary;
    }

    #draft-side #coach {
        width: 100%;
        padding: 0 1;
    }

    #draft-context {
        height: auto;
        max-height: 40%;
        padding: 0 1;
        border-bottom: solid $primary-darken-2;
    }

    /* Under 100 columns (DraftScreen.stacked) the coach sits under the form, full width. */
    DraftScreen.stacked #draft-body {
        layout: vertical;
    }

    DraftScreen.stacked #draft-form {
        height: 1fr;
    }

    /* With the form full width, "milestone" and "accounts" fit whole. */
    DraftScreen.stacked .w-type { width: 15; }

    DraftScreen.stacked .w-unit { width: 12; }

    DraftScreen.stacked #draft-side {
        width: 100%;
        max-width: 100%;
        height: 9;
        border-left: none;
        border-top: solid $primary;
    }
    """

    TITLE = "Draft"
    BINDINGS = [
        Binding("ctrl+s", "save('draft')", "Save draft", id="draft.save"),
        Binding("ctrl+t", "save('committed')", "Commit", id="draft.commit"),
        Binding("ctrl+n", "add_kr", "Add KR", id="draft.add_kr"),
        Binding("ctrl+r", "remove_kr", "Remove KR", id="draft.remove_kr"),
        Binding("ctrl+o", "external_editor", "$EDITOR", id="draft.editor"),
        Binding("ctrl+g", "pull_inputs", "Pull in inputs", id="draft.pull_inputs"),
        Binding("escape,q", "cancel", "Cancel", id="draft.cancel"),
        # Its fields take "?": F1 lists the keys here (the app binds it everywhere, unshown).
        Binding("f1", "app.help", "Keys", id="draft.help"),
    ]

    def __init__(
        self,
        cycle: Cycle,
        objective: Objective | None = None,
        key_results: list[KeyResult] | None = None,
        restore: list[tuple[str, Any]] | None = None,
    ) -> None:
        super().__init__()
        #: The fields of a kept draft to put back (`KeptDraft`), in screen order.
        self._restore = list(restore or [])
        self._cycle = cycle
        self._objective = objective
        self._existing = list(key_results or [])
        self._removed: list[KeyResult] = []
        #: What the fields held when the screen opened (see `_changed`).
        self._opened_with: tuple[tuple[str, str], ...] = ()
        #: The shared context shown beside the form (read when the screen opens).
        self._drafting: DraftingContext | None = None
        #: The previous cycle's name and KRs, for `recycled-kpi`.
        self._previous: tuple[str, list[KeyResult]] = ("", [])

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        objective = self._objective
        what = f"Edit {objective.key}" if objective else f"New objective in {self._cycle.name}"
        yield Static(
            Text.assemble(
                literal_text(what, "bold"),
                f"  ·  state: {objective.state if objective else 'new draft'}",
            ),
            id="draft-heading",
        )
        with Horizontal(id="draft-body"):
            with VerticalScroll(id="draft-form", can_focus=False):
                yield Label("Objective: what should improve, and for whom")
                yield Input(
                    objective.title if objective else "",
                    id="objective-title",
                    placeholder="e.g. Improve onboarding so new users reach value faster (may come later)",
                )
                yield Label("Why it matters now")
                yield Input(
                    objective.why if objective else "",
                    id="objective-why",
                    placeholder="the evidence or strategy behind it (ctrl+o opens $EDITOR)",
                )
                with Horizontal(classes="objective-meta"):
                    yield Input(
                        objective.owner if objective else "",
                        id="objective-owner",
                        placeholder="owner",
                        compact=True,
                    )
                    yield Input(
                        objective.team if objective else "",
                        id="objective-team",
                        placeholder="team",
                        compact=True,
                    )
                    yield Select(
                        LEVELS,
                        value=objective.level if objective else "team",
                        allow_blank=False,
                        compact=True,
                        id="objective-level",
                    )
                    yield Select(
                        MODES,
                        value=objective.mode if objective else "delivery",
                        allow_blank=False,
                        compact=True,
                        id="objective-mode",
                    )
                yield Label(
                    "Key results (2–5): ctrl+n adds one, ctrl+r removes the focused one",
                    id="krs-label",
                )
                with Horizontal(id="kr-captions"):
                    for caption, width_class in KR_CAPTIONS:
                        yield Label(literal(caption), classes=f"kr-caption {width_class}")
                with Vertical(id="kr-editors"):
                    for position, kr in enumerate(self._existing, start=1):
                        yield KrEditor(position, kr)
                    if not self._existing:
                        yield KrEditor(1)
                yield Static("", id="draft-error", classes="error")
            with Vertical(id="draft-side"):
                yield ContextPanel(id="draft-context")
                yield CoachPanel(id="coach")
        yield OkrFooter()

    def on_resize(self) -> None:
        """Under `STACK_BELOW` columns the coach moves under the form: beside it, the form's
        selects and number fields would be cut (`de` for delivery, `counts` for accounts)."""
        self.set_class(self.size.width < STACK_BELOW, "stacked")

    async def on_mount(self) -> None:
        self.set_class(self.size.width < STACK_BELOW, "stacked")
        self._sync_mode()
        self.query_one("#objective-title", Input).focus()
        self._show_context()
        self.refresh_coach()
        self._opened_with = self._fields_now()
        if self._restore:
            await self._put_back(self._restore)

    async def _put_back(self, fields: list[tuple[str, Any]]) -> None:
        """Fill the form with a kept draft's fields (adding the key results it had)."""
        wanted = sum(1 for name, _ in fields if name == "kr-title")
        while len(self.editors()) < wanted:
            await self.action_add_kr()
        widgets: list[Any] = list(self.query("Input, Select"))
        for widget, (name, value) in zip(widgets, fields, strict=False):
            if widget.id != name:
                continue
            with contextlib.suppress(Exception):  # a choice this version no longer offers
                widget.value = value
        self._sync_mode()
        self.query_one("#objective-title", Input).focus()
        self.refresh_coach()

    def _keep(self) -> None:
        """Keep what the fields hold on disk (or forget it when nothing changed), so an
        error, a crash or a closed terminal loses nothing typed."""
        if not self.is_mounted or not self._opened_with:
            return
        kept = self.app.kept_draft
        if not self._changed:
            kept.discard()
            return
        kept.keep(
            {
                "cycle_id": self._cycle.id,
                "objective_id": self._objective.id if self._objective else None,
                "title": str(self._value("objective-title")),
                "fields": [
                    [str(w.id), w.value if isinstance(w.value, str | int | float) else None]
                    for w in self.query("Input, Select")
                    if isinstance(w, Input | Select)
                ],
            }
        )

    def _fields_now(self) -> tuple[tuple[str, str], ...]:
        """Every field's value, in screen order (a KR added or removed changes it too)."""
        fields = [w for w in self.query("Input, Select") if isinstance(w, (Input, Select))]
        return tuple((str(w.id), str(w.value)) for w in fields)

    @property
    def _changed(self) -> bool:
        """Whether anything differs from what the screen opened with. Compared rather than
        tracked: fields report a change when they are first filled in, so a draft opened
        and left untouched would otherwise ask before closing."""
        return bool(self._removed) or self._fields_now() != self._opened_with

    def editors(self) -> list[KrEditor]:
        return list(self.query(KrEditor))

    # -- reading the form -------------------------------------------------------------------

    def _value(self, widget_id: str) -> Any:
        field = self.query_one(f"#{widget_id}")
        assert isinstance(field, (Input, Select)), field
        return field.value

    def objective_fields(self, state: str) -> dict[str, Any]:
        fields = {
            name: str(self._value(f"objective-{name}")).strip()
            for name in ("title", "why", "owner", "team", "level", "mode")
        }
        fields["state"] = state
        if self._objective is None:
            fields["cycle_id"] = self._cycle.id
        return fields

    def _preview_objective(self) -> Objective:
        base = self._objective.model_dump() if self._objective else {"cycle_id": self._cycle.id}
        state = self._objective.state if self._objective else "draft"
        return Objective.model_construct(**(base | self.objective_fields(state)))

    def findings(self) -> tuple[list[Finding], list[str]]:
        """The coach's findings on the draft as typed, and what blocks saving it."""
        objective = self._preview_objective()
        editors = [e for e in self.editors() if not e.blank]
        problems = [p for e in editors for p in e.read()[1]]
        krs = [e.preview(objective.id or "draft") for e in editors]
        return coach_objective(objective, krs) + self._context_findings(krs), problems

    # -- the shared context beside the draft -----------------------------------------------

    def _show_context(self) -> None:
        try:
            repo = self.repository
            self._drafting = repo.context.drafting(self._cycle, self._value("objective-level"))
            earlier = [c for c in repo.cycles() if c.start < self._cycle.start]
            if earlier:
                self._previous = (earlier[-1].name, repo.cycle_key_results(earlier[-1]))
        except OkrError as error:
            self.notify(str(error), severity="error")
            return
        self.query_one(ContextPanel).show(self._drafting)

    def _context_findings(self, krs: list[KeyResult]) -> list[Finding]:
        """`recycled-kpi` against the previous cycle's KRs, and `no-strategy` when neither the
        workspace nor the cycle has a strategy written down."""
        from okrtui.domain.coach import practice
        from okrtui.domain.practice_rules import no_strategy, recycled_findings

        name, previous = self._previous
        found = recycled_findings(krs, previous, name) if previous else []
        if self._drafting is not None:
            missing = no_strategy(self._cycle.name, self._drafting.has_strategy)
            found += [missing] if missing else []
        return practice(found)

    def action_pull_inputs(self) -> None:
        """Add the parent level's OKRs and last cycle's unfinished KRs to the cycle's inputs."""
        try:
            action = self.repository.context.pull_inputs(
                self._cycle, self._value("objective-level")
            ).description
        except OkrError as error:
            self.notify(str(error), severity="error")
            return
        self._show_context()
        self.notify(action or "Nothing new to pull in", timeout=4)

    def refresh_coach(self) -> None:
        findings, problems = self.findings()
        self.query_one(CoachPanel).show(findings, problems)

    # -- reacting to typing -----------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_coach()
        self._keep()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "objective-mode":
            self._sync_mode()
        if event.select.id == "objective-level" and self.is_mounted:
            self._show_context()
        self.refresh_coach()
        self._keep()

    def _sync_mode(self) -> None:
        self.set_class(self._value("objective-mode") == "discovery", "discovery")

    # -- actions ----------------------------------------------------------------------------

    async def action_add_kr(self) -> None:
        """Add an empty key result below the others and put the cursor in its title."""
        editor = KrEditor(len(self.editors()) + 1)
        await self.query_one("#kr-editors").mount(editor)
        editor.query_one("#kr-title", Input).focus()
        self.refresh_coach()

    async def action_remove_kr(self) -> None:
        focused = self.focused
        editor = next((e for e in self.editors() if focused in list(e.query("*"))), None)
        if editor is None:
            self.notify("Move into a key result's fields to remove it", severity="warning")
            return
        problem = self.repository.removal_problem(editor.existing) if editor.existing else None
        if problem:  # said now rather than at save
            self._show_error(problem)
            return
        if editor.existing is not None:
            self._removed.append(editor.existing)
        await editor.remove()
        self._renumber()

    def _renumber(self) -> None:
        for position, editor in enumerate(self.editors(), start=1):
            editor.position = position
            key = editor.existing.key if editor.existing else "new"
            editor.query_one(".kr-label", Label).update(literal(f"KR {position} · {key}"))
        self.refresh_coach()

    def action_save(self, state: str) -> None:
        """Save as a draft, or commit (after confirmation when the coach has warnings).
        Saving (ctrl+s) a committed objective keeps it committed: only a new or draft one
        is a draft."""
        if state == "draft" and self._objective is not None and self._objective.state != "draft":
            state = self._objective.state
        findings, problems = self.findings()
        if problems:
            self._show_error("Fix first: " + "; ".join(problems))
            return
        warnings = [f for f in findings if f.severity == "warning"]
        committing = state == "committed" and (
            self._objective is None or self._objective.state != "committed"
        )
        if committing and warnings:
            question = (
                f"Commit with {len(warnings)} coach warning{'s' if len(warnings) > 1 else ''}?"
            )
            # One line per finding: a 2000-character title must not push the buttons off.
            detail = "\n".join(
                f"▲ {f.rule}: {f.text if len(f.text) <= 60 else f.text[:59] + '…'}"
                for f in warnings[:6]
            )
            self.app.push_screen(
                ConfirmScreen(question, detail, yes="Commit anyway", no="Keep drafting"),
                lambda yes: self._store(state) if yes else None,
            )
            return
        self._store(state)

    def _store(self, state: str) -> None:
        key_results = [(e.existing, e.read()[0]) for e in self.editors() if not e.blank]
        title = self.query_one("#objective-title", Input).value.strip()
        if self._objective is None and not title and not key_results:
            # Nothing written yet: an "(untitled draft)" with no KR would only be clutter.
            self._show_error("Nothing to save yet: write the objective's title or a key result")
            return
        try:
            saved = self.repository.save_objective(
                self._objective, self.objective_fields(state), key_results, self._removed
            )
        except OkrError as error:
            self._show_error(str(error))
            return
        except Exception as error:  # a bug: say so, and keep every field as typed
            self._keep()
            self._show_error(
                f"Could not save: unexpected {type(error).__name__}: {error}. Nothing was "
                "saved; what you typed stays here and is kept on disk until it is saved."
            )
            return
        self.app.kept_draft.discard()
        objective, _ = saved.result
        self.notify(saved.description, title="Saved")
        self.dismiss(objective)

    def _show_error(self, message: str) -> None:
        self.query_one("#draft-error", Static).update(literal(message))

    def _discard_if(self, yes: bool | None) -> None:
        if yes:
            self._discard()

    def action_cancel(self) -> None:
        """Leave; ask first when something was typed."""
        if not self._changed:
            self.app.kept_draft.discard()
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmScreen("Discard the changes to this draft?", yes="Discard", no="Keep editing"),
            self._discard_if,
        )

    def _discard(self) -> None:
        self.app.kept_draft.discard()
        self.dismiss(None)

    def action_external_editor(self) -> None:
        """Edit the focused text field in `$EDITOR`."""
        focused = self.focused
        if not isinstance(focused, Input) or focused.id not in LONG_TEXT_IDS:
            self.notify(
                "Focus the why, a title or an assumption to edit it in $EDITOR", severity="warning"
            )
            return
        try:
            focused.value = " ".join(edit_text(self.app, focused.value).split())
        except OkrError as error:
            self.notify(str(error), severity="error")
