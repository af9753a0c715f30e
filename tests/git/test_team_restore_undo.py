"""Restore and undo know about the team (issue 13, item 1).

Three real clones of a bare repository in the test's temp folder; each person signs commits
with their own git author.
"""

from __future__ import annotations

import pytest

from okrtui.domain.errors import OkrError
from okrtui.domain.models import CheckIn, KeyResult
from okrtui.store.engine import backups, journal
from okrtui.store.team import gitrepo
from tests.git.conftest import Team, add_checkin, git, okrtui


@pytest.fixture
def people(team: Team, monkeypatch: pytest.MonkeyPatch):
    """Return `as_person(name)`: what follows runs as that git author (env, like a shell)."""

    def as_person(name: str) -> None:
        for var in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
            monkeypatch.setenv(var, name)

    return as_person


def _notes(tables: dict) -> set[str]:
    return {c.get("note", "") for c in tables["checkins"].values()}


def test_restore_in_a_team_clone_keeps_what_teammates_added_since(team: Team, people):
    people("alice")
    team.a.close()
    okrtui("--db", team.a.db, "checkin", "KR-1", "55")  # this process backs the file up first
    backup = backups.list_backups(team.a.db)[0].path.name
    team.a.sync()
    people("bob")
    team.b.sync()
    team.b.repo.add_checkin(team.b.kr("KR-5"), 61, note="bob's reading")
    team.b.sync()
    people("alice")
    team.a.sync()  # alice now has bob's check-in
    team.a.repo.delete_key_result(team.a.kr("KR-4"))  # by mistake: the backup has it
    team.a.close()

    restored = okrtui("--db", team.a.db, "restore", "--backup", backup)

    assert restored.code == 0, restored.err
    assert "added since kept" in restored.out
    team.a.sync()
    team.round()
    tables = team.assert_converged()
    assert "bob's reading" in _notes(tables)  # never a deletion in any clone
    assert any(k["key"] == "KR-4" for k in tables["key_results"].values())  # brought back
    assert okrtui("--db", team.c.db, "conflicts").code == 0
    assert git(team.a.folder, "log", "-20", "--format=%s").count("Restore ") >= 1


def test_restore_of_an_unreadable_team_file_brings_back_the_backup_and_the_team(team: Team):
    okrtui("--db", team.a.db, "checkin", "KR-1", "55")
    team.a.sync()
    add_checkin(team.b, "KR-5", 61)
    team.b.sync()
    team.a.sync()
    team.a.close()
    team.a.db.write_bytes(b'{"_meta": {"1": ')  # broken by a crash or a hand edit

    restored = okrtui("--db", team.a.db, "restore")

    assert restored.code == 0, restored.err
    assert "kept as" in restored.out
    assert list(team.a.folder.glob("okrtui.json.corrupt-*"))
    team.a.sync()
    team.round()
    values = {c["value"] for c in team.assert_converged()["checkins"].values()}
    assert {55, 61} <= values


def test_the_journal_says_whose_change_and_which_clone(team: Team, people):
    people("alice")
    add_checkin(team.a, "KR-1", 60)
    entry = max(team.a.tables()[journal.JOURNAL_TABLE].items(), key=lambda item: int(item[0]))[1]
    assert entry["author"] == "alice"
    assert entry["clone"] == gitrepo.clone_id(team.a.folder)
    assert gitrepo.clone_id(team.a.folder) != gitrepo.clone_id(team.b.folder)


def _bobs_change_after_alices(team: Team, people) -> None:
    """bob checks in KR-1 and syncs, alice checks in KR-5 and syncs: in alice's clone, bob's
    check-in now stands after alice's own last change."""
    people("bob")
    add_checkin(team.b, "KR-1", 48)
    team.b.sync()
    people("alice")
    add_checkin(team.a, "KR-5", 63)
    team.a.sync()


def test_undo_never_takes_back_a_teammates_change(team: Team, people):
    _bobs_change_after_alices(team, people)

    from okrtui.store.engine.journal import UndoNeedsConfirmation

    with pytest.raises(UndoNeedsConfirmation) as asked:
        team.a.repo.undo()
    assert "your “Check in KR-5: 60 → 63”" in str(asked.value)
    assert "bob's “Check in KR-1: 52 → 48”" in str(asked.value)
    assert team.a.repo.undo(confirmed=True) == "Check in KR-5: 60 → 63"

    values = {c.value for c in team.a.repo.all(CheckIn)}
    assert 48 in values and 63 not in values
    assert team.a.repo.undoable() != "Check in KR-1: 52 → 48"


