"""What the API reads and writes: the rows of ``POST /api/v1/values/`` (the columns of
``planwatch values import``) and the shape of every answer, which the OpenAPI schema is made from."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.settings import api_settings

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.numbers import format_number
from planwatch.domain.periods import FIRST_YEAR, LAST_YEAR, parse_year
from planwatch.domain.text import nfc
from planwatch.domain.vocabulary import (
    Aggregation,
    Comparator,
    Direction,
    Disaggregation,
    DocumentKind,
    PeriodAggregation,
    Status,
    TargetKind,
)
from planwatch.intake.rows import COLUMNS, RawRow
from planwatch.web.catalogue.models import PolicyDocument

MAX_ROWS = 5000
MAX_TEXT = 2000

_TEXT_ERRORS = {
    "required": "thiếu trường này",
    "null": "không được để trống (null)",
    "invalid": "phải là chuỗi ký tự",
    "too_long": f"dài quá {MAX_TEXT} ký tự",
}


@extend_schema_field({"type": "string"})
class RowTextField(serializers.Field[str, str, str, Any]):
    """Text of one column; null stands for an empty optional column."""

    default_error_messages: ClassVar[dict[str, Any]] = _TEXT_ERRORS

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        if len(data) > MAX_TEXT:
            self.fail("too_long")
        return nfc(data).strip()

    def to_representation(self, value: Any) -> Any:
        return value


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "number"}]})
class RowFigureField(RowTextField):
    """A year or a figure: a JSON number, or text as a person writes it (``"99,5"``, ``"1.500"``,
    ``"đạt"``)."""

    default_error_messages: ClassVar[dict[str, Any]] = {
        **_TEXT_ERRORS,
        "invalid": "phải là số hoặc chuỗi ký tự",
    }

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, bool) or not isinstance(data, int | float):
            return super().to_internal_value(data)
        if isinstance(data, float) and not math.isfinite(data):
            self.fail("invalid")
        if isinstance(data, int) or data.is_integer():
            return str(int(data))
        # A decimal comma: text reads "0.001" as one thousand (Vietnamese thousands dot); "0,001" is not.
        return format(Decimal(repr(data)), "f").replace(".", ",")


class ValueRowSerializer(serializers.Serializer[dict[str, Any]]):
    """One figure, with the columns of ``planwatch values import``."""

    default_error_messages: ClassVar[dict[str, Any]] = {
        "invalid": 'mỗi dòng phải là một đối tượng JSON {{"document": …, "indicator": …, …}}, '
        "không phải {datatype}"
    }

    document = RowTextField(
        required=False,
        allow_null=True,
        help_text="số hiệu (219/KH-UBND) hoặc mã văn bản (KG-219-KH-UBND); cần khi indicator là tên",
    )
    target = RowTextField(
        required=False, allow_null=True, help_text="mã mục tiêu: mã văn bản/mã mục tiêu (KG-219-KH-UBND/t12)"
    )
    indicator = RowTextField(
        required=False,
        allow_null=True,
        help_text="mã chỉ tiêu (ho-ngheo), hoặc tên như văn bản ghi (không phân biệt dấu, hoa thường)",
    )
    scope = RowTextField(required=False, allow_null=True, help_text="phạm vi, khi một chỉ tiêu có nhiều")
    unit_area = RowTextField(
        required=False, allow_null=True, help_text="địa bàn (mã hoặc tên); trống: tỉnh của văn bản"
    )
    year = RowFigureField(required=False, allow_null=True, help_text=f"năm số liệu, {FIRST_YEAR}–{LAST_YEAR}")
    period = RowTextField(
        required=False, allow_null=True, help_text="kỳ: 2025, 2025H1, 2025Q3, 2025M07 (thay cho year)"
    )
    kind = RowTextField(
        required=False,
        allow_null=True,
        help_text="official (chính thức, mặc định) · estimate (ước thực hiện) · preliminary (sơ bộ)",
    )
    value = RowFigureField(help_text="99,5 · 1.500 · 31.7 · 3 (mức) · 'đạt' / 'đạt một phần' / 'chưa đạt'")
    comment = RowTextField(required=False, allow_null=True, help_text="nguồn, ghi chú")
    version = RowFigureField(
        required=False,
        allow_null=True,
        help_text="phiên bản đã đọc (0: chưa có số liệu); khác phiên bản đang lưu thì trả 409, không ghi gì",
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                message = f"trường lạ: {', '.join(map(str, unknown))} (các trường: {', '.join(COLUMNS)})"
                raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]})
        row: dict[str, Any] = super().to_internal_value(data)
        return row


def value_rows_from_body(body: Any) -> tuple[list[RawRow], list[tuple[int, str]]]:
    """The rows of a ``POST /api/v1/values/`` body, numbered from 1, and the rows that cannot be read
    (row, reason), so that every bad row is answered at once.

    Raises:
        InvalidValueError: the body is not a list of 1 to ``MAX_ROWS`` rows.
    """
    if not isinstance(body, list):
        raise InvalidValueError(
            'Nội dung phải là một danh sách JSON các dòng số liệu: [{"document": …, "indicator": …, '
            '"year": …, "value": …}, …].'
        )
    if not body:
        raise InvalidValueError("Danh sách dòng số liệu rỗng: không có gì để ghi.")
    if len(body) > MAX_ROWS:
        raise InvalidValueError(
            f"Tối đa {format_number(MAX_ROWS)} dòng mỗi yêu cầu (nhận được {format_number(len(body))}); "
            "hãy chia thành nhiều yêu cầu."
        )
    rows: list[RawRow] = []
    unreadable: list[tuple[int, str]] = []
    for number, item in enumerate(body, start=1):
        row = ValueRowSerializer(data=item)
        if row.is_valid():
            fields = {column: row.validated_data.get(column) or "" for column in COLUMNS}
            rows.append(RawRow(line=number, **fields))
        else:
            unreadable.append((number, _error_text(row.errors)))
    return rows, unreadable


def _error_text(errors: Any) -> str:
    parts = []
    for field, messages in errors.items():
        text = "; ".join(str(m) for m in messages)
        parts.append(text if field == api_settings.NON_FIELD_ERRORS_KEY else f"{field}: {text}")
    return "; ".join(parts)


def as_of_from_query(text: str | None) -> int | None:
    """The ``as_of`` query parameter: a year within ``domain.periods`` bounds, or None when absent."""
    if text is None or not text.strip():
        return None
    try:
        return parse_year(text)
    except InvalidValueError as error:
        raise InvalidValueError(f"Tham số as_of: {error}.") from None


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": True})
class NumberOrTextField(serializers.Field[Any, Any, Any, Any]):
    """Written as it is: a number, or a word (an assessment; ``"inf"`` for an unbounded ratio)."""

    def to_representation(self, value: Any) -> Any:
        return value


class ImportResultSerializer(serializers.Serializer[Any]):
    rows = serializers.IntegerField(help_text="số dòng đã nhận")
    created = serializers.IntegerField(help_text="số liệu mới")
    changed = serializers.IntegerField(help_text="số liệu thay đổi (giá trị cũ giữ trong lịch sử)")
    unchanged = serializers.IntegerField(help_text="giữ nguyên")
    proposed = serializers.IntegerField(
        help_text="đề nghị sửa số liệu đã duyệt: chờ cơ quan đầu mối duyệt, số đã duyệt vẫn được tính"
    )


class RowErrorSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField(help_text="số thứ tự của dòng trong danh sách, từ 1")
    message = serializers.CharField()


# Built inline: a field named ``errors`` would shadow Serializer.errors for the type checker.
ErrorSerializer = inline_serializer(
    "Error",
    fields={
        "detail": serializers.CharField(),
        "errors": RowErrorSerializer(many=True, required=False, help_text="mọi dòng bị từ chối"),
    },
)


class DocumentSerializer(serializers.Serializer[Any]):
    doc_id = serializers.CharField()
    number = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=[k.value for k in DocumentKind])
    title = serializers.CharField()
    issuer = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    province = serializers.SerializerMethodField()
    is_stub = serializers.BooleanField(help_text="chỉ được tham chiếu, chưa có toàn văn")
    parents = serializers.SerializerMethodField()
    target_count = serializers.IntegerField()

    def get_number(self, document: PolicyDocument) -> str | None:
        return document.number or None

    def get_province(self, document: PolicyDocument) -> str | None:
        return document.province or None

    def get_parents(self, document: PolicyDocument) -> list[str]:
        """Doc ids of the documents it implements: the direct parent first, the root last."""
        return [link.parent.doc_id for link in document.parent_links.all()]


class IndicatorSerializer(serializers.Serializer[Any]):
    """The fields of ``planwatch indicators --json``: what an indicator is and how its figures combine."""

    code = serializers.CharField(help_text="mã chỉ tiêu (indicator_code của mục tiêu)")
    name = serializers.CharField()
    unit = serializers.CharField(allow_null=True)
    definition = serializers.CharField(allow_null=True)
    direction = serializers.ChoiceField(choices=[d.value for d in Direction])
    aggregation = serializers.ChoiceField(
        choices=[a.value for a in Aggregation],
        help_text="cộng gộp theo địa bàn: sum, ratio (tử số / mẫu số), weighted_mean (theo weight), none",
    )
    numerator = serializers.CharField(allow_null=True, help_text="phần tử dữ liệu tử số (ratio)")
    denominator = serializers.CharField(allow_null=True, help_text="phần tử dữ liệu mẫu số (ratio)")
    weight = serializers.CharField(allow_null=True, help_text="quyền số (weighted_mean)")
    period_aggregation = serializers.ChoiceField(
        choices=[p.value for p in PeriodAggregation], help_text="theo kỳ: flow cộng dồn, stock số cuối kỳ"
    )
    disaggregations = serializers.ListField(
        child=serializers.ChoiceField(choices=[d.value for d in Disaggregation])
    )
    reason = serializers.CharField(allow_null=True)
    lower_limit = serializers.FloatField(allow_null=True)
    upper_limit = serializers.FloatField(allow_null=True)
    domain = serializers.CharField(allow_null=True)
    element = serializers.BooleanField(
        help_text="phần tử dữ liệu (tử số, mẫu số, trọng số của chỉ tiêu khác)"
    )


class TargetSerializer(serializers.Serializer[Any]):
    """The fields of ``planwatch targets --json`` plus ``pk``."""

    pk = serializers.IntegerField(help_text="khóa của mục tiêu: trang /muc-tieu/<pk>/")
    id = serializers.CharField(help_text="mã mục tiêu trong văn bản")
    document = serializers.CharField(allow_null=True)
    doc_id = serializers.CharField()
    group = serializers.CharField(allow_null=True)
    indicator = serializers.CharField()
    indicator_code = serializers.CharField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    comparator = serializers.ChoiceField(choices=[c.value for c in Comparator])
    value = serializers.FloatField(
        allow_null=True, help_text="giá trị mục tiêu; cận dưới khi comparator là range"
    )
    value_max = serializers.FloatField(allow_null=True, help_text="cận trên của mục tiêu range, còn lại null")
    value_text = serializers.CharField(allow_null=True)
    target_year = serializers.IntegerField(allow_null=True)
    kind = serializers.ChoiceField(choices=[k.value for k in TargetKind])
    scope = serializers.CharField(allow_null=True)
    responsible = serializers.CharField(allow_null=True)
    quote = serializers.CharField(allow_null=True)


class RollupSerializer(serializers.Serializer[Any]):
    """The fields of ``planwatch rollup --json``: one unit's total and how many communes it is made of."""

    indicator = serializers.CharField()
    disaggregation = serializers.CharField(help_text="'' cho tổng; urban, rural, …")
    unit = serializers.CharField(help_text="mã đơn vị; ca-nuoc cho cả nước")
    unit_name = serializers.CharField()
    level = serializers.CharField(help_text="country, province, district, area")
    period = serializers.CharField(help_text="2025, 2025H1, 2025Q3, 2025M07")
    value = serializers.FloatField(allow_null=True)
    reported = serializers.IntegerField(help_text="số xã đã báo cáo")
    expected = serializers.IntegerField(help_text="số xã của đơn vị vào ngày chốt số liệu của kỳ")
    complete = serializers.BooleanField(help_text="false: tổng của một phần các xã, không phải số cả địa bàn")


