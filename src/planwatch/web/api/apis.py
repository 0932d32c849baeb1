"""The API's views: read the request, call a selector or a service with the caller's access scope, write
the answer. Permission checks live in those selectors and services (accounts.access), never here."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from django.contrib.auth.models import User
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from planwatch.domain.periods import FIRST_YEAR, LAST_YEAR
from planwatch.domain.vocabulary import ObservationSource
from planwatch.web.accounts.access import access_scope
from planwatch.web.api.selectors import (
    document_list_for_scope,
    evaluation_rows_for_scope,
    indicator_records_for_scope,
    rollup_records_for_scope,
    target_records_for_scope,
)
from planwatch.web.api.serializers import (
    DocumentSerializer,
    ErrorSerializer,
    EvaluationSerializer,
    ImportResultSerializer,
    IndicatorSerializer,
    RollupSerializer,
    TargetSerializer,
    ValueRowSerializer,
    as_of_from_query,
    value_rows_from_body,
)
from planwatch.web.figures.services import values_import_rows

# 5,000 rows with long Vietnamese names and comments stay well below this.
MAX_BODY_BYTES = 10 * 1024 * 1024

_DOCUMENT = OpenApiParameter(
    "document",
    str,
    description="số hiệu (219/KH-UBND) hoặc mã văn bản (KG-219-KH-UBND); không ghi: cả danh mục",
)
_AS_OF = OpenApiParameter(
    "as_of", int, description=f"năm đánh giá, {FIRST_YEAR}–{LAST_YEAR} (mặc định: năm có số liệu gần nhất)"
)


def _errors(*codes: int) -> dict[int | str, Any]:
    return {code: OpenApiResponse(ErrorSerializer) for code in codes}


class BodyTooLargeError(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = f"Nội dung yêu cầu lớn hơn {MAX_BODY_BYTES // (1024 * 1024)} MB."


class SchemaApi(SpectacularAPIView):
    """The OpenAPI schema (YAML; ``?format=json`` for JSON). Its errors are JSON like every API answer,
    not YAML."""

    def handle_exception(self, exc: Exception) -> Response:
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return super().handle_exception(exc)


class DocumentListApi(APIView):
    @extend_schema(
        operation_id="documents_list",
        summary="Các văn bản (documents)",
        responses={200: DocumentSerializer(many=True), **_errors(401, 403)},
    )
    def get(self, request: Request) -> Response:
        documents = document_list_for_scope(access_scope(request.user))
        return Response(DocumentSerializer(documents, many=True).data)


class IndicatorListApi(APIView):
    @extend_schema(
        operation_id="indicators_list",
        summary="Các chỉ tiêu và cách cộng gộp số liệu theo địa bàn, theo kỳ (indicators)",
        responses={200: IndicatorSerializer(many=True), **_errors(401, 403)},
    )
    def get(self, request: Request) -> Response:
        records = indicator_records_for_scope(access_scope(request.user))
        return Response(IndicatorSerializer(records, many=True).data)


class RollupListApi(APIView):
    @extend_schema(
        operation_id="rollups_list",
        summary="Số liệu một chỉ tiêu cộng gộp từ các xã lên tỉnh, cả nước, địa bàn cũ (rollups)",
        parameters=[
            OpenApiParameter("indicator", str, required=True, description="mã chỉ tiêu"),
            OpenApiParameter("level", str, description="country, province, district hoặc area"),
            OpenApiParameter("period", str, description="kỳ: 2025, 2025H1, 2025Q3, 2025M07"),
        ],
        responses={200: RollupSerializer(many=True), **_errors(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        query = request.query_params
        records = rollup_records_for_scope(
            access_scope(request.user), query.get("indicator"), query.get("level"), query.get("period")
        )
        return Response(RollupSerializer(records, many=True).data)


class TargetListApi(APIView):
    @extend_schema(
        operation_id="targets_list",
        summary="Các mục tiêu của một văn bản hoặc của cả danh mục (targets)",
        parameters=[_DOCUMENT],
        responses={200: TargetSerializer(many=True), **_errors(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        scope = access_scope(request.user)
        records = target_records_for_scope(scope, request.query_params.get("document"))
        return Response(TargetSerializer(records, many=True).data)


class EvaluationListApi(APIView):
    @extend_schema(
        operation_id="evaluations_list",
        summary="Đánh giá tiến độ từng mục tiêu, như planwatch evaluate --json (evaluations)",
        parameters=[_DOCUMENT, _AS_OF],
        responses={200: EvaluationSerializer(many=True), **_errors(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        as_of = as_of_from_query(request.query_params.get("as_of"))
        scope = access_scope(request.user)
        rows = evaluation_rows_for_scope(scope, request.query_params.get("document"), as_of)
        return Response(EvaluationSerializer([row.as_json() for row in rows], many=True).data)


class ValueImportApi(APIView):
    @extend_schema(
        operation_id="values_create",
        summary="Nhập số liệu: mọi dòng hoặc không dòng nào (values)",
        description=(
            "Các dòng như cột của `planwatch values import`. Một dòng sai: 400, không ghi gì, liệt kê "
            "mọi dòng sai. Một dòng ngoài phạm vi cơ quan/địa bàn của người gửi: 403, không ghi gì. "
            "Người báo cáo gửi số liệu ở trạng thái submitted; quản trị và cơ quan đầu mối của văn bản: "
            "approved (docs/decisions/0003-api-values-state.md); người báo cáo sửa số liệu đã duyệt thì "
            "thành đề nghị chờ duyệt (proposed). Dòng có `version` (hoặc tiêu đề If-Match khi gửi một "
            "dòng) khác phiên bản đang lưu: 409, không ghi gì. Tối đa 5.000 dòng."
        ),
        request=ValueRowSerializer(many=True),
        responses={201: ImportResultSerializer, **_errors(400, 401, 403, 409, 413)},
    )
    def post(self, request: Request) -> Response:
        if _content_length(request) > MAX_BODY_BYTES:
            raise BodyTooLargeError()
        rows, unreadable = value_rows_from_body(request.data)
        if_match = request.headers.get("If-Match", "").strip().strip('"')
        if if_match and len(rows) == 1 and not rows[0].version:
            rows = [replace(rows[0], version=if_match)]
        result = values_import_rows(
            rows=rows,
            rejected=unreadable,
            source="API",
            origin=ObservationSource.API,
            user=cast(User, request.user),  # IsAuthenticated let only a signed-in user through
            scope=access_scope(request.user),
        )
        return Response(ImportResultSerializer(result).data, status=status.HTTP_201_CREATED)


def _content_length(request: Request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
