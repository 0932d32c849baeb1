"""Reading the household list a commune keeps today (xlsx): one row per person, the household's code,
address and area on every row of its members. Rows are read with the project's one workbook reader
and its limits (``planwatch.intake.workbook``); every cell is checked and every bad row named with
its row number and reason; nothing here writes.

The template (``household_template_xlsx``) has these columns, in any order, recognised by their
heading without diacritics: Mã hộ · Địa chỉ · Khu vực (nông thôn / đô thị) · Họ và tên · Ngày sinh
(dd/mm/yyyy, mm/yyyy or yyyy) · Giới tính (Nam / Nữ) · Số định danh cá nhân · Quan hệ với chủ hộ ·
Lý do không có số định danh; optionally Đối tượng trợ giúp xã hội (category codes separated by ";"),
Hệ số người có công, Hưởng từ ngày and Số quyết định.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from planwatch.domain.text import nfc, slugify
from planwatch.intake.workbook import UnreadableFileError
from planwatch.registry.identity import InvalidPersonalId, check_personal_id
from planwatch.registry.rules import AreaType

# field -> (heading in the template, the slug prefixes that name it, required)
COLUMNS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "household_code": ("Mã hộ", ("ma-ho",), True),
    "address": ("Địa chỉ", ("dia-chi",), False),
    "area": ("Khu vực (nông thôn / đô thị)", ("khu-vuc",), True),
    "full_name": ("Họ và tên", ("ho-va-ten", "ho-ten"), True),
    "birth": ("Ngày sinh (dd/mm/yyyy)", ("ngay-sinh",), True),
    "sex": ("Giới tính (Nam / Nữ)", ("gioi-tinh",), False),
    "personal_id": ("Số định danh cá nhân", ("so-dinh-danh",), True),
    "relation": ("Quan hệ với chủ hộ", ("quan-he",), False),
    "no_id_reason": ("Lý do không có số định danh", ("ly-do",), False),
    "categories": ("Đối tượng trợ giúp xã hội (mã, cách nhau bởi ;)", ("doi-tuong",), False),
    "merit": ("Hệ số người có công", ("he-so",), False),
    "since": ("Hưởng từ ngày (dd/mm/yyyy)", ("huong-tu",), False),
    "decision": ("Số quyết định", ("so-quyet-dinh",), False),
}
_AREA_WORDS = {
    "nong-thon": AreaType.RURAL,
    "nong_thon": AreaType.RURAL,
    "do-thi": AreaType.URBAN,
    "do_thi": AreaType.URBAN,
    "thanh-thi": AreaType.URBAN,
}
_SEX_WORDS = {"nam": "nam", "nu": "nu", "male": "nam", "female": "nu"}
_DAY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_MONTH = re.compile(r"([0-9]{1,2})/([0-9]{4})")
_YEAR = re.compile(r"[0-9]{4}")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?: 00:00:00)?")


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One valid row of the file."""

    line: int
    household_code: str
    address: str
    area: AreaType
    full_name: str
    birth_date: date | None
    birth_precision: str
    sex: str
    personal_id: str | None
    relation: str
    no_id_reason: str
    categories: tuple[str, ...] = ()
    merit_coefficient: Decimal | None = None
    since: date | None = None
    decision: str = ""


