import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.numbers import format_number, format_quantity, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("99,5", 99.5),
        ("1.500", 1500.0),
        ("35.000", 35000.0),
        ("1.500.000", 1_500_000.0),
        ("1.234,5", 1234.5),
        ("31.7", 31.7),  # a dot followed by other than three digits is a decimal point (domain.md §2)
        ("99.5", 99.5),
        ("2", 2.0),
        ("-0,5", -0.5),
        ("99,5 %", 99.5),
        (" 36,4 ", 36.4),
    ],
)
def test_parse_number_reads_vietnamese_notation(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12.34.5", "1.5.00", "--1", "%"])
def test_parse_number_refuses_what_is_not_a_number(text: str) -> None:
    with pytest.raises(InvalidValueError, match="không phải là số"):
        parse_number(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (99.5, "99,5"),
        (1500, "1.500"),
        (36.4, "36,4"),
        (2.0, "2"),
        (1234567.891, "1.234.567,89"),
        (-0.25, "-0,25"),
    ],
)
def test_format_number_writes_decimal_comma_and_thousands_dot(value: float, expected: str) -> None:
    assert format_number(value) == expected


def test_format_quantity_puts_the_unit_after_a_space() -> None:
    assert format_quantity(99.5, "%") == "99,5 %"
    assert format_quantity(1500, "căn hộ") == "1.500 căn hộ"


def test_format_number_shows_a_dash_for_what_is_not_finite() -> None:
    assert format_number(math.inf) == "—"


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_formatted_numbers_read_back_to_the_same_value(value: object) -> None:
    number = float(value)  # type: ignore[arg-type]
    assert parse_number(format_number(number)) == pytest.approx(number, abs=0.005)
