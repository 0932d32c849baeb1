import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.numbers import (
    format_number,
    format_quantity,
    is_ascii_digits,
    parse_integer,
    parse_number,
)


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


@pytest.mark.parametrize(
    "text",
    [
        "9" * 400,  # float() gives inf
        "1e308",
        "inf",
        "nan",
        "１２",  # full-width digits
        "٣٤",  # Arabic-Indic digits
        "1_000",
        "5 0",
        "1 500",
    ],
)
def test_parse_number_refuses_what_is_not_a_finite_number_in_ascii_digits(text: str) -> None:
    with pytest.raises(InvalidValueError):
        parse_number(text)


@given(st.text(max_size=40))
def test_parse_number_yields_a_finite_number_or_refuses(text: str) -> None:
    try:
        number = parse_number(text)
    except InvalidValueError:
        return
    assert math.isfinite(number)
    assert all(c.isascii() for c in text.strip().removesuffix("%") if c.isdigit())


@pytest.mark.parametrize(("text", "expected"), [("2024", 2024), (" -3 ", -3), ("+7", 7)])
def test_parse_integer_reads_ascii_digits(text: str, expected: int) -> None:
    assert parse_integer(text) == expected


@pytest.mark.parametrize("text", ["2_022", "２０２２", "٢٠٢٢", "20 22", "²", "2022.0", ""])
def test_parse_integer_refuses_what_int_would_read(text: str) -> None:
    with pytest.raises(InvalidValueError, match="số nguyên"):
        parse_integer(text)


def test_is_ascii_digits_refuses_superscripts_and_other_scripts() -> None:
    assert is_ascii_digits("2024")
    assert not any(is_ascii_digits(t) for t in ("²", "٣", "３", "", "-1"))
