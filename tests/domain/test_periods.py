"""One rule for which unit a period's figure may describe: the unit exists on the period's cut-off."""

from datetime import date

from planwatch.domain.periods import PeriodPart, ReportingPeriod, unit_refusal, unit_reports_for

DISTRICT_END = date(2025, 6, 30)
COMMUNE_START = date(2025, 7, 1)


def test_cutoffs_follow_the_fifteenth_to_fourteenth_rule() -> None:
    assert ReportingPeriod.year_of(2025).cutoff == date(2025, 12, 14)
    assert ReportingPeriod(2025, PeriodPart.FIRST_HALF).cutoff == date(2025, 6, 14)
    assert ReportingPeriod(2025, PeriodPart.SECOND_HALF).start == date(2025, 6, 15)
    assert ReportingPeriod(2025, PeriodPart.FIRST_HALF).start == date(2024, 12, 15)


def test_a_district_reports_until_the_first_half_of_2025() -> None:
    assert unit_reports_for(None, DISTRICT_END, ReportingPeriod.year_of(2024))
    assert unit_reports_for(None, DISTRICT_END, ReportingPeriod(2025, PeriodPart.FIRST_HALF))
    assert not unit_reports_for(None, DISTRICT_END, ReportingPeriod(2025, PeriodPart.SECOND_HALF))
    assert not unit_reports_for(None, DISTRICT_END, ReportingPeriod.year_of(2025))


def test_a_new_commune_reports_from_the_second_half_of_2025() -> None:
    assert not unit_reports_for(COMMUNE_START, None, ReportingPeriod(2025, PeriodPart.FIRST_HALF))
    assert unit_reports_for(COMMUNE_START, None, ReportingPeriod(2025, PeriodPart.SECOND_HALF))


def test_the_refusal_says_why_in_one_sentence() -> None:
    assert unit_refusal("Huyện A", None, DISTRICT_END, ReportingPeriod.year_of(2024)) == ""
    assert unit_refusal("Xã B", COMMUNE_START, None, ReportingPeriod(2025, PeriodPart.FIRST_HALF)) == (
        "'Xã B' chưa tồn tại vào 14/06/2025 (có hiệu lực từ 01/07/2025), "
        "ngày chốt số liệu 6 tháng đầu năm 2025"
    )
