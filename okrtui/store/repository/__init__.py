"""The repository: the one API through which screens and commands read and change OKRs."""

from okrtui.store.repository.core import Repository

__all__ = ["Repository"]
