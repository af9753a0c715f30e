"""Provides `sync`: exchange the database's changes with the team's git remote, safely.

The database's lock is held only for what happens in the clone, never while waiting on the
network (a slow remote must not block `status` or a check-in):

1. under the lock: repair what a killed okrtui left (`recovery.repair_stale`), check the clone
   with `doctor` (git silently falls back to a text merge where the driver is missing), and
   commit what is uncommitted;
2. without it: fetch, and make the merge commit in git's object store alone
   (`git merge-tree --write-tree` through okrtui's driver, given on the command line so no
   config chooses it; then `git commit-tree`): nothing in the clone changes yet;
3. under the lock again: if a check-in committed meanwhile, go back to 2 with it; else write
   the merge's files into the clone atomically and move HEAD (`worktree.apply_commit`);
4. without it: push; a push rejected because someone pushed meanwhile goes round again, at
   most `PUSH_ATTEMPTS` times.

Killed at any instant, nothing acknowledged is lost and nothing is wedged: a change saved
before the sync is committed in step 1 (or by the next command), step 2 leaves only
unreferenced objects, and step 3 is finished by the next okrtui to take the lock. No
network, a failed merge or a refused push: a clear `SyncError`, local commits kept and the
database file exactly as it was. `resolve` repairs a merge that a plain `git pull` left
unmerged by running okrtui's merge over the three versions git keeps in its index.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import Timeout

from okrtui.domain.wording import count
from okrtui.store.engine import canonical, schema
from okrtui.store.engine.errors import DatabaseError
from okrtui.store.engine.locking import database_lock
from okrtui.store.engine.storage import atomic_write_bytes, parse_database
from okrtui.store.team import conflicts, gitrepo, recovery
from okrtui.store.team.gitattributes import DRIVER
from okrtui.store.team.gitrepo import GitError, git, last_line, show_blob
from okrtui.store.team.merge import MergeError, Side
from okrtui.store.team.merge_guard import guarded_merge_bytes
from okrtui.store.team.worktree import apply_commit

#: The driver reads these: which side is already published, and who is behind each side.
ENV_UPSTREAM = "OKRTUI_MERGE_UPSTREAM"
ENV_OURS_LABEL = "OKRTUI_MERGE_OURS"
ENV_THEIRS_LABEL = "OKRTUI_MERGE_THEIRS"
#: The values `ENV_UPSTREAM` may hold, as the sides they name.
_SIDES: dict[str, Side] = {"ours": "ours", "theirs": "theirs"}
#: Fetch-merge-push rounds before giving up on a remote that keeps moving.
PUSH_ATTEMPTS = 3
#: Seconds to wait for an okrtui process that is writing the database.
LOCK_TIMEOUT = 30.0
#: Times a merge is made again because a check-in committed while it was being made.
MERGE_ATTEMPTS = 5


class SyncError(GitError):
    """The sync stopped; the message says why, and that nothing local was lost."""


@dataclass
class SyncReport:
    """What a sync did, for the one-paragraph summary people read."""

    remote: str = ""
    received: int = 0
    sent: int = 0
    merged: bool = False
    recovered: bool = False
    resolved: bool = False
    #: What the sync repaired first (leftovers of a killed okrtui), for people.
    repaired: list[str] = field(default_factory=list)
    #: Conflict entries the sync brought (open ones need a decision; info ones are news).
    added: list[dict[str, Any]] = field(default_factory=list)

    @property
    def open_conflicts(self) -> list[dict[str, Any]]:
        return [e for e in self.added if e.get("status") == conflicts.OPEN]

    def lines(self) -> list[str]:
        """`Synced with origin: ↓3 ↑1 (merged)`, then one line per renumbered key and conflict."""
        how = " (merged)" if self.merged else ""
        out = [f"Synced with {self.remote}: ↓{self.received} ↑{self.sent}{how}"]
        if self.resolved:
            out.insert(0, "Repaired the unfinished merge with okrtui's merge.")
        if self.recovered:
            out.insert(0, "Committed changes an earlier okrtui left uncommitted.")
        out[:0] = [f"Repaired: {line}." for line in self.repaired]
        out += [
            f"  {e.get('note')}" for e in self.added if e.get("kind") == conflicts.KEY_RENUMBERED
        ]
        waiting = self.open_conflicts
        if waiting:
            out.append(
                f"{count(len(waiting), 'conflict')} to decide (open okrtui and press !, or 'okrtui conflicts'):"
            )
            out += [
                f"  {conflicts.Conflict(e).where}: {e.get('note') or conflicts.Conflict(e).label}"
                for e in waiting
            ]
        return out


def sync(db_path: Path, *, resolve: bool = False, lock_timeout: float = LOCK_TIMEOUT) -> SyncReport:
    """Commit, fetch, merge and push the database at `db_path` (see the module docstring)."""
    return _Sync(Path(db_path), lock_timeout).run(resolve)


def _conflict_entries(db_path: Path) -> dict[str, dict[str, Any]]:
    try:
        raw = canonical.loads(db_path.read_bytes())
        return {e["id"]: e for e in raw.get(conflicts.CONFLICTS_TABLE, {}).values()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


class _Sync:
    def __init__(self, db_path: Path, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.db_path = db_path
        self.folder = db_path.parent
        self.name = db_path.name
        self.lock_timeout = lock_timeout
        self.report = SyncReport()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """The database's lock, for the steps that change the clone (never the network)."""
        lock = database_lock(self.db_path, self.lock_timeout)
        try:
            lock.acquire()
        except Timeout:
            raise SyncError(
                f"another okrtui process has held {self.name}'s lock for {self.lock_timeout:g} s; "
                "try again when it is done"
            ) from None
        try:
            yield
        finally:
            lock.release()

    def run(self, resolve: bool) -> SyncReport:
        if not (self.folder / ".git").exists():
            raise SyncError(
                f"{self.db_path} is not shared through git yet: run 'okrtui git init --remote URL' "
                "(or 'okrtui git clone URL DIR' to join a team)"
            )
        before = _conflict_entries(self.db_path)
        with self._locked():
            gitrepo.refuse_unsafe(self.folder)
            self.report.repaired = recovery.repair_stale(self.db_path, asked=resolve)
            if resolve:
                self.report.resolved = self._resolve()
            problems = gitrepo.doctor(self.db_path)
            if problems:
                raise SyncError("cannot sync: " + "; ".join(problems))
            self.report.recovered = gitrepo.AutoCommit(self.db_path).recover()
            remote, branch = self._remote_and_branch()
        self.report.remote = remote
        for _ in range(PUSH_ATTEMPTS):
            tip = self._fetch(remote, branch)
            if tip is not None:
                self._bring_in(tip, remote, branch)
            if self._push(remote, branch, tip):
                break
        else:
            raise SyncError(
                f"'{remote}' kept changing while okrtui pushed ({PUSH_ATTEMPTS} tries): your commits "
                "are safe here; run 'okrtui sync' again in a moment"
            )
        after = _conflict_entries(self.db_path)
        self.report.added = [e for i, e in after.items() if i not in before]
        git(self.folder, "gc", "--auto", "--quiet", check=False)
        return self.report

    # -- steps --------------------------------------------------------------------------

    def _remote_and_branch(self) -> tuple[str, str]:
        head = git(self.folder, "symbolic-ref", "--short", "-q", "HEAD", check=False)
        if head.returncode != 0:
            raise SyncError(
                "the repository is not on a branch (detached HEAD): check out your branch with 'okrtui git switch main'"
            )
        branch = head.stdout.strip()
        remotes = git(self.folder, "remote").stdout.split()
        remote = gitrepo.config(self.folder, f"branch.{branch}.remote") or (
            "origin" if "origin" in remotes else (remotes[0] if remotes else "")
        )
        if not remote:
            raise SyncError(
                "there is no remote to sync with: add one with 'okrtui git remote add origin URL'"
            )
        return remote, branch

    def _fetch(self, remote: str, branch: str) -> str | None:
        """Fetch; returns the remote branch's ref, or None when the remote has no such branch."""
        done = git(self.folder, "fetch", "--quiet", "--no-recurse-submodules", remote, check=False)
        if done.returncode != 0:
            raise SyncError(
                f"cannot reach the remote '{remote}' ({last_line(done.stderr)}); nothing was changed: "
                "your changes are committed here and go out with the next sync"
            )
        tip = f"refs/remotes/{remote}/{branch}"
        exists = git(self.folder, "rev-parse", "--verify", "-q", tip, check=False).returncode == 0
        return tip if exists else None

    def _counts(self, tip: str, head: str = "HEAD") -> tuple[int, int]:
        """(commits only here, commits only on the remote)."""
        out = git(
            self.folder, "rev-list", "--left-right", "--count", f"{head}...{tip}"
        ).stdout.split()
        return int(out[0]), int(out[1])

    def _head(self) -> str:
        return git(self.folder, "rev-parse", "HEAD").stdout.strip()

    def _bring_in(self, tip: str, remote: str, branch: str) -> None:
        """Fast-forward to the remote's commits or merge them (see the module docstring)."""
        tip = git(self.folder, "rev-parse", tip).stdout.strip()
        for _ in range(MERGE_ATTEMPTS):
            head = self._head()
            ahead, behind = self._counts(tip, head)
            if not behind:
                return
            self._refuse_newer_schema(tip)
            new = self._merge_commit(head, tip, remote, branch) if ahead else tip
            with self._locked():
                if self._head() != head or gitrepo.AutoCommit(self.db_path).recover():
                    continue  # a change was committed meanwhile: merge again with it
                apply_commit(self.db_path, head, new)
            self.report.received += behind
            self.report.merged = self.report.merged or bool(ahead)
            return
        raise SyncError(
            f"{self.name} kept changing while okrtui merged ({MERGE_ATTEMPTS} tries): your "
            "changes are committed here; run 'okrtui sync' again in a moment"
        )

    def _merge_commit(self, head: str, tip: str, remote: str, branch: str) -> str:
        """The merge of `head` and `tip`, made in git's object store only (the clone is not
        touched): okrtui's driver merges the database, named on the command line."""
        env = {
            ENV_UPSTREAM: "theirs",
            ENV_OURS_LABEL: gitrepo.author_name(self.folder) or "ours",
            ENV_THEIRS_LABEL: git(
                self.folder, "log", "-1", "--no-merges", "--format=%an", tip
            ).stdout.strip()
            or remote,
        }
        driver = gitrepo.driver_command()
        done = git(
            self.folder,
            "-c",
            f"merge.{DRIVER}.driver={driver}",
            "merge-tree",
            "--write-tree",
            "--no-messages",
            head,
            tip,
            check=False,
            env=env,
        )
        tree = done.stdout.split("\n", 1)[0].strip()
        if "--write-tree" in done.stderr or "usage: git merge-tree" in done.stderr:
            raise SyncError(
                "okrtui sync needs git 2.38 or newer (it merges with 'git merge-tree "
                "--write-tree'): upgrade git; nothing was changed"
            )
        if done.returncode != 0 or not tree:
            reasons = [line for line in done.stderr.splitlines() if "cannot merge" in line]
            reason = reasons[0] if reasons else last_line(done.stderr or done.stdout)
            raise SyncError(
                f"the merge with {remote}/{branch} failed and was undone ({reason}); {self.name} "
                "is as it was and your commits are safe. Fix the cause, then run 'okrtui sync'"
            )
        made = git(
            self.folder,
            "commit-tree",
            tree,
            "-p",
            head,
            "-p",
            tip,
            "-m",
            f"Sync with {remote}/{branch}",
        )
        return made.stdout.strip()

    def _refuse_newer_schema(self, tip: str) -> None:
        data = show_blob(self.folder, f"{tip}:{self.name}")
        if data is None:
            return
        try:
            meta = schema.read_meta(
                parse_database(data, Path(f"{tip}:{self.name}")), Path(self.name)
            )
        except DatabaseError as exc:
            raise SyncError(
                f"the remote's {self.name} cannot be read ({exc}); nothing was changed"
            ) from None
        if int(meta["schema_version"]) > schema.SCHEMA_VERSION:
            raise SyncError(
                f"the team's {self.name} was written by a newer okrtui (schema {meta['schema_version']}, "
                f"this one knows {schema.SCHEMA_VERSION}): upgrade okrtui, then sync; nothing was changed"
            )

    def _push(self, remote: str, branch: str, tip: str | None) -> bool:
        """Push what the remote lacks; False when it moved meanwhile (go round again)."""
        ahead = self._counts(tip)[0] if tip else 1
        if not ahead:
            return True
        done = git(self.folder, "push", "--quiet", remote, f"HEAD:refs/heads/{branch}", check=False)
        if done.returncode == 0:
            self.report.sent += (
                ahead if tip else int(git(self.folder, "rev-list", "--count", "HEAD").stdout)
            )
            if not gitrepo.config(self.folder, f"branch.{branch}.remote"):
                git(
                    self.folder,
                    "branch",
                    "--quiet",
                    f"--set-upstream-to={remote}/{branch}",
                    check=False,
                )
            return True
        moved = self._fetch(remote, branch)
        if (
            moved is not None
            and git(
                self.folder, "merge-base", "--is-ancestor", moved, "HEAD", check=False
            ).returncode
            != 0
        ):
            return False
        raise SyncError(
            f"'{remote}' refused the push ({last_line(done.stderr)}); your commits are safe here"
        )

    # -- repair -------------------------------------------------------------------------

    def _resolve(self) -> bool:
        """Finish a merge git left unmerged, with okrtui's merge over the index stages."""
        if not git(self.folder, "ls-files", "-u", "--", self.name).stdout.strip():
            return False
        stages = [show_blob(self.folder, f":{n}:{self.name}") for n in (1, 2, 3)]
        if stages[1] is None or stages[2] is None:
            raise SyncError(
                f"{self.name} was deleted on one side of the merge: keep it with 'okrtui git checkout --ours {self.name}'"
            )
        rebasing = any(
            (self.folder / ".git" / d).exists() for d in ("rebase-merge", "rebase-apply")
        )
        try:
            merged, _ = guarded_merge_bytes(
                stages[0] or b"", stages[1], stages[2], upstream="ours" if rebasing else "theirs"
            )
        except MergeError as exc:
            raise SyncError(f"cannot repair the merge: {exc}") from None
        with gitrepo.busy(self.folder):
            atomic_write_bytes(self.db_path, merged)
            git(self.folder, "add", "--", self.name)
            if git(self.folder, "ls-files", "-u").stdout.strip():
                raise SyncError(
                    f"{self.name} is repaired, but other files are still unmerged: fix them with git, then run 'okrtui sync'"
                )
            merging = (self.folder / ".git" / "MERGE_HEAD").exists()
            if merging:
                git(self.folder, "commit", "--quiet", "--no-verify", "--no-edit")
        if not merging:
            raise SyncError(
                f"{self.name} is repaired and staged; finish what git was doing ('okrtui git rebase --continue' or 'okrtui git cherry-pick --continue'), then run 'okrtui sync'"
            )
        return True


def upstream_side(environ: Mapping[str, str] = os.environ) -> Side | None:
    """Which side of the driver's merge is already published (it keeps a contested key).

    `okrtui sync` says so; under `git pull --rebase` (and `git rebase`) git swaps the sides, so
    ours (%A) is upstream; under a merge or plain pull it is theirs. A plain `git rebase` sets
    nothing: None, and the earliest-created record keeps the key.
    """
    told = _SIDES.get(environ.get(ENV_UPSTREAM, ""))
    if told is not None:
        return told
    action = environ.get("GIT_REFLOG_ACTION", "")
    if "rebase" in action:
        return "ours"
    if action.startswith(("pull", "merge")):
        return "theirs"
    return None


def side_labels(environ: Mapping[str, str] = os.environ) -> tuple[str, str]:
    """Who is behind ours and theirs, for conflict entries ("ours"/"theirs" when unknown)."""
    return environ.get(ENV_OURS_LABEL) or "ours", environ.get(ENV_THEIRS_LABEL) or "theirs"
