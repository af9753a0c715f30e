"""The repository: the one API through which screens and commands read and change OKRs."""

from okrtui.store.repository.core import Repository
from okrtui.store.repository.work import Change

__all__ = ["Change", "Repository"]
