"""Every indicator is defined once, as data: what it is and how its figures combine (issue #11, point 1)."""

from typing import Any

import pytest

from planwatch.analytics.territory import is_additive, sums_across_places
from planwatch.catalogue import Catalogue, load_catalogue, read_data_file
from planwatch.catalogue.loading import indicator_from_record
from planwatch.domain.errors import CatalogueError
from planwatch.domain.model import Indicator
from planwatch.domain.text import slugify
from planwatch.domain.vocabulary import Aggregation, Comparator, Direction, Disaggregation, PeriodAggregation

A = Aggregation
U, S, E = Disaggregation.URBAN_RURAL, Disaggregation.SEX, Disaggregation.ETHNIC_GROUP


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def by_code(catalogue: Catalogue) -> dict[str, Indicator]:
    return {i.code: i for i in catalogue.indicators}


def test_all_94_indicators_and_114_elements_are_defined_with_a_reason(catalogue: Catalogue) -> None:
    # given the built-in catalogue's indicators and data elements
    indicators = catalogue.indicators
    # then each says what it measures and why it combines as it does
    assert len([i for i in indicators if not i.is_element]) == 94
    assert len([i for i in indicators if i.is_element]) == 114
    assert [i.code for i in indicators if not i.definition.strip()] == []
    assert [i.code for i in indicators if not i.reason.strip()] == []


def test_every_data_file_record_writes_each_definition_field() -> None:
    # given the records of indicators.json as written
    records = read_data_file("indicators.json")["items"]
    fields = {"definition", "aggregation", "numerator", "denominator", "weight", "period_aggregation"}
    # then none leaves a definition field to a default
    assert [r["code"] for r in records if not fields | {"disaggregations", "reason"} <= set(r)] == []


def test_every_element_a_rule_names_is_a_summed_data_element_of_the_catalogue(
    catalogue: Catalogue, by_code: dict[str, Indicator]
) -> None:
    # given every numerator, denominator and weight the ratios and weighted means name
    named = {
        (i.code, e)
        for i in catalogue.indicators
        for e in (i.numerator, i.denominator, i.weight)
        if e is not None
    }
    # then each is in the catalogue, marked a data element, and summed across places
    assert len(named) == 69 * 2 + 3
    assert sorted(e for _, e in named if e not in by_code) == []
    assert sorted(e for _, e in named if not by_code[e].is_element) == []
    assert sorted(e for _, e in named if by_code[e].aggregation is not Aggregation.SUM) == []
    # and every data element serves at least one rule (none is left over)
    assert {i.code for i in catalogue.indicators if i.is_element} == {e for _, e in named}


def test_an_element_carries_every_breakdown_of_the_indicators_it_serves(catalogue: Catalogue) -> None:
    by_code = {i.code: i for i in catalogue.indicators}
    missing = [
        (i.code, e)
        for i in catalogue.indicators
        for e in (i.numerator, i.denominator, i.weight)
        if e is not None and not set(i.disaggregations) <= set(by_code[e].disaggregations)
    ]
    assert missing == []
    population = by_code["dan-so-trung-binh"]
    assert (population.unit, population.period_aggregation) == ("người", PeriodAggregation.STOCK)
    assert "weight of" in population.reason
    assert "bac-si" in population.reason
    assert by_code["khoi-luong-nuoc-thai-phat-sinh"].period_aggregation is PeriodAggregation.FLOW
    assert all(e.reason and e.definition for e in catalogue.indicators if e.is_element)


def test_an_element_that_is_no_sum_is_refused() -> None:
    with pytest.raises(CatalogueError, match="a data element is summed across places, not 'ratio'"):
        indicator_from_record(_record(element=True))


def test_ratios_name_two_distinct_elements_and_weighted_means_a_weight(catalogue: Catalogue) -> None:
    ratios = [i for i in catalogue.indicators if i.aggregation is Aggregation.RATIO]
    means = [i for i in catalogue.indicators if i.aggregation is Aggregation.WEIGHTED_MEAN]

    assert len(ratios) == 69
    assert all(i.numerator and i.denominator and i.numerator != i.denominator for i in ratios)
    assert {i.code: i.weight for i in means} == {
        "tuoi-tho-trung-binh-cua-nguoi-dan": "dan-so-trung-binh",
        "nam-song-khoe": "dan-so-trung-binh",
        "muc-sinh-thay-the-cua-quoc-gia": "so-phu-nu-15-49-tuoi",
    }
    assert [i.code for i in catalogue.indicators if i.definition_problems()] == []


def test_data_elements_are_codes(catalogue: Catalogue) -> None:
    # given every numerator, denominator and weight named
    elements = {
        e for i in catalogue.indicators for e in (i.numerator, i.denominator, i.weight) if e is not None
    }
    # then each is a slug, so that one element (population, households) is one code everywhere
    assert sorted(e for e in elements if slugify(e) != e) == []
    assert {"dan-so-trung-binh", "tong-so-ho-dan-cu", "tong-so-xa", "luc-luong-lao-dong"} <= elements


