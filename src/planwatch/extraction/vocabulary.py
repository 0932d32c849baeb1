"""Plan-language word lists shared by the readers of targets, agencies and reporting duties.

General Vietnamese administrative vocabulary (Nghị định 30/2020 document types, names of bodies,
area words); nothing here belongs to one document.
"""

from __future__ import annotations

from planwatch.domain.vocabulary import DocumentKind

# Words an agency's name starts with.
AGENCY_HEAD = (
    r"^(?:[Cc]ác\s+(?:sở|ban|ngành|tổ chức|đoàn thể|huyện ủy|hội|lực lượng)\b|"
    r"(?:[Cc]ác\s+)?(?:Sở|Cục|Chi cục|Bảo hiểm xã hội|BHXH|Ban|UBND|Ủy ban|Uỷ ban|Công an|Bộ Chỉ huy|Bộ đội|"
    r"Liên đoàn|Liên hiệp|Hội|Tỉnh đoàn|Đoàn|Đài|Báo|Ngân hàng|Kho bạc|Văn phòng|Thanh tra|Trung tâm|"
    r"Đảng đoàn|Ban cán sự|Huyện ủy|Thành ủy|Thị ủy|Đảng ủy|Mặt trận|Giám đốc|Thủ trưởng|Chủ tịch|Viện|"
    r"Trường|Bệnh viện|Phòng|Bưu điện|Hiệp hội|Tổng cục|Bộ)\b)"
)

# Sub-population and area words that open a sub-row or a split target (gold README: scope).
SCOPE_WORDS = (
    r"^(?:thành thị|nông thôn|đô thị|vùng|các vùng|khu vực|miền núi|đồng bằng|ven biển|biên giới|hải đảo|"
    r"nam|nữ|dân tộc thiểu số|trẻ em trai|trẻ em gái|trong đó)\b"
)

# Parts of the administrative collectives that name one population ("cán bộ, công chức, viên chức";
# "bộ, ngành, địa phương"; "sở, ban, ngành"): a list made only of these is not split into targets.
COLLECTIVE_PARTS = frozenset(
    {
        "cán bộ", "công chức", "viên chức", "người lao động", "bộ", "ngành", "địa phương", "sở", "ban",
        "cơ quan", "đơn vị", "tổ chức", "cá nhân", "các bộ", "các sở", "các cơ quan", "chiến sĩ",
    }
)  # fmt: skip

# Type codes of document numbers (Nghị định 30/2020, Phụ lục III) and their kinds.
TYPE_CODES: dict[str, DocumentKind] = {
    "NQ": DocumentKind.RESOLUTION,
    "CTr": DocumentKind.ACTION_PROGRAMME,
    "KH": DocumentKind.PLAN,
    "QĐ": DocumentKind.DECISION,
    "BC": DocumentKind.REPORT,
    "CT": DocumentKind.DIRECTIVE,
    "ĐA": DocumentKind.PROJECT,
}

# Kind words in titles ("KẾ HOẠCH", "Chương trình hành động") when the number gives none.
KIND_WORDS: tuple[tuple[str, DocumentKind], ...] = (
    ("chương trình", DocumentKind.ACTION_PROGRAMME),
    ("kế hoạch", DocumentKind.PLAN),
    ("nghị quyết", DocumentKind.RESOLUTION),
    ("quyết định", DocumentKind.DECISION),
    ("báo cáo", DocumentKind.REPORT),
    ("chỉ thị", DocumentKind.DIRECTIVE),
    ("đề án", DocumentKind.PROJECT),
)

# Issuer codes of document numbers and how the issuer is named with its province.
ISSUER_NAMES: dict[str, str] = {
    "UBND": "UBND tỉnh {province}",
    "TU": "Tỉnh ủy {province}",
    "HĐND": "HĐND tỉnh {province}",
    "TTg": "Thủ tướng Chính phủ",
    "CP": "Chính phủ",
    "TW": "Ban Chấp hành Trung ương",
    "QH": "Quốc hội",
}

# Provinces and centrally run cities, before and after Nghị quyết 202/2025/QH15 (domain.md §4).
PROVINCES: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định",
    "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Đắk Lắk",
    "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh",
    "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang",
    "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế",
    "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip
