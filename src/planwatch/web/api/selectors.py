"""The API's reads: the catalogue's and the figures' selectors, behind the caller's right to view."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.periods import parse_period
from planwatch.web.accounts.access import AccessScope
from planwatch.web.catalogue.models import DocumentParent, PolicyDocument
from planwatch.web.catalogue.selectors import (
    document_get,
    document_list,
    indicator_as_record,
    indicator_list,
    target_as_record,
    target_list_for_document,
)
from planwatch.web.figures.analytics import rollups
from planwatch.web.figures.selectors import EvaluationRow, evaluation_rows_cached


def document_list_for_scope(scope: AccessScope) -> list[PolicyDocument]:
    """Every document, each with ``target_count`` and its ``parent_links`` (direct parent first)."""
    scope.require_view()
    parents = DocumentParent.objects.select_related("parent").order_by("position")
    return list(
        document_list()
        .annotate(target_count=Count("targets"))
        .prefetch_related(Prefetch("parent_links", queryset=parents))
    )


def indicator_records_for_scope(scope: AccessScope) -> list[dict[str, Any]]:
    """Every indicator as ``planwatch indicators --json`` writes it (raises AccessDeniedError)."""
    scope.require_view()
    return [indicator_as_record(i) for i in indicator_list()]


ROLLUP_LEVELS = ("country", "province", "district", "area")


def rollup_records_for_scope(
    scope: AccessScope, indicator: str | None, level: str | None, period: str | None
) -> list[dict[str, Any]]:
    """``planwatch rollup INDICATOR --level LEVEL --period PERIOD --json``.

    Raises:
        AccessDeniedError: the user may not view.
        InvalidValueError: no indicator, an unknown level, or a period that is not one.
        NotFoundError: see ``figures.analytics.rollups``.
    """
    scope.require_view()
    if not indicator or not indicator.strip():
        raise InvalidValueError("Thiếu tham số indicator: ghi mã chỉ tiêu (GET /api/v1/indicators/).")
    if level is not None and level not in ROLLUP_LEVELS:
        raise InvalidValueError(f"Cấp '{level}' không có: ghi một trong {', '.join(ROLLUP_LEVELS)}.")
    code = parse_period(period).code if period else None
    return [row.as_record() for row in rollups(indicator.strip(), level=level, period=code)]


def target_records_for_scope(scope: AccessScope, document: str | None) -> list[dict[str, Any]]:
    """The targets of ``document`` (a number or doc id; the whole catalogue when None) as
    ``planwatch targets --json`` writes them, plus ``pk`` (the target's page is ``/muc-tieu/<pk>/``).

    Raises:
        AccessDeniedError: the user may not view.
        NotFoundError, AmbiguousError: see ``document_get``.
    """
    scope.require_view()
    targets = target_list_for_document(_document(document))
    return [{"pk": t.pk, **target_as_record(t)} for t in targets]


def evaluation_rows_for_scope(
    scope: AccessScope, document: str | None, as_of: int | None
) -> list[EvaluationRow]:
    """``planwatch evaluate --document DOCUMENT --as-of AS_OF`` (raises as ``target_records_for_scope``)."""
    scope.require_view()
    return evaluation_rows_cached(_document(document), as_of)


def _document(reference: str | None) -> PolicyDocument | None:
    if reference is None:
        return None
    if not reference.strip():
        raise InvalidValueError("Tham số document trống: ghi số hiệu hoặc mã văn bản, hoặc bỏ tham số.")
    return document_get(reference)
