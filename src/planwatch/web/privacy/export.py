"""The access log as a spreadsheet (xlsx, streamed write-only) or CSV (streamed), every formula-like
text written as text (planwatch.reporting.spreadsheet)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from io import BytesIO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook

from planwatch.domain.errors import InvalidValueError
from planwatch.reporting.spreadsheet import csv_text, streamed_row
from planwatch.web.privacy.models import AccessAction, PersonalDataAccess

MAX_ROWS = 200_000


def _header() -> list[str]:
    return [
        _("Thời điểm"),
        _("Người dùng"),
        _("Vai trò"),
        _("Thao tác"),
        _("Mục đích"),
        _("Số đối tượng"),
        _("Đối tượng"),
        _("Mã xã"),
        _("Xã"),
        _("Địa chỉ máy"),
        _("Trang"),
    ]


def _rows(rows: QuerySet[PersonalDataAccess], labels: dict[str, str]) -> Iterator[list[object]]:
    for row in rows.iterator(chunk_size=2000):
        yield [
            timezone.localtime(row.at).strftime("%d/%m/%Y %H:%M:%S"),
            row.username,
            row.user_role.label_in(get_language()) if row.user_role else row.role,
            str(labels.get(row.action, row.action)),
            row.purpose,
            row.subject_count,
            ", ".join(str(s) for s in row.subjects),
            row.unit.code if row.unit else "",
            row.unit.name if row.unit else "",
            row.client_address,
            row.path,
        ]


def _check_size(rows: QuerySet[PersonalDataAccess]) -> None:
    count = rows.count()
    if count > MAX_ROWS:
        raise InvalidValueError(
            _("Bộ lọc chọn %(count)s dòng, quá %(max)s dòng một lần xuất: hãy thu hẹp khoảng ngày.")
            % {"count": f"{count:,}".replace(",", "."), "max": f"{MAX_ROWS:,}".replace(",", ".")}
        )


def log_xlsx(rows: QuerySet[PersonalDataAccess]) -> bytes:
    _check_size(rows)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Nhật ký"))
    sheet.append(_header())
    labels = {code: str(label) for code, label in AccessAction.choices}
    for values in _rows(rows, labels):
        sheet.append(streamed_row(sheet, values))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


class _Line:
    def write(self, text: str) -> str:
        return text


def log_csv(rows: QuerySet[PersonalDataAccess]) -> Iterator[str]:
    """The CSV's lines, one at a time (a byte-order mark first, so spreadsheets read UTF-8). The size
    is checked and the header and labels are translated now, in the request's language."""
    _check_size(rows)
    writer = csv.writer(_Line())
    header = "\ufeff" + str(writer.writerow(_header()))
    labels = {code: str(label) for code, label in AccessAction.choices}

    def lines() -> Iterator[str]:
        yield header
        for values in _rows(rows, labels):
            yield str(writer.writerow([csv_text(v) for v in values]))

    return lines()
