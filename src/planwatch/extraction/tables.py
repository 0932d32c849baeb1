"""Indicator tables (appendix "Các chỉ tiêu chủ yếu"): one target per row with a value.

The table arrives as a stream of cells (see :mod:`layout`). Columns are known from the header row
(``TT | Chỉ tiêu | Đơn vị tính | Mục tiêu đến năm 2030 | Đơn vị phụ trách``) but merged cells are
missing from the stream, so rows are recognised by what their cells hold: an indicator, then a unit,
then one value per target column, then perhaps the responsible agency. Rules from the gold README:
a merged agency cell carries down until a new agency appears, a split cell (``Sở Xây`` / ``dựng``) is
joined, a comparator may sit on its own line (``<`` / ``3``), sub-rows by area (Thành thị / Nông thôn)
take the parent's indicator, and rows under a "trên 10.000 dân" heading are per 10,000 people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.numbers import parse_number
from planwatch.extraction.layout import TableRegion
from planwatch.extraction.quantities import NUMBER, normalise_unit
from planwatch.extraction.vocabulary import AGENCY_HEAD, SCOPE_WORDS

_VALUE = re.compile(
    rf"^(?P<cmp><=|>=|≤|≥|<|>)?\s*(?P<num>{NUMBER})(?:\s*(?:-|–)\s*(?P<high>{NUMBER}))?\s*%?$"
)
_INDEX = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXL]{1,5}\.?|[a-zđ]\)?|[A-Z]\.?)$")
_UNIT = re.compile(
    r"^(%|‰|mức độ|mức|tuổi|năm|giường|người|căn hộ|căn|hộ|xã|huyện|trường|lượt|lượt người|lượt lao động|"
    r"lao động|triệu đồng|tỷ đồng|tỉ đồng|nghìn đồng|usd|km|ha|tấn|m2|m²|cơ sở|doanh nghiệp|sản phẩm|"
    r"điểm|tiêu chí|bác sĩ|giường bệnh|\S+\s*/\s*\S+(?:\s+\S+)?|m2?\s*sàn\s*/\s*2?\s*người)$",
    re.IGNORECASE,
)
_PER_CAPITA = re.compile(r"(trên|/)\s*(\d{1,3}(?:\.\d{3})+)\s+dân", re.IGNORECASE)
_HEADER_WORDS = {
    "index": re.compile(r"^(tt|stt|số tt)$", re.IGNORECASE),
    "indicator": re.compile(r"(chỉ tiêu|nội dung|tên chỉ tiêu)", re.IGNORECASE),
    "unit": re.compile(r"(đơn vị tính|đvt|^đơn vị$)", re.IGNORECASE),
    "agency": re.compile(r"(đơn vị phụ trách|chủ trì|cơ quan|đơn vị thực hiện|theo dõi)", re.IGNORECASE),
    "value": re.compile(r"(20\d\d|mục tiêu|kế hoạch|chỉ tiêu.*năm)", re.IGNORECASE),
}


@dataclass(frozen=True, slots=True)
class FoundTarget:
    """A row's target before numbering: offsets are into the source text."""

    group: str | None
    indicator: str
    unit: str | None
    comparator: str
    value: float | None
    value_text: str
    target_year: int | None
    scope: str | None
    responsible: str | None
    quote_start: int
    quote_end: int
    value_max: float | None = None
    frequency: str | None = None
    confidence: float = 0.9
    reason: str = "indicator table row"


@dataclass
class _Cell:
    text: str
    start: int
    end: int

    @property
    def flat(self) -> str:
        return " ".join(self.text.split())


def read_table(text: str, region: TableRegion) -> list[FoundTarget]:
    """Targets of an indicator table (none when the region has no indicator header)."""
    cells = [_Cell(text[s:e], s, e) for s, e in region.cells]
    header = _find_header(cells)
    if header is None:
        return []
    first_data, roles, years = header
    return _Rows(cells[first_data:], roles, years).read()


def read_allocation_table(text: str, region: TableRegion) -> list[FoundTarget]:
    """Targets of an allocation table: one row per place, one column per indicator
    (``TT | Tên xã | Số hộ thoát nghèo (hộ) | Tỷ lệ bao phủ BHYT (%)``). Each number is a target of its
    column's indicator, scoped to its row's place; the year is the last one written just above the table.
    Rows must have every cell filled; a table that does not fit is left to the cell-by-cell reader."""
    cells = [_Cell(text[s:e], s, e) for s, e in region.cells if text[s:e].strip()]
    first_row = next((i for i, c in enumerate(cells) if re.fullmatch(r"\d{1,3}\.?", c.flat)), None)
    if first_row is None or first_row < 3:
        return []
    start = first_row - 1
    while start > 0 and not _PLACE_HEADER.match(cells[start].flat):
        start -= 1
    header = cells[start:first_row]
    if not header or not _PLACE_HEADER.match(header[0].flat) or len(header) < 2:
        return []
    columns = [_column(c.flat) for c in header[1:]]
    width = len(header) + 1  # the row number, the place, one cell per indicator
    year_match = re.findall(r"20\d\d", text[max(0, region.start - 300) : header[0].start])
    year = int(year_match[-1]) if year_match else None
    out: list[FoundTarget] = []
    position = first_row
    while position + width <= len(cells) and re.fullmatch(r"\d{1,3}\.?", cells[position].flat):
        place = cells[position + 1]
        values = cells[position + 2 : position + width]
        if not all(_VALUE.match(v.flat) for v in values):
            break
        for (indicator, unit), cell in zip(columns, values, strict=True):
            comparator, value, value_max, value_text = _read_value(cell.flat, unit)
            out.append(
                FoundTarget(
                    group=None,
                    indicator=indicator,
                    unit=unit,
                    comparator=comparator,
                    value=value,
                    value_text=value_text,
                    target_year=year,
                    scope=place.flat,
                    responsible=None,
                    quote_start=place.start,
                    quote_end=min(cell.end, place.start + 300),
                    value_max=value_max,
                    reason="allocation table row",
                    confidence=0.8,
                )
            )
        position += width
    return out if position > first_row else []


_PLACE_HEADER = re.compile(
    r"^(?:tên\s+)?(?:xã|phường|xã, phường|huyện|quận|đơn vị|địa phương|đơn vị hành chính|tỉnh|thành phố)"
    r"(?:,\s*(?:phường|thị trấn|thị xã|thành phố))*$",
    re.IGNORECASE,
)


def _column(flat: str) -> tuple[str, str | None]:
    """ "Tỷ lệ bao phủ BHYT (%)" -> ("Tỷ lệ bao phủ BHYT", "%")."""
    unit = re.search(r"\(([^()]{1,20})\)\s*$", flat)
    if unit is None:
        return flat, None
    return flat[: unit.start()].strip(), normalise_unit(unit.group(1))


def _find_header(cells: list[_Cell]) -> tuple[int, list[str], list[int | None]] | None:
    for index in range(len(cells)):
        if _header_role(cells[index]) is None:
            continue
        window = cells[index : index + 6]
        roles = [_header_role(cell) for cell in window]
        if "indicator" in roles and "value" in roles and sum(r is not None for r in roles) >= 3:
            header_cells: list[str] = []
            years: list[int | None] = []
            position = index
            while position < len(cells) and _header_role(cells[position]) is not None:
                role = _header_role(cells[position])
                assert role is not None
                header_cells.append(role)
                if role == "value":
                    found = re.findall(r"20\d\d", cells[position].flat)
                    years.append(int(found[-1]) if found else None)
                position += 1
            return position, header_cells, years
    return None


def _header_role(cell: _Cell) -> str | None:
    last_line = cell.text.strip().split("\n")[-1].strip()
    flat = cell.flat
    if _HEADER_WORDS["index"].match(last_line):
        return "index"
    if _HEADER_WORDS["unit"].search(flat):
        return "unit"
    if _HEADER_WORDS["agency"].search(flat):
        return "agency"
    if (
        _HEADER_WORDS["value"].search(flat)
        and len(flat) < 60
        and re.search(r"\b(mục tiêu|kế hoạch|20\d\d)\b", flat, re.IGNORECASE)
    ) or re.fullmatch(r"kết quả|giá trị|chỉ tiêu cần đạt", flat, re.IGNORECASE):
        return "value"
    if _HEADER_WORDS["indicator"].search(flat) and len(flat) < 40:
        return "indicator"
    return None


class _Rows:
    def __init__(self, cells: list[_Cell], roles: list[str], years: list[int | None]) -> None:
        self.cells = [c for c in cells if c.flat]
        self.has_unit = "unit" in roles
        self.has_agency = "agency" in roles
        self.years = years or [None]
        self.group: str | None = None
        self.group_year: int | None = None
        self.agency: str | None = None
        self.agency_rows: list[int] = []  # targets carrying the current agency (for a split cell)
        self.parent: _Cell | None = None
        self.per_capita: str | None = None
        self.out: list[FoundTarget] = []

    def read(self) -> list[FoundTarget]:
        i = 0
        cells = self.cells
        while i < len(cells):
            cell = cells[i]
            kind = self._kind(i)
            if kind == "index":
                following = self._kind(i + 1)
                if following == "text" and self._kind(i + 2) not in ("unit", "value"):
                    self.group = cells[i + 1].flat
                    period = re.findall(r"20\d\d", self.group)
                    if period and len(self.group) <= 40:
                        self.group_year = int(period[-1])  # "Giai đoạn 2025-2027": rows below are for 2027
                    self.parent = None
                    self.per_capita = None
                    i += 2
                    continue
                i += 1
                continue
            if kind == "agency":
                self._set_agency(cell.flat)
                i += 1
                continue
            if kind == "text":
                i = self._row(i)
                continue
            i += 1
        return self.out

    def _kind(self, i: int) -> str | None:
        if i >= len(self.cells):
            return None
        flat = self.cells[i].flat
        if _INDEX.match(flat):
            return "index"
        if _VALUE.match(flat):
            return "value"
        if self.has_unit and _UNIT.match(flat) and len(flat) <= 20:
            return "unit"
        if re.match(AGENCY_HEAD, flat) and len(flat.split()) <= 10:
            return "agency"
        return "text"

    def _row(self, i: int) -> int:
        cell = self.cells[i]
        j = i + 1
        unit: str | None = None
        if self.has_unit and self._kind(j) == "unit":
            unit = self.cells[j].flat
            j += 1
        elif self.has_unit or j >= len(self.cells) or not _VALUE.match(self.cells[j].flat):
            self._heading_row(cell)
            return j
        values: list[_Cell] = []
        while len(values) < len(self.years) and j < len(self.cells):
            kind = self._kind(j)
            if _VALUE.match(self.cells[j].flat) or (
                kind == "text" and unit is not None and not values and self._is_text_value(j)
            ):
                values.append(self.cells[j])
                j += 1
            else:
                break
        if not values:
            self._heading_row(cell)
            return j
        agency_update: str | None = None
        if j < len(self.cells) and self.has_agency:
            candidate = self.cells[j].flat
            if self._kind(j) == "agency":
                agency_update = candidate
                j += 1
            elif self._is_continuation(candidate):
                self._continue_agency(candidate)
                j += 1
        if agency_update is not None:
            self._set_agency(agency_update)
        self._emit(cell, unit, values)
        return j

    def _is_text_value(self, j: int) -> bool:
        flat = self.cells[j].flat
        return len(flat.split()) <= 6 and not re.match(AGENCY_HEAD, flat)

    def _is_continuation(self, flat: str) -> bool:
        return bool(self.agency) and len(flat.split()) <= 2 and flat[:1].islower() and not _INDEX.match(flat)

    def _set_agency(self, name: str) -> None:
        self.agency = name
        self.agency_rows = []

    def _continue_agency(self, fragment: str) -> None:
        """A split agency cell: "Sở Xây" then "dựng" is "Sở Xây dựng" for every row it covers."""
        assert self.agency is not None
        joined = f"{self.agency} {fragment}"
        for index in self.agency_rows:
            self.out[index] = replace(self.out[index], responsible=joined)
        self.agency = joined

    def _heading_row(self, cell: _Cell) -> None:
        """An indicator without a value: the parent of sub-rows, or a "per 10,000 people" heading."""
        per_capita = _PER_CAPITA.search(cell.flat)
        if per_capita:
            self.per_capita = f"trên {per_capita.group(2)} dân"
            self.parent = None
            return
        self.parent = cell

    def _emit(self, cell: _Cell, unit_text: str | None, values: list[_Cell]) -> None:
        flat = cell.flat
        scope: str | None = None
        quote_start = cell.start
        indicator = flat
        if _is_scope(flat) and self.parent is not None:
            scope = flat
            indicator = self.parent.flat
            quote_start = self.parent.start
        else:
            self.parent = cell
        unit = normalise_unit(unit_text)
        if unit == "%":
            self.per_capita = None
        if self.per_capita and scope is None:
            scope = self.per_capita
            base = self.per_capita.removeprefix("trên ").removesuffix(" dân")
            noun = "giường" if unit and unit.startswith("giường") else "người"
            unit = f"{noun}/{base} dân"
        for position, value_cell in enumerate(values):
            comparator, value, value_max, value_text = _read_value(value_cell.flat, unit)
            year = self.years[position] if position < len(self.years) else None
            year = year or self.group_year
            self.out.append(
                FoundTarget(
                    group=self.group,
                    indicator=indicator,
                    unit=unit,
                    comparator=comparator,
                    value=value,
                    value_text=value_text,
                    target_year=year,
                    scope=scope,
                    responsible=self.agency,
                    quote_start=quote_start,
                    quote_end=value_cell.end,
                    value_max=value_max,
                )
            )
            self.agency_rows.append(len(self.out) - 1)


def _is_scope(flat: str) -> bool:
    return len(flat.split()) <= 12 and re.match(SCOPE_WORDS, flat, re.IGNORECASE) is not None


def _read_value(flat: str, unit: str | None) -> tuple[str, float | None, float | None, str]:
    """``"< 3"`` -> ("<", 3, None, "< 3"); ``"115 - 120"`` -> ("range", 115, 120, …); ``"Xóa bỏ hoàn toàn"``
    under unit "Mức độ" -> ("level", None, None, …)."""
    match = _VALUE.match(flat)
    is_level = unit is not None and unit.lower() in ("mức độ", "mức")
    if match is None:
        return ("level" if is_level else "qualitative"), None, None, flat
    symbol = match.group("cmp")
    comparator = {"<": "<", ">": ">", "≤": "<=", "<=": "<=", "≥": ">=", ">=": ">="}.get(symbol or "", "=")
    if is_level:
        comparator = "level"
    try:
        value: float | None = parse_number(match.group("num"))
        high = parse_number(match.group("high")) if match.group("high") else None
    except InvalidValueError:
        value, high = None, None
    if high is not None and comparator == "=":
        comparator = "range" if value is not None and high > value else ">="
    return comparator, value, (high if comparator == "range" else None), flat
