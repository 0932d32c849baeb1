"""Writes from the target page: one figure entered by hand, with optimistic locking."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.periods import parse_period, unit_refusal
from planwatch.domain.vocabulary import ObservationKind, ObservationSource
from planwatch.web.accounts.access import AccessScope
from planwatch.web.catalogue.models import Target
from planwatch.web.figures.services import (
    ObservationWrite,
    figure_for_target,
    observation_get,
    observation_set,
    parse_kind,
    series_of,
)
from planwatch.web.figures.workflow import value_state_for_entry
from planwatch.web.geography.models import AdministrativeUnit


@transaction.atomic
def figure_enter(
    *,
    scope: AccessScope,
    user: User,
    target: Target,
    unit: AdministrativeUnit,
    period_text: str,
    value_text: str,
    expected_version: int,
    reason: str = "",
    kind_text: str = "",
) -> str:
    """Write one figure typed on the target page (``99,5``, ``1.500``) for a period (``2025``,
    ``2025H1``, ``quý 3/2025``) and of a kind (official by default, or the kind it already has).

    Returns ``created``, ``changed``, ``unchanged`` or ``proposed`` (a reporter's change of an
    approved figure, waiting for the coordinator).

    ``expected_version`` is the version the form showed (0 for a figure that did not exist): if the
    figure changed since, the save is refused so that neither person's work is silently lost.

    Raises:
        AccessDeniedError: the user may not enter this target or unit.
        InvalidValueError: an unreadable or impossible period, kind or figure.
        StaleEditError: the figure changed after the form was opened.
    """
    scope.require_enter(target, unit)
    period = parse_period(period_text)
    refusal = unit_refusal(unit.name, unit.valid_from, unit.valid_to, period)
    if refusal:
        raise InvalidValueError(refusal)
    figure = figure_for_target(target, value_text)
    current = observation_get(target, unit, period)
    kind = (
        parse_kind(kind_text)
        if kind_text.strip()
        else (ObservationKind(current.kind) if current else ObservationKind.OFFICIAL)
    )
    return observation_set(
        ObservationWrite(
            series=series_of(target),
            unit=unit,
            period=period,
            figure=figure,
            state=value_state_for_entry(scope, target, unit, period.year),
            source=ObservationSource.FORM,
            source_detail="trang mục tiêu",
            kind=kind,
            comment=current.comment if current else "",
            reason=reason,
            target_key=target.address,
            expected_version=expected_version,
        ),
        user=user,
    )