def test_percentages_and_per_10000_figures_are_ratios_never_sums(catalogue: Catalogue) -> None:
    # given the indicators measured in % or per 10,000 people
    shares = [i for i in catalogue.indicators if i.unit == "%" or (i.unit or "").endswith("/10.000 dân")]
    # then every one is a ratio of two summed elements (even "Số người … hưởng lương hưu", a share)
    assert len(shares) == 67
    assert [i.code for i in shares if i.aggregation is not Aggregation.RATIO] == []
    per_10000 = [i for i in shares if i.unit != "%"]
    assert {i.denominator for i in per_10000} == {"dan-so-trung-binh"}


def test_only_counts_add_up(catalogue: Catalogue) -> None:
    sums = {
        i.code: (i.unit, i.period_aggregation)
        for i in catalogue.indicators
        if i.aggregation is A.SUM and not i.is_element
    }

    assert sums == {
        "luot-lao-dong-duoc-giai-quyet-viec-lam-hang-nam": ("lượt lao động", PeriodAggregation.FLOW),
        "xay-dung-can-ho-nha-o-xa-hoi-cho-nguoi-thu-nhap-thap-cong-nghiep-khu-cong-nghiep": (
            "căn hộ",
            PeriodAggregation.FLOW,
        ),
    }


def test_grades_indices_and_end_states_are_not_combined(catalogue: Catalogue) -> None:
    # given the indicators whose every target is a grade (level) or an end-state (qualitative)
    comparators: dict[str | None, set[Comparator]] = {}
    for target in catalogue.targets:
        comparators.setdefault(target.indicator_code, set()).add(target.comparator)
    grades = [
        i
        for i in catalogue.indicators
        if not i.is_element and comparators[i.code] <= {Comparator.LEVEL, Comparator.QUALITATIVE}
    ]
    # then none is combined across places, but replacement fertility: a rate (children per woman)
    # that its documents write as a level to keep, combined as a mean weighted by women aged 15–49
    combined = {i.code for i in grades if i.aggregation is not Aggregation.NONE}
    assert len(grades) == 19
    assert combined <= {"muc-sinh-thay-the-cua-quoc-gia"}


# Scopes the documents write on targets, and the breakdown each belongs to; "trên 10.000 dân" is the
# unit of the per-capita indicators, not a scope.
SCOPE_BREAKDOWN = {
    "Thành thị": Disaggregation.URBAN_RURAL,
    "Nông thôn": Disaggregation.URBAN_RURAL,
    "Vùng biên giới": Disaggregation.REMOTE_AREA,
    "Vùng sâu, vùng xa, biên giới, hải đảo": Disaggregation.REMOTE_AREA,
    "Vùng sâu, vùng xa, vùng bãi ngang ven biển": Disaggregation.REMOTE_AREA,
    "Các vùng còn lại": Disaggregation.REMOTE_AREA,
}


def test_each_scoped_target_is_a_breakdown_its_indicator_allows(
    catalogue: Catalogue, by_code: dict[str, Indicator]
) -> None:
    # given the targets with a scope
    scoped = [t for t in catalogue.targets if t.scope]
    # then the scope is a breakdown of the indicator, or the per 10,000 people of its unit
    wrong = []
    for target in scoped:
        indicator = by_code[str(target.indicator_code)]
        if target.scope == "trên 10.000 dân":
            ok = (indicator.unit or "").endswith("/10.000 dân")
        else:
            ok = SCOPE_BREAKDOWN[str(target.scope)] in indicator.disaggregations
        if not ok:
            wrong.append((target.doc_id, target.key, target.scope))
    assert len(scoped) == 26
    assert wrong == []