def test_undo_in_another_clone_of_the_same_person_does_not_undo_this_clones_change(team: Team):
    add_checkin(team.a, "KR-1", 60)  # the same author everywhere (the fixture's identity)
    team.a.sync()
    team.b.sync()
    before = team.b.repo.undoable()
    assert before != "Check in KR-1: 52 → 60"
    with pytest.raises(OkrError):
        while True:  # b undoes everything it may: a's check-in stays
            team.b.repo.undo(confirmed=True)
    assert 60 in {c.value for c in team.b.repo.all(CheckIn)}


def test_undo_never_deletes_a_teammates_record(team: Team, people):
    people("alice")
    kr = team.a.repo.create(
        KeyResult,
        objective_id=team.a.kr("KR-1").objective_id,
        title="New KR",
        baseline=0,
        target=10,
    )
    team.a.sync()
    people("bob")
    team.b.sync()
    team.b.repo.add_checkin(team.b.repo.find(KeyResult, kr.key), 3, note="bob on the new KR")
    team.b.sync()
    people("alice")
    team.a.sync()

    with pytest.raises(OkrError) as refused:
        team.a.repo.undo(confirmed=True)

    assert "never deletes another's record" in str(refused.value)
    assert team.a.repo.find(KeyResult, kr.key).title == "New KR"


def test_the_dashboard_asks_before_undoing_a_change_that_is_not_the_newest(team: Team, people):
    import asyncio

    from okrtui.tui.app import OkrApp
    from okrtui.tui.dialogs.confirm import ConfirmScreen

    _bobs_change_after_alices(team, people)

    async def run() -> None:
        app = OkrApp(team.a.repo)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("u")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
            await pilot.pause()

    asyncio.run(run())
    values = {c.value for c in team.a.repo.all(CheckIn)}
    assert 48 in values and 63 not in values


def test_restore_keeps_a_key_a_sync_renumbered_and_refuses_to_give_one_away(team: Team, people):
    from okrtui.store.team.shared_restore import restore_shared

    objective = team.a.kr("KR-1").objective_id
    people("bob")
    team.b.repo.create(
        KeyResult, objective_id=objective, title="bob's new KR", baseline=0, target=1
    )
    team.b.sync()
    people("alice")
    team.a.close()
    okrtui("--db", team.a.db, "checkin", "KR-1", "55")  # the backup: before alice's new KR
    alices = team.a.repo.create(
        KeyResult, objective_id=objective, title="alice's new KR", baseline=0, target=1
    )
    team.a.close()
    okrtui("--db", team.a.db, "checkin", "KR-1", "56")  # the backup: alice's KR as KR-6
    with_alices = backups.list_backups(team.a.db)[0].path.name
    team.a.sync()  # bob published KR-6 first: alice's becomes KR-7
    renumbered = team.a.repo.find(KeyResult, alices.id).key
    assert renumbered != alices.key
    team.a.repo.update(team.a.repo.find(KeyResult, alices.id), title="edited since")
    team.a.close()

    done = restore_shared(team.a.db, team.clock, with_alices)

    kr = team.a.repo.find(KeyResult, alices.id)
    assert (kr.key, kr.title) == (renumbered, "alice's new KR")
    assert done.brought_back >= 1


def test_restore_refuses_to_bring_back_a_record_under_a_key_another_has_now(team: Team):
    from okrtui.store.engine import canonical
    from okrtui.store.team.shared_restore import restore_shared

    team.a.close()
    tables = team.a.tables()
    kr1 = next(k for k in tables["key_results"].values() if k["key"] == "KR-1")
    tables["key_results"]["999"] = kr1 | {"id": "f" * 32, "title": "gone since, once KR-1"}
    made = backups.take_backup(team.a.db, canonical.dumps(tables), team.clock.now(), label="t")
    before = team.a.db.read_bytes()

    with pytest.raises(OkrError, match="KR-1 is now the key of another record"):
        restore_shared(team.a.db, team.clock, made.name)

    assert team.a.db.read_bytes() == before


def test_a_personal_database_shared_with_git_init_keeps_its_undo(tmp_path):
    from okrtui.domain.clock import FixedClock
    from okrtui.store.repository import Repository
    from tests.conftest import TODAY
    from tests.store.conftest import seed

    path = tmp_path / "mine" / "okrtui.json"
    seeded = seed(Repository.open(path, FixedClock(TODAY)))
    seeded.repo.add_checkin(seeded.kr, 50)
    seeded.repo.close()
    assert okrtui("--db", path, "git", "init").code == 0

    repo = Repository.open(path, FixedClock(TODAY))
    assert repo.undo() == "Check in KR-1: 45 → 50"
    repo.close()
