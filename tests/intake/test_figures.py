import pytest

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.periods import parse_year
from planwatch.domain.vocabulary import Assessment, Comparator
from planwatch.intake.figures import parse_figure


@pytest.mark.parametrize(("text", "expected"), [("99,5", 99.5), ("99.5", 99.5), ("1.500", 1500.0)])
def test_numbers_are_read_the_vietnamese_way(text: str, expected: float) -> None:
    assert parse_figure(text, Comparator.GE, "căn hộ").value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("achieved", Assessment.ACHIEVED),
        ("đạt", Assessment.ACHIEVED),
        ("Đạt một phần", Assessment.PARTIAL),
        ("partial", Assessment.PARTIAL),
        ("chưa đạt", Assessment.NOT_ACHIEVED),
        ("not_achieved", Assessment.NOT_ACHIEVED),
    ],
)
def test_qualitative_targets_take_assessments(text: str, expected: Assessment) -> None:
    assert parse_figure(text, Comparator.QUALITATIVE, None).assessment is expected


def test_a_share_above_100_percent_is_impossible() -> None:
    with pytest.raises(InvalidValueError, match="130 % không thể xảy ra"):
        parse_figure("130", Comparator.LT, "%")


def test_a_negative_count_is_impossible_when_the_indicator_has_a_lower_limit() -> None:
    with pytest.raises(InvalidValueError, match=r"nhỏ hơn 0 \(khoảng hợp lý 0–"):
        parse_figure("-3", Comparator.GE, "căn hộ", lower_limit=0)


def test_a_grade_must_be_whole() -> None:
    with pytest.raises(InvalidValueError, match="số nguyên"):
        parse_figure("2,5", Comparator.LEVEL, "mức độ")


def test_a_qualitative_target_refuses_numbers() -> None:
    with pytest.raises(InvalidValueError, match="định tính"):
        parse_figure("95", Comparator.QUALITATIVE, None)


def test_an_empty_value_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="thiếu giá trị"):
        parse_figure("  ", Comparator.EQ, "%")


@pytest.mark.parametrize("text", ["1989", "2101", "năm 2024", "2024.5", "2_022", "２０２２", "٢٠٢٢", "20 22"])
def test_years_outside_1990_2100_or_not_whole_are_refused(text: str) -> None:
    with pytest.raises(InvalidValueError, match="năm"):
        parse_year(text)


def test_a_life_of_1000_years_is_refused_with_the_range() -> None:
    with pytest.raises(InvalidValueError, match="khoảng hợp lý 0–120 năm"):
        parse_figure("1.000", Comparator.GE, "năm")
    with pytest.raises(InvalidValueError, match="khoảng hợp lý 0–120 tuổi"):
        parse_figure("130", Comparator.GE, "tuổi", lower_limit=0)


def test_four_hundred_nines_are_refused_not_read_as_infinity() -> None:
    with pytest.raises(InvalidValueError):
        parse_figure("9" * 400, Comparator.GE, "căn hộ", lower_limit=0)


def test_a_count_without_an_upper_limit_still_has_a_plausible_one() -> None:
    assert parse_figure("1.500.000", Comparator.GE, "căn hộ").value == 1_500_000
    with pytest.raises(InvalidValueError, match=r"lớn hơn 1\.000\.000\.000\.000"):
        parse_figure("2.000.000.000.000", Comparator.GE, "căn hộ", lower_limit=0)


def test_the_indicator_s_own_limit_wins_over_the_unit_table() -> None:
    with pytest.raises(InvalidValueError, match="khoảng hợp lý 0–50 %"):
        parse_figure("60", Comparator.LE, "%", lower_limit=0, upper_limit=50)
