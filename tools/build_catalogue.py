"""Write the built-in catalogue (src/planwatch/catalogue/data/*.json) from the gold annotation.

A one-off, re-runnable script: it is how the data was made; planwatch never reads the gold at run
time. It keeps the facts of each item (names, figures, units, years, agencies, dates) and, instead
of the gold's quotes, the character span of each quote in its corpus file (the corpus README: do
not copy the documents' sentences into the project).

    cd /work/main && .venv/bin/python tools/build_catalogue.py [--gold DIR] [--corpus DIR]

The hand-made parts (stub documents, agencies and their successions, administrative units, the
overrides of indicator linking and of target kinds) are tables in this file; the definitions of the
indicators (how their figures combine, and why) are written in indicators.json and kept by a rebuild.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from planwatch.catalogue.indicators import (
    classify_target_kind,
    derive_indicator,
    indicator_key,
    link_indicators,
)
from planwatch.domain.model import Agency, SourceSpan, Target
from planwatch.domain.succession import resolve_agency_name
from planwatch.domain.text import normalise_name, slugify
from planwatch.domain.vocabulary import Comparator, Direction, TargetKind
from planwatch.paths import corpus_dir, gold_dir

DATA = Path(__file__).resolve().parents[1] / "src" / "planwatch" / "catalogue" / "data"
SHORT_VALUE_TEXT = 40

# ---------------------------------------------------------------------------------------- documents
# Parents that the corpus cites but does not contain (domain.md §1): 42, 43, 44 and 45-NQ/TW were
# adopted by the 8th plenum of the 13th Central Committee on 24/11/2023.
STUB_DOCUMENTS: list[dict[str, Any]] = [
    {
        "doc_id": "42-NQ-TW",
        "kind": "nghi_quyet",
        "number": "42-NQ/TW",
        "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2023-11-24",
        "title": "Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII về tiếp tục "
        "đổi mới, nâng cao chất lượng chính sách xã hội, đáp ứng yêu cầu sự nghiệp xây dựng và bảo vệ "
        "Tổ quốc trong giai đoạn mới",
        "parents": [],
    },
    {
        "doc_id": "43-NQ-TW",
        "kind": "nghi_quyet",
        "number": "43-NQ/TW",
        "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2023-11-24",
        "title": "Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII về tiếp tục "
        "phát huy truyền thống, sức mạnh đại đoàn kết toàn dân tộc, xây dựng đất nước ta ngày càng "
        "phồn vinh, hạnh phúc",
        "parents": [],
    },
    {
        "doc_id": "45-NQ-TW",
        "kind": "nghi_quyet",
        "number": "45-NQ/TW",
        "issuer": "Ban Chấp hành Trung ương",
        "issued_on": "2023-11-24",
        "title": "Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII về tiếp tục "
        "xây dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát triển đất nước nhanh "
        "và bền vững trong giai đoạn mới",
        "parents": [],
    },
    {
        "doc_id": "68-NQ-CP",
        "kind": "nghi_quyet",
        "number": "68/NQ-CP",
        "issuer": "Chính phủ",
        "issued_on": "2024-05-09",
        "title": "Nghị quyết ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 42-NQ/TW",
        "parents": ["42-NQ-TW"],
    },
]

# ------------------------------------------------------------------------ indicator link overrides
# (doc_id, key) -> indicator code, where the automatic rule (same name after indicator_key, same
# unit) does not see that two differently worded targets measure the same thing.
INDICATOR_LINKS: list[tuple[str, str, str, str]] = [
    # code of the auto-linked KG-50 / LA-52 group: the person with meritorious service at or above
    # the average living standard of the community (wording differs in all three documents).
    ("KG-219-KH-UBND", "t1", "MERITORIOUS", "same 42-NQ/TW target, shorter wording in the appendix"),
    ("LA-52-CTr-TU", "t5", "MERITORIOUS", "same 42-NQ/TW target, adds 'trên địa bàn tỉnh', 'về'"),
    ("KG-219-KH-UBND", "t7", "SOCIAL_INSURANCE", "'trong độ tuổi' without 'lao động'"),
    ("KG-219-KH-UBND", "t9", "UNEMPLOYMENT_INSURANCE", "'trong độ tuổi' without 'lao động'"),
    (
        "KG-219-KH-UBND",
        "t12",
        "POVERTY",
        "poverty rate: 'đa chiều theo chuẩn nghèo quốc gia' is the standard",
    ),
    (
        "KG-219-KH-UBND",
        "t11",
        "CHILD_CARE_ALLOWANCE",
        "same 42-NQ/TW target; the appendix lists fewer groups",
    ),
    ("LA-52-CTr-TU", "t12", "CHILD_CARE_ALLOWANCE", "same 42-NQ/TW target; adds 'cô đơn', 'hộ'"),
    ("LA-52-CTr-TU", "t21", "FERTILITY", "replacement fertility, without 'của quốc gia'"),
    ("KG-219-KH-UBND", "t21", "LIFE_EXPECTANCY", "without 'của người dân'"),
    ("LA-52-CTr-TU", "t22", "LIFE_EXPECTANCY", "adds 'trên địa bàn tỉnh'"),
    ("KG-219-KH-UBND", "t23", "BEDS", "'Số giường bệnh' per 10,000 people = hospital beds"),
    ("KG-219-KH-UBND", "t26", "HEALTH_MANAGED", "'người dân' for 'dân số'"),
    ("KG-219-KH-UBND", "t29", "AIDS", "the same end-state, graded 'Mức độ' in the appendix"),
    ("KG-219-KH-UBND", "t43", "TEMPORARY_HOUSING", "the same end-state, graded 'Mức độ' in the appendix"),
    ("LA-52-CTr-TU", "t39", "SANITATION_HOUSEHOLDS", "source spelling 'phù hợp' for 'phụ hợp'"),
    ("LA-52-CTr-TU", "t40", "SANITATION_SCHOOLS", "source spelling 'phù hợp' for 'phụ hợp'"),
    ("LA-52-CTr-TU", "t41", "SANITATION_HEALTH_STATIONS", "source spelling 'phù hợp' for 'phụ hợp'"),
]
# The target whose automatically made code each symbolic name above stands for.
LINK_ANCHORS = {
    "MERITORIOUS": ("KG-50-CTr-TU", "t2"),
    "SOCIAL_INSURANCE": ("KG-50-CTr-TU", "t7"),
    "UNEMPLOYMENT_INSURANCE": ("KG-50-CTr-TU", "t8"),
    "POVERTY": ("KG-50-CTr-TU", "t10"),
    "CHILD_CARE_ALLOWANCE": ("KG-50-CTr-TU", "t11"),
    "FERTILITY": ("KG-50-CTr-TU", "t19"),
    "LIFE_EXPECTANCY": ("KG-50-CTr-TU", "t20"),
    "HDI": ("KG-50-CTr-TU", "t22"),
    "BEDS": ("KG-50-CTr-TU", "t23"),
    "HEALTH_MANAGED": ("KG-50-CTr-TU", "t29"),
    "AIDS": ("KG-50-CTr-TU", "t32"),
    "TEMPORARY_HOUSING": ("KG-50-CTr-TU", "t33"),
    "SANITATION_HOUSEHOLDS": ("KG-50-CTr-TU", "t37"),
    "SANITATION_SCHOOLS": ("KG-50-CTr-TU", "t38"),
    "SANITATION_HEALTH_STATIONS": ("KG-50-CTr-TU", "t39"),
}

# Indicators whose direction the comparator rule gets wrong: replacement fertility is a level to
# keep, neither higher nor lower.
DIRECTION_OVERRIDES = {"FERTILITY": "unknown"}

# Indicators of their own for targets the automatic linking would join to another (decision 0007):
# (doc_id, key) -> (code, name, unit, direction, lower limit, upper limit, reason).
INDICATOR_SPLITS: dict[tuple[str, str], tuple[str, str, str, str, float, float, str]] = {
    ("LA-52-CTr-TU", "t24"): (
        "chi-so-phat-trien-con-nguoi-hdi-nhom",
        "Nhóm chỉ số phát triển con người (HDI)",
        "nhóm",
        "down",
        1.0,
        4.0,
        "the HDI group is a grade where nhóm 1 is better than nhóm 2, not the index itself",
    ),
}

# Plausible bands of indicators whose unit alone gives too wide a one (decision 0007): a trend
# projected outside the band is not extrapolated. code -> (lower, upper, reason).
LIMIT_OVERRIDES: dict[str, tuple[float, float, str]] = {
    "tuoi-tho-trung-binh-cua-nguoi-dan": (40.0, 85.0, "life expectancy of a province's people"),
    "muc-sinh-thay-the-cua-quoc-gia": (0.5, 8.0, "total fertility rate, children per woman"),
}

# Targets whose annotated comparator, value or unit mis-states the promise (decision 0007), each
# keeping its source spans: (doc_id, key) -> (fields to set, reason).
TARGET_CORRECTIONS: dict[tuple[str, str], tuple[dict[str, Any], str]] = {
    ("LA-52-CTr-TU", "t2"): (
        {"comparator": Comparator.RANGE, "value": 115.0, "value_max": 120.0},
        "'115 - 120 triệu đồng' is a band: both bounds are kept",
    ),
    ("KG-50-CTr-TU", "t19"): (
        {"comparator": Comparator.APPROX, "value": 2.1, "unit": "con/phụ nữ"},
        "replacement fertility is a total fertility rate of about 2,1 children per woman, not a grade",
    ),
    ("LA-52-CTr-TU", "t21"): (
        {"comparator": Comparator.APPROX, "value": 2.1, "unit": "con/phụ nữ"},
        "replacement fertility is a total fertility rate of about 2,1 children per woman, not a grade",
    ),
}

# ----------------------------------------------------------------------------- target kind overrides
# (doc_id, key) -> kind, where classify_target_kind's general rule is wrong.
KIND_OVERRIDES: list[tuple[str, str, str, str]] = [
    (
        "KG-219-KH-UBND",
        "t29",
        "qualitative",
        "appendix grades it 'Mức độ' but the value is the end-state 'Giải quyết cơ bản'",
    ),
    (
        "KG-219-KH-UBND",
        "t43",
        "qualitative",
        "appendix grades it 'Mức độ' but the value is the end-state 'Xóa bỏ hoàn toàn'",
    ),
    (
        "KG-50-CTr-TU",
        "t19",
        "maintain",
        "'Duy trì vững chắc' replacement fertility: keep a level already reached",
    ),
    ("LA-52-CTr-TU", "t21", "maintain", "'Bảo đảm vững chắc' replacement fertility: keep a level"),
]


# --------------------------------------------------------------------------------------- spans
def token_pattern(text: str, *, bounded: bool = False) -> re.Pattern[str]:
    """A regex that finds ``text`` with any run of whitespace between its tokens."""
    body = r"\s+".join(re.escape(token) for token in text.split())
    if bounded:
        body = rf"(?<![\w.,]){body}(?![\w])"
    return re.compile(body, re.IGNORECASE)


class SpanFinder:
    """Finds gold quotes in a source text, in document order."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.ambiguous: list[str] = []

    def find(self, quote: str, cursor: int) -> SourceSpan:
        """The occurrence of ``quote`` at or after ``cursor``, else the last one before it."""
        matches = list(token_pattern(unicodedata.normalize("NFC", quote)).finditer(self.text))
        if not matches:
            raise SystemExit(f"PROBLEM quote not found in {self.file}: {quote[:80]!r}")
        later = [m for m in matches if m.start() >= cursor]
        match = later[0] if later else matches[-1]
        if len(matches) > 1:
            self.ambiguous.append(f"{self.file}@{match.start()} ({len(matches)} occurrences)")
        return SourceSpan(self.file, match.start(), match.end())


