"""Provides the checks a database's records pass before anything shows them: every record
valid for its model (dates and numbers the app can compute with among the rules), no id or
key used twice in a table, and a `_meta` record of the right shape.

Run at every door a file comes in by: opening it (and reading it again after another
process or a sync changed it: there the models validate each record as it is read), the
merge driver's sides and result, restore, and `okrtui git doctor`. A problem names the table, the record's key (or its place in the file)
and the field, so a person can find it; `refusal` words the list as one error with the way
to repair.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from okrtui.domain.models import TABLES
from okrtui.store.engine.errors import UnreadableDatabase

Raw = dict[str, dict[str, dict[str, Any]]]

#: How many problems a refusal quotes (the rest are counted).
SHOWN = 5


def record_name(table: str, doc_id: str, record: dict[str, Any]) -> str:
    """`key_results record 12 (KR-3)`: its place in the file (the document id) and its key,
    or the place alone for a record without a usable key."""
    key = record.get("key")
    place = f"record {doc_id}"
    return f"{table} {place} ({key})" if isinstance(key, str) and key else f"{table} {place}"


def model_problem(table: str, record: dict[str, Any]) -> str | None:
    """What the model of `table` refuses in `record` (`field: why`), or None when valid."""
    try:
        TABLES[table].model_validate(record)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "the record"
        message = str(first["msg"]).removeprefix("Value error, ")
        return f"{where}: {message}"
    except (OverflowError, ValueError, TypeError) as exc:  # a value no validator foresaw
        return f"{type(exc).__name__}: {exc}"
    return None


def record_problems(raw: Raw, models: bool = True) -> list[str]:
    """Records their models refuse (unless `models` is false), and ids or keys used twice
    within a table."""
    problems = []
    for table in TABLES:
        records = raw.get(table, {})
        for doc_id, record in records.items() if models else ():
            problem = model_problem(table, record)
            if problem is not None:
                problems.append(f"{record_name(table, doc_id, record)}: {problem}")
        for name in ("id", "key"):
            seen: Counter[str] = Counter()
            seen.update(
                str(r[name]) for r in records.values() if isinstance(r.get(name), str) and r[name]
            )
            problems += [
                f"{table}: the {name} {value} is used {'twice' if n == 2 else f'{n} times'}"
                for value, n in sorted(seen.items())
                if n > 1
            ]
    return problems


def meta_problems(meta: dict[str, Any]) -> list[str]:
    """`_meta` fields of the wrong shape: key counters must be whole numbers by prefix,
    archived cycles file names by cycle id."""
    problems = []
    counters = meta.get("key_counters", {})
    if not isinstance(counters, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
        for k, v in counters.items()
    ):
        problems.append("_meta.key_counters: must map key prefixes to whole numbers ≥ 0")
    archived = meta.get("archived", {})
    if not isinstance(archived, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in archived.items()
    ):
        problems.append("_meta.archived: must map cycle ids to archive file names")
    return problems


def all_problems(raw: Raw, models: bool = True) -> list[str]:
    """`meta_problems` and `record_problems` of a whole file."""
    meta = raw.get("_meta", {}).get("1")
    found = meta_problems(meta) if isinstance(meta, dict) else []
    return found + record_problems(raw, models)


def summary(problems: list[str]) -> str:
    """The first `SHOWN` problems, and how many more."""
    more = f" (and {len(problems) - SHOWN} more)" if len(problems) > SHOWN else ""
    return "; ".join(problems[:SHOWN]) + more


def refusal(path: Path | str, problems: list[str]) -> UnreadableDatabase:
    """The error refusing the file at `path` for `problems`, with how to repair it."""
    return UnreadableDatabase(
        f"{path} holds records okrtui cannot use: {summary(problems)}. Fix them in a text "
        "editor ('okrtui git doctor' lists every one)"
    )


def check(raw: Raw, path: Path | str, models: bool = True) -> None:
    """Raise `refusal` when the file holds any problem.

    Opening a file checks everything but the models (`models=False`): each record is
    validated by its model as it is read (`Transaction.get` and the repository's reads),
    which refuses it the same way, naming it, and keeps a command from paying for the
    validators of tables it never reads (a tenth of `okrtui checkin`'s time)."""
    problems = all_problems(raw, models)
    if problems:
        raise refusal(path, problems)
