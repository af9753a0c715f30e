"""What a person can get wrong in a record, and the one line that tells them how to fix it
(`describe_validation_error`, which the CLI and the TUI show)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from okrtui.domain.errors import InvalidInput, describe_validation_error, invalid
from okrtui.domain.models import Bet, CheckIn, Cycle, Evidence, KeyResult, Link, Objective

CYCLE = {"name": "2026-Q4", "start": date(2026, 10, 5), "end": date(2027, 1, 3)}
OBJECTIVE = {"cycle_id": "c1", "title": "Improve onboarding so new users reach value faster"}
KR = {"objective_id": "o1", "title": "Onboarding completion rate", "baseline": 45, "target": 70}
CHECKIN = {"key_result_id": "kr1", "date": date(2026, 11, 23), "value": 52, "confidence": 7}
BET = {"title": "Guided setup checklist"}
LINK = {"from_objective_id": "o2", "to_objective_id": "o1"}
EVIDENCE = {"key_result_id": "kr1", "date": date(2026, 11, 20), "text": "4 of 5 testers finished"}


def _message(model: type, what: str, fields: dict[str, Any]) -> str:
    """The user-facing message for building `model` from `fields`, which must be invalid."""
    with pytest.raises(ValidationError) as caught:
        model(**fields)
    return describe_validation_error(caught.value, what)


@pytest.mark.parametrize(
    ("model", "what", "fields", "expected"),
    [
        # empty titles and names
        pytest.param(
            KeyResult,
            "key result",
            KR | {"title": ""},
            "invalid key result: title: must not be empty",
            id="kr-empty-title",
        ),
        pytest.param(
            KeyResult,
            "key result",
            KR | {"title": "   "},
            "invalid key result: title: must not be empty",
            id="kr-blank-title",
        ),
        pytest.param(
            Bet,
            "bet",
            BET | {"title": ""},
            "invalid bet: title: must not be empty",
            id="bet-empty-title",
        ),
        pytest.param(
            Evidence,
            "evidence",
            EVIDENCE | {"text": " "},
            "invalid evidence: text: must not be empty",
            id="evidence-empty-text",
        ),
        pytest.param(
            Cycle,
            "cycle",
            CYCLE | {"name": ""},
            "invalid cycle: name: must not be empty (e.g. 2026-Q1)",
            id="cycle-empty-name",
        ),
        pytest.param(
            Objective,
            "objective",
            OBJECTIVE | {"title": "", "state": "committed"},
            "invalid objective: a committed objective needs a title: write one, or keep the "
            "objective as a draft",
            id="committed-objective-without-title",
        ),
        # confidence outside 0–10
        pytest.param(
            CheckIn,
            "check-in",
            CHECKIN | {"confidence": 11},
            "invalid check-in: confidence: must be a whole number from 0 to 10, not 11",
            id="confidence-above-10",
        ),
        pytest.param(
            CheckIn,
            "check-in",
            CHECKIN | {"confidence": -1},
            "invalid check-in: confidence: must be a whole number from 0 to 10, not -1",
            id="confidence-negative",
        ),
        pytest.param(
            CheckIn,
            "check-in",
            CHECKIN | {"confidence": 7.5},
            "invalid check-in: confidence: must be a whole number from 0 to 10, not 7.5",
            id="confidence-fraction",
        ),
        pytest.param(
            CheckIn,
            "check-in",
            CHECKIN | {"confidence": "12"},
            "invalid check-in: confidence: must be a whole number from 0 to 10, not 12",
            id="confidence-typed-as-text",
        ),
        pytest.param(
            CheckIn,
            "check-in",
            CHECKIN | {"value": float("nan")},
            "invalid check-in: value: must be a finite number",
            id="value-not-a-number",
        ),
        # numbers that cannot be measured against
        pytest.param(
            KeyResult,
            "key result",
            KR | {"baseline": 50, "target": 50},
            "invalid key result: target equals baseline (50): there is nothing to move; "
            "set a different target",
            id="target-equals-baseline",
        ),
        pytest.param(
            KeyResult,
            "key result",
            KR | {"baseline": 9, "target": 3, "direction": "increase"},
            "invalid key result: the target 3 is below the baseline 9 but the direction is "
            "'increase': use direction 'decrease' or swap the numbers",
            id="increase-with-falling-numbers",
        ),
        pytest.param(
            KeyResult,
            "key result",
            KR | {"direction": "decrease"},
            "invalid key result: the target 70 is above the baseline 45 but the direction is "
            "'decrease': use direction 'increase' or swap the numbers",
            id="decrease-with-rising-numbers",
        ),
        pytest.param(
            KeyResult,
            "key result",
            KR | {"stretch": 60},
            "invalid key result: the stretch 60 must lie beyond the target 70",
            id="stretch-short-of-target",
        ),
        pytest.param(
            KeyResult,
            "key result",
            KR | {"score": 2},
            "invalid key result: score: must be between 0.0 and 1.0 (up to 1.5 with a "
            "stretch), not 2",
            id="score-too-high",
        ),
        # dates
        pytest.param(
            Cycle,
            "cycle",
            CYCLE | {"end": date(2026, 9, 30)},
            "invalid cycle: the cycle ends (2026-09-30) on or before it starts (2026-10-05): "
            "give an end date after the start date",
            id="end-before-start",
        ),
        pytest.param(
            Cycle,
            "cycle",
            CYCLE | {"end": CYCLE["start"]},
            "invalid cycle: the cycle ends (2026-10-05) on or before it starts (2026-10-05): "
            "give an end date after the start date",
            id="end-on-start",
        ),
        pytest.param(
            Cycle,
            "cycle",
            CYCLE | {"cadence_days": 10},
            "invalid cycle: check-in cadence: must be 7 (weekly) or 14 (every two weeks), not 10",
            id="unsupported-cadence",
        ),
        # unknown enum values name the field, the choices and the wrong value
        pytest.param(
            KeyResult,
            "key result",
            KR | {"direction": "up"},
            "invalid key result: direction: Input should be 'increase', 'decrease', "
            "'stay_above' or 'stay_below', not 'up'",
            id="unknown-direction",
        ),
        pytest.param(
            KeyResult,
            "key result",
            KR | {"type": "metrics"},
            "invalid key result: type: Input should be 'metric' or 'milestone', not 'metrics'",
            id="unknown-kr-type",
        ),
        pytest.param(
            Bet,
            "bet",
            BET | {"horizon": "soon"},
            "invalid bet: horizon: Input should be 'now', 'next' or 'later', not 'soon'",
            id="unknown-horizon",
        ),
        pytest.param(
            Cycle,
            "cycle",
            CYCLE | {"state": "open"},
            "invalid cycle: state: Input should be 'planning', 'active' or 'closed', not 'open'",
            id="unknown-cycle-state",
        ),
        pytest.param(
            Evidence,
            "evidence",
            EVIDENCE | {"verdict": "maybe"},
            "invalid evidence: verdict: Input should be 'supports', 'refutes' or 'unclear', "
            "not 'maybe'",
            id="unknown-verdict",
        ),
        pytest.param(
            Objective,
            "objective",
            OBJECTIVE | {"level": "department"},
            "invalid objective: level: Input should be 'company', 'team' or 'personal', "
            "not 'department'",
            id="unknown-level",
        ),
        # links
        pytest.param(
            Link,
            "link",
            LINK | {"to_key_result_id": "kr1"},
            "invalid link: a link points at exactly one objective or one key result",
            id="link-with-two-targets",
        ),
        pytest.param(
            Link,
            "link",
            LINK | {"to_objective_id": "o2"},
            "invalid link: an objective cannot link to itself",
            id="link-to-itself",
        ),
    ],
)
def test_invalid_records_get_a_specific_actionable_message(model, what, fields, expected):
    assert _message(model, what, fields) == expected


def test_every_bad_field_is_named_in_one_line():
    message = _message(CheckIn, "check-in", CHECKIN | {"value": float("inf"), "confidence": 42})
    assert message == (
        "invalid check-in: value: must be a finite number; "
        "confidence: must be a whole number from 0 to 10, not 42"
    )
    assert "\n" not in message


def test_messages_carry_no_pydantic_noise():
    message = _message(KeyResult, "key result", KR | {"title": "", "direction": "sideways"})
    for noise in ("Value error", "type=", "errors.pydantic.dev", "input_value"):
        assert noise not in message


def test_invalid_wraps_the_message_in_an_okr_error():
    with pytest.raises(ValidationError) as caught:
        Bet(**BET | {"title": ""})
    error = invalid(caught.value, "bet")
    assert isinstance(error, InvalidInput)
    assert str(error) == "invalid bet: title: must not be empty"


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        pytest.param(Objective, OBJECTIVE | {"title": ""}, id="draft-objective-may-lack-a-title"),
        pytest.param(CheckIn, CHECKIN | {"confidence": 0}, id="confidence-0"),
        pytest.param(CheckIn, CHECKIN | {"confidence": 10}, id="confidence-10"),
        pytest.param(
            KeyResult,
            KR | {"baseline": 9, "target": 3, "direction": "decrease"},
            id="decrease-with-falling-numbers",
        ),
        pytest.param(
            KeyResult,
            KR | {"direction": "stay_below", "baseline": 0, "target": 0},
            id="threshold-may-equal-its-baseline",
        ),
        pytest.param(
            KeyResult,
            KR | {"type": "milestone", "baseline": None, "target": None},
            id="milestone-without-numbers",
        ),
        pytest.param(Cycle, CYCLE | {"cadence_days": 14}, id="fortnightly-cycle"),
    ],
)
def test_valid_edge_cases_are_accepted(model, fields):
    model(**fields)


@pytest.mark.parametrize("field", ["baseline", "target", "stretch", "weight", "score"])
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), "nan", "Infinity"])
def test_key_result_numbers_must_be_finite(field, bad):
    """orjson stores NaN and ±inf as `null`: one would silently become "no baseline"."""
    message = _message(KeyResult, "key result", KR | {field: bad})
    # A weight must also be positive, which NaN and -inf fail first.
    assert message in (
        f"invalid key result: {field}: must be a finite number",
        "invalid key result: weight: Input should be greater than 0",
    )


def test_a_bets_expected_change_must_be_finite():
    moves = [{"key_result_id": "kr1", "expected_change": float("nan")}]
    assert "must be a finite number" in _message(Bet, "bet", BET | {"moves": moves})


@pytest.mark.parametrize(
    ("fields", "phrase"),
    [
        ({"baseline": 45, "target": 70, "unit": "%"}, "45 → 70 %"),
        ({"baseline": 9, "target": 3, "direction": "decrease", "unit": "days"}, "9 → 3 days"),
        ({"target": 75, "direction": "stay_above", "unit": "%"}, "stay ≥ 75 %"),
        ({"target": 2, "direction": "stay_below", "unit": "s"}, "stay ≤ 2 s"),
        ({"type": "milestone"}, "milestone: done or not"),
    ],
)
def test_target_phrase_reads_for_every_direction(fields, phrase):
    from okrtui.domain.models import KeyResult, target_phrase

    assert target_phrase(KeyResult(objective_id="o", title="KR", **fields)) == phrase
