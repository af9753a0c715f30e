"""Tests of the saved views: personal, named dashboard filters in their own small file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.domain.errors import InvalidInput
from okrtui.settings.views import ENV_CONFIG, SavedViews, View, default_views_path


def test_a_saved_view_is_kept_in_its_file_and_read_back(tmp_path: Path):
    path = tmp_path / "config" / "views.json"
    SavedViews(path).save("  my   stale KRs ", "owner:maria   status:stale")
    assert SavedViews(path).all() == [View("my stale KRs", "owner:maria status:stale")]
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "views": [{"name": "my stale KRs", "query": "owner:maria status:stale"}]
    }


def test_saving_a_name_again_replaces_that_view_in_place(tmp_path: Path):
    views = SavedViews(tmp_path / "views.json")
    views.save("growth", "team:growth")
    views.save("risky", "status:at_risk")
    views.save("Growth", "team:growth level:team")
    assert views.all() == [
        View("Growth", "team:growth level:team"),
        View("risky", "status:at_risk"),
    ]


def test_forget_drops_a_view_and_an_unknown_name_is_said(tmp_path: Path):
    views = SavedViews(tmp_path / "views.json")
    views.save("growth", "team:growth")
    views.forget("growth")
    assert views.all() == []
    with pytest.raises(InvalidInput, match="no saved view called 'growth'"):
        views.forget("growth")


@pytest.mark.parametrize(
    ("name", "query", "said"),
    [
        ("", "status:stale", "give the view a name"),
        ("x" * 61, "status:stale", "at most 60 characters"),
        ("empty", "   ", "no filter to save"),
        ("typo", "stauts:stale", "stauts"),
    ],
)
def test_bad_views_are_refused_and_nothing_is_written(tmp_path: Path, name, query, said):
    path = tmp_path / "views.json"
    with pytest.raises(InvalidInput, match=said):
        SavedViews(path).save(name, query)
    assert not path.exists()


def test_an_unreadable_file_lists_nothing_and_is_never_overwritten(tmp_path: Path):
    path = tmp_path / "views.json"
    path.write_text("{not json", encoding="utf-8")
    views = SavedViews(path)
    assert views.all() == []
    with pytest.raises(InvalidInput, match=f"{path}.*cannot be read"):
        views.save("growth", "team:growth")
    assert path.read_text(encoding="utf-8") == "{not json"


def test_without_a_path_views_live_in_memory():
    views = SavedViews()
    views.save("growth", "team:growth")
    assert views.all() == [View("growth", "team:growth")]


def test_the_config_folder_can_be_chosen(monkeypatch, tmp_path: Path):
    monkeypatch.setenv(ENV_CONFIG, str(tmp_path))
    assert default_views_path() == tmp_path / "views.json"


names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60).filter(
    str.strip
)
words = st.text("abcdefghij0123456789éü🎯", min_size=1, max_size=8)


@settings(max_examples=60)
@given(name=names, query_words=st.lists(words, min_size=1, max_size=4))
def test_any_name_and_filter_round_trips_through_the_file(tmp_path_factory, name, query_words):
    path = tmp_path_factory.mktemp("views") / "views.json"
    saved = SavedViews(path).save(name, " ".join(query_words))
    assert SavedViews(path).all() == [saved]
    assert saved.name == " ".join(name.split())
