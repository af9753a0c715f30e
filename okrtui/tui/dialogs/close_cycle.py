"""Provides `CloseCycleScreen`: the last step of a review — close the cycle and roll its
unfinished key results over into the next one.

The form says what will happen (how many KRs close with which scores, which roll over with
their last value as the new baseline) and asks where they go: a later open cycle, or a new
one it proposes (the next quarter, same length and cadence). Closing is one change that
`u` on the dashboard takes back whole.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from okrtui.domain.calendar import parse_day
from okrtui.domain.errors import OkrError
from okrtui.domain.models import Cycle
from okrtui.domain.review import CycleProposal, CycleReview, propose_next_cycle, value_text
from okrtui.domain.wording import count
from okrtui.store.repository.review import ClosedCycle
from okrtui.tui.dialogs.form import FormScreen, form_buttons
from okrtui.tui.literal import literal, literal_options

#: The Select value that means "make a new cycle".
NEW_CYCLE = "new"
#: Rolling KRs listed by name; the rest are counted.
LISTED = 6


def close_summary(review: CycleReview) -> Text:
    """What closing does: scores, objectives, and the KRs that roll over."""
    open_krs = [r for r in review.key_results if r.kr.state == "active"]
    text = Text(
        f"{len(open_krs)} open key result(s) close with their score (the one you set, "
        f"else the suggestion); {len(review.objectives)} objective(s) close."
    )
    rolling = review.rolling
    if not rolling:
        text.append("\nNothing rolls over.", style="bright_black")
        return text
    text.append(f"\n{len(rolling)} roll over, starting from their last value:", style="bold")
    for item in rolling[:LISTED]:
        title = item.kr.title if len(item.kr.title) <= 48 else item.kr.title[:47] + "…"
        text.append(f"\n  {item.kr.key} {title}  → baseline {value_text(item.snapshot)}")
    if len(rolling) > LISTED:
        text.append(f"\n  … and {len(rolling) - LISTED} more")
    return text


class CloseCycleScreen(FormScreen[ClosedCycle]):
    """Close a cycle with its roll-over; dismisses with what closing did."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="close_cycle.cancel"),
        Binding("ctrl+s", "save", "Close cycle", id="close_cycle.save"),
    ]

    def __init__(self, review: CycleReview) -> None:
        super().__init__()
        self._review = review

    def compose(self) -> ComposeResult:
        cycle = self._review.cycle
        cycles = self.repository.cycles()
        later = [c for c in cycles if c.state != "closed" and c.start > cycle.start]
        proposal = propose_next_cycle(cycle, [c.name for c in cycles])
        rolling = bool(self._review.rolling)
        with Vertical(id="close-form", classes="form"):
            yield Static(Text(f"Close {cycle.name}", style="bold"))
            yield Static(literal(close_summary(self._review)), classes="prompt-detail")
            days_left = (cycle.end - self.repository.today()).days
            if days_left > 0:
                yield Static(
                    literal(
                        f"{cycle.name} still has {count(days_left, 'day')} to run (until {cycle.end}): "
                        "closing now ends its check-ins early."
                    ),
                    id="close-early",
                    classes="warning",
                )
            with Vertical(id="close-target", classes="" if rolling else "hidden"):
                yield Label("Roll over into")
                options = [(f"{c.name} ({c.start} → {c.end}, {c.state})", c.id) for c in later]
                options.append((f"a new cycle: {proposal.name}", NEW_CYCLE))
                yield Select(
                    literal_options(options),
                    value=options[0][1],
                    allow_blank=False,
                    id="close-into",
                )
                with Vertical(id="close-new"):
                    yield Label("The new cycle: name, first day, last day")
                    with Horizontal(classes="form-row"):
                        yield Input(proposal.name, id="close-name", placeholder="name")
                        yield Input(
                            proposal.start.isoformat(), id="close-start", placeholder="start"
                        )
                        yield Input(proposal.end.isoformat(), id="close-end", placeholder="end")
            yield Static(
                "One change: u on the dashboard takes all of it back.", classes="dialog-hint"
            )
            yield Static("", id="close-error", classes="error")
            yield form_buttons(f"Close {cycle.name}", variant="warning")

    def on_mount(self) -> None:
        self._sync_new_fields()
        self.query_one("#cancel", Button).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._sync_new_fields()

    def _sync_new_fields(self) -> None:
        wants_new = self.query_one("#close-into", Select).value == NEW_CYCLE
        self.query_one("#close-new").set_class(not wants_new, "hidden")

    def _proposal(self) -> CycleProposal:
        value = self.query_one
        return CycleProposal(
            name=value("#close-name", Input).value.strip(),
            start=parse_day(value("#close-start", Input).value, "start date"),
            end=parse_day(value("#close-end", Input).value, "end date"),
            cadence_days=self._review.cycle.cadence_days,
        )

    def action_save(self) -> None:
        """Close the cycle (and roll over), or show why not and keep the form open."""
        repo = self.repository
        choice = self.query_one("#close-into", Select).value
        try:
            if not self._review.rolling:
                result = repo.review.close_cycle(self._review.cycle).result
            elif choice == NEW_CYCLE:
                result = repo.review.close_cycle(
                    self._review.cycle, proposal=self._proposal()
                ).result
            else:
                result = repo.review.close_cycle(
                    self._review.cycle, next_cycle=repo.by_id(Cycle, str(choice))
                ).result
        except OkrError as error:
            self.query_one("#close-error", Static).update(literal(str(error)))
            return
        self.dismiss(result)
