"""Hand-made facts for report tests: a small plan with three groups and targets of every status."""

from __future__ import annotations

from datetime import date
from typing import Any

from planwatch.domain.deadlines import Deadline
from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import (
    AgencyRole,
    Assessment,
    Comparator,
    DocumentKind,
    ReportingFrequency,
    Status,
    TargetKind,
    ValueState,
)
from planwatch.evaluation import BaselinePoint
from planwatch.reporting.content import (
    AgencyMention,
    DocumentFacts,
    DutyFacts,
    RawValue,
    ReportFacts,
    TargetFacts,
    TaskFacts,
    YearResult,
)

REPORT_YEAR = 2026


def target_facts(**overrides: Any) -> TargetFacts:
    """Poverty below 2 % by 2030, 1,5 % in 2025 and 1,1 % in 2026: achieved."""
    defaults: dict[str, Any] = {
        "key": "t12",
        "group": "Trợ giúp xã hội và giảm nghèo",
        "indicator": "Tỷ lệ hộ nghèo đa chiều",
        "scope": None,
        "unit": "%",
        "comparator": Comparator.LT,
        "value": 2.0,
        "target_year": 2030,
        "kind": TargetKind.STATE,
        "responsible": "Sở LĐTBXH",
        "responsible_now": "Sở Nông nghiệp và Môi trường tỉnh An Giang",
        "baseline": None,
        "baseline_assumed": False,
        "start_year": 2024,
        "observations": (Observation(2025, 1.5), Observation(2026, 1.1)),
        "results": (
            YearResult(2025, Status.ACHIEVED, 2025, 1.5),
            YearResult(2026, Status.ACHIEVED, 2026, 1.1),
        ),
    }
    return TargetFacts(**(defaults | overrides))


def trained_labour(**overrides: Any) -> TargetFacts:
    """Trained labour 80 % by 2030 from 60 % in 2023, 63 % in 2025 and 64 % in 2026: needs acceleration."""
    return target_facts(
        **(
            {
                "key": "t5",
                "group": "Phát triển nguồn nhân lực",
                "indicator": "Tỷ lệ lao động qua đào tạo",
                "comparator": Comparator.EQ,
                "value": 80.0,
                "responsible": "Sở LĐTBXH",
                "responsible_now": "Sở Giáo dục và Đào tạo tỉnh An Giang",
                "baseline": BaselinePoint(2023, 60.0),
                "observations": (Observation(2025, 63.0), Observation(2026, 64.0)),
                "results": (
                    YearResult(2025, Status.LIMITED_PROGRESS, 2025, 63.0, 0.5, 0.15, 70.0),
                    YearResult(2026, Status.NEEDS_ACCELERATION, 2026, 64.0, 0.7, 0.2, 74.6),
                ),
            }
            | overrides
        )
    )


def housing(**overrides: Any) -> TargetFacts:
    """1.500 social housing flats by 2030 (cumulative), 200 built in 2025 and 150 in 2026."""
    return target_facts(
        **(
            {
                "key": "t42",
                "group": "Nhà ở",
                "indicator": "Xây dựng căn hộ nhà ở xã hội",
                "unit": "căn hộ",
                "comparator": Comparator.EQ,
                "value": 1500.0,
                "kind": TargetKind.CUMULATIVE,
                "responsible": "Sở Xây dựng",
                "responsible_now": "Sở Xây dựng tỉnh An Giang",
                "observations": (Observation(2025, 200.0), Observation(2026, 150.0)),
                "results": (
                    YearResult(2025, Status.LIMITED_PROGRESS, 2025, 200.0, 0.5, 0.13, 700.0),
                    YearResult(2026, Status.DETERIORATING, 2026, 150.0, -0.1, 0.23, 1050.0),
                ),
            }
            | overrides
        )
    )


def no_figures(**overrides: Any) -> TargetFacts:
    return target_facts(
        **(
            {
                "key": "t43",
                "group": "Nhà ở",
                "indicator": "Xoá bỏ tình trạng nhà tạm, nhà dột nát",
                "unit": None,
                "comparator": Comparator.QUALITATIVE,
                "value": None,
                "kind": TargetKind.QUALITATIVE,
                "responsible": "Sở Xây dựng",
                "responsible_now": "Sở Xây dựng tỉnh An Giang",
                "observations": (),
                "results": (YearResult(2025, Status.NO_DATA), YearResult(2026, Status.NO_DATA)),
            }
            | overrides
        )
    )


def partial_housing_assessment() -> TargetFacts:
    return no_figures(
        observations=(Observation(2026, Assessment.PARTIAL),),
        results=(
            YearResult(2025, Status.NO_DATA),
            YearResult(2026, Status.IN_PROGRESS, 2026, Assessment.PARTIAL),
        ),
    )


def raw_value(**overrides: Any) -> RawValue:
    defaults: dict[str, Any] = {
        "target_key": "t12",
        "indicator": "Tỷ lệ hộ nghèo đa chiều",
        "scope": None,
        "area": "Kiên Giang (cũ)",
        "year": 2026,
        "value": 1.1,
        "assessment": None,
        "unit": "%",
        "state": ValueState.APPROVED,
        "is_demo": False,
        "source": "import values.csv, dòng 2",
        "changed_at": None,
        "comment": "",
    }
    return RawValue(**(defaults | overrides))


def report_facts(**overrides: Any) -> ReportFacts:
    """219/KH-UBND of Kiên Giang, compiled today by Sở Nội vụ of An Giang, for 2026."""
    defaults: dict[str, Any] = {
        "document": DocumentFacts(
            doc_id="KG-219-KH-UBND",
            number="219/KH-UBND",
            kind=DocumentKind.PLAN,
            issuer="UBND tỉnh Kiên Giang",
            title="Kế hoạch triển khai thực hiện Nghị quyết số 68/NQ-CP",
            issued_on=date(2024, 7, 8),
            province="Kiên Giang",
        ),
        "year": REPORT_YEAR,
        "review": None,
        "coordinator": "Sở Nội vụ tỉnh An Giang",
        "coordinator_province": "An Giang",
        "report_date": date(2026, 11, 20),
        "targets": (trained_labour(), target_facts(), housing(), no_figures()),
        "tasks": (
            TaskFacts(
                "k1",
                "Tổ chức triển khai thực hiện Kế hoạch; tổng hợp, đánh giá tình hình thực hiện",
                (
                    AgencyMention(
                        "Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ tỉnh An Giang", AgencyRole.LEAD
                    ),
                ),
            ),
        ),
        "duties": (
            DutyFacts(
                what="Báo cáo hằng năm về kết quả thực hiện kế hoạch",
                frequency=ReportingFrequency.ANNUAL,
                deadline=Deadline(15, 11),
                to="UBND tỉnh",
                via="Sở Lao động - Thương binh và Xã hội",
                via_today="Sở Nội vụ tỉnh An Giang",
            ),
        ),
        "timeliness": None,
        "raw_values": (raw_value(), raw_value(year=2025, value=1.5, state=ValueState.SUBMITTED)),
        "is_demo": False,
    }
    return ReportFacts(**(defaults | overrides))
