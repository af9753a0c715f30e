"""The canonical byte form: it round-trips any TinyDB-shaped data (unicode included), is
deterministic whatever the dict order, is byte-stable across a save of unchanged data, and a
one-field edit changes exactly one line (what makes the file diff and merge well in git)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from okrtui.domain.clock import FixedClock
from okrtui.domain.models import Cycle, KeyResult
from okrtui.store.engine import canonical
from okrtui.store.repository import Repository
from tests.conftest import TODAY
from tests.store.conftest import Seeded

#: The undo journal's table (okrtui.store.engine.journal): it grows by one entry per change.
JOURNAL_TABLE = "journal"

UNICODE = [
    "🎉",
    "👩🏽‍💻",
    "新用户更快上手",
    "שבוע קשה",
    "مرحبا",
    "Ünïcödé",
    "a\nb\tc",
    '"quoted"',
    "\\",
]
text = st.one_of(st.text(max_size=12), st.sampled_from(UNICODE))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    text,
)
#: A record's field: a scalar, or a list or object of them (nesting deeper adds nothing here).
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(text, scalars, max_size=3),
)
records = st.dictionaries(text, values, max_size=4)
doc_ids = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    text.filter(bool),
    # Digits of other scripts (٣, ²): what `str.isdigit` accepts but TinyDB never writes.
    st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=3),
)
tables = st.dictionaries(text, st.dictionaries(doc_ids, records, max_size=4), max_size=3)
non_empty_tables = st.dictionaries(
    text, st.dictionaries(doc_ids, records, min_size=1, max_size=4), min_size=1, max_size=3
)
#: No deadlines: the suite runs beside other work on two cores, and slowness is not a bug.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reversed_order(data: Any) -> Any:
    """The same data with every dict built in the opposite insertion order."""
    if isinstance(data, dict):
        return {k: reversed_order(data[k]) for k in reversed(list(data))}
    if isinstance(data, list):
        return [reversed_order(v) for v in data]
    return data


@relaxed
@given(tables)
def test_dumps_round_trips_deterministically(data: canonical.Tables) -> None:
    first = canonical.dumps(data)
    assert canonical.loads(first) == data
    assert canonical.dumps(reversed_order(data)) == first
    assert canonical.dumps(canonical.loads(first)) == first
    assert first.endswith(b"}\n") and b"\r" not in first
    first.decode("utf-8")  # UTF-8 throughout, whatever the text


@relaxed
@given(non_empty_tables, st.data())
def test_a_one_field_edit_changes_exactly_one_line(
    data: canonical.Tables, draw: st.DataObject
) -> None:
    candidates = [(t, d) for t, docs in data.items() for d in docs]
    table, doc_id = draw.draw(st.sampled_from(candidates))
    field = draw.draw(text)
    new_value = draw.draw(values)
    record = data[table][doc_id]
    assume(field not in record or record[field] != new_value)

    edited = {t: dict(docs) for t, docs in data.items()}
    edited[table][doc_id] = record | {field: new_value}

    before = canonical.dumps(data).split(b"\n")
    after = canonical.dumps(edited).split(b"\n")
    assert len(before) == len(after)
    changed = [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    assert len(changed) == 1


def test_doc_ids_sort_as_numbers() -> None:
    data = {"t": {"10": {}, "9": {}, "100": {}, "x": {}, "²": {}}}
    lines = canonical.dumps(data).split(b"\n")
    # Numbers first, by value (not "10" < "9"); other ids after them, by code point.
    assert [line.split(b":")[0] for line in lines[2:7]] == [
        b'"9"',
        b'"10"',
        b'"100"',
        b'"x"',
        '"²"'.encode(),
    ]


@settings(max_examples=200, derandomize=True)
@given(st.lists(st.from_regex(r"[0-9]{1,4}|[0-9²³ _x-]{0,3}", fullmatch=True), unique=True))
def test_the_fast_order_is_the_canonical_order(doc_ids: list[str]) -> None:
    """All-digit tables take a shortcut (`int`); it must order exactly as `doc_order` does."""
    records = {key: {} for key in doc_ids}
    assert canonical.sorted_doc_ids(records) == sorted(records, key=canonical.doc_order)
    numbers = [int(d) for d in doc_ids if d.isascii() and d.isdigit()]
    assert canonical.highest_doc_number(records) == max(numbers, default=0)


# -- through the repository ----------------------------------------------------------------


def test_saving_unchanged_data_rewrites_the_same_bytes(seeded: Seeded) -> None:
    repo = seeded.repo
    repo.add_checkin(seeded.kr, 50, note="🎉 שבוע טוב 好")
    before = repo.path.read_bytes()
    fresh = Repository.open(repo.path, repo.clock)
    with fresh.db.transaction():
        pass
    fresh.db.storage.write(fresh.db.storage.read())
    assert repo.path.read_bytes() == before
    assert before == canonical.dumps(canonical.loads(before))


def test_editing_one_field_through_the_repository_changes_one_line(seeded: Seeded) -> None:
    repo = seeded.repo
    for n in range(3):
        repo.add_checkin(seeded.kr, 50 + n)
    before = data_lines(repo.path.read_bytes())
    repo.update(
        repo.find(KeyResult, "KR-1"), title="Onboarding completion from 45% to 75%", target=75
    )
    after = data_lines(repo.path.read_bytes())
    assert len(before) == len(after)
    changed = [new for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 1
    assert b"75%" in changed[0] and seeded.kr.id.encode() in changed[0]


def data_lines(data: bytes) -> list[bytes]:
    """The file's lines outside the undo journal (which grows by an entry per change), each
    table laid out exactly as in the file."""
    tables = canonical.loads(data)
    assert canonical.dumps(tables) == data
    return [
        line
        for name in sorted(tables)
        if name != JOURNAL_TABLE
        for line in canonical.dumps({name: tables[name]}).split(b"\n")
    ]


def test_the_file_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """R7: a C locale without UTF-8 mode must still store (and read) text as UTF-8."""
    path = tmp_path / "okrtui.json"
    name = "Q4 🚀 第四季度 רבעון"
    code = (
        "import sys, datetime; from pathlib import Path\n"
        "from okrtui.domain.clock import FixedClock\n"
        "from okrtui.store.repository import Repository\n"
        "r = Repository.open(Path(sys.argv[1]), FixedClock(datetime.date(2026, 11, 23)))\n"
        "name = bytes.fromhex(sys.argv[2]).decode('utf-8')\n"
        "r.create_cycle(name, datetime.date(2026, 10, 5), datetime.date(2026, 12, 27))\n"
    )
    env = dict(os.environ, LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONIOENCODING="ascii")
    # The name travels as hex: a C locale would mangle a non-ASCII argv before okrtui sees it.
    subprocess.run(
        [sys.executable, "-c", code, str(path), name.encode().hex()],
        env=env,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert name.encode("utf-8") in path.read_bytes()
    assert Repository.open(path, FixedClock(TODAY)).find(Cycle, name).name == name
