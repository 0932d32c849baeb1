"""Writes from the target page: one figure entered by hand, with optimistic locking."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from planwatch.domain.errors import StaleEditError
from planwatch.intake.figures import parse_year
from planwatch.web.accounts.access import AccessScope, value_state_for_entry
from planwatch.web.catalogue.models import Target
from planwatch.web.figures.models import DataValue
from planwatch.web.figures.services import changed_meanwhile, data_value_set, figure_for_target
from planwatch.web.geography.models import AdministrativeUnit


@transaction.atomic
def figure_enter(
    *,
    scope: AccessScope,
    user: User,
    target: Target,
    unit: AdministrativeUnit,
    year_text: str,
    value_text: str,
    expected_version: int,
    reason: str = "",
) -> str:
    """Write one figure typed on the target page (``99,5``, ``1.500``).

    ``expected_version`` is the version the form showed (0 for a figure that did not exist): if the
    figure changed since, the save is refused so that neither person's work is silently lost.

    Raises:
        AccessDeniedError: the user may not enter this target or unit.
        InvalidValueError: an unreadable or impossible year or figure.
        StaleEditError: the figure changed after the form was opened.
    """
    scope.require_enter(target, unit)
    year = parse_year(year_text)
    figure = figure_for_target(target, value_text)
    current = DataValue.objects.select_for_update().filter(target=target, unit=unit, year=year).first()
    if (current.version if current else 0) != expected_version:
        raise StaleEditError(
            f"Số liệu {year} của {unit.name} {changed_meanwhile(current)} sau khi bạn mở trang; "
            "bản của bạn chưa được lưu. Hãy xem lại và nhập lại nếu vẫn cần sửa."
        )
    return data_value_set(
        target=target,
        unit=unit,
        year=year,
        figure=figure,
        state=value_state_for_entry(scope, target, unit, year),
        source="trang mục tiêu",
        comment=current.comment if current else "",
        reason=reason,
        user=user,
    )
