"""Provides the errors the store raises; each message names the file and what to do."""

from __future__ import annotations

from okrtui.domain.errors import OkrError


class DatabaseError(OkrError):
    """The database file cannot be used as it is."""


class UnreadableDatabase(DatabaseError):
    """The file is not valid JSON, not an okrtui database, or breaks the data model."""


class NewerSchema(DatabaseError):
    """The file was written by a newer okrtui; this one must not touch it."""


class DatabaseLocked(DatabaseError):
    """Another okrtui process kept the write lock for too long."""


class WriteFailed(DatabaseError):
    """Writing the file failed (disk full, permission denied…); the old file is intact."""


class StaleData(DatabaseError):
    """The file changed on disk since this process read it."""
