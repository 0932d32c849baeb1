"""Every table of the ministry's pages as rows for a file (xlsx, csv) or JSON: one list of columns per
table, Vietnamese headings, numbers as numbers (reporting.tables says how each file writes them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse

from planwatch.demo import DEMO_LABEL
from planwatch.reporting.tables import Cell, table_csv, table_xlsx
from planwatch.web.figures.selectors import data_stamp
from planwatch.web.ministry.selectors import League, LeagueRow, ProvinceLine

FORMATS = ("csv", "xlsx", "json")
_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DEMO_NOTE = f"{DEMO_LABEL}: các số liệu được tạo tự động để minh họa, không phải số liệu thống kê thật."

ROW_HEADERS = (
    ("code", "Mã đơn vị"),
    ("name", "Đơn vị hành chính"),
    ("value", "Số liệu mới nhất"),
    ("unit", "Đơn vị tính"),
    ("period", "Kỳ số liệu"),
    ("reported", "Số xã đã báo cáo"),
    ("expected", "Số xã"),
    ("complete", "Đủ xã"),
    ("target", "Mục tiêu của tỉnh"),
    ("target_year", "Năm mục tiêu"),
    ("target_document", "Văn bản đặt mục tiêu"),
    ("national_target", "Mục tiêu quốc gia"),
    ("status", "Tình trạng"),
    ("status_code", "Mã tình trạng"),
    ("is_demo", "Số liệu minh họa"),
)


def _record(row: LeagueRow, unit: str, national: str, language: str | None) -> dict[str, Cell]:
    return {
        "code": row.code,
        "name": row.name,
        "value": row.value,
        "unit": unit,
        "period": row.period,
        "reported": row.reported if row.expected else None,
        "expected": row.expected or None,
        "complete": ("có" if row.complete else "chưa") if row.expected else "",
        "target": row.target.goal if row.target else "",
        "target_year": row.target.year if row.target else None,
        "target_document": row.target.document if row.target else "",
        "national_target": national,
        "status": row.status.label_in(language) if row.status else "",
        "status_code": row.status.value if row.status else "",
        "is_demo": "có" if row.is_demo else "",
    }


def league_records(league: League, language: str | None) -> list[dict[str, Cell]]:
    national = league.national_target.goal if league.national_target else ""
    return [_record(row, league.indicator.unit, national, language) for row in league.rows]


def province_records(lines: Sequence[ProvinceLine], language: str | None) -> list[dict[str, Cell]]:
    records = []
    for line in lines:
        record = _record(line.row, line.indicator.unit, "", language)
        records.append({"indicator_code": line.indicator.code, "indicator": line.indicator.name, **record})
    return records


PROVINCE_HEADERS = (("indicator_code", "Mã chỉ tiêu"), ("indicator", "Chỉ tiêu"), *ROW_HEADERS)


def respond(
    fmt: str,
    *,
    name: str,
    title: str,
    headers: Sequence[tuple[str, str]],
    records: Callable[[], list[dict[str, Cell]]],
    has_demo: Callable[[], bool],
    key: str,
) -> HttpResponse:
    """The table in ``fmt`` (csv, xlsx or json), kept per data stamp and ``key`` (path and language)."""
    cache_key = f"ministry-export:{data_stamp()}:{fmt}:{key}"
    found: bytes | None = cache.get(cache_key)
    if found is None:
        rows = records()
        demo = has_demo()
        if fmt == "json":
            payload: dict[str, Any] = {"title": title, "is_demo": demo, "rows": rows}
            found = JsonResponse(payload, json_dumps_params={"ensure_ascii": False}).content
        else:
            note = DEMO_NOTE if demo else ""
            cells = [[record[k] for k, _ in headers] for record in rows]
            labels = [label for _, label in headers]
            if fmt == "csv":
                found = table_csv(labels, cells, note=note)
            else:
                found = table_xlsx(title, labels, cells, note=note)
        cache.set(cache_key, found, timeout=600)
    if fmt == "json":
        return HttpResponse(found, content_type="application/json")
    response = HttpResponse(found, content_type=_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
