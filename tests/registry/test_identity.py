"""registry.identity: the 12-digit personal id part by part, its mask, and the duplicate key."""

import unicodedata
from datetime import date

import pyarrow as pa
import pytest

from planwatch.registry.identity import (
    InvalidPersonalId,
    Sex,
    century_and_sex,
    check_personal_id,
    mask_personal_id,
    person_match_key,
    person_match_keys,
    province_codes,
    sex_digit,
)

TODAY = date(2026, 12, 4)


def test_the_63_birth_registration_codes_come_from_the_package() -> None:
    codes = province_codes()
    assert len(codes) == 63
    assert codes["001"] == "Thành phố Hà Nội"
    assert codes["096"] == "Tỉnh Cà Mau"
    assert "003" not in codes  # no province has official code 03
    assert all(len(c) == 3 and c.startswith("0") for c in codes)


@pytest.mark.parametrize(
    ("digit", "century", "sex"),
    [
        (0, 1900, Sex.MALE),
        (1, 1900, Sex.FEMALE),
        (2, 2000, Sex.MALE),
        (3, 2000, Sex.FEMALE),
        (5, 2100, Sex.FEMALE),
    ],
)
def test_the_fourth_digit_is_century_and_sex(digit: int, century: int, sex: Sex) -> None:
    assert century_and_sex(digit) == (century, sex)
    assert sex_digit(century + 37, sex) == digit


def test_a_valid_id_comes_back_without_spaces() -> None:
    assert check_personal_id(" 001 0 85 012345 ", birth_date=date(1985, 3, 2), sex="nam", today=TODAY) == (
        "001085012345"
    )
    assert (
        check_personal_id("079303000777", birth_date=date(2003, 12, 31), sex="nữ", today=TODAY)
        == "079303000777"
    )
    assert check_personal_id("096199999999", today=TODAY) == "096199999999"  # female born 1999, no check


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("00108501234", "đúng 12 chữ số, số đã nhập có 11"),
        ("0010850123456", "có 13"),
        ("00108501234A", "chỉ được gồm các chữ số"),
        ("００１０８５０１２３４５", "chỉ được gồm các chữ số"),  # full-width digits
        ("003085012345", "3 chữ số đầu '003' không phải mã tỉnh"),
        ("097085012345", "'097'"),
        ("001485012345", "năm sinh 2185, chưa tới"),
    ],
)
def test_each_broken_part_is_named(text: str, message: str) -> None:
    with pytest.raises(InvalidPersonalId, match=message) as caught:
        check_personal_id(text, today=TODAY)
    assert "012345" not in str(caught.value)  # the serial is personal data: never echoed


def test_the_sex_digit_must_match_the_declared_sex() -> None:
    with pytest.raises(InvalidPersonalId, match="chữ số thứ 4 '1' là của người nữ, không khớp giới tính nam"):
        check_personal_id("001185012345", sex="male", today=TODAY)


def test_the_birth_year_must_match_the_birth_date() -> None:
    with pytest.raises(
        InvalidPersonalId, match="chữ số thứ 5–6 '85' cho năm sinh 1985, không khớp ngày sinh 02/03/1986"
    ):
        check_personal_id("001085012345", birth_date=date(1986, 3, 2), today=TODAY)


def test_a_century_digit_of_another_century_is_named() -> None:
    with pytest.raises(InvalidPersonalId, match="thế kỷ 20, không khớp ngày sinh 02/03/2005"):
        check_personal_id("001005012345", birth_date=date(2005, 3, 2), today=TODAY)


def test_an_unknown_sex_word_is_refused() -> None:
    with pytest.raises(ValueError, match="giới tính"):
        check_personal_id("001085012345", sex="x", today=TODAY)


def test_the_mask_shows_the_last_four_digits_only() -> None:
    assert mask_personal_id("001085012345") == "•••• •••• 2345"
    assert mask_personal_id("001 085 012 345") == "•••• •••• 2345"
    assert mask_personal_id(None) == ""
    assert "12" not in mask_personal_id("12")


def test_the_match_key_folds_case_spaces_and_normal_forms_but_keeps_diacritics() -> None:
    born = date(1980, 3, 2)
    key = person_match_key("Lê Văn An", born, "vn34-01")
    assert key == "lê văn an|1980-03-02|vn34-01"
    assert person_match_key("  LÊ   văn\tAN ", born, " vn34-01") == key
    assert person_match_key(unicodedata.normalize("NFD", "Lê Văn An"), born, "vn34-01") == key
    assert person_match_key("Lệ Văn An", born, "vn34-01") != key
    assert person_match_key("Le Van An", born, "vn34-01") != key
    assert person_match_key("Lê Văn An", date(1980, 3, 3), "vn34-01") != key
    assert person_match_key("Lê Văn An", None, "vn34-01") == "lê văn an||vn34-01"


def test_the_columnar_match_keys_equal_the_one_rule_on_the_vietnamese_alphabet() -> None:
    # given names made of every letter of the Vietnamese alphabet, upper and lower, with every tone
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    words = [
        unicodedata.normalize("NFC", letter + tone) for letter in letters + letters.upper() for tone in tones
    ]
    names = [" ".join(words[i : i + 5]) for i in range(0, len(words), 5)]
    births = [date(1950 + i % 60, 1 + i % 12, 1 + i % 28) for i in range(len(names))]
    births[0] = None
    units = [f"vn34-{i % 34:02d}" for i in range(len(names))]
    # when keys are made a column at a time
    columnar = person_match_keys(pa.array(names), pa.array(births, pa.date32()), pa.array(units))
    # then each equals the key the one rule gives
    expected = [person_match_key(n, b, u) for n, b, u in zip(names, births, units, strict=True)]
    assert columnar.to_pylist() == expected
