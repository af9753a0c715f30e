"""Provides `KrEditor`: the fields of one key result in the draft screen.

Title on the first line; type, direction, baseline, target and unit on the second; kind and
indicator on the third. For objectives in discovery mode, two more: a template picker (new KRs
only), the discovery type and the kill-by date; then the assumption the KR tests. Picking a
template (process: interviews run, share of quantitative research, cycle time of a user test;
future behaviour: usability-test completion, Customer Effort Score, early-access email
click-through, beta opt-in) fills the fields with example numbers to adjust. While the number
fields are empty, the title is read by the measure reader (as `okrtui lint` reads a bullet):
what it read shows under the title ("read: target 1 %, stay below") and is what `read()`
gives. `read()` turns what is typed into model fields plus the problems that stop it from
being saved; `preview()`
builds an unvalidated KeyResult for the coach, so coaching never waits for the numbers to be
right.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from okrtui.domain.calendar import parse_day
from okrtui.domain.discovery import ASSUMPTION_PROMPT, TEMPLATES, template_named
from okrtui.domain.errors import InvalidInput
from okrtui.domain.measure import Measure, read_measure
from okrtui.domain.models import KeyResult, format_number
from okrtui.domain.numbers import parse_optional_number
from okrtui.tui.literal import literal

CHOICES: dict[str, list[tuple[str, str]]] = {
    "type": [("metric", "metric"), ("milestone", "milestone")],
    "direction": [
        ("increase", "increase"),
        ("decrease", "decrease"),
        ("stay above", "stay_above"),
        ("stay below", "stay_below"),
    ],
    "kind": [("outcome", "outcome"), ("output", "output")],
    "indicator": [("leading", "leading"), ("lagging", "lagging")],
    "discovery_type": [
        ("not discovery", "none"),
        ("process", "process"),
        ("future behaviour", "future_behaviour"),
    ],
}
NUMBER_FIELDS = ("baseline", "target")
TEXT_FIELDS = ("title", "unit", "assumption")
#: The discovery KR templates, offered by name when adding a KR to a discovery objective.
TEMPLATE_CHOICES = [(template.name, template.name) for template in TEMPLATES]


class KrEditor(Vertical):
    """Editable fields of one key result (new, or an existing one being edited)."""

    def __init__(self, position: int, existing: KeyResult | None = None) -> None:
        super().__init__(classes="kr-editor")
        self.existing = existing
        self.position = position

    def _initial(self, name: str) -> Any:
        if self.existing is None:
            defaults = {
                "type": "metric",
                "direction": "increase",
                "kind": "outcome",
                "indicator": "lagging",
                "discovery_type": "none",
            }
            return defaults.get(name, "")
        value = getattr(self.existing, name)
        if name in NUMBER_FIELDS:
            return "" if value is None else format_number(value).replace(",", "")
        if name == "kill_by":
            return "" if value is None else value.isoformat()
        return value

    def _select(self, name: str, width_class: str) -> Select:
        return Select(
            CHOICES[name],
            value=self._initial(name),
            allow_blank=False,
            compact=True,
            id=f"kr-{name}",
            classes=width_class,
        )

    def _input(self, name: str, placeholder: str, classes: str = "") -> Input:
        return Input(
            str(self._initial(name)),
            placeholder=placeholder,
            compact=True,
            id=f"kr-{name}",
            classes=classes,
        )

    def compose(self) -> ComposeResult:
        key = self.existing.key if self.existing else "new"
        with Horizontal(classes="kr-line"):
            yield Label(literal(f"KR {self.position} · {key}"), classes="kr-label")
            yield self._input(
                "title",
                "who does what by how much, e.g. Onboarding completion from 45% to 70%",
                "kr-title",
            )
        yield Static("", id="kr-read", classes="kr-read", markup=False)
        with Horizontal(classes="kr-line"):
            yield self._select("type", "w-type")
            yield self._select("direction", "w-direction")
            yield self._input("baseline", "baseline", "w-number")
            yield self._input("target", "target", "w-number")
            yield self._input("unit", "unit", "w-unit")
        with Horizontal(classes="kr-line"):
            yield self._select("kind", "w-kind")
            yield self._select("indicator", "w-indicator")
        with Horizontal(classes="kr-line kr-discovery"):
            if self.existing is None:
                yield Select(
                    TEMPLATE_CHOICES,
                    prompt="start from a template…",
                    compact=True,
                    id="kr-template",
                    classes="w-template",
                )
            yield self._select("discovery_type", "w-discovery")
            yield self._input("kill_by", "kill-by date", "w-date")
        with Horizontal(classes="kr-line kr-discovery"):
            yield self._input(
                "assumption", f"the assumption it tests: {ASSUMPTION_PROMPT}", "kr-assumption"
            )

    def on_mount(self) -> None:
        self._show_reading()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Say what the title's words give whenever the title or the numbers change."""
        if event.input.id in ("kr-title", "kr-baseline", "kr-target"):
            self._show_reading()

    def _show_reading(self) -> None:
        note = self.title_reading().note() if self._numbers_empty() else ""
        shown = self.query_one("#kr-read", Static)
        shown.update(note)
        shown.display = bool(note)

    def _numbers_empty(self) -> bool:
        return not any(str(self._value(name)).strip() for name in NUMBER_FIELDS)

    def title_reading(self) -> Measure:
        """What the measure reader reads in the title (the same reading as `okrtui lint`)."""
        return read_measure(str(self._value("title")))

    def on_select_changed(self, event: Select.Changed) -> None:
        """A template was picked: fill the fields with it (the draft then re-coaches)."""
        if event.select.id == "kr-template" and event.value is not Select.NULL:
            self.apply_template(str(event.value))

    def apply_template(self, name: str) -> None:
        """Fill the fields from the discovery template called `name`."""
        for field, value in template_named(name).kr_fields.items():
            widget = self.query_one(f"#kr-{field}")
            if isinstance(widget, Select):
                widget.value = value
            elif isinstance(widget, Input):
                widget.value = (
                    format_number(value).replace(",", "") if field in NUMBER_FIELDS else value
                )

    def _value(self, name: str) -> Any:
        widget = self.query_one(f"#kr-{name}")
        assert isinstance(widget, (Input, Select)), widget
        return widget.value

    def read(self) -> tuple[dict[str, Any], list[str]]:
        """The typed values as KeyResult fields, and what stops them from being saved."""
        fields: dict[str, Any] = {name: self._value(name) for name in CHOICES}
        fields |= {name: str(self._value(name)).strip() for name in TEXT_FIELDS}
        problems = []
        for name in NUMBER_FIELDS:
            try:
                fields[name] = parse_optional_number(str(self._value(name)), name)
            except InvalidInput as error:
                fields[name] = None
                problems.append(f"KR {self.position}: {error}")
        kill_by = str(self._value("kill_by")).strip()
        try:
            fields["kill_by"] = parse_day(kill_by, "kill-by date") if kill_by else None
        except InvalidInput as error:
            fields["kill_by"] = None
            problems.append(f"KR {self.position}: {error}")
        if not fields["title"]:
            problems.append(f"KR {self.position}: write a title (or remove the key result)")
        if fields["baseline"] is None and fields["target"] is None and not problems:
            # No numbers typed: the title's words give them, as an outline's bullet does.
            reading = self.title_reading()
            if reading.found:
                given = reading.key_result_fields()
                fields |= {k: v for k, v in given.items() if k != "unit" or not fields["unit"]}
        return fields, problems

    def preview(self, objective_id: str) -> KeyResult:
        """An unvalidated KeyResult of what is typed, for the coach."""
        fields, _ = self.read()
        base = self.existing.model_dump() if self.existing else {}
        return KeyResult.model_construct(**(base | fields | {"objective_id": objective_id}))

    @property
    def blank(self) -> bool:
        """Whether nothing has been typed into a new key result."""
        fields, _ = self.read()
        return self.existing is None and not any(
            fields[n] for n in ("title", "baseline", "target", "unit", "assumption", "kill_by")
        )
