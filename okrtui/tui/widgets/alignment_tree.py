"""Provides `AlignmentTree`: the tree of a cycle's objectives, moved through with ↑/↓ or j/k."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Tree

from okrtui.domain.alignment import AlignmentNode


class AlignmentTree(Tree[AlignmentNode]):
    """The objective tree, moved through with ↑/↓ or j/k."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="alignment_tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="alignment_tree.up"),
    ]
