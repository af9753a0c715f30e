"""Unit and property tests of the one number parser every form and command uses."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.domain.errors import InvalidInput
from okrtui.domain.models import Bet
from okrtui.domain.numbers import parse_number, parse_optional_number
from okrtui.domain.roadmap import with_impact


@pytest.mark.parametrize(
    ("text", "number"), [("412", 412), (" 0.75 ", 0.75), ("-3", -3), ("+2", 2), ("1e3", 1000)]
)
def test_plain_numbers_are_read(text, number):
    assert parse_number(text, "value") == number


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("1,5", "the value '1,5' is not a number: use a dot for decimals"),
        ("1,250", "no thousands separator"),
        ("abc", "the value 'abc' is not a number (e.g. 55 or 0.75)"),
        ("nan", "the value 'nan' is not a finite number"),
        ("-inf", "not a finite number"),
        ("  ", "give the value"),
    ],
)
def test_anything_else_is_refused_saying_how_to_write_it(text, said):
    with pytest.raises(InvalidInput) as caught:
        parse_number(text, "value")
    assert said in str(caught.value)


def test_a_blank_optional_number_is_none():
    assert parse_optional_number("   ", "target") is None
    assert parse_optional_number("7", "target") == 7


@given(st.text(max_size=20))
def test_any_text_is_a_finite_number_or_one_clear_error(text):
    try:
        value = parse_number(text, "value")
    except InvalidInput as error:
        assert "value" in str(error)
    else:
        assert math.isfinite(value) and "," not in text


def test_a_bet_cannot_expect_a_change_that_is_not_finite():
    with pytest.raises(InvalidInput, match="must be a finite number"):
        with_impact(Bet(title="Checklist"), "kr-1", math.nan)
