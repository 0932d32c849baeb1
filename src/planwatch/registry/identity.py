"""The personal identification number (số định danh cá nhân) and the key that finds duplicate people.

Structure (Thông tư 59/2021/TT-BCA): 12 digits —
- digits 1–3: the code of the province where the birth was registered, ``0`` + the province's
  two-digit official code (``001`` Hà Nội … ``096`` Cà Mau); the codes are read from the installed
  ``vietnamadminunits`` package (the 63 provinces before 01/7/2025 — the 34 after reuse their codes);
- digit 4: century and sex — 0/1 born in the 20th century male/female, 2/3 the 21st, 4/5 the 22nd, …;
- digits 5–6: the last two digits of the birth year;
- digits 7–12: a serial number.

Errors name the wrong part and never repeat the whole number (it is personal data).
"""

from __future__ import annotations

import functools
import importlib.util
import sqlite3
import unicodedata
from datetime import date
from enum import StrEnum
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

ID_LENGTH = 12
PACKAGE = "vietnamadminunits"


class InvalidPersonalId(ValueError):
    """A personal id that breaks its structure (one sentence saying which part is wrong)."""


class Sex(StrEnum):
    MALE = "nam"
    FEMALE = "nu"

    @property
    def label(self) -> str:
        return {"nam": "nam", "nu": "nữ"}[self.value]

    @property
    def label_en(self) -> str:
        return {"nam": "male", "nu": "female"}[self.value]


_SEX_WORDS = {"nam": Sex.MALE, "male": Sex.MALE, "m": Sex.MALE, "nu": Sex.FEMALE, "nữ": Sex.FEMALE}
_SEX_WORDS |= {"female": Sex.FEMALE, "f": Sex.FEMALE}


def parse_sex(text: str) -> Sex:
    """``nam``/``male``/``M`` → :attr:`Sex.MALE`; ``nữ``/``nu``/``female``/``F`` → :attr:`Sex.FEMALE`.

    Raises:
        ValueError: anything else.
    """
    key = unicodedata.normalize("NFC", text).strip().casefold()
    if key not in _SEX_WORDS:
        raise ValueError(f"giới tính '{text[:20]}' không rõ: hãy ghi 'nam' hoặc 'nữ'")
    return _SEX_WORDS[key]


@functools.cache
def province_codes() -> dict[str, str]:
    """The 3-digit birth-registration codes and province names, from the ``vietnamadminunits`` data.

    Raises:
        RuntimeError: the package is not installed.
    """
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"thiếu gói {PACKAGE}: hãy chạy 'make install'")
    db = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT DISTINCT provinceCode, province FROM admin_units_legacy "
            "UNION SELECT DISTINCT provinceCode, province FROM admin_units"
        ).fetchall()
    codes: dict[str, str] = {}
    for code, name in sorted(rows):
        codes.setdefault("0" + str(code).zfill(2), str(name))
    return codes


def century_and_sex(digit: int) -> tuple[int, Sex]:
    """The first year of the birth century and the sex a 4th digit stands for: 3 → (2000, female)."""
    return 1900 + 100 * (digit // 2), (Sex.FEMALE if digit % 2 else Sex.MALE)


def sex_digit(birth_year: int, sex: Sex) -> int:
    """The 4th digit for a birth year and a sex: (1985, male) → 0, (2003, female) → 3."""
    return 2 * ((birth_year - 1900) // 100) + (1 if sex is Sex.FEMALE else 0)


def check_personal_id(
    text: str,
    *,
    birth_date: date | None = None,
    sex: str | None = None,
    today: date | None = None,
) -> str:
    """The 12-digit personal id in ``text`` (spaces allowed between groups), checked part by part.

    Args:
        text: the id as typed.
        birth_date: when known, its year must be the one the id encodes.
        sex: when known (``nam``/``nữ``, ``male``/``female``), it must be the one the id encodes.
        today: the birth year the id encodes may not be later (default: today).

    Raises:
        InvalidPersonalId: length, non-digits, unknown province code, century/sex digit or birth year.
    """
    cleaned = "".join(unicodedata.normalize("NFC", text).split())
    if not cleaned.isascii() or not cleaned.isdigit():
        raise InvalidPersonalId("số định danh cá nhân chỉ được gồm các chữ số 0–9")
    if len(cleaned) != ID_LENGTH:
        raise InvalidPersonalId(f"số định danh cá nhân phải có đúng 12 chữ số, số đã nhập có {len(cleaned)}")
    province = cleaned[:3]
    if province not in province_codes():
        raise InvalidPersonalId(
            f"3 chữ số đầu '{province}' không phải mã tỉnh, thành phố nơi đăng ký khai sinh"
        )
    century, encoded_sex = century_and_sex(int(cleaned[3]))
    year = century + int(cleaned[4:6])
    if year > (today or date.today()).year:
        raise InvalidPersonalId(
            f"chữ số thứ 4 '{cleaned[3]}' và chữ số thứ 5–6 '{cleaned[4:6]}' cho năm sinh {year}, "
            "chưa tới năm đó"
        )
    if sex is not None:
        wanted = parse_sex(sex)
        if wanted is not encoded_sex:
            raise InvalidPersonalId(
                f"chữ số thứ 4 '{cleaned[3]}' là của người {encoded_sex.label}, không khớp giới tính "
                f"{wanted.label} đã khai"
            )
    if birth_date is not None and birth_date.year != year:
        if birth_date.year // 100 * 100 != century:
            raise InvalidPersonalId(
                f"chữ số thứ 4 '{cleaned[3]}' là của người sinh thế kỷ {century // 100 + 1}, không khớp "
                f"ngày sinh {birth_date:%d/%m/%Y}"
            )
        raise InvalidPersonalId(
            f"chữ số thứ 5–6 '{cleaned[4:6]}' cho năm sinh {year}, không khớp ngày sinh {birth_date:%d/%m/%Y}"
        )
    return cleaned


def mask_personal_id(text: str | None) -> str:
    """Only the last 4 digits shown: ``001203012345`` → ``•••• •••• 2345``; ``""`` for None."""
    if text is None:
        return ""
    digits = "".join(text.split())
    return "•••• •••• " + (digits[-4:] if len(digits) >= 8 else "••••")


def person_match_key(full_name: str, birth_date: date | None, unit_code: str) -> str:
    """The key under which the same person typed twice meets: name NFC, case- and space-folded, with
    its diacritics kept ("Lê" ≠ "Lệ"), birth date and unit: ``lê văn an|1980-03-02|vn34-01``."""
    name = unicodedata.normalize("NFC", unicodedata.normalize("NFC", full_name).casefold())
    name = " ".join(name.split())
    born = birth_date.isoformat() if birth_date else ""
    return f"{name}|{born}|{unit_code.strip()}"


def person_match_keys(full_names: pa.Array, birth_dates: pa.Array, unit_codes: pa.Array) -> pa.Array:
    """:func:`person_match_key` for whole columns (a bulk load of millions of people), for names that
    are already NFC with single spaces: there Python's ``casefold`` and Arrow's ``utf8_lower`` agree on
    every letter of the Vietnamese alphabet (a test holds both forms to it), so the keys are the same."""
    names = pc.utf8_lower(pc.utf8_normalize(full_names, form="NFC"))
    born = pc.fill_null(pc.strftime(birth_dates, format="%Y-%m-%d"), "")
    return pc.binary_join_element_wise(names, born, pc.utf8_trim_whitespace(unit_codes), "|")