@pytest.mark.parametrize(
    ("code", "aggregation", "elements", "period", "breakdowns"),
    [
        (
            "ho-ngheo",
            A.RATIO,
            ("so-ho-ngheo-theo-chuan-ngheo-da-chieu", "tong-so-ho-dan-cu", None),
            PeriodAggregation.STOCK,
            (U, E, Disaggregation.REMOTE_AREA),
        ),
        (
            "tuoi-tho-trung-binh-cua-nguoi-dan",
            A.WEIGHTED_MEAN,
            (None, None, "dan-so-trung-binh"),
            PeriodAggregation.STOCK,
            (S,),
        ),
        (
            "thu-nhap-binh-quan-dau-nguoi",
            A.RATIO,
            ("tong-thu-nhap-cua-dan-cu-trong-nam-trieu-dong", "dan-so-trung-binh", None),
            PeriodAggregation.FLOW,
            (U,),
        ),
        ("giuong-benh-vien", A.RATIO, ("so-giuong-benh-vien", "dan-so-trung-binh", None), "stock", ()),
        ("chi-so-phat-trien-con-nguoi-hdi", A.NONE, (None, None, None), PeriodAggregation.STOCK, ()),
        ("tinh-dat-chuan-xoa-mu-chu", A.NONE, (None, None, None), PeriodAggregation.STOCK, ()),
        (
            "luot-lao-dong-duoc-giai-quyet-viec-lam-hang-nam",
            A.SUM,
            (None, None, None),
            PeriodAggregation.FLOW,
            (S,),
        ),
    ],
)
def test_hand_checked_indicators(
    by_code: dict[str, Indicator],
    code: str,
    aggregation: Aggregation,
    elements: tuple[str | None, str | None, str | None],
    period: PeriodAggregation,
    breakdowns: tuple[Disaggregation, ...],
) -> None:
    indicator = by_code[code]

    assert indicator.aggregation is aggregation
    assert (indicator.numerator, indicator.denominator, indicator.weight) == elements
    assert indicator.period_aggregation == period
    assert indicator.disaggregations == breakdowns


def test_the_poverty_rate_says_why_it_is_a_ratio(by_code: dict[str, Indicator]) -> None:
    poverty = by_code["ho-ngheo"]

    assert poverty.direction is Direction.DOWN
    assert "poor households over all households" in poverty.reason
    assert poverty.definition.startswith("Số hộ nghèo")


def test_the_written_aggregation_agrees_with_the_old_unit_guess_on_the_catalogue(
    catalogue: Catalogue,
) -> None:
    # given the old rule (is_additive from the unit's words) and the new one (the written aggregation)
    # then they decide alike for every built-in indicator, so callers can switch without a change
    assert [
        i.code
        for i in catalogue.indicators
        if not i.is_element and sums_across_places(i.aggregation) != is_additive(i.unit)
    ] == []


@pytest.mark.parametrize(
    ("aggregation", "adds"),
    [(A.SUM, True), (A.RATIO, False), (A.WEIGHTED_MEAN, False), (A.NONE, False)],
)
def test_only_a_sum_adds_the_places_figures(aggregation: Aggregation, adds: bool) -> None:
    assert sums_across_places(aggregation) is adds


def _record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "code": "ty-le-thu",
        "name": "Tỷ lệ thử nghiệm",
        "definition": "Số đạt chia cho tổng số, nhân 100.",
        "aggregation": "ratio",
        "numerator": "so-dat",
        "denominator": "tong-so",
        "weight": None,
        "period_aggregation": "stock",
        "disaggregations": ["sex"],
        "reason": "a share",
        "unit": "%",
        "direction": "up",
    }
    return record | changes


def test_a_well_formed_record_reads_into_an_indicator() -> None:
    indicator = indicator_from_record(_record())

    assert (indicator.aggregation, indicator.numerator, indicator.denominator) == (
        A.RATIO,
        "so-dat",
        "tong-so",
    )
    assert indicator.disaggregations == (S,)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"denominator": None}, "indicator 'ty-le-thu': a ratio indicator names its denominator"),
        (
            {"aggregation": "weighted_mean", "numerator": None, "denominator": None},
            "indicator 'ty-le-thu': a weighted_mean indicator names its weight",
        ),
        ({"aggregation": "sum"}, "a sum indicator has no numerator ('so-dat' given)"),
        ({"denominator": "so-dat"}, "numerator and denominator are the same data element 'so-dat'"),
        ({"disaggregations": ["sex", "sex"]}, "a disaggregation is listed twice"),
        (
            {"disaggregations": ["gender"]},
            "indicator 'ty-le-thu': disaggregation 'gender' is not one of urban_rural, sex, age_group, "
            "ethnic_group, remote_area",
        ),
        ({"aggregation": "average"}, "aggregation 'average' is not one of sum, ratio, weighted_mean, none"),
        ({"period_aggregation": "yearly"}, "period_aggregation 'yearly' is not one of flow, stock"),
        ({"disaggregations": "sex"}, "indicator 'ty-le-thu': disaggregations is not a list"),
    ],
)
def test_a_bad_definition_is_one_clear_error(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(CatalogueError) as error:
        indicator_from_record(_record(**changes))

    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_record_without_its_definition_fields_is_refused() -> None:
    record = _record()
    del record["aggregation"], record["period_aggregation"]

    with pytest.raises(CatalogueError, match="indicator 'ty-le-thu': no aggregation, period_aggregation in"):
        indicator_from_record(record)


def test_a_new_indicator_made_in_code_is_not_combined_until_defined() -> None:
    indicator = Indicator(code="moi", name="Chỉ tiêu mới", unit="%")

    assert (indicator.aggregation, indicator.period_aggregation, indicator.disaggregations) == (
        A.NONE,
        PeriodAggregation.STOCK,
        (),
    )
    assert indicator.definition_problems() == []
