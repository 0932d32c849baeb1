"""Vietnamese number notation: decimal comma, thousands dot (domain.md §2).

``99,5`` is 99.5 and ``1.500`` is 1500; a dot followed by other than three digits is a decimal
point (tables carry ``31.7``), so ``99.5`` is 99.5 as well.
"""

import math
import re

from planwatch.domain.errors import InvalidValueError

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.500 / 1.500.000 / 1.234,5
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")  # 99,5
_PLAIN = re.compile(r"^\d+(\.\d+)?$")  # 1500 / 99.5 / 31.7


def parse_number(text: str) -> float:
    """Read a number written the Vietnamese way (or plainly).

    Args:
        text: ``"99,5"``, ``"1.500"``, ``"35.000"``, ``"31.7"``, ``"-0,5"``, ``"99,5 %"``.

    Raises:
        InvalidValueError: the text is not a number.
    """
    raw = text.strip().replace("\u00a0", " ")
    cleaned = raw.removesuffix("%").strip().replace(" ", "")
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
        raise InvalidValueError(f"'{text}' không phải là số (viết như 99,5 hoặc 1.500)")
    return sign * number


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
