"""Reading one figure as written: a number, a grade, or an assessment, and checking it can be true."""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.numbers import format_number, format_quantity, parse_number
from planwatch.domain.plausible import plausible_range
from planwatch.domain.text import echoed, normalise_name
from planwatch.domain.vocabulary import Assessment, Comparator

_ASSESSMENT_WORDS = {
    "achieved": Assessment.ACHIEVED,
    "đạt": Assessment.ACHIEVED,
    "hoàn thành": Assessment.ACHIEVED,
    "partial": Assessment.PARTIAL,
    "đạt một phần": Assessment.PARTIAL,
    "not achieved": Assessment.NOT_ACHIEVED,
    "not_achieved": Assessment.NOT_ACHIEVED,
    "chưa đạt": Assessment.NOT_ACHIEVED,
    "không đạt": Assessment.NOT_ACHIEVED,
}


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure read from text: ``value`` for numbers and grades, ``assessment`` for qualitative targets."""

    value: float | None
    assessment: Assessment | None


def parse_figure(
    text: str,
    comparator: Comparator,
    unit: str | None,
    lower_limit: float | None = None,
    upper_limit: float | None = None,
) -> Figure:
    """Read a figure for a target with this comparator and unit.

    Args:
        text: ``"99,5"``, ``"1.500"``, ``"3"`` (a grade), ``"đạt một phần"`` (an assessment).
        comparator: the target's comparator; ``qualitative`` expects an assessment, ``level`` a grade.
        unit: the target's unit, for the impossibility checks (a share above 100 %).
        lower_limit: natural lower limit of the indicator (0 for rates and counts).
        upper_limit: natural upper limit (100 for a percentage).

    Raises:
        InvalidValueError: unreadable, or impossible for the unit (130 %, a negative count).
    """
    cleaned = text.strip()
    if not cleaned:
        raise InvalidValueError("thiếu giá trị")
    if comparator is Comparator.QUALITATIVE:
        assessment = _ASSESSMENT_WORDS.get(normalise_name(cleaned).replace("_", " "))
        assessment = assessment or _ASSESSMENT_WORDS.get(cleaned.lower())
        if assessment is None:
            raise InvalidValueError(
                f"chỉ tiêu định tính cần 'đạt', 'đạt một phần' hoặc 'chưa đạt' "
                f"(achieved/partial/not_achieved), không phải '{echoed(cleaned)}'"
            )
        return Figure(value=None, assessment=assessment)
    value = parse_number(cleaned)
    if comparator is Comparator.LEVEL and not value.is_integer():
        raise InvalidValueError(f"mức độ phải là số nguyên, không phải '{echoed(cleaned)}'")
    _check_possible(value, unit, lower_limit, upper_limit)
    return Figure(value=value, assessment=None)


def _check_possible(value: float, unit: str | None, lower: float | None, upper: float | None) -> None:
    low, high = plausible_range(unit, lower, upper)
    if not low <= value <= high:
        shown = format_quantity(value, unit) if abs(value) < 1e15 else f"{value:.3g}"
        span = f"{format_number(low)}–{format_number(high)}" + (f" {unit}" if unit else "")
        side = f"nhỏ hơn {format_number(low)}" if value < low else f"lớn hơn {format_number(high)}"
        raise InvalidValueError(f"{shown} không thể xảy ra: {side} (khoảng hợp lý {span})")
