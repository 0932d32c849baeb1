"""Every province's departments before and after the 2025 reform, from one dated rule table.

- Until 28/02/2025 each of the 63 provinces had, among others, Sở LĐTBXH, Sở TN&MT, Sở NN&PTNT,
  Sở TT&TT, Sở KH&ĐT, Sở GTVT and the Cục Thống kê; from 01/3/2025 (Nghị định 45/2025/NĐ-CP and the
  provinces' merger decisions) their functions went, function by function, to the departments of
  ``AFTER_MARCH_2025``.
- From 01/7/2025 (Nghị quyết 202/2025/QH15; Nghị định 150/2025/NĐ-CP: at most 14 sở) each of the 34
  provinces has the departments of ``AFTER_MARCH_2025`` (12 of them, the ones every province has),
  plus its UBND, Bảo hiểm xã hội and Thống kê; each department of a merged province passes all its
  functions (``*``) to the same department of the province it joined. A province that was not
  merged keeps its departments (one agency, no succession).

Departments that only some provinces have (Sở Dân tộc và Tôn giáo, Sở Ngoại vụ, Sở Du lịch) are not
generated: which province has them is not in any package; the catalogue adds them where a document
names them. The catalogue's own agencies (agencies.json) win over generated ones of the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planwatch.catalogue.country import FIRST_DAY_NEW, Country
from planwatch.domain.model import Agency, AgencySuccession
from planwatch.domain.succession import ALL_FUNCTIONS
from planwatch.domain.text import short_place_name, slugify
from planwatch.domain.vocabulary import SuccessionKind, UnitLevel

MARCH_2025 = date(2025, 3, 1)
LAST_DAY_BEFORE_MARCH = date(2025, 2, 28)
LAST_DAY_OLD = date(2025, 6, 30)
MARCH_BASIS = "Nghị định 45/2025/NĐ-CP và quyết định sắp xếp các sở của tỉnh (01/3/2025)"
JULY_BASIS = "Nghị quyết 202/2025/QH15; Nghị định 150/2025/NĐ-CP"


@dataclass(frozen=True, slots=True)
class Department:
    """A kind of provincial agency: its code stem, its name before the place, its short name."""

    kind: str
    name: str  # "Sở Y tế" (+ " tỉnh An Giang")
    short_name: str | None = None
    aliases: tuple[str, ...] = ()


# In force from 01/3/2025 in the 63 provinces and from 01/7/2025 in the 34 (Nghị định 150/2025/NĐ-CP).
AFTER_MARCH_2025 = (
    Department("van-phong-ubnd", "Văn phòng Ủy ban nhân dân", "VP UBND"),
    Department("noi-vu", "Sở Nội vụ"),
    Department("tu-phap", "Sở Tư pháp"),
    Department("tai-chinh", "Sở Tài chính"),
    Department("cong-thuong", "Sở Công Thương"),
    Department("nnmt", "Sở Nông nghiệp và Môi trường", "Sở NN&MT"),
    Department("xay-dung", "Sở Xây dựng"),
    Department("khcn", "Sở Khoa học và Công nghệ", "Sở KHCN"),
    Department("gddt", "Sở Giáo dục và Đào tạo", "Sở GDĐT"),
    Department("y-te", "Sở Y tế"),
    Department("vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL"),
    Department("thanh-tra", "Thanh tra"),
)
# Every province also has these (not counted among the sở).
PROVINCE_BODIES = (
    Department("ubnd", "Ủy ban nhân dân", "UBND"),
    Department("thong-ke", "Thống kê"),
)
NEW_PROVINCE_ONLY = (Department("bhxh", "Bảo hiểm xã hội", "BHXH"),)
# Until 28/02/2025, with where each function went on 01/3/2025: (kind, department, {function: kind}).
BEFORE_MARCH_2025 = (
    (
        Department("ldtbxh", "Sở Lao động - Thương binh và Xã hội", "Sở LĐTBXH"),
        {
            ALL_FUNCTIONS: "noi-vu",
            "children": "y-te",
            "social_evils": "y-te",
            "social_protection": "y-te",
            "vocational_education": "gddt",
            "poverty": "nnmt",
        },
    ),
    (Department("tnmt", "Sở Tài nguyên và Môi trường", "Sở TN&MT"), {ALL_FUNCTIONS: "nnmt"}),
    (Department("nnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"), {ALL_FUNCTIONS: "nnmt"}),
    (
        Department("tttt", "Sở Thông tin và Truyền thông", "Sở TT&TT"),
        {ALL_FUNCTIONS: "khcn", "culture_information": "vhttdl"},
    ),
    (Department("khdt", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"), {ALL_FUNCTIONS: "tai-chinh"}),
    (Department("gtvt", "Sở Giao thông vận tải", "Sở GTVT"), {ALL_FUNCTIONS: "xay-dung"}),
    (Department("cuc-thong-ke", "Cục Thống kê"), {ALL_FUNCTIONS: "thong-ke"}),
)

# Which department follows an indicator's domain when the document names none (a proposal).
DOMAIN_DEPARTMENT = {
    "health": "y-te",
    "health_insurance": "bhxh",
    "social_insurance": "bhxh",
    "education": "gddt",
    "vocational_education": "gddt",
    "environment": "nnmt",
    "clean_water": "nnmt",
    "poverty": "nnmt",
    "culture_information": "vhttdl",
    "telecommunications": "khcn",
    "housing": "xay-dung",
    "employment": "noi-vu",
    "labour": "noi-vu",
    "wages": "noi-vu",
    "civil_service": "noi-vu",
    "meritorious_service": "noi-vu",
    "gender_equality": "noi-vu",
    "children": "y-te",
    "social_protection": "y-te",
    "social_evils": "y-te",
    "statistics": "thong-ke",
    "economy": "tai-chinh",
    "general": "ubnd",
}


@dataclass(frozen=True, slots=True)
class ProvinceAgencies:
    """The generated agencies and their successions for the whole country."""

    agencies: tuple[Agency, ...]
    successions: tuple[AgencySuccession, ...]


def province_slug(name: str) -> str:
    """ "Tỉnh Kiên Giang" -> "kien-giang" (the catalogue's agency codes end so)."""
    return slugify(short_place_name(name))


def agency_code(kind: str, slug: str) -> str:
    return f"{kind}-{slug}"


def _named(department: Department, province_name: str) -> tuple[str, str]:
    """(full name, province label): "Sở Y tế tỉnh An Giang", "Thanh tra tỉnh An Giang"."""
    level_word = "thành phố" if province_name.lower().startswith("thành phố") else "tỉnh"
    return f"{department.name} {level_word} {short_place_name(province_name)}", short_place_name(
        province_name
    )


def _agency(
    department: Department,
    code: str,
    province_name: str,
    province_label: str,
    valid_from: date | None,
    valid_to: date | None,
) -> Agency:
    name, _ = _named(department, province_name)
    aliases = tuple(
        dict.fromkeys(a for a in (department.short_name, department.name, *department.aliases) if a)
    )
    return Agency(
        code=code,
        name=name,
        short_name=department.short_name,
        province=province_label,
        valid_from=valid_from,
        valid_to=valid_to,
        aliases=aliases,
    )


def generate_province_agencies(country: Country) -> ProvinceAgencies:
    """The departments of every province, old and new, and the successions between them."""
    units = {u.code: u for u in country.units}
    new_provinces = [
        u for u in country.units if u.level is UnitLevel.PROVINCE and u.valid_from == FIRST_DAY_NEW
    ]
    new_slugs = {province_slug(p.name) for p in new_provinces}
    formed_from = {
        s.successors[0]: s for s in country.successions if units[s.successors[0]].level is UnitLevel.PROVINCE
    }
    agencies: dict[str, Agency] = {}
    successions: list[AgencySuccession] = []
    for new in new_provinces:
        event = formed_from[new.code]
        slug = province_slug(new.name)
        unchanged = event.kind is SuccessionKind.RENAME and len(event.predecessors) == 1
        for department in (*PROVINCE_BODIES, *AFTER_MARCH_2025, *NEW_PROVINCE_ONLY):
            code = agency_code(department.kind, slug)
            starts = None if unchanged and department not in NEW_PROVINCE_ONLY else FIRST_DAY_NEW
            if department in NEW_PROVINCE_ONLY:
                starts = FIRST_DAY_NEW
            if department.kind == "thong-ke" and unchanged:
                starts = MARCH_2025
            agencies[code] = _agency(department, code, new.name, short_place_name(new.name), starts, None)
        for old_code in event.predecessors:
            old = units[old_code]
            old_slug = province_slug(old.name)
            same = unchanged
            if not same and old_slug in new_slugs:
                old_slug = f"{old_slug}-cu"
            label = short_place_name(old.name) + (
                "" if same or old_slug == province_slug(old.name) else " (cũ)"
            )
            ends = None if same else LAST_DAY_OLD
            if not same:
                for department in (*PROVINCE_BODIES, *AFTER_MARCH_2025):
                    code = agency_code(department.kind, old_slug)
                    starts = MARCH_2025 if department.kind == "thong-ke" else None
                    agencies[code] = _agency(department, code, old.name, label, starts, ends)
                    successions.append(
                        AgencySuccession(
                            predecessor=code,
                            successor=agency_code(department.kind, slug),
                            function=ALL_FUNCTIONS,
                            effective_on=FIRST_DAY_NEW,
                            legal_basis=JULY_BASIS,
                        )
                    )
            for department, functions in BEFORE_MARCH_2025:
                code = agency_code(department.kind, old_slug)
                agencies[code] = _agency(department, code, old.name, label, None, LAST_DAY_BEFORE_MARCH)
                for function, kind in functions.items():
                    successions.append(
                        AgencySuccession(
                            predecessor=code,
                            successor=agency_code(kind, old_slug),
                            function=function,
                            effective_on=MARCH_2025,
                            legal_basis=MARCH_BASIS,
                        )
                    )
    return ProvinceAgencies(agencies=tuple(agencies.values()), successions=tuple(successions))


def proposed_department(domain: str | None, province_slug_: str) -> str | None:
    """The code of the department that follows ``domain`` in a province, or None for no rule."""
    kind = DOMAIN_DEPARTMENT.get(domain or "")
    return agency_code(kind, province_slug_) if kind else None
