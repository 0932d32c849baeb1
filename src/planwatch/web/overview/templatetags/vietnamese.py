"""Display filters: Vietnamese numbers (``99,5``, ``1.500``) and dates (``dd/mm/yyyy``)."""

from datetime import date

from django import template

from planwatch.domain.numbers import format_number
from planwatch.domain.vocabulary import Assessment, Comparator

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
def comparator_symbol(code: str) -> str:
    return Comparator(code).symbol
