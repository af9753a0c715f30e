"""Provides `Repository`, the only way screens and commands read and change okrtui data.

A repository is the database's records (`Records`: typed reads, the record-level writes and
the public unit of work, `work`) with the practice's operations beside them as small
services, each built on that unit of work alone:

- `repo.review`: the end-of-cycle review, scores, reflections, closing and roll-over;
- `repo.roadmap`: bets, their horizons and the KRs they should move;
- `repo.alignment`: links between objectives, their strength and whether they held;
- `repo.discovery`: evidence, kill-by dates, killing and graduating discovery KRs;
- `repo.conflicts`: what a git merge left for a person to decide;
- `repo.context`: the shared context of drafting (purpose, strategy, inputs);
- `repo.backlog`: backlog items and their links to key results and bets;
- `repo.weekly`: the weekly report and the keep / pivot / drop decisions it tells of.

Every change is one atomic, locked transaction; an operation returns a `Change` whose
description ("Check in KR-12: 40 → 45") is the undo label, the commit message and the toast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from okrtui.domain.clock import Clock
from okrtui.store.engine.database import Database
from okrtui.store.repository.alignment import Alignment
from okrtui.store.repository.backlog_ops import BacklogService
from okrtui.store.repository.conflicts import Conflicts
from okrtui.store.repository.context_ops import ContextService
from okrtui.store.repository.discovery import Discovery
from okrtui.store.repository.records import Records
from okrtui.store.repository.review import Review
from okrtui.store.repository.roadmap import Roadmap
from okrtui.store.repository.weekly_ops import WeeklyService
from okrtui.store.team import gitattributes

if TYPE_CHECKING:
    from okrtui.store.team.gitrepo import AutoCommit


class Repository(Records):
    """Typed access to one okrtui database, with the practice's services."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.review = Review(self)
        self.roadmap = Roadmap(self)
        self.alignment = Alignment(self)
        self.discovery = Discovery(self)
        self.conflicts = Conflicts(self)
        self.context = ContextService(self)
        self.backlog = BacklogService(self)
        self.weekly = WeeklyService(self, self.backlog, self.roadmap)
        #: Commits each change when the database is shared through git (see `open`).
        self.autocommit: AutoCommit | None = None

    def checkin_author(self) -> str:
        """Who a check-in made here is by: the git author in a database shared through git
        (what the team's history says), else the person's setting, else their login name."""
        if self.autocommit is not None and self.autocommit.author:
            return self.autocommit.author
        return super().checkin_author()

    @classmethod
    def open(cls, path: Path, clock: Clock) -> Repository:
        """Open (creating, migrating or refusing) the database at `path`."""
        repository = cls(Database(path, clock))
        if gitattributes.tracks(repository.path):
            # Imported only here: git's machinery (subprocess, sockets…) would add about
            # 20 ms to every start, and a database that is not shared never needs it.
            from okrtui.store.team import recovery

            repository.autocommit = recovery.attach(repository.db)
        return repository