def value_text_span(text: str, quote: SourceSpan, value_text: str, indicator: str) -> SourceSpan:
    """Where ``value_text`` sits inside the quote; among several, the one nearest the indicator."""
    inside = text[quote.start : quote.end]
    matches = list(token_pattern(value_text, bounded=True).finditer(inside)) or list(
        token_pattern(value_text).finditer(inside)
    )
    if not matches:
        raise SystemExit(f"PROBLEM value_text {value_text!r} not in quote {inside[:80]!r}")
    match = matches[0]
    if len(matches) > 1:
        words = normalise_name(indicator).split()
        for size in range(len(words), 1, -1):
            anchor = re.search(r"\W+".join(map(re.escape, words[:size])), inside, re.IGNORECASE)
            if anchor:
                match = min(matches, key=lambda m: abs(m.start() - anchor.start()))
                break
    return SourceSpan(quote.file, quote.start + match.start(), quote.start + match.end())


def span_record(span: SourceSpan | None) -> dict[str, Any] | None:
    return None if span is None else {"file": span.file, "start": span.start, "end": span.end}


# -------------------------------------------------------------------------------------- agencies
KG, AG, LA, TN = "Kiên Giang", "An Giang", "Long An", "Tây Ninh"
END_LDTBXH = "2025-02-28"  # Nghị định 45/2025/NĐ-CP: the new departments from 01/3/2025
START_2025_03 = "2025-03-01"
END_OLD_PROVINCE = "2025-06-30"  # Nghị quyết 202/2025/QH15: merged provinces from 01/7/2025
START_NEW_PROVINCE = "2025-07-01"
ND45 = "Nghị định 45/2025/NĐ-CP (28/02/2025)"
NQ202 = "Nghị quyết 202/2025/QH15 (12/6/2025)"

