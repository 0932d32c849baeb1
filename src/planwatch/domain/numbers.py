"""Vietnamese number notation: decimal comma, thousands dot (domain.md §2).

``99,5`` is 99.5 and ``1.500`` is 1500; a dot followed by other than three digits is a decimal
point (tables carry ``31.7``), so ``99.5`` is 99.5 as well.
"""

import math
import re

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.text import echoed

# ASCII digits only (re.ASCII): Python's \d and float() would read full-width and Arabic-Indic digits,
# and float() "1_000" too, none of which a Vietnamese table writes.
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$", re.ASCII)  # 1.500 / 1.500.000 / 1.234,5
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$", re.ASCII)  # 99,5
_PLAIN = re.compile(r"^\d+(\.\d+)?$", re.ASCII)  # 1500 / 99.5 / 31.7
_INTEGER = re.compile(r"^[+-]?\d+$", re.ASCII)
# A whole number (a year, a row id) has at most 18 digits: it fits the database's 64-bit integer, and
# int() is never asked to read thousands of digits (which it refuses).
MAX_DIGITS = 18


def parse_number(text: str) -> float:
    """Read a number written the Vietnamese way (or plainly).

    Args:
        text: ``"99,5"``, ``"1.500"``, ``"35.000"``, ``"31.7"``, ``"-0,5"``, ``"99,5 %"``.

    Raises:
        InvalidValueError: the text is not a number.
    """
    raw = text.strip().replace("\u00a0", " ")
    cleaned = raw.removesuffix("%").strip()
    if " " in cleaned.lstrip("-−+ "):  # "5 0": two numbers, or a typo
        raise InvalidValueError(f"'{echoed(text)}' không phải là số (viết như 99,5 hoặc 1.500)")
    cleaned = cleaned.replace(" ", "")
    sign = 1.0
    if cleaned[:1] in "-−+" and cleaned:
        sign = -1.0 if cleaned[0] in "-−" else 1.0
        cleaned = cleaned[1:]
    if _GROUPED.match(cleaned):
        integer, _, fraction = cleaned.partition(",")
        number = float(integer.replace(".", "") + ("." + fraction if fraction else ""))
    elif _DECIMAL_COMMA.match(cleaned):
        number = float(cleaned.replace(",", "."))
    elif _PLAIN.match(cleaned):
        number = float(cleaned)
    else:
        raise InvalidValueError(f"'{echoed(text)}' không phải là số (viết như 99,5 hoặc 1.500)")
    if not math.isfinite(number):
        raise InvalidValueError(f"'{echoed(text)}' quá lớn để là một số liệu")
    return sign * number


def parse_integer(text: str) -> int:
    """A whole number written in ASCII digits (``2024``, ``-3``): not ``2_024``, ``２０２４`` or ``٢٠٢٤``,
    which Python's ``int()`` would read.

    Raises:
        InvalidValueError: anything else.
    """
    cleaned = text.strip()
    if not _INTEGER.match(cleaned) or len(cleaned) > MAX_DIGITS:
        raise InvalidValueError(f"'{echoed(text)}' không phải là số nguyên")
    return int(cleaned)


def format_number(value: float, decimals: int | None = None) -> str:
    """Write a number for Vietnamese readers: 99.5 -> ``99,5``, 1500 -> ``1.500``, -0.25 -> ``-0,25``.

    Args:
        value: the number.
        decimals: fixed decimals; None keeps up to 2, without trailing zeros.
    """
    if math.isnan(value) or math.isinf(value):
        return "—"
    places = 2 if decimals is None else decimals
    text = f"{abs(value):,.{places}f}"  # 1,234.50 in the C convention
    integer, _, fraction = text.partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    integer = integer.replace(",", ".")
    sign = "-" if value < 0 and (integer.strip("0.") or fraction.strip("0")) else ""
    return sign + integer + ("," + fraction if fraction else "")


def format_quantity(value: float, unit: str | None, decimals: int | None = None) -> str:
    """A number with its unit: ``99,5 %``, ``1.500 căn hộ``, ``36,4 giường/10.000 dân``."""
    number = format_number(value, decimals)
    return f"{number} {unit}" if unit else number


def is_ascii_digits(text: str) -> bool:
    """Only ``0``–``9``, at most ``MAX_DIGITS`` of them: what ``int()`` reads at once (``str.isdigit`` also
    takes ``²``, which ``int()`` refuses, and ``int()`` refuses more than 4,300 digits)."""
    return text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS
