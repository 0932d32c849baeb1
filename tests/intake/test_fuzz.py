"""Fuzzing the intake pipeline (``make test-fuzz`` runs it with many more examples): whatever a file, a
cell or a JSON body holds, the answer is rows, figures within their plausible range, or one
DomainError sentence — never another exception, never a number that is not finite."""

from __future__ import annotations

import csv
import io
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from planwatch.domain.errors import DomainError, InvalidValueError
from planwatch.domain.numbers import parse_number
from planwatch.domain.periods import parse_year
from planwatch.domain.plausible import NO_UNIT, PLAUSIBLE_BY_UNIT
from planwatch.domain.vocabulary import Comparator
from planwatch.intake.figures import parse_figure
from planwatch.intake.rows import COLUMNS, read_rows
from planwatch.intake.workbook import UnreadableFileError, cell_text

pytestmark = pytest.mark.fuzz

SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
NUMBERISH = st.text(alphabet=st.sampled_from("0123456789.,-+ %e_²３٣\u00a0"), max_size=25)
UNITS = st.sampled_from([None, "căn hộ", "lượt lao động", *PLAUSIBLE_BY_UNIT])
CELLS = st.one_of(
    st.none(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.text(max_size=40),
    NUMBERISH,
)


@SLOW
@given(st.one_of(NUMBERISH, st.text(max_size=30)))
@example("9" * 400)
@example("1e308")
def test_a_number_is_finite_or_refused(text: str) -> None:
    try:
        number = parse_number(text)
    except InvalidValueError:
        return
    assert math.isfinite(number)


@SLOW
@given(st.one_of(NUMBERISH, st.text(max_size=30)), UNITS)
def test_a_figure_lies_in_its_unit_s_plausible_range_or_is_refused(text: str, unit: str | None) -> None:
    try:
        figure = parse_figure(text, Comparator.GE, unit)
    except InvalidValueError as error:
        refusal = str(error)
    else:
        refusal = ""
    if refusal:
        assert "\n" not in refusal
        return
    assert figure.value is not None
    low, high = PLAUSIBLE_BY_UNIT.get(unit or "", NO_UNIT if unit is None else (0.0, 1e12))
    assert low <= figure.value <= high


@SLOW
@given(st.text(max_size=12))
def test_a_year_is_four_ascii_digits_in_range_or_refused(text: str) -> None:
    try:
        year = parse_year(text)
    except InvalidValueError:
        return
    assert 1990 <= year <= 2100
    assert text.strip().lstrip("+").isascii()


@SLOW
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_a_numeric_cell_reads_back_as_the_same_number(number: float) -> None:
    assert parse_number(cell_text(number)) == pytest.approx(number, rel=1e-12, abs=1e-12)


def _read(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            rows = read_rows(path)
        except UnreadableFileError as error:
            refusal = str(error)
        else:
            refusal = ""
    if refusal:
        assert "\n" not in refusal
        assert refusal.startswith(name + ": ")
    else:
        assert rows


@SLOW
@given(st.binary(max_size=2000))
def test_any_bytes_as_csv_are_rows_or_one_refusal(data: bytes) -> None:
    _read("values.csv", data)


@SLOW
@given(st.lists(st.lists(st.text(max_size=20), max_size=9), max_size=8))
def test_any_csv_table_is_rows_or_one_refusal(table: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(table)
    _read("values.csv", buffer.getvalue().encode("utf-8"))


def _workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@SLOW
@given(st.lists(st.lists(CELLS, min_size=1, max_size=8), min_size=1, max_size=6))
def test_any_workbook_is_rows_or_one_refusal(rows: list[list[Any]]) -> None:
    cleaned = [[c.replace("\x00", "") if isinstance(c, str) else c for c in row] for row in rows]
    try:
        data = _workbook(cleaned)
    except IllegalCharacterError:  # openpyxl writes no control characters: no file anyone can send
        return
    _read("values.xlsx", data)


GOOD_WORKBOOK = _workbook([["219/KH-UBND", "Tỷ lệ", None, None, 2024, 32.125, "ước"]])


@SLOW
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(GOOD_WORKBOOK) - 1), st.integers(0, 255)), max_size=8
    ),
    st.integers(min_value=1, max_value=len(GOOD_WORKBOOK)),
)
def test_a_damaged_workbook_is_rows_or_one_refusal(flips: list[tuple[int, int]], keep: int) -> None:
    data = bytearray(GOOD_WORKBOOK)
    for position, value in flips:
        data[position] = value
    _read("values.xlsx", bytes(data[:keep]))


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
ROW = st.fixed_dictionaries(
    {
        "document": st.sampled_from(["219/KH-UBND", "KG-219-KH-UBND", "", "x"]),
        "indicator": st.sampled_from(["Tỉ lệ hộ nghèo đa chiều theo chuẩn nghèo quốc gia", "", "y"]),
        "year": st.one_of(st.integers(), NUMBERISH, st.floats()),
        "value": st.one_of(st.integers(), NUMBERISH, st.floats(), st.text(max_size=10)),
    },
    optional={
        "unit_area": st.one_of(st.none(), st.text(max_size=10)),
        "comment": JSON,
        "target": st.sampled_from(["KG-219-KH-UBND/t12", "KG-219-KH-UBND/t999", "/", ""]),
        "period": st.one_of(
            st.sampled_from(["2025H1", "2025Q5", "quý 3/2025", "2025M13"]), st.text(max_size=8)
        ),
        "kind": st.one_of(st.sampled_from(["estimate", "ước thực hiện", "official"]), st.text(max_size=8)),
        "version": st.one_of(st.integers(), NUMBERISH, st.text(max_size=5)),
    },
)


@pytest.mark.django_db
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(JSON, st.lists(ROW, min_size=1, max_size=5)))
def test_any_json_body_is_rows_or_one_refusal_through_the_row_pipeline(body: Any) -> None:
    from planwatch.domain.vocabulary import ObservationSource, ValueState
    from planwatch.web.api.serializers import value_rows_from_body
    from planwatch.web.figures.models import Observation
    from planwatch.web.figures.services import values_import_rows

    try:
        rows, unreadable = value_rows_from_body(body)
        result = values_import_rows(
            rows=rows,
            source="fuzz",
            origin=ObservationSource.API,
            state=ValueState.APPROVED,
            rejected=unreadable,
        )
    except DomainError:
        return
    assert result.rows == len(rows)
    assert all(v.value is None or math.isfinite(v.value) for v in Observation.objects.all())
