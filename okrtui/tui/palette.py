"""Provides `OkrCommands`, the command palette's okrtui commands (ctrl+p).

Every command reads "Category: action", so typing the category lists its family: "Go: KR-12
Onboarding completion" jumps to any KR or objective by key or title, "Cycle: show 2026-Q3"
switches cycles, "Filter: …" applies a common filter, "View: …" a saved one (and saves the
current filter under a name), "Discovery:", "Roadmap:", "Alignment:"
and "Review: …" open the practice's screens, plus check-in, undo and help. The list
is built from the database once each time the palette opens (not on every keystroke), so it
is always current.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from okrtui.domain.errors import OkrError
from okrtui.tui.literal import escaped, literal_text

if TYPE_CHECKING:
    from okrtui.tui.app_base import OkrAppBase

#: Ready-made filters offered in the palette: (name, query).
COMMON_FILTERS = (
    ("stale key results", "status:stale"),
    ("at risk or off track", "status:at_risk,off_track"),
    ("outputs posing as key results", "kind:output"),
    ("leading indicators", "indicator:leading"),
    ("discovery objectives", "mode:discovery"),
    ("company level", "level:company"),
)


@dataclass(frozen=True)
class PaletteCommand:
    """One entry of the palette."""

    title: str
    help: str
    run: Callable[[], object]


class OkrCommands(Provider):
    """okrtui's commands for Textual's command palette."""

    async def startup(self) -> None:
        """List the commands once per opening of the palette: searching runs on every
        keystroke, and the list reads the database and the saved views."""
        self._listed = list(self._commands())

    def _commands(self) -> Iterator[PaletteCommand]:
        # The provider runs only inside OkrApp (its COMMANDS), which Textual types as any App.
        app = cast("OkrAppBase", self.app)
        yield PaletteCommand(
            "Check-in: start the weekly check-in",
            "Walk the due KRs one by one",
            partial(app.run_dashboard_action, "checkin"),
        )
        yield PaletteCommand(
            "Draft: a new objective in this cycle",
            "n on the dashboard",
            partial(app.run_dashboard_action, "new_objective"),
        )
        yield PaletteCommand(
            "Cycle: start a new cycle",
            "The one after the latest, by default (N on the dashboard)",
            partial(app.run_dashboard_action, "new_cycle"),
        )
        yield PaletteCommand(
            "Edit: undo the last change",
            "Also works after a restart",
            partial(app.run_dashboard_action, "undo"),
        )
        yield PaletteCommand(
            "Help: show the keys", "Every key that works on this screen", app.action_help
        )
        yield PaletteCommand(
            "Team: resolve conflicts",
            "What merges left to decide (! on the dashboard)",
            partial(app.run_dashboard_action, "conflicts"),
        )
        yield PaletteCommand(
            "Team: sync now",
            "Commit, fetch, merge and push through git (S on the dashboard)",
            partial(app.run_dashboard_action, "sync"),
        )
        yield PaletteCommand(
            "Discovery: assumptions, evidence and kill-by dates",
            "d on the dashboard",
            partial(app.run_dashboard_action, "discovery"),
        )
        yield PaletteCommand(
            "Roadmap: the Now / Next / Later bets",
            "m on the dashboard",
            partial(app.run_dashboard_action, "roadmap"),
        )
        yield PaletteCommand(
            "Alignment: the tree of objectives and their links",
            "a on the dashboard",
            partial(app.run_dashboard_action, "alignment"),
        )
        yield PaletteCommand(
            "Filter: clear", "Show every KR of the cycle", partial(app.apply_filter, "")
        )
        for name, query in COMMON_FILTERS:
            yield PaletteCommand(f"Filter: {name}", query, partial(app.apply_filter, query))
        yield PaletteCommand(
            "View: save the current filter as a view",
            "Name it; it comes back as 'View: <name>'",
            app.save_view,
        )
        for view in app.views.all():
            yield PaletteCommand(
                f"View: {view.name}", view.query, partial(app.apply_filter, view.query)
            )
            yield PaletteCommand(
                f"View: forget {view.name}",
                f"Drop the saved view ({view.query})",
                partial(app.forget_view, view.name),
            )
        try:
            repository = app.repository
            cycles = repository.cycles()
            objectives = repository.objectives()
            key_results = repository.key_results()
        except OkrError:
            return
        for cycle in reversed(cycles):
            yield PaletteCommand(
                f"Cycle: show {cycle.name}",
                f"{cycle.start} → {cycle.end}, {cycle.state}",
                partial(app.show_cycle, cycle.id),
            )
        for cycle in reversed(cycles):
            verb = "look back at" if cycle.state == "closed" else "score, reflect and close"
            yield PaletteCommand(
                f"Review: {verb} {cycle.name}",
                "scores, links, calibration, roll-over",
                partial(app.run_dashboard_action, f"review('{cycle.id}')"),
            )
        for objective in objectives:
            yield PaletteCommand(
                f"Go: {objective.key} {objective.label}",
                f"{objective.level} objective",
                partial(app.go_to, objective.key),
            )
        for kr in key_results:
            yield PaletteCommand(
                f"Go: {kr.key} {kr.title}", "open the key result", partial(app.go_to, kr.key)
            )

    async def discover(self) -> Hits:
        for command in self._listed:
            if not command.title.startswith("Go:"):
                yield DiscoveryHit(
                    literal_text(command.title),
                    command.run,
                    text=command.title,
                    help=escaped(command.help),
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._listed:
            score = matcher.match(command.title)
            if score > 0:
                # The palette reads titles and help as markup: names and titles in them are
                # escaped, so "View: maria [/] risks" is shown as typed.
                yield Hit(
                    score,
                    matcher.highlight(escaped(command.title)),
                    command.run,
                    text=command.title,
                    help=escaped(command.help),
                )
