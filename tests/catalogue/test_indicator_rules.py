"""Rules of planwatch.catalogue.indicators on hand-written cases."""

import pytest

from planwatch.catalogue import (
    classify_target_kind,
    guess_domain,
    indicator_direction,
    indicator_key,
    indicator_limits,
    link_indicators,
)
from planwatch.domain.model import Target
from planwatch.domain.vocabulary import Comparator, Direction, TargetKind


def _target(key: str, name: str, unit: str | None = "%", doc_id: str = "DOC") -> Target:
    return Target(
        doc_id=doc_id,
        key=key,
        group=None,
        indicator_name=name,
        indicator_code=None,
        unit=unit,
        comparator=Comparator.EQ,
        value=1.0,
        value_text="1",
        target_year=2030,
    )


@pytest.mark.parametrize(
    ("written", "key"),
    [
        (
            "Tỉ lệ LLLĐ trong độ tuổi tham gia BHTN",
            "lực lượng lao động trong độ tuổi tham gia bảo hiểm thất nghiệp",
        ),
        ("Tỷ lệ dân số tham gia bảo hiểm y tế", "dân số tham gia bảo hiểm y tế"),
        ("Số bác sỹ", "bác sĩ"),
        ("Diện tích nhà ở bình quân đầu người toàn tỉnh", "diện tích nhà ở bình quân đầu người"),
        ("Số năm sống khoẻ", "năm sống khỏe"),
    ],
)
def test_indicator_key_drops_fillers_and_expands_abbreviations(written: str, key: str) -> None:
    assert indicator_key(written) == key


def test_link_indicators_joins_same_name_and_unit() -> None:
    # given two documents' unemployment targets and one with another unit
    targets = [
        _target("t1", "Tỉ lệ thất nghiệp chung", doc_id="A"),
        _target("t2", "Tỷ lệ thất nghiệp chung", doc_id="B"),
        _target("t3", "Tỷ lệ thất nghiệp chung", unit="người", doc_id="B"),
    ]
    # when they are linked
    linked = link_indicators(targets)
    # then the two rates share a code and the count gets its own
    assert linked == {
        ("A", "t1"): "that-nghiep-chung",
        ("B", "t2"): "that-nghiep-chung",
        ("B", "t3"): "that-nghiep-chung-nguoi",
    }


def test_link_indicators_applies_overrides() -> None:
    # given beds written two ways and an override joining them
    targets = [
        _target("t1", "Số giường bệnh viện", unit="giường/10.000 dân", doc_id="A"),
        _target("t2", "Số giường bệnh", unit="giường/10.000 dân", doc_id="B"),
    ]
    # when they are linked with the override
    linked = link_indicators(targets, {("B", "t2"): "giuong-benh-vien"})
    # then both have the first one's code
    assert set(linked.values()) == {"giuong-benh-vien"}


@pytest.mark.parametrize(
    ("name", "comparators", "direction"),
    [
        ("Tỷ lệ hộ nghèo", [Comparator.EQ], Direction.DOWN),
        ("Tỷ lệ thất nghiệp chung", [Comparator.LT], Direction.DOWN),
        ("Tỷ lệ dân số tham gia bảo hiểm y tế", [Comparator.GT, Comparator.EQ], Direction.UP),
        ("Lực lượng lao động tham gia bảo hiểm thất nghiệp", [Comparator.APPROX], Direction.UP),
        ("Tỷ lệ X", [Comparator.LT, Comparator.GT], Direction.UNKNOWN),
        ("Các dịch bệnh AIDS, lao và sốt rét", [Comparator.QUALITATIVE, Comparator.LEVEL], Direction.UNKNOWN),
    ],
)
def test_indicator_direction(name: str, comparators: list[Comparator], direction: Direction) -> None:
    assert indicator_direction(name, comparators) is direction


@pytest.mark.parametrize(
    ("unit", "limits"),
    [("%", (0.0, 100.0)), ("căn hộ", (0.0, None)), ("mức độ", (None, None)), (None, (None, None))],
)
def test_indicator_limits(unit: str | None, limits: tuple[float | None, float | None]) -> None:
    assert indicator_limits(unit) == limits


@pytest.mark.parametrize(
    ("name", "domain"),
    [
        ("Tỉ lệ hộ nghèo đa chiều theo chuẩn nghèo quốc gia", "poverty"),
        ("Tỉ lệ LLLĐ trong độ tuổi tham gia BHTN", "social_insurance"),
        ("Tỉ lệ thất nghiệp khu vực thành thị", "employment"),
        ("Tỉ lệ lao động qua đào tạo có bằng cấp, chứng chỉ", "vocational_education"),
        ("Trợ cấp xã hội cho hộ nghèo không có khả năng thoát nghèo", "social_protection"),
        ("Tình trạng nhà tạm, nhà dột nát cho hộ nghèo", "housing"),
        ("Tỉ lệ xã được cung cấp dịch vụ viễn thông phổ cập", "telecommunications"),
        ("Tỉ lệ đi học đúng độ tuổi cấp tiểu học", "education"),
        ("Công chức, viên chức được bồi dưỡng theo vị trí việc làm", "civil_service"),
        ("Người có công và gia đình người có công với cách mạng", "meritorious_service"),
        ("Chỉ số phát triển con người (HDI)", "statistics"),
        ("Một điều chưa biết", None),
    ],
)
def test_guess_domain(name: str, domain: str | None) -> None:
    assert guess_domain(name) == domain


@pytest.mark.parametrize(
    ("comparator", "name", "unit", "wording", "kind"),
    [
        (Comparator.LEVEL, "Tỉnh đạt chuẩn xóa mù chữ", "mức độ", "", TargetKind.LEVEL),
        (Comparator.QUALITATIVE, "Các dịch bệnh AIDS", None, "duy trì", TargetKind.QUALITATIVE),
        (
            Comparator.GE,
            "Số lượt lao động được giải quyết việc làm",
            "lượt lao động",
            "hằng năm …",
            TargetKind.ANNUAL,
        ),
        (Comparator.LT, "Tỷ lệ hộ nghèo", "%", "duy trì tỷ lệ hộ nghèo dưới 2%", TargetKind.MAINTAIN),
        (Comparator.EQ, "Xây dựng căn hộ nhà ở xã hội", "căn hộ", "", TargetKind.CUMULATIVE),
        (Comparator.EQ, "Số trường tăng thêm", "trường", "", TargetKind.CUMULATIVE),
        (Comparator.EQ, "Ngành, nghề đào tạo được xây dựng chuẩn đầu ra", "%", "", TargetKind.STATE),
        (Comparator.LT, "Tỷ lệ thất nghiệp chung", "%", "", TargetKind.STATE),
    ],
)
def test_classify_target_kind(
    comparator: Comparator, name: str, unit: str | None, wording: str, kind: TargetKind
) -> None:
    assert classify_target_kind(comparator, name, unit, wording) is kind
