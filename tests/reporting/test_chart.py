"""Charts of a target's progress: the data, the hand-written SVG (web) and the PNG (docx)."""

import struct
import xml.etree.ElementTree as ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Assessment, Comparator, Status, TargetKind
from planwatch.evaluation import BaselinePoint, TargetSpec
from planwatch.reporting.chart import ChartData, chart_data, chart_png, chart_svg, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"
TRAINED = TargetSpec(Comparator.EQ, 55.0, 2030)


def _trained_chart(**overrides: object) -> ChartData:
    data = chart_data(
        "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ",
        TRAINED,
        [Observation(2025, 52.5), Observation(2024, 52.0)],
        BaselinePoint(2023, 51.5),
        unit="%",
        status=Status.ON_TRACK,
    )
    assert data is not None
    return data


def test_the_required_path_grows_at_the_pace_the_evaluation_measures_against() -> None:
    data = _trained_chart()

    assert data.observed == ((2024, 52.0), (2025, 52.5))
    assert data.baseline == (2023, 51.5)
    years = [year for year, _ in data.required_path]
    assert years == list(range(2023, 2031))
    # a share's pace is in percentage points (docs/evaluation.md): (55 − 51,5) / 7 = 0,5 a year.
    assert data.required_path[0][1] == pytest.approx(51.5)
    assert data.required_path[1][1] == pytest.approx(52.0)
    assert data.required_path[-1][1] == pytest.approx(55.0)


def test_the_required_path_of_a_count_grows_at_the_compound_pace() -> None:
    # given a target in flats from 100 (2020) to 200 (2030): CAGRT = 2^(1/10) − 1 = 7,18 %/year
    spec = TargetSpec(Comparator.GE, 200.0, 2030)

    data = chart_data("x", spec, [Observation(2022, 120.0)], BaselinePoint(2020, 100.0), unit="căn hộ")

    assert data is not None
    assert data.required_path[1][1] == pytest.approx(100 * 2 ** (1 / 10))
    assert data.required_path[-1][1] == pytest.approx(200.0)


def test_figures_after_the_as_of_year_are_left_out() -> None:
    data = chart_data("x", TRAINED, [Observation(2025, 52.5), Observation(2026, 53.0)], as_of=2025)

    assert data is not None
    assert data.observed == ((2025, 52.5),)


def test_without_a_baseline_the_path_starts_at_the_earliest_figure() -> None:
    data = chart_data("x", TRAINED, [Observation(2024, 50.0), Observation(2025, 51.0)])

    assert data is not None
    assert data.required_path[0] == (2024, 50.0)


def test_a_cumulative_target_shows_running_totals_against_a_straight_line_from_zero() -> None:
    spec = TargetSpec(Comparator.EQ, 1500.0, 2030, kind=TargetKind.CUMULATIVE, start_year=2024)

    data = chart_data(
        "Nhà ở xã hội", spec, [Observation(2024, 200.0), Observation(2025, 250.0)], unit="căn hộ"
    )

    assert data is not None
    assert data.observed == ((2024, 200.0), (2025, 450.0))
    assert data.required_path[0] == (2023, 0.0)
    assert data.required_path[1] == (2024, pytest.approx(1500 / 7))
    assert data.required_path[-1] == (2030, pytest.approx(1500.0))


def test_a_yearly_target_is_a_flat_line() -> None:
    spec = TargetSpec(Comparator.GE, 35000.0, 2030, kind=TargetKind.ANNUAL)

    data = chart_data("Việc làm", spec, [Observation(2024, 36000.0)])

    assert data is not None
    assert data.required_path == ((2024, 35000.0), (2030, 35000.0))


def test_a_qualitative_target_has_no_chart() -> None:
    spec = TargetSpec(Comparator.QUALITATIVE, None, 2030, kind=TargetKind.QUALITATIVE)

    assert chart_data("Nhà tạm", spec, [Observation(2025, Assessment.PARTIAL)]) is None


def test_the_svg_is_well_formed_responsive_and_has_a_point_per_figure() -> None:
    svg = chart_svg(_trained_chart())

    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert (root.get("viewBox"), root.get("width")) == ("0 0 640 320", "100%")
    points = [e for e in root.iter(f"{SVG}circle") if "pw-observed-point" in (e.get("class") or "").split()]
    assert [(p.get("data-year"), p.get("data-value")) for p in points] == [("2024", "52"), ("2025", "52.5")]
    assert [p.findtext(f"{SVG}title") for p in points] == ["2024: 52 % (đã duyệt)", "2025: 52,5 % (đã duyệt)"]
    classes = {e.get("class") for e in root.iter()}
    assert {"pw-required", "pw-target", "pw-baseline", "pw-observed"} <= classes


