"""Pilot tests of the alignment tree: company → team → personal by link, weak links that
change no figure, strong ones that roll up, and links added, edited and removed."""

from __future__ import annotations

from okrtui.app import OkrApp
from okrtui.domain.models import Objective
from okrtui.screens.alignment import AlignmentScreen, AlignmentTree
from okrtui.screens.confirm import ConfirmScreen
from okrtui.screens.link_form import LinkFormScreen
from okrtui.store.repository import Repository
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
    await pilot.press("a")
    await pilot.pause()
    if key:
        tree = pilot.app.screen.query_one(AlignmentTree)
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
            (0, "O-1"), (1, "O-2"), (1, "O-3"), (1, "O-4"), (0, "O-5")
        ]
        labels = {key: label for _, key, label in lines}
        assert labels["O-2"].startswith("~ O-2") and "“A first week without friction" in labels["O-2"]
        assert "via KR-1" in labels["O-3"]
        assert "rolled up" not in labels["O-1"]  # weak links never change a figure
        heading = str(sample_app.screen.query_one("#alignment-heading").render())
        assert "3 link(s): 3 weak, 0 strong" in heading and "1 not linked" in heading


async def test_s_makes_a_link_strong_and_the_parent_shows_its_rolled_up_progress(sample_app: OkrApp, sample_repo: Repository):
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_alignment(pilot, "O-2")
        await pilot.press("s")
        await pilot.pause()
        labels = {key: label for _, key, label in tree_lines(sample_app)}
        assert labels["O-2"].startswith("═ O-2")
        assert "56% → 60% rolled up" in labels["O-1"]
        detail = str(sample_app.screen.query_one("#alignment-detail").render())
        assert "strong link" in detail and "rolls progress up" in detail
    (link,) = sample_repo.links(sample_repo.find(Objective, "O-2"))
    assert link.strength == "strong"


async def test_l_links_an_objective_with_a_hypothesis_and_refuses_none(sample_app: OkrApp, sample_repo: Repository):
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
        team.id, "weak", "Answering buyers myself frees dev"
    )


async def test_a_link_that_would_make_a_loop_is_refused_in_the_form(sample_app: OkrApp, sample_repo: Repository):
    before = sha256(sample_repo.path)
    async with sample_app.run_test(size=SIZE) as pilot:
        await open_alignment(pilot, "O-1")
        await pilot.press("l")
        await pilot.pause()
        sample_app.screen.query_one("#link-target").value = sample_repo.find(Objective, "O-2").id
        sample_app.screen.query_one("#link-hypothesis").value = "circular"
        await pilot.press("enter")
        await pilot.pause()
        assert "loop" in str(sample_app.screen.query_one("#link-error").render())
    assert sha256(sample_repo.path) == before


async def test_e_edits_and_x_removes_the_link_after_a_yes(sample_app: OkrApp, sample_repo: Repository):
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
        assert "hangs by no link" in str(sample_app.screen.query_one("#alignment-message").render())
