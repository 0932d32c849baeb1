"""Display filters: Vietnamese numbers (``99,5``, ``1.500``) and dates (``dd/mm/yyyy``)."""

from datetime import date

from django import template

from planwatch.domain.numbers import format_number
from planwatch.domain.vocabulary import Assessment, Comparator, ObservationKind, ValueState

register = template.Library()


@register.filter
def vn_number(value: float | str | None, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return Assessment(value).label if value in Assessment.__members__.values() else value
    return format_number(float(value), decimals)


@register.filter
def vn_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


@register.filter
def get_status(statuses: dict[str, object], code: str) -> object:
    return statuses[code]


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    """``mapping|get_item:key``: the value, or "" when the key is absent."""
    return mapping.get(key, "")


@register.filter
def comparator_symbol(code: str) -> str:
    return Comparator(code).symbol


@register.filter
def vn_score(value: float | None) -> str:
    """A −5…+5 score with its sign and one decimal: ``+1,8``, ``−2,5``."""
    if value is None:
        return "–"
    text = format_number(abs(value), 1)
    return ("+" if value >= 0 else "−") + text


@register.filter
def css_percent(value: float) -> str:
    """A width for CSS: always a dot, whatever the language (``33.3%``)."""
    return f"{value:.1f}%"


@register.filter
def state_label(code: str) -> str:
    """The Vietnamese name of a figure's state (``approved`` → ``Đã duyệt``)."""
    return ValueState(code).label if code in ValueState.__members__.values() else code


@register.filter
def kind_label(code: str) -> str:
    """The Vietnamese name of a figure's kind (``estimate`` → ``Ước thực hiện``)."""
    return ObservationKind(code).label if code in ObservationKind.__members__.values() else code