@dataclass(slots=True)
class ParsedFile:
    rows: list[PersonRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def household_template_xlsx(*, sample: Iterable[dict[str, str]] = ()) -> bytes:
    """The empty template (or one filled with ``sample`` rows keyed by field name); the id column is
    text so that Excel keeps its leading zeros."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách hộ"
    fields = list(COLUMNS)
    sheet.append([COLUMNS[f][0] for f in fields])
    for row in sample:
        sheet.append([row.get(f, "") for f in fields])
    id_column = fields.index("personal_id") + 1
    for cells in sheet.iter_cols(min_col=id_column, max_col=id_column):
        for cell in cells:
            cell.number_format = "@"
    for index, name in enumerate(fields, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(COLUMNS[name][0]) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parse_household_rows(rows: Iterable[tuple[int, list[str]]], name: str) -> ParsedFile:
    """Check every row of the sheet; the header is the first row that is not empty.

    Raises:
        UnreadableFileError: no header, or a required column missing (named).
    """
    parsed = ParsedFile()
    columns: dict[str, int] | None = None
    areas: dict[str, tuple[int, AreaType]] = {}
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if columns is None:
            columns = _header(cells, name)
            continue
        try:
            row = _row(line, cells, columns)
        except ValueError as problem:
            parsed.problems.append((line, str(problem)))
            continue
        first = areas.setdefault(row.household_code, (line, row.area))
        if first[1] is not row.area:
            parsed.problems.append(
                (
                    line,
                    f"hộ {row.household_code} ghi khu vực {row.area.label}, "
                    f"dòng {first[0]} ghi {first[1].label}",
                )
            )
            continue
        parsed.rows.append(row)
    if columns is None:
        raise UnreadableFileError(f"{name}: tệp không có dòng tiêu đề (hãy dùng tệp mẫu)")
    return parsed


def _header(cells: list[str], name: str) -> dict[str, int]:
    slugs = [slugify(c) for c in cells]
    found: dict[str, int] = {}
    for key, (_, prefixes, _required) in COLUMNS.items():
        for index, slug in enumerate(slugs):
            if any(slug.startswith(p) for p in prefixes):
                found.setdefault(key, index)
                break
    missing = [COLUMNS[k][0] for k, (_, _, required) in COLUMNS.items() if required and k not in found]
    if missing:
        raise UnreadableFileError(f"{name}: thiếu cột {', '.join(missing)} (hãy dùng tệp mẫu)")
    return found


def _cell(cells: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    if index is None or index >= len(cells):
        return ""
    return " ".join(nfc(cells[index]).split())


def _row(line: int, cells: list[str], columns: dict[str, int]) -> PersonRow:
    def cell(key: str) -> str:
        return _cell(cells, columns, key)

    code = cell("household_code")
    if not code:
        raise ValueError("thiếu mã hộ")
    area = _AREA_WORDS.get(slugify(cell("area")))
    if area is None:
        raise ValueError(f"khu vực '{cell('area')}' phải là 'nông thôn' hoặc 'đô thị'")
    full_name = cell("full_name")
    if not full_name:
        raise ValueError("thiếu họ và tên")
    birth_date, precision = parse_birth(cell("birth"))
    sex_text = cell("sex")
    sex = _SEX_WORDS.get(slugify(sex_text), "") if sex_text else ""
    if sex_text and not sex:
        raise ValueError(f"giới tính '{sex_text}' phải là 'Nam' hoặc 'Nữ'")
    id_text = cell("personal_id")
    reason = cell("no_id_reason")
    personal_id: str | None = None
    if id_text:
        try:
            personal_id = check_personal_id(
                id_text, birth_date=birth_date if precision != "none" else None, sex=sex or None
            )
        except InvalidPersonalId as problem:
            hint = (
                " (ô kiểu số làm mất số 0 ở đầu: hãy định dạng cột là Văn bản)"
                if id_text.isdigit() and len(id_text) < 12
                else ""
            )
            raise ValueError(f"{problem}{hint}") from None
    elif not reason:
        raise ValueError("không có số định danh cá nhân thì phải ghi lý do")
    categories = tuple(c.strip() for c in re.split(r"[;,]", cell("categories")) if c.strip())
    merit = _coefficient(cell("merit"))
    since_text = cell("since")
    since, since_precision = parse_birth(since_text) if since_text else (None, "none")
    if since_text and since_precision != "day":
        raise ValueError(f"ngày hưởng '{since_text}' phải ghi đủ ngày/tháng/năm")
    if (categories or merit is not None) and since is None:
        raise ValueError("có đối tượng hưởng thì phải ghi ngày bắt đầu hưởng")
    return PersonRow(
        line=line,
        household_code=code,
        address=cell("address"),
        area=area,
        full_name=full_name,
        birth_date=birth_date,
        birth_precision=precision if precision != "none" else "day",
        sex=sex,
        personal_id=personal_id,
        relation=cell("relation"),
        no_id_reason="" if personal_id else reason,
        categories=categories,
        merit_coefficient=merit,
        since=since,
        decision=cell("decision"),
    )


def _coefficient(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"hệ số người có công '{text}' không phải là số") from None
    if not Decimal(0) < value < Decimal(100):
        raise ValueError(f"hệ số người có công '{text}' phải lớn hơn 0")
    return value


def parse_birth(text: str) -> tuple[date | None, str]:
    """``dd/mm/yyyy`` (day), ``mm/yyyy`` (month: its first day), ``yyyy`` (year: 1 January); a date
    cell of the workbook reads as ``yyyy-mm-dd``; empty: unknown ("none").

    Raises:
        ValueError: a date that cannot be read or does not exist, or one in the future.
    """
    text = text.strip()
    if not text:
        return None, "none"
    try:
        if match := _DAY.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
            found, precision = date(year, month, day), "day"
        elif match := _ISO.fullmatch(text):
            year, month, day = (int(g) for g in match.groups())
            found, precision = date(year, month, day), "day"
        elif match := _MONTH.fullmatch(text):
            month, year = (int(g) for g in match.groups())
            found, precision = date(year, month, 1), "month"
        elif _YEAR.fullmatch(text):
            found, precision = date(int(text), 1, 1), "year"
        else:
            raise ValueError
    except ValueError:
        raise ValueError(f"ngày '{text}' phải viết dd/mm/yyyy (ví dụ 05/03/1980)") from None
    if found > datetime.now().date() or found.year < 1900:
        raise ValueError(f"ngày '{text}' không thể đúng")
    return found, precision