# (key, name, short name, aliases as the documents write them)
DEPARTMENTS: dict[str, tuple[str, str | None, tuple[str, ...]]] = {
    "ldtbxh": (
        "Sở Lao động - Thương binh và Xã hội",
        "Sở LĐTBXH",
        ("Sở LĐTBXH", "Sở LĐ-TB&XH", "Sở Lao động, Thương binh và Xã hội"),
    ),
    "noi-vu": ("Sở Nội vụ", None, ()),
    "y-te": ("Sở Y tế", None, ()),
    "gddt": ("Sở Giáo dục và Đào tạo", "Sở GDĐT", ("Sở GDĐT", "Sở GD&ĐT")),
    "tttt": ("Sở Thông tin và Truyền thông", "Sở TTTT", ("Sở TTTT", "Sở TT&TT")),
    "khcn": ("Sở Khoa học và Công nghệ", "Sở KHCN", ("Sở KHCN", "Sở KH&CN")),
    "vhttdl": ("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", ("Sở VHTTDL",)),
    "xay-dung": ("Sở Xây dựng", None, ()),
    "nnptnt": ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NNPTNT", ("Sở NNPTNT", "Sở NN&PTNT")),
    "tnmt": ("Sở Tài nguyên và Môi trường", "Sở TNMT", ("Sở TNMT", "Sở TN&MT")),
    "nnmt": ("Sở Nông nghiệp và Môi trường", "Sở NN&MT", ("Sở NN&MT", "Sở NNMT")),
    "ubnd": ("Ủy ban nhân dân tỉnh", "UBND tỉnh", ("UBND tỉnh", "Ủy ban nhân dân tỉnh")),
    "tinh-uy": ("Tỉnh ủy", None, ()),
}
# Department keys -> (valid from, valid to) in a pre-merger province.
OLD_VALIDITY = {
    "ldtbxh": (None, END_LDTBXH),
    "tttt": (None, END_LDTBXH),
    "nnptnt": (None, END_LDTBXH),
    "tnmt": (None, END_LDTBXH),
    "nnmt": (START_2025_03, END_OLD_PROVINCE),
}
# Departments of the merged provinces (from 01/7/2025).
NEW_DEPARTMENTS = ("noi-vu", "y-te", "gddt", "khcn", "vhttdl", "xay-dung", "nnmt", "ubnd", "tinh-uy")
# Functions of Sở LĐTBXH and where they went on 01/3/2025 (domain.md §3, Nghị định 45/2025/NĐ-CP).
LDTBXH_FUNCTIONS = {
    "noi-vu": (
        "labour",
        "wages",
        "employment",
        "social_insurance",
        "occupational_safety",
        "meritorious_service",
        "gender_equality",
    ),
    "y-te": ("social_protection", "children", "social_evils"),
    "gddt": ("vocational_education",),
    "nnmt": ("poverty",),
}


