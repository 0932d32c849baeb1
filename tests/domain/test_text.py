import pytest

from planwatch.domain.text import nfc, normalise_name, slugify


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Tỉ lệ hộ nghèo", "Tỷ lệ hộ nghèo"),
        ("chăm sóc sức khoẻ", "chăm sóc sức khỏe"),
        ("văn hoá", "văn hóa"),
        ("xoá bỏ", "xóa bỏ"),
        ("bác sỹ", "bác sĩ"),
        ("Uỷ ban", "Ủy ban"),
        ("Tỷ lệ  (%) hộ nghèo", "tỷ lệ % hộ nghèo"),
    ],
)
def test_spelling_variants_compare_equal(left: str, right: str) -> None:
    assert normalise_name(left) == normalise_name(right)


def test_decomposed_input_is_composed() -> None:
    decomposed = "Kie\u0302\u0300n Giang"  # ê + grave as combining marks
    assert nfc(decomposed) == "Kiền Giang"
    assert normalise_name(decomposed) == "kiền giang"


def test_slugify_drops_diacritics_and_keeps_d() -> None:
    assert slugify("Sở Lao động - Thương binh và Xã hội") == "so-lao-dong-thuong-binh-va-xa-hoi"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("toàn tỉnh", "toàn tỉnh"),
        ("hoàn thành", "hoàn thành"),
        ("thuỷ lợi", "thủy lợi"),
        ("hoá học", "hóa học"),
    ],
)
def test_variants_are_folded_only_as_whole_words(text: str, expected: str) -> None:
    assert normalise_name(text) == expected