class EvaluationSerializer(serializers.Serializer[Any]):
    """The fields of ``planwatch evaluate --json`` (``EvaluationRow.as_json``)."""

    document = serializers.CharField(allow_null=True)
    doc_id = serializers.CharField()
    target = serializers.CharField()
    group = serializers.CharField(allow_null=True)
    indicator = serializers.CharField()
    scope = serializers.CharField(allow_null=True)
    unit_area = serializers.CharField(help_text="tên địa bàn của chuỗi số liệu")
    territory = serializers.CharField(help_text="mã lãnh thổ của chuỗi số liệu (docs/decisions/0002)")
    comparator = serializers.ChoiceField(choices=[c.value for c in Comparator])
    target_value = serializers.FloatField(allow_null=True)
    target_value_max = serializers.FloatField(allow_null=True, help_text="cận trên của mục tiêu range")
    target_year = serializers.IntegerField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    baseline_year = serializers.IntegerField(allow_null=True)
    baseline_value = serializers.FloatField(allow_null=True)
    baseline_year_assumed = serializers.BooleanField()
    latest_year = serializers.IntegerField(allow_null=True)
    latest_value = NumberOrTextField(help_text="số, hoặc đánh giá (achieved/partial/not_achieved)")
    status = serializers.ChoiceField(choices=[s.value for s in Status])
    status_label = serializers.CharField()
    status_label_en = serializers.CharField(help_text="the status label in English")
    ratio = NumberOrTextField(help_text="R; 'inf' hoặc '-inf' khi không giới hạn")
    share_covered = serializers.FloatField(allow_null=True)
    projected = serializers.FloatField(allow_null=True, help_text="null khi xu hướng không thể ngoại suy")
    trend_beyond_limits = serializers.BooleanField(
        help_text="xu hướng kéo dài đến năm mục tiêu ra ngoài giới hạn hợp lý của chỉ tiêu"
    )
    score = serializers.FloatField(allow_null=True)
    explanation = serializers.CharField()
    explanation_en = serializers.CharField(help_text="the evaluation sentence in English")
    responsible = serializers.CharField(allow_null=True)
    responsible_now = serializers.CharField(allow_null=True)
    is_demo = serializers.BooleanField()
