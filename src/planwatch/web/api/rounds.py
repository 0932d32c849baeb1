"""Reporting rounds in the API (issue #5): open a round, read where every sender stands, submit, close
and resume."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from planwatch.domain.errors import InvalidValueError, NotFoundError
from planwatch.domain.numbers import is_ascii_digits
from planwatch.domain.periods import FIRST_YEAR, LAST_YEAR
from planwatch.web.accounts.access import access_scope
from planwatch.web.api.serializers import ErrorSerializer
from planwatch.web.catalogue.selectors import document_get
from planwatch.web.rounds.models import ReportingRound, RoundSender
from planwatch.web.rounds.selectors import DISPLAY_STATES, round_get, round_status, senders_for_scope
from planwatch.web.rounds.services import round_close, round_open, round_resume, round_submit


def _errors(*codes: int) -> dict[int | str, Any]:
    return {code: OpenApiResponse(ErrorSerializer) for code in codes}


class RoundOpenSerializer(serializers.Serializer[Any]):
    document = serializers.CharField(help_text="số hiệu (219/KH-UBND) hoặc mã văn bản (KG-219-KH-UBND)")
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)
    deadline = serializers.DateField(required=False, help_text="mặc định: hạn báo cáo của văn bản")


class RoundSenderSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["agency", "commune"])
    code = serializers.CharField()
    name = serializers.CharField(help_text="tên hiện nay")
    name_in_document = serializers.CharField(help_text="tên ghi trong văn bản")
    state = serializers.ChoiceField(choices=list(DISPLAY_STATES))
    targets = serializers.IntegerField()
    entered = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    on_time = serializers.BooleanField(allow_null=True)
    returned_reason = serializers.CharField(allow_blank=True)


class RoundSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    document = serializers.CharField()
    year = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["open", "closed"])
    closed_at = serializers.DateTimeField(allow_null=True)
    deadline = serializers.DateField()
    cutoff_from = serializers.DateField()
    cutoff_to = serializers.DateField()
    counts = serializers.DictField(child=serializers.IntegerField())
    senders = RoundSenderSerializer(many=True)


def _round_json(round_: ReportingRound) -> dict[str, Any]:
    status_ = round_status(round_)
    return {
        "id": round_.pk,
        "document": round_.document.doc_id,
        "year": round_.year,
        "state": round_.state,
        "closed_at": round_.closed_at,
        "deadline": round_.deadline_on,
        "cutoff_from": round_.cutoff_from,
        "cutoff_to": round_.cutoff_to,
        "counts": status_.counts,
        "senders": [row.as_json() for row in status_.rows],
    }


def _round(pk: int) -> ReportingRound:
    try:
        return round_get(pk)
    except ReportingRound.DoesNotExist:
        raise NotFoundError(f"không có đợt báo cáo số {pk}") from None


class RoundOpenApi(APIView):
    @extend_schema(
        operation_id="rounds_create",
        summary="Mở đợt báo cáo của một văn bản và năm (cơ quan đầu mối)",
        request=RoundOpenSerializer,
        responses={201: RoundSerializer, **_errors(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        body = RoundOpenSerializer(data=request.data)
        if not body.is_valid():
            raise InvalidValueError(
                "; ".join(
                    f"{field}: {' '.join(str(m) for m in messages)}"
                    for field, messages in body.errors.items()
                )
            )
        data = body.validated_data
        round_ = round_open(
            scope=access_scope(request.user),
            user=cast(User, request.user),
            document=document_get(data["document"]),
            year=data["year"],
            deadline=data.get("deadline"),
        )
        return Response(
            RoundSerializer(_round_json(round_get(round_.pk))).data, status=status.HTTP_201_CREATED
        )


class RoundDetailApi(APIView):
    @extend_schema(
        operation_id="rounds_retrieve",
        summary="Một đợt báo cáo: hạn, kỳ số liệu, trạng thái từng đơn vị gửi",
        responses={200: RoundSerializer, **_errors(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        access_scope(request.user).require_view()
        return Response(RoundSerializer(_round_json(_round(pk))).data)


class RoundSubmitSerializer(serializers.Serializer[Any]):
    sender = serializers.IntegerField(
        required=False, help_text="id của đơn vị gửi; không ghi: đơn vị duy nhất của người gọi"
    )
    reason = serializers.CharField(
        required=False, help_text="lý do gửi thiếu: bắt buộc khi còn chỉ tiêu chưa có số liệu"
    )


class RoundSubmitApi(APIView):
    @extend_schema(
        operation_id="rounds_submit",
        summary="Gửi số liệu nháp của đơn vị mình trong đợt báo cáo",
        request=RoundSubmitSerializer,
        responses={200: RoundSenderSerializer, **_errors(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        from planwatch.web.rounds.selectors import sender_row

        scope = access_scope(request.user)
        round_ = _round(pk)
        wanted = request.data.get("sender") if isinstance(request.data, dict) else None
        if wanted is not None:
            if isinstance(wanted, bool) or not is_ascii_digits(str(wanted)):
                raise InvalidValueError(
                    f"'sender' phải là id (số nguyên) của một đơn vị gửi, không phải {wanted!r:.40}."
                )
            sender = (
                RoundSender.objects.filter(round=round_, pk=wanted).select_related("round__document").first()
            )
            if sender is None:
                raise NotFoundError(f"đợt báo cáo {pk} không có đơn vị gửi số {wanted}")
        else:
            own = senders_for_scope(scope, round_)
            if len(own) != 1:
                raise InvalidValueError("Hãy ghi 'sender': id của đơn vị gửi (xem GET /api/v1/rounds/<id>/).")
            sender = own[0]
        reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
        sender = round_submit(
            scope=scope, user=cast(User, request.user), sender=sender, partial_reason=str(reason or "")
        )
        return Response(RoundSenderSerializer(sender_row(sender).as_json()).data)


class RoundCloseApi(APIView):
    @extend_schema(
        operation_id="rounds_close",
        summary="Đóng đợt báo cáo (cơ quan đầu mối); từ chối khi còn báo cáo chờ duyệt",
        request=None,
        responses={200: RoundSerializer, **_errors(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        round_ = round_close(
            scope=access_scope(request.user), user=cast(User, request.user), round_=_round(pk)
        )
        return Response(RoundSerializer(_round_json(round_get(round_.pk))).data)


class RoundResumeSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(help_text="lý do mở lại, gửi tới các đơn vị chưa gửi")


class RoundResumeApi(APIView):
    @extend_schema(
        operation_id="rounds_resume",
        summary="Mở lại một đợt báo cáo đã đóng, có ghi lý do (cơ quan đầu mối)",
        request=RoundResumeSerializer,
        responses={200: RoundSerializer, **_errors(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
        round_ = round_resume(
            scope=access_scope(request.user),
            user=cast(User, request.user),
            round_=_round(pk),
            reason=str(reason),
        )
        return Response(RoundSerializer(_round_json(round_get(round_.pk))).data)