def test_svg_axis_ticks_use_the_vietnamese_decimal_comma() -> None:
    data = chart_data(
        "x", TargetSpec(Comparator.LT, 2.0, 2030), [Observation(2025, 1.5), Observation(2026, 1.1)]
    )
    assert data is not None

    root = ElementTree.fromstring(chart_svg(data))

    axis = next(e for e in root.iter(f"{SVG}g") if e.get("class") == "pw-axis")
    labels = [t.text for t in axis.iter(f"{SVG}text")]
    assert "1,50" in labels
    assert not any(label and "." in label for label in labels)


def test_svg_text_is_escaped() -> None:
    data = chart_data('Chỉ số <HDI> & "phát triển"', TRAINED, [Observation(2025, 52.5)], unit="<%>")
    assert data is not None

    root = ElementTree.fromstring(chart_svg(data))

    assert root.findtext(f"{SVG}title", "").startswith('Chỉ số <HDI> & "phát triển"; năm 2025: 52,5 <%>')


def test_an_empty_chart_is_still_a_well_formed_svg() -> None:
    data = ChartData("Chưa có gì", None, (), None, None, None, (), Comparator.EQ)

    root = ElementTree.fromstring(chart_svg(data, show_title=False))

    assert "Chưa có số liệu" in "".join(root.itertext())


def test_illustrative_figures_are_labelled_on_the_svg() -> None:
    data = chart_data("x", TRAINED, [Observation(2025, 52.5)], is_demo=True)
    assert data is not None

    root = ElementTree.fromstring(chart_svg(data))

    demo = next(e for e in root.iter(f"{SVG}text") if e.get("class") == "pw-demo")
    assert demo.text == "Số liệu minh họa"


@given(
    low=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    span=st.floats(min_value=0, max_value=1e6, allow_nan=False),
)
def test_axis_ticks_cover_the_values_in_increasing_order(low: float, span: float) -> None:
    ticks, decimals = nice_ticks(low, low + span)

    assert ticks[0] <= low
    assert ticks[-1] >= low + span
    assert list(ticks) == sorted(set(ticks))
    assert 0 <= decimals <= 12


def test_the_png_is_a_picture_of_the_printed_size() -> None:
    png = chart_png(_trained_chart(), width_cm=16.0, height_cm=8.0, dpi=100)

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (629, 314)


def test_each_figure_says_whether_it_is_approved_sent_or_generated() -> None:
    """Issue #19: the stamp names only the generated years; a sent figure is drawn apart, in the legend."""
    from dataclasses import replace

    chart = replace(
        _trained_chart(), is_demo=True, demo_years=frozenset({2024}), submitted_years=frozenset({2025})
    )
    root = ElementTree.fromstring(chart_svg(chart))
    points = {
        p.get("data-year"): (p.get("data-state"), p.get("data-demo"))
        for p in root.iter(f"{SVG}circle")
        if "pw-observed-point" in (p.get("class") or "").split()
    }
    assert points == {"2024": ("approved", "yes"), "2025": ("submitted", "no")}
    stamp = next(e for e in root.iter(f"{SVG}text") if e.get("class") == "pw-demo")
    assert stamp.text == "Số liệu minh họa: 2024"
    legend = "".join(e.text or "" for e in root.iter(f"{SVG}text"))
    assert "Đã gửi, chờ duyệt" in legend
    assert "Thực hiện (đã duyệt)" in legend

    real = replace(_trained_chart(), is_demo=True, demo_years=frozenset({2019}))
    assert "pw-demo" not in {e.get("class") for e in ElementTree.fromstring(chart_svg(real)).iter()}


def test_a_long_title_is_cut_before_the_illustrative_stamp_and_fits_the_chart() -> None:
    title = "Tỷ lệ người dân vùng sâu, vùng xa được tiếp cận dịch vụ y tế cơ bản theo quy định " * 2
    spec_data = chart_data(title, TRAINED, [Observation(2025, 52.5)], unit="%", is_demo=True)
    plain_data = chart_data(title, TRAINED, [Observation(2025, 52.5)], unit="%")
    assert spec_data is not None
    assert plain_data is not None

    def texts(svg: str) -> tuple[str, str]:
        root = ElementTree.fromstring(svg)
        by_class = {e.get("class"): e.text or "" for e in root.iter(f"{SVG}text") if e.get("class")}
        return by_class["pw-title"], by_class.get("pw-demo", "")

    title_demo, stamp = texts(chart_svg(spec_data))
    title_plain, _ = texts(chart_svg(plain_data))

    assert stamp == "Số liệu minh họa"
    assert title_demo.endswith("…")
    assert title_plain.endswith("…")
    # Each title fits what is left of the 640 units beside the margins (and the stamp): ~7,6 a letter.
    assert len(title_demo) * 7.6 + len(stamp) * 6.8 <= 640 - 58 - 24
    assert len(title_plain) * 7.6 <= 640 - 58 - 24
    assert len(title_demo) < len(title_plain)
