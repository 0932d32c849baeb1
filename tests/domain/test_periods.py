"""One rule for which unit a period's figure may describe: the unit exists on the period's cut-off."""

from datetime import date

import pytest

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.periods import (
    Period,
    PeriodType,
    parse_period,
    parse_year,
    unit_refusal,
    unit_reports_for,
)

DISTRICT_END = date(2025, 6, 30)
COMMUNE_START = date(2025, 7, 1)


def test_cutoffs_follow_the_fifteenth_to_fourteenth_rule() -> None:
    assert Period.of_year(2025).end == date(2025, 12, 14)
    assert Period(2025, PeriodType.HALF, 1).end == date(2025, 6, 14)
    assert Period(2025, PeriodType.HALF, 2).start == date(2025, 6, 15)
    assert Period(2025, PeriodType.HALF, 1).start == date(2024, 12, 15)


def test_a_district_reports_until_the_first_half_of_2025() -> None:
    assert unit_reports_for(None, DISTRICT_END, Period.of_year(2024))
    assert unit_reports_for(None, DISTRICT_END, Period(2025, PeriodType.HALF, 1))
    assert not unit_reports_for(None, DISTRICT_END, Period(2025, PeriodType.HALF, 2))
    assert not unit_reports_for(None, DISTRICT_END, Period.of_year(2025))


def test_a_new_commune_reports_from_the_second_half_of_2025() -> None:
    assert not unit_reports_for(COMMUNE_START, None, Period(2025, PeriodType.HALF, 1))
    assert unit_reports_for(COMMUNE_START, None, Period(2025, PeriodType.HALF, 2))


def test_the_refusal_says_why_in_one_sentence() -> None:
    assert unit_refusal("Huyện A", None, DISTRICT_END, Period.of_year(2024)) == ""
    assert unit_refusal("Xã B", COMMUNE_START, None, Period(2025, PeriodType.HALF, 1)) == (
        "'Xã B' chưa tồn tại vào 14/06/2025 (có hiệu lực từ 01/07/2025), "
        "ngày chốt số liệu 6 tháng đầu năm 2025"
    )


def test_periods_are_read_as_codes_and_as_vietnamese_words() -> None:
    assert parse_period("2025") == Period.of_year(2025)
    assert parse_period("2025h1") == Period(2025, PeriodType.HALF, 1)
    assert parse_period("6 tháng cuối năm 2025") == Period(2025, PeriodType.HALF, 2)
    assert parse_period("Quý 3/2025") == Period(2025, PeriodType.QUARTER, 3)
    assert parse_period("tháng 7 / 2025").code == "2025M07"


def test_a_quarter_and_a_month_close_on_the_fourteenth() -> None:
    third = Period(2025, PeriodType.QUARTER, 3)
    assert (third.start, third.end) == (date(2025, 6, 15), date(2025, 9, 14))
    january = Period(2025, PeriodType.MONTH, 1)
    assert (january.start, january.end) == (date(2024, 12, 15), date(2025, 1, 14))
    assert Period(2025, PeriodType.MONTH, 7).label == "tháng 7/2025"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025Q5", "kỳ quý số 5 không tồn tại"),
        ("2025M13", "kỳ tháng số 13 không tồn tại"),
        ("1890", "năm 1890 nằm ngoài khoảng 1990–2100"),
        ("năm ngoái", "kỳ 'năm ngoái' không đọc được"),
        ("", "thiếu kỳ số liệu"),
    ],
)
def test_a_period_that_does_not_exist_is_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(InvalidValueError, match=message):
        parse_period(text)


@pytest.mark.parametrize("text", ["2_024", "２０２４", "٢٠٢٤", "20 24", "2024.0"])
def test_a_year_is_ascii_digits_only(text: str) -> None:
    with pytest.raises(InvalidValueError):
        parse_year(text)
