"""Pilot tests of the alignment tree: company → team → personal by link, weak links that
change no figure, strong ones that roll up, and links added, edited and removed."""

from __future__ import annotations

from textual.widgets import Select

from okrtui.domain.models import KeyResult, Link, Objective
from okrtui.store.repository import Repository
from okrtui.tui.app import OkrApp
from okrtui.tui.dialogs.confirm import ConfirmScreen
from okrtui.tui.dialogs.link_form import LinkFormScreen
from okrtui.tui.screens.alignment import AlignmentScreen
from okrtui.tui.widgets.alignment_tree import AlignmentTree
from tests.store.conftest import sha256

SIZE = (120, 40)


def tree_lines(app: OkrApp) -> list[tuple[int, str, str]]:
    """(depth, objective key, label) of every node, top to bottom."""
    tree = app.screen.query_one(AlignmentTree)
    lines = []

    def visit(node, depth):
        for child in node.children:
            lines.append((depth, child.data.objective.key, str(child.label)))
            visit(child, depth + 1)

    visit(tree.root, 0)
    return lines


async def open_alignment(pilot, key: str | None = None) -> None:
    """Open the alignment screen (a) and, when given, put the cursor on objective `key`."""
    await pilot.press("a")
    await pilot.pause()
    if key:
        await open_alignment_cursor(pilot, key)


async def open_alignment_cursor(pilot, key: str) -> None:
    """On the alignment screen already: move the cursor (from the top) to `key`."""
    tree = pilot.app.screen.query_one(AlignmentTree)
    tree.move_cursor_to_line(0)
    await pilot.pause()
    for _ in range(12):
        node = tree.cursor_node
        if node is not None and node.data.objective.key == key:
            break
        await pilot.press("j")
    await pilot.pause()


async def test_a_shows_the_tree_with_weak_links_and_their_hypotheses(sample_app: OkrApp):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_alignment(pilot)
        assert isinstance(sample_app.screen, AlignmentScreen)
        lines = tree_lines(sample_app)
        assert [(depth, key) for depth, key, _ in lines] == [
            (0, "O-1"),
            (1, "O-2"),
            (1, "O-3"),
            (1, "O-4"),
            (0, "O-5"),
        ]
        labels = {key: label for _, key, label in lines}
        assert (
            labels["O-2"].startswith("~ O-2") and "“A first week without friction" in labels["O-2"]
        )
        assert "via KR-1" in labels["O-3"]
        assert "rolled up" not in labels["O-1"]  # weak links never change a figure
        heading = str(sample_app.screen.query_one(".practice-heading").render())
        assert "3 link(s): 3 weak, 0 strong" in heading and "1 not linked" in heading


