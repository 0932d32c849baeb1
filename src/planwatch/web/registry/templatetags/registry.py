"""Display of the registry's amounts and figures: ``1.500.000 đ``, ``12,5 %``, ``3 người``."""

from django import template

from planwatch.domain.numbers import format_number

register = template.Library()


@register.filter
def money(value: float | None) -> str:
    """An amount in đồng: ``1.500.000 đ`` ("" when there is none)."""
    if value is None:
        return ""
    return f"{format_number(float(value), 0)} đ"


@register.filter
def figure(value: float | None, unit: str | None) -> str:
    """A registry figure with its unit: a share with one decimal (``25,0 %``), money in đồng, a count."""
    if value is None:
        return "—"
    if unit == "%":
        return f"{format_number(value, 1)} %"
    if unit == "đồng":
        return money(value)
    return f"{format_number(value)} {unit or ''}".rstrip()
