"""Display filters: Vietnamese numbers (``99,5``, ``1.500``), dates (``dd/mm/yyyy``), and the labels and
evaluation sentences of the core in the page's language."""

from datetime import date
from typing import Protocol

from django import template
from django.utils.translation import get_language

from planwatch.domain.deadlines import Deadline
from planwatch.domain.errors import InvalidValueError
from planwatch.domain.numbers import format_number
from planwatch.domain.text import shorten as text_shorten
from planwatch.domain.vocabulary import (
    AgencyRole,
    Assessment,
    Comparator,
    ObservationKind,
    ReportingFrequency,
    ValueState,
)
from planwatch.evaluation import compact_goal, describe_goal
from planwatch.web.catalogue.mapping import duty_deadline
from planwatch.web.catalogue.models import ReportingDuty, Target
from planwatch.web.figures.selectors import target_spec

register = template.Library()


@register.filter
def vn_number(value: float | str | None, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        if value in Assessment.__members__.values():
            return Assessment(value).label_in(get_language())
        return value
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
    """The name of a figure's state in the page's language (``approved`` → ``Đã duyệt`` / ``Approved``)."""
    return ValueState(code).label_in(get_language()) if code in ValueState.__members__.values() else code


@register.filter
def kind_label(code: str) -> str:
    """A figure's kind in the page's language (``estimate`` → ``Ước thực hiện`` / ``Estimate``)."""
    return (
        ObservationKind(code).label_in(get_language())
        if code in ObservationKind.__members__.values()
        else code
    )


@register.filter
def frequency_label(code: str) -> str:
    """A reporting duty's frequency in the page's language (``one-off`` → ``Một lần`` / ``One-off``)."""
    values = ReportingFrequency.__members__.values()
    return ReportingFrequency(code).label_in(get_language()) if code in values else code


@register.filter
def deadline_label(value: ReportingDuty | str | None) -> str:
    """A duty's deadline (a stored duty, or the text of an extraction) in the page's language:
    ``trước ngày 30/01 năm tiếp theo`` / ``by 30/01 of the following year``; a text it cannot read, as
    written."""
    if isinstance(value, ReportingDuty):
        deadline = duty_deadline(value)
    else:
        try:
            deadline = Deadline.parse_optional(value)
        except InvalidValueError:
            return str(value)
    return deadline.display_in(get_language()) if deadline is not None else ""


class _Labelled(Protocol):
    def label_in(self, language: str | None) -> str: ...


class _Evaluated(Protocol):
    def label_in(self, language: str | None) -> str: ...

    def explanation_in(self, language: str | None) -> str: ...


@register.filter
def goal(target: Target) -> str:
    """The target's promise in the page's language: ``dưới 2 % đến năm 2030`` / ``below 2 % by 2030``."""
    return describe_goal(target_spec(target), get_language())


@register.filter
def goal_cell(target: Target) -> str:
    """The promise in a table cell: ``< 2 %``, ``115–120 triệu đồng``, ``nhóm 2``."""
    return compact_goal(Comparator(target.comparator), target.value, target.unit or None, target.value_max)


@register.filter
def label(value: _Labelled | None) -> str:
    """A status, role or assessment in the page's language (``Đã đạt`` / ``Achieved``)."""
    return value.label_in(get_language()) if value is not None else ""


@register.filter
def agency_role(code: str) -> str:
    """An agency's role in a task in the page's language (``chủ trì`` / ``lead``); unknown as written."""
    return AgencyRole(code).label_in(get_language()) if code in AgencyRole.__members__.values() else code


@register.filter
def verdict(row: _Evaluated) -> str:
    """An evaluation row's status label in the page's language."""
    return row.label_in(get_language())


@register.filter
def said(row: _Evaluated) -> str:
    """An evaluation row's sentence in the page's language (the core phrases both)."""
    return row.explanation_in(get_language())


@register.filter
def shorten(value: str | None, limit: int) -> str:
    """At most ``limit`` characters, cut between words with an ellipsis (``truncatechars`` cuts words)."""
    return text_shorten(value or "", int(limit))