async def test_s_makes_a_link_strong_and_the_parent_shows_its_rolled_up_progress(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_alignment(pilot, "O-2")
        await pilot.press("s")
        await pilot.pause()
        labels = {key: label for _, key, label in tree_lines(sample_app)}
        assert labels["O-2"].startswith("═ O-2")
        assert "56% → 60% rolled up" in labels["O-1"]
        detail = str(sample_app.screen.query_one(".practice-detail").render())
        assert "strong link" in detail and "rolls progress up" in detail
    (link,) = sample_repo.links(sample_repo.find(Objective, "O-2"))
    assert link.strength == "strong"


async def test_l_links_an_objective_with_a_hypothesis_and_refuses_none(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_alignment(pilot, "O-5")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(sample_app.screen, LinkFormScreen)
        team = sample_repo.find(Objective, "O-3")
        sample_app.screen.query_one("#link-target").value = team.id
        await pilot.press("enter")
        await pilot.pause()
        assert "write the hypothesis" in str(sample_app.screen.query_one("#link-error").render())
        sample_app.screen.query_one("#link-hypothesis").value = "Answering buyers myself frees dev"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(sample_app.screen, AlignmentScreen)
        assert (2, "O-5") in [(d, k) for d, k, _ in tree_lines(sample_app)]
    (link,) = sample_repo.links(sample_repo.find(Objective, "O-5"))
    assert (link.to_objective_id, link.strength, link.hypothesis) == (
        team.id,
        "weak",
        "Answering buyers myself frees dev",
    )


def target_values(app: OkrApp) -> list[str]:
    """The ids the link form's picker offers."""
    return [
        value
        for _, value in app.screen.query_one("#link-target", Select)._options
        if value is not Select.BLANK
    ]


async def test_a_company_objective_has_nothing_to_link_to_and_l_says_so(
    sample_app: OkrApp, sample_repo: Repository
):
    before = sha256(sample_repo.path)
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_alignment(pilot, "O-1")
        assert "the top of the tree" in str(
            sample_app.screen.query_one(".practice-detail").render()
        )
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(sample_app.screen, AlignmentScreen)  # no form to fill in for nothing
        none = "O-1 is a company objective: nothing is higher to link to"
        assert none in str(sample_app.screen.query_one(".practice-message").render())
    assert sha256(sample_repo.path) == before


async def test_the_picker_offers_only_strictly_higher_objectives_and_their_krs(
    sample_app: OkrApp, sample_repo: Repository
):
    ids = {o.key: o.id for o in sample_repo.objectives()} | {
        kr.key: kr.id for kr in sample_repo.key_results()
    }
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_alignment(pilot, "O-5")  # personal: team and company above it
        await pilot.press("l")
        await pilot.pause()
        offered = target_values(sample_app)
        assert offered[:4] == [ids["O-1"], ids["KR-1"], ids["KR-2"], ids["KR-3"]]  # company first
        assert {ids["O-2"], ids["O-3"], ids["O-4"], ids["KR-12"]} <= set(offered)
        assert ids["O-5"] not in offered and ids["KR-14"] not in offered
        await pilot.press("escape")
        await pilot.pause()
        await open_alignment_cursor(pilot, "O-3")  # team: only the company objective and its KRs
        await pilot.press("l")
        await pilot.pause()
        assert target_values(sample_app) == [ids["O-1"], ids["KR-1"], ids["KR-2"], ids["KR-3"]]


async def test_a_link_stored_against_the_levels_shows_flagged_edits_are_refused_x_removes_it(
    sample_app: OkrApp, sample_repo: Repository
):
    """A database written before the rule: company O-1 links to KR-14 of personal O-5. It
    opens, the tree shows it where it points with a mark; editing is refused, removing works,
    and a link back that would close a loop through it is refused too."""
    company, personal = sample_repo.find(Objective, "O-1"), sample_repo.find(Objective, "O-5")
    legacy = sample_repo.create(
        Link,
        from_objective_id=company.id,
        to_key_result_id=sample_repo.find(KeyResult, "KR-14").id,
        hypothesis="buyers' words make us mature",
    )
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_alignment(pilot)
        assert [(d, k) for d, k, _ in tree_lines(sample_app)][:2] == [(0, "O-5"), (1, "O-1")]
        labels = {key: label for _, key, label in tree_lines(sample_app)}
        assert "⚠ against the levels" in labels["O-1"] and "⚠" not in labels["O-2"]
        heading = str(sample_app.screen.query_one(".practice-heading").render())
        assert "1 ⚠ against the levels" in heading
        await open_alignment_cursor(pilot, "O-5")
        await pilot.press("l")
        await pilot.pause()
        sample_app.screen.query_one("#link-target").value = company.id
        sample_app.screen.query_one("#link-hypothesis").value = "circular"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "loop" in str(sample_app.screen.query_one("#link-error").render())
        await pilot.press("escape")
        await pilot.pause()
        before = sha256(sample_repo.path)
        await open_alignment_cursor(pilot, "O-1")
        detail = str(sample_app.screen.query_one(".practice-detail").render())
        assert "but O-1 (company) links to O-5 (personal). x removes the link." in detail
        await pilot.press("s")
        await pilot.pause()
        message = str(sample_app.screen.query_one(".practice-message").render())
        assert message.startswith(
            f"{legacy.key} cannot be kept as it is: O-1 is a company objective"
        )
        assert sha256(sample_repo.path) == before
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert next((d, k) for d, k, _ in tree_lines(sample_app)) == (0, "O-1")
    assert sample_repo.links(company) == []
    assert sample_repo.links(personal) == []


async def test_e_edits_and_x_removes_the_link_after_a_yes(
    sample_app: OkrApp, sample_repo: Repository
):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_alignment(pilot, "O-4")
        await pilot.press("e")
        await pilot.pause()
        sample_app.screen.query_one("#link-hypothesis").value = "Reconciliation makes us integrated"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(sample_app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert (0, "O-4") in [(d, k) for d, k, _ in tree_lines(sample_app)]
    assert sample_repo.links(sample_repo.find(Objective, "O-4")) == []
    sample_repo.undo()
    (link,) = sample_repo.links(sample_repo.find(Objective, "O-4"))
    assert link.hypothesis == "Reconciliation makes us integrated"


async def test_keys_on_an_unlinked_objective_explain_themselves(sample_app: OkrApp):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_alignment(pilot, "O-5")
        await pilot.press("s")
        await pilot.pause()
        assert "hangs by no link" in str(sample_app.screen.query_one(".practice-message").render())


async def test_a_strong_link_rolls_up_on_the_dashboard_and_in_status_too(
    sample_app: OkrApp, sample_repo: Repository, capsys
):
    """The alignment view shows O-1 at 60 % once O-2 links to it strongly: so do the
    dashboard's O-1 row and `okrtui status` (text and JSON), not its own 56 %."""
    import json

    from okrtui.commands.status import as_json, build_report
    from okrtui.tui.widgets.okr_table import OkrTable

    (link,) = sample_repo.links(sample_repo.find(Objective, "O-2"))
    sample_repo.update(link, strength="strong")
    async with sample_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = sample_app.screen.query_one(OkrTable)
        row = next(
            " ".join(str(cell) for cell in table.get_row_at(i))
            for i in range(table.row_count)
            if "O-1" in str(table.get_row_at(i)[0])
        )
        assert "60%" in row.replace(" %", "%")
    cycle = sample_repo.current_cycle()
    document = json.loads(json.dumps(as_json(cycle, build_report(sample_repo, cycle))))
    o1 = next(o for o in document["objectives"] if o["key"] == "O-1")
    assert round(o1["progress"], 2) == 0.60