def agency_code(key: str, province: str) -> str:
    return f"{key}-{slugify(province)}"


def province_of_name(name: str, province: str) -> str:
    if name.endswith("tỉnh"):
        return f"{name} {province}"
    if name == "Tỉnh ủy":
        return f"Tỉnh ủy {province}"
    return f"{name} tỉnh {province}"


def build_agencies() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    agencies: list[dict[str, Any]] = []
    successions: list[dict[str, Any]] = []

    def agency(code: str, name: str, province: str, **fields: Any) -> None:
        agencies.append(
            {
                "code": code,
                "name": name,
                "short_name": fields.get("short_name"),
                "province": province,
                "valid_from": fields.get("valid_from"),
                "valid_to": fields.get("valid_to"),
                "aliases": sorted(set(fields.get("aliases", ()))),
                "note": fields.get("note"),
            }
        )

    def succession(old: str, new: str, function: str, on: str, basis: str, note: str | None = None) -> None:
        successions.append(
            {
                "predecessor": old,
                "successor": new,
                "function": function,
                "effective_on": on,
                "legal_basis": basis,
                "note": note,
            }
        )

    for old, new in ((KG, AG), (LA, TN)):
        for key, (name, short, aliases) in DEPARTMENTS.items():
            if key == "vhttdl":
                continue
            valid_from, valid_to = OLD_VALIDITY.get(key, (None, END_OLD_PROVINCE))
            agency(
                agency_code(key, old),
                province_of_name(name, old),
                old,
                short_name=short,
                valid_from=valid_from,
                valid_to=valid_to,
                aliases=(name, *aliases),
            )
        # Culture: Kiên Giang merged its Sở Văn hóa và Thể thao and Sở Du lịch on 01/3/2025; Long An
        # already had a Sở Văn hóa, Thể thao và Du lịch.
        name, short, aliases = DEPARTMENTS["vhttdl"]
        agency(
            agency_code("vhttdl", old),
            province_of_name(name, old),
            old,
            short_name=short,
            valid_from=START_2025_03 if old == KG else None,
            valid_to=END_OLD_PROVINCE,
            aliases=(name, *aliases),
            note="to verify: date and predecessors of the Kiên Giang department" if old == KG else None,
        )
        # Statistics: from 01/3/2025 the provincial Cục Thống kê became "Thống kê tỉnh", a unit of
        # Cục Thống kê under Bộ Tài chính.
        agency(
            agency_code("cuc-thong-ke", old),
            f"Cục Thống kê tỉnh {old}",
            old,
            short_name="Cục Thống kê",
            valid_to=END_LDTBXH,
            aliases=("Cục Thống kê", "Cục Thống kê tỉnh"),
        )
        agency(
            agency_code("thong-ke", old),
            f"Thống kê tỉnh {old}",
            old,
            valid_from=START_2025_03,
            valid_to=END_OLD_PROVINCE,
            aliases=("Thống kê tỉnh",),
            note="to verify: name and dates of the provincial statistics office under Bộ Tài chính",
        )
        agency(
            agency_code("bhxh", old),
            f"Bảo hiểm xã hội tỉnh {old}",
            old,
            short_name="BHXH tỉnh",
            valid_to=END_LDTBXH,
            aliases=("Bảo hiểm xã hội", "Bảo hiểm xã hội tỉnh", "BHXH tỉnh", "BHXH"),
            note="to verify: reorganised into a regional Bảo hiểm xã hội khu vực from 01/3/2025",
        )
        agency(
            agency_code("bhxh-khu-vuc", old),
            f"Bảo hiểm xã hội khu vực (địa bàn tỉnh {old})",
            old,
            valid_from=START_2025_03,
            note="to verify: the region's number and exact name (under Bộ Tài chính)",
        )
        for key in NEW_DEPARTMENTS:
            name, short, aliases = DEPARTMENTS[key]
            agency(
                agency_code(key, new),
                province_of_name(name, new),
                new,
                short_name=short,
                valid_from=START_NEW_PROVINCE,
                aliases=(name, *aliases),
            )
        agency(
            agency_code("thong-ke", new),
            f"Thống kê tỉnh {new}",
            new,
            valid_from=START_NEW_PROVINCE,
            aliases=("Thống kê tỉnh",),
            note="to verify: name of the statistics office of the merged province",
        )

        # 01/3/2025: Sở LĐTBXH's functions by function; NNPTNT + TNMT; TTTT; statistics; social insurance.
        for key, functions in LDTBXH_FUNCTIONS.items():
            for function in functions:
                succession(agency_code("ldtbxh", old), agency_code(key, old), function, START_2025_03, ND45)
        succession(
            agency_code("ldtbxh", old),
            agency_code("noi-vu", old),
            "*",
            START_2025_03,
            ND45,
            "to verify: the rest (plan coordination) taken as going to Sở Nội vụ, the main successor",
        )
        succession(agency_code("nnptnt", old), agency_code("nnmt", old), "*", START_2025_03, ND45)
        succession(agency_code("tnmt", old), agency_code("nnmt", old), "*", START_2025_03, ND45)
        succession(agency_code("tttt", old), agency_code("khcn", old), "*", START_2025_03, ND45)
        succession(
            agency_code("tttt", old),
            agency_code("vhttdl", old),
            "culture_information",
            START_2025_03,
            ND45,
            "to verify: press, broadcasting, publishing and grassroots information went to culture",
        )
        succession(
            agency_code("cuc-thong-ke", old),
            agency_code("thong-ke", old),
            "*",
            START_2025_03,
            "Nghị định 29/2025/NĐ-CP (Bộ Tài chính)",
            "to verify: legal basis of the provincial statistics office",
        )
        succession(
            agency_code("bhxh", old),
            agency_code("bhxh-khu-vuc", old),
            "*",
            START_2025_03,
            "Nghị định 29/2025/NĐ-CP (Bộ Tài chính)",
            "to verify",
        )
        # 01/7/2025: every department of the old province -> the same function in the merged one.
        for key in NEW_DEPARTMENTS:
            note = (
                "to verify: Party committees are merged by decision of the Politburo"
                if key == "tinh-uy"
                else None
            )
            succession(agency_code(key, old), agency_code(key, new), "*", START_NEW_PROVINCE, NQ202, note)
        succession(
            agency_code("thong-ke", old),
            agency_code("thong-ke", new),
            "*",
            START_NEW_PROVINCE,
            NQ202,
            "to verify",
        )

    # Bodies named in the documents' tasks.
    agency(
        "bao-kien-giang",
        "Báo Kiên Giang",
        KG,
        aliases=("Báo Kiên Giang",),
        note="to verify: 2025 merger of the provincial newspaper and broadcaster",
    )
    agency(
        "dai-phat-thanh-va-truyen-hinh-kien-giang",
        "Đài Phát thanh và Truyền hình Kiên Giang",
        KG,
        aliases=("Đài Phát thanh và Truyền hình Kiên Giang", "Đài PT-TH Kiên Giang"),
        note="to verify: 2025 merger of the provincial newspaper and broadcaster",
    )
    agency(
        agency_code("ban-dan-toc", KG),
        "Ban Dân tộc tỉnh Kiên Giang",
        KG,
        aliases=("Ban Dân tộc", "Ban Dân tộc tỉnh"),
        note="to verify: became Sở Dân tộc và Tôn giáo from 01/3/2025",
    )
    agency(
        agency_code("mttq", KG),
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Kiên Giang",
        KG,
        aliases=("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "UBMTTQ Việt Nam tỉnh"),
        note="to verify: 2025 reorganisation of the Front and the socio-political organisations",
    )
    party_note = "to verify: 2025 reorganisation of Party bodies (dates and successors not recorded)"
    for code, name, aliases in (
        (
            "ban-can-su-dang-ubnd-long-an",
            "Ban cán sự đảng Ủy ban nhân dân tỉnh Long An",
            ("Ban cán sự đảng Ủy ban nhân dân tỉnh", "Ban cán sự đảng UBND tỉnh"),
        ),
        (
            "dang-doan-hdnd-long-an",
            "Đảng đoàn Hội đồng nhân dân tỉnh Long An",
            ("Đảng đoàn Hội đồng nhân dân tỉnh", "Đảng đoàn HĐND tỉnh"),
        ),
        ("ban-tuyen-giao-tinh-uy-long-an", "Ban Tuyên giáo Tỉnh ủy Long An", ("Ban Tuyên giáo Tỉnh ủy",)),
        (
            "dang-doan-mttq-long-an",
            "Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Long An",
            ("Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",),
        ),
    ):
        agency(code, name, LA, aliases=aliases, note=party_note)
    agencies.sort(key=lambda a: (a["province"] or "", a["code"]))
    successions.sort(key=lambda s: (s["effective_on"], s["predecessor"], s["function"], s["successor"]))
    return agencies, successions


# ------------------------------------------------------------------------------------------ units
KG_DISTRICTS = (
    ("thanh-pho", "Rạch Giá"),
    ("thanh-pho", "Hà Tiên"),
    ("thanh-pho", "Phú Quốc"),
    ("huyen", "Kiên Lương"),
    ("huyen", "Hòn Đất"),
    ("huyen", "Tân Hiệp"),
    ("huyen", "Châu Thành"),
    ("huyen", "Giồng Riềng"),
    ("huyen", "Gò Quao"),
    ("huyen", "An Biên"),
    ("huyen", "An Minh"),
    ("huyen", "Vĩnh Thuận"),
    ("huyen", "U Minh Thượng"),
    ("huyen", "Giang Thành"),
    ("huyen", "Kiên Hải"),
)


def build_units() -> tuple[dict[str, Any], dict[str, Any]]:
    units: list[dict[str, Any]] = []

    def unit(code: str, name: str, level: str, **fields: Any) -> None:
        units.append(
            {
                "code": code,
                "name": name,
                "level": level,
                "parent": fields.get("parent"),
                "valid_from": fields.get("valid_from"),
                "valid_to": fields.get("valid_to"),
                "territory": fields.get("territory", code),
            }
        )

    for code, name in (
        ("kien-giang", "Tỉnh Kiên Giang"),
        ("an-giang-cu", "Tỉnh An Giang (cũ)"),
        ("long-an", "Tỉnh Long An"),
        ("tay-ninh-cu", "Tỉnh Tây Ninh (cũ)"),
    ):
        unit(code, name, "province", valid_to=END_OLD_PROVINCE)
    for code, name, parts in (
        ("an-giang", "Tỉnh An Giang", (("kien-giang", "Kiên Giang"), ("an-giang-cu", "An Giang"))),
        ("tay-ninh", "Tỉnh Tây Ninh", (("long-an", "Long An"), ("tay-ninh-cu", "Tây Ninh"))),
    ):
        unit(code, name, "province", valid_from=START_NEW_PROVINCE)
        for old_code, old_name in parts:
            unit(
                f"dia-ban-{old_code}",
                f"Địa bàn tỉnh {old_name} (cũ)",
                "area",
                parent=code,
                valid_from=START_NEW_PROVINCE,
                territory=old_code,
            )
    for kind, name in KG_DISTRICTS:
        label = "Thành phố" if kind == "thanh-pho" else "Huyện"
        unit(
            f"kien-giang-{kind}-{slugify(name)}",
            f"{label} {name}",
            "district",
            parent="kien-giang",
            valid_to=END_OLD_PROVINCE,
        )
    for name in ("Phú Quốc", "Kiên Hải", "Thổ Châu"):
        unit(
            f"an-giang-dac-khu-{slugify(name)}",
            f"Đặc khu {name}",
            "commune",
            parent="an-giang",
            valid_from=START_NEW_PROVINCE,
        )
    successions = [
        {
            "kind": "merge",
            "predecessors": ["kien-giang", "an-giang-cu"],
            "successors": ["an-giang"],
            "effective_on": START_NEW_PROVINCE,
            "legal_basis": NQ202,
            "note": None,
        },
        {
            "kind": "merge",
            "predecessors": ["long-an", "tay-ninh-cu"],
            "successors": ["tay-ninh"],
            "effective_on": START_NEW_PROVINCE,
            "legal_basis": NQ202,
            "note": None,
        },
        {
            "kind": "split",
            "predecessors": ["kien-giang-thanh-pho-phu-quoc"],
            "successors": ["an-giang-dac-khu-phu-quoc", "an-giang-dac-khu-tho-chau"],
            "effective_on": START_NEW_PROVINCE,
            "legal_basis": "Nghị quyết 1654/NQ-UBTVQH15 (16/6/2025) on the communes of An Giang",
            "note": "Thổ Châu was a commune of thành phố Phú Quốc; to verify the resolution number",
        },
        {
            "kind": "rename",
            "predecessors": ["kien-giang-huyen-kien-hai"],
            "successors": ["an-giang-dac-khu-kien-hai"],
            "effective_on": START_NEW_PROVINCE,
            "legal_basis": "Nghị quyết 1654/NQ-UBTVQH15 (16/6/2025) on the communes of An Giang",
            "note": "the whole district became the special zone; to verify the resolution number",
        },
    ]
    note = (
        "Partial list: provinces and areas are complete for Kiên Giang, An Giang, Long An and Tây Ninh; "
        "districts only for Kiên Giang (all 15); communes of the new An Giang only where the predecessor "
        "is certain (the three special zones). Validity starts are not recorded for the old provinces."
    )
    return (
        {"note": note, "is_complete": False, "items": units},
        {
            "note": "Partial: only the successions above are recorded.",
            "is_complete": False,
            "items": successions,
        },
    )


# -------------------------------------------------------------------------------------------- main
def document_records(gold: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    docs = [(file, doc) for file, content in gold for doc in content["documents"]]
    by_number = {(d["number"], d["province"]): d["doc_id"] for _, d in docs if d["number"]}
    records: list[dict[str, Any]] = []
    for file, d in docs:
        parents = [
            by_number.get((number, d["province"])) or number.replace("/", "-") for number in d["implements"]
        ]
        records.append(
            {
                "doc_id": d["doc_id"],
                "kind": d["kind"],
                "number": d["number"],
                "issuer": d["issuer"],
                "issued_on": d["issued"],
                "province": d["province"],
                "parents": parents,
                "title": d["title"],
                "is_stub": False,
                "source_file": file,
            }
        )
    for stub in STUB_DOCUMENTS:
        records.append({**stub, "province": None, "is_stub": True, "source_file": None})
    return records


# The fields of indicators.json that say what an indicator is and how its figures combine. They are
# written by hand in indicators.json itself, their one source: a rebuild keeps them by code.
DEFINITION_FIELDS = (
    "definition",
    "aggregation",
    "numerator",
    "denominator",
    "weight",
    "period_aggregation",
    "disaggregations",
    "reason",
)


def indicator_definitions() -> dict[str, dict[str, Any]]:
    """code -> the hand-written definition fields of the indicators.json being replaced."""
    path = DATA / "indicators.json"
    if not path.exists():
        return {}
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    return {r["code"]: {f: r.get(f) for f in DEFINITION_FIELDS} for r in items if "aggregation" in r}


def data_elements() -> list[dict[str, Any]]:
    """The data elements of the indicators.json being replaced (``"element": true``): the summed counts
    that ratios and weighted means are made of. No target names them, so a rebuild keeps them whole."""
    path = DATA / "indicators.json"
    if not path.exists():
        return []
    return [r for r in json.loads(path.read_text(encoding="utf-8"))["items"] if r.get("element")]


def undefined_indicator() -> dict[str, Any]:
    """A new indicator's definition until someone writes it: never combined, reason says so."""
    return {
        "definition": "",
        "aggregation": "none",
        "numerator": None,
        "denominator": None,
        "weight": None,
        "period_aggregation": "stock",
        "disaggregations": [],
        "reason": "not defined yet: a new indicator is not combined until its definition is written",
    }


def dump(name: str, content: Any) -> None:
    if isinstance(content, list):
        content = {"items": content}
    text = json.dumps(content, ensure_ascii=False, indent=1)
    (DATA / name).write_text(unicodedata.normalize("NFC", text) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=gold_dir())
    parser.add_argument("--corpus", type=Path, default=corpus_dir())
    args = parser.parse_args(argv)
    gold: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(args.gold.glob("*.json")):
        content = json.loads(unicodedata.normalize("NFC", path.read_text(encoding="utf-8")))
        gold.append((content["source_file"], content))

    documents = document_records(gold)
    targets: list[Target] = []
    target_extra: dict[tuple[str, str], dict[str, Any]] = {}
    baselines: list[dict[str, Any]] = []
    reporting: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    agencies, agency_successions = build_agencies()
    agency_objects = [
        Agency(
            code=a["code"],
            name=a["name"],
            short_name=a["short_name"],
            province=a["province"],
            aliases=tuple(a["aliases"]),
        )
        for a in agencies
    ]
    finders: dict[str, SpanFinder] = {}
    for file, content in gold:
        text = unicodedata.normalize("NFC", (args.corpus / file).read_text(encoding="utf-8"))
        finder = finders[file] = SpanFinder(file, text)
        for doc in content["documents"]:
            doc_id = doc["doc_id"]
            cursor = 0
            for t in doc["targets"]:
                quote = finder.find(t["quote"], cursor)
                cursor = quote.start
                value_span = value_text_span(text, quote, t["value_text"], t["indicator"])
                wording = quote.read(text)
                comparator = Comparator(t["comparator"])
                kind = classify_target_kind(comparator, t["indicator"], t["unit"], wording)
                target_extra[(doc_id, t["id"])] = {"rule_kind": kind}
                targets.append(
                    Target(
                        doc_id=doc_id,
                        key=t["id"],
                        group=t["group"],
                        indicator_name=t["indicator"],
                        indicator_code=None,
                        unit=t["unit"],
                        comparator=comparator,
                        value=t["value"],
                        value_text=t["value_text"] if len(t["value_text"]) <= SHORT_VALUE_TEXT else None,
                        target_year=t["target_year"],
                        kind=kind,
                        scope=t["scope"],
                        responsible=t["responsible"],
                        quote=quote,
                        value_text_span=value_span,
                    )
                )
            cursor = 0
            doc_keys = {(indicator_key(t["indicator"]), t["unit"]): t["id"] for t in doc["targets"]}
            for b in doc["baselines"]:
                quote = finder.find(b["quote"], cursor)
                cursor = quote.start
                baselines.append(
                    {
                        "doc_id": doc_id,
                        "indicator_name": b["indicator"],
                        "value": b["value"],
                        "unit": b["unit"],
                        "year": b["year"],
                        "target_key": doc_keys.get((indicator_key(b["indicator"]), b["unit"])),
                        "quote": span_record(quote),
                    }
                )
            cursor = 0
            for r in doc["reporting"]:
                quote = finder.find(r["quote"], cursor)
                cursor = quote.start
                day, month = (int(x) for x in r["deadline"].split("/")) if r["deadline"] else (None, None)
                reporting.append(
                    {
                        "doc_id": doc_id,
                        "what": r["what"],
                        "frequency": r["frequency"],
                        "deadline_day": day,
                        "deadline_month": month,
                        "to": r["to"],
                        "via": r["via"],
                        "quote": span_record(quote),
                    }
                )
            cursor = 0
            grouped: dict[tuple[str, int], dict[str, Any]] = {}
            for entry in doc["lead_agencies"]:
                quote = finder.find(entry["quote"], cursor)
                cursor = quote.start
                resolved = resolve_agency_name(entry["agency"], doc["province"], agency_objects)
                assignment = {
                    "agency_name": entry["agency"],
                    "role": entry["role"],
                    "agency_code": resolved.code if resolved else None,
                }
                group = (entry["for"], quote.start)
                if group not in grouped:
                    grouped[group] = {
                        "doc_id": doc_id,
                        "key": f"k{len(grouped) + 1}",
                        "description": entry["for"],
                        "assignments": [],
                        "quote": span_record(quote),
                    }
                grouped[group]["assignments"].append(assignment)
            tasks.extend(grouped.values())

    # Indicators: automatic linking plus overrides.
    auto = link_indicators(targets)
    anchors = {name: auto[ref] for name, ref in LINK_ANCHORS.items()}
    overrides = {(doc_id, key): anchors[name] for doc_id, key, name, _ in INDICATOR_LINKS}
    linked = link_indicators(targets, overrides)
    targets = [replace(t, indicator_code=linked[(t.doc_id, t.key)]) for t in targets]
    targets = [
        replace(t, indicator_code=INDICATOR_SPLITS[(t.doc_id, t.key)][0])
        if (t.doc_id, t.key) in INDICATOR_SPLITS
        else t
        for t in targets
    ]
    targets = [
        replace(t, **TARGET_CORRECTIONS[(t.doc_id, t.key)][0])
        if (t.doc_id, t.key) in TARGET_CORRECTIONS
        else t
        for t in targets
    ]
    members: dict[str, list[Target]] = defaultdict(list)
    for t in targets:
        assert t.indicator_code is not None
        members[t.indicator_code].append(t)
    directions = {anchors[name]: Direction(value) for name, value in DIRECTION_OVERRIDES.items()}
    indicators = [derive_indicator(code, group) for code, group in members.items()]
    indicators = [replace(i, direction=directions.get(i.code, i.direction)) for i in indicators]
    splits = {split[0]: split for split in INDICATOR_SPLITS.values()}
    indicators = [
        replace(
            i,
            name=splits[i.code][1],
            unit=splits[i.code][2],
            direction=Direction(splits[i.code][3]),
            lower_limit=splits[i.code][4],
            upper_limit=splits[i.code][5],
        )
        if i.code in splits
        else i
        for i in indicators
    ]
    indicators = [
        replace(i, lower_limit=LIMIT_OVERRIDES[i.code][0], upper_limit=LIMIT_OVERRIDES[i.code][1])
        if i.code in LIMIT_OVERRIDES
        else i
        for i in indicators
    ]

    kind_overrides = {(d, k): TargetKind(kind) for d, k, kind, _ in KIND_OVERRIDES}
    targets = [replace(t, kind=kind_overrides.get((t.doc_id, t.key), t.kind)) for t in targets]

    definitions = indicator_definitions()
    elements = data_elements()
    for i in indicators:
        if i.code not in definitions:
            print(f"NOTE indicator {i.code} has no definition yet: write it in indicators.json")
    dump("documents.json", documents)
    records = [
        {
            "code": i.code,
            "name": i.name,
            **definitions.get(i.code, undefined_indicator()),
            "unit": i.unit,
            "direction": i.direction.value,
            "lower_limit": i.lower_limit,
            "upper_limit": i.upper_limit,
            "domain": i.domain,
        }
        for i in indicators
    ]
    dump("indicators.json", sorted(records + elements, key=lambda r: str(r["code"])))
    dump(
        "indicator_links.json",
        {
            "note": "Corrections to planwatch.catalogue.link_indicators: target -> indicator code.",
            "items": [
                {"doc_id": d, "key": k, "indicator_code": anchors[name], "reason": reason}
                for d, k, name, reason in INDICATOR_LINKS
            ],
        },
    )
    dump(
        "target_kind_overrides.json",
        {
            "note": "Targets whose kind planwatch.catalogue.classify_target_kind gets wrong.",
            "items": [
                {"doc_id": d, "key": k, "kind": kind, "reason": reason}
                for d, k, kind, reason in KIND_OVERRIDES
            ],
        },
    )
    dump(
        "target_corrections.json",
        {
            "note": "Targets whose annotated comparator, value or unit are corrected (decision 0007).",
            "items": [
                {
                    "doc_id": d,
                    "key": k,
                    "fields": {name: getattr(value, "value", value) for name, value in fields.items()},
                    "reason": reason,
                }
                for (d, k), (fields, reason) in TARGET_CORRECTIONS.items()
            ],
        },
    )
    dump(
        "targets.json",
        [
            {
                "doc_id": t.doc_id,
                "key": t.key,
                "group": t.group,
                "indicator_name": t.indicator_name,
                "indicator_code": t.indicator_code,
                "unit": t.unit,
                "comparator": t.comparator.value,
                "value": t.value,
                **({"value_max": t.value_max} if t.value_max is not None else {}),  # ranges only
                "value_text": t.value_text,
                "value_text_span": span_record(t.value_text_span),
                "target_year": t.target_year,
                "kind": t.kind.value,
                "scope": t.scope,
                "responsible": t.responsible,
                "quote": span_record(t.quote),
            }
            for t in targets
        ],
    )
    dump("baselines.json", baselines)
    dump("reporting.json", reporting)
    dump("tasks.json", tasks)
    dump("agencies.json", agencies)
    dump("agency_successions.json", agency_successions)
    units, unit_successions = build_units()
    dump("units.json", units)
    dump("unit_successions.json", unit_successions)

    for finder in finders.values():
        for note in finder.ambiguous:
            print("NOTE quote occurs more than once:", note)
    for t in targets:
        rule = target_extra[(t.doc_id, t.key)]["rule_kind"]
        if t.kind != rule:
            print(f"NOTE kind override {t.doc_id}/{t.key}: rule {rule.value} -> {t.kind.value}")
    shared = {code: group for code, group in members.items() if len({t.doc_id for t in group}) > 1}
    print(
        f"{len(documents)} documents, {len(targets)} targets, {len(indicators)} indicators "
        f"({len(shared)} shared by several documents), {len(baselines)} baselines, "
        f"{len(reporting)} reporting duties, {len(tasks)} tasks "
        f"({sum(len(t['assignments']) for t in tasks)} assignments), {len(agencies)} agencies, "
        f"{len(agency_successions)} agency successions"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
