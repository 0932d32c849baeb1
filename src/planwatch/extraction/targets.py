"""Targets written as prose: one target per measurable statement of a target list.

Rules (gold README, "Inclusion rules"): targets come from the target, indicator and vision sections;
lists are split (``100% hộ gia đình, trường học, trạm y tế có …`` is three targets; ``100% … ở thành
thị và 80% … ở nông thôn`` two, with their scope), but a single beneficiary group is not; time-bound
status goals count (``đến năm 2030 … trở thành …``); general objectives and tasks phrased only as
actions (``tiếp tục``, ``đẩy mạnh``, ``từng bước``) do not. In task sections only explicit promises
count (``phấn đấu tất cả …``, ``hoàn thành đạt và vượt chỉ tiêu …``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache

from planwatch.extraction.layout import Block, PlacedBlock, Section, SectionKind, TableRegion
from planwatch.extraction.quantities import Quantity, find_quantities, per_capita_base
from planwatch.extraction.tables import FoundTarget
from planwatch.extraction.vocabulary import AGENCY_HEAD, COLLECTIVE_PARTS, PROVINCES

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[“\"(]?[A-ZĐÀ-Ỹ])|;\s*")
_INLINE_YEAR = re.compile(
    r"\b(?:(?:đến|tới|vào|trong|trước|đến hết)\s+năm\s+|giai đoạn\s+20\d\d\s*[-–]\s*)(20\d\d)\b",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^(?:(?:phấn đấu|duy trì|giữ vững|nâng cao chất lượng|nâng cao|bảo đảm|đảm bảo|tăng(?!\s+cường)|nâng|"
    r"đạt|có|và|"
    r"vững chắc|ổn định|trong đó|đến năm \d{4}|năm \d{4}|tối thiểu|khoảng|bình quân|mỗi năm|hằng năm|"
    r"(?:trong\s+)?giai đoạn\s+\d{4}\s*[-–]\s*\d{4}|(?:đến|tới)(?: hết)? năm \d{4}|"
    r"hình thành|thành lập|xây dựng|phát triển|thu hút|đào tạo|bồi dưỡng|trang bị|đầu tư|lắp đặt|ban hành|"
    r"công nhận|hoàn thành|hỗ trợ|cấp|đưa|(?:các\s+)?(?:mục tiêu|chỉ tiêu)\b[^,;:]{0,80}?\blà)\b[\s,:]*)+",
    re.IGNORECASE,
)
_LEFT_BOUNDARY = re.compile(
    r"[,;:(]\s*(?=(?:tỉ lệ|tỷ lệ|số|chỉ số|tổng|tốc độ|mức|thu nhập|tuổi thọ|diện tích|cấp|tỉ suất|tỷ suất|"
    r"giá trị|năng suất|độ che phủ|bình quân)\b)|\bvới\b|\bđể\b|\bnhằm\b|\btrong đó\b|:",
    re.IGNORECASE,
)
_TAIL_BOUNDARY = re.compile(r",\s+|\s+và\s+")
_PREDICATE = re.compile(r"\b(được|có|đạt|tham gia|sử dụng|hưởng|tiếp cận)\b")
# End-states a specific object reaches (gold conventions): "hoàn thiện …", "hình thành …", "không để …",
# "… được hoàn thiện", "vận hành hiệu quả …"; bare actions ("triển khai", "tăng cường") are not.
_PASSIVE_END_STATE = (
    r"được (?:vận hành|hoàn thiện|hình thành|hiện đại hóa|hiện đại hoá|hoàn thành|số hóa|số hoá|duy trì|"
    r"\w+(?: \w+)? (?:triệt để|dứt điểm))|năm sau (?:tốt|cao|thấp) hơn năm trước"
)
_END_STATE = (
    r"hoàn thiện|hình thành|vận hành hiệu quả|vận hành|duy trì|không để|nâng cao rõ rệt|đánh giá được|"
    r"áp dụng rộng rãi|áp dụng bắt buộc|" + _PASSIVE_END_STATE
)
_QUALITATIVE = re.compile(
    r"\b(không còn|cơ bản chấm dứt|chấm dứt|xóa bỏ hoàn toàn|xoá bỏ hoàn toàn|quyết tâm xóa bỏ|"
    r"quyết tâm xoá bỏ|"
    r"xóa bỏ|xoá bỏ|hoàn thành|trở thành|giữ vững vị trí|là tỉnh có|là địa phương có|" + _END_STATE + r")\b",
    re.IGNORECASE,
)
_STATUS = re.compile(
    r"\b(trở thành|giữ vững vị trí|là tỉnh có|là địa phương có|hoàn thành|" + _PASSIVE_END_STATE + r")\b",
    re.IGNORECASE,
)
_LEVEL = re.compile(r"\b(nằm trong nhóm|thuộc nhóm|mức sinh thay thế)\b", re.IGNORECASE)
_SPLIT_STATEMENTS = re.compile(r"\s+và\s+(?=trở thành\b|là\s|mức\s)", re.IGNORECASE)
_ACTION = re.compile(
    r"^(?:tiếp tục|đẩy mạnh|từng bước|triển khai|tập trung|tăng cường|nâng cao|phát triển|xây dựng|thực hiện|"
    r"đổi mới|chú trọng|khuyến khích|huy động|quan tâm|phát huy|tạo|thúc đẩy|ưu tiên|hỗ trợ|rà soát)\b",
    re.IGNORECASE,
)
_ADMIN_UNITS = {
    "huyện",
    "xã",
    "thị xã",
    "thành phố",
    "phường",
    "thị trấn",
    "tỉnh",
    "quận",
    "đặc khu",
    "ấp",
    "thôn",
}
_SUBJECT_LIST = re.compile(r"^((?:[^,]{1,30},\s*){2,}[^,]{1,30}?)\s+(được|có|đạt|tham gia|sử dụng)\b(.*)$")
_STANDARD_LIST = re.compile(r"^(.*?\bđạt chuẩn\s+)(.+)$")
_AREA_SCOPE = re.compile(
    r"\s+ở\s+((?:khu vực\s+)?(?:thành thị|nông thôn|đô thị|miền núi)|vùng [^,;]+(?:,\s*vùng [^,;]+)*|"
    r"nam giới|nữ giới|nam|nữ|trẻ em trai|trẻ em gái|(?:đồng bào\s+|người\s+)?dân tộc thiểu số)"
    r"(?=\s|$|[,;.])",
    re.IGNORECASE,
)
_FOOTNOTE_MARK = re.compile(r"\(\s*\)|\ufffd")
_FOOTNOTE_BLOCK = re.compile(r"^\s*(?:\ufffd|\[\d+\]|\(\d+\)\s*(?=[A-ZĐ])|\d{1,2}\s+(?=[A-ZĐ]))")
_TRAIL = re.compile(r"[\s,;:.(]*(?:\b(?:với|và|để|nhằm|từ|chiếm|là|bằng|ở mức)\s*)?$", re.IGNORECASE)
_YEAR_AFTER = re.compile(
    r"[^,;.]{0,80}?\b(?:vào|đến|tới|trước|trong)\s+(?:cuối\s+|hết\s+)?năm\s+(20\d\d)\b(?!\s*[-–])",
    re.IGNORECASE,
)
_RANK_PLACE = re.compile(
    r"\s*(?:\w+\s+){0,3}?(?:dẫn đầu|đứng đầu|hàng đầu)\s+([^,;]+?)(?=\s+và\b|\s+vào\b|\s+theo\b|[,;.]|$)",
    re.IGNORECASE,
)
_RANK_AREA = re.compile(
    r"\s*((?:vùng|khu vực|cả nước|toàn quốc)\b[^,;]{0,60}?)(?=\s+về\b|[,;.]|$)", re.IGNORECASE
)
_FILLER = frozenset(
    (
        "tỷ",
        "lệ",
        "số",
        "các",
        "những",
        "và",
        "của",
        "trên",
        "địa",
        "bàn",
        "tỉnh",
        "thành",
        "phố",
        "toàn",
        "hoạt",
        "động",
        "được",
        "có",
        "đạt",
        "trong",
        "với",
        "cho",
        "tại",
        "đưa",
        "lên",
        "nâng",
        "mức",
        "ít",
        "nhất",
        "tối",
        "thiểu",
        "vào",
        "năm",
        "đến",
    )
)
_WHOLE = re.compile(r"\b(toàn bộ|tất cả)\s+(?:các\s+|những\s+)?", re.IGNORECASE)
_NOT_WHOLE_AFTER = re.compile(r"\d|(?:quá trình|máy|hệ thống chính trị|cán bộ, đảng viên)\b", re.IGNORECASE)
_NOT_WHOLE_BEFORE = re.compile(r"\b(?:của|trong|về|với|cả|khắp|trên|theo|đối với|vào)\s*$", re.IGNORECASE)
_WHOLE_END = re.compile(
    r"[;.]|,\s*(?=bảo đảm|đảm bảo|tích hợp|góp phần|nhằm|để|kịp thời|phấn đấu)|\s(?:nhằm|để)\s", re.IGNORECASE
)
_SPECIFICATION = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:gbps|mbps|gigabit|megabit|mw|kw|kv|ghz|mhz)\b", re.IGNORECASE
)
_CONDITION = re.compile(r"\b(?:khi|nếu|trường hợp|trong trường hợp)\b", re.IGNORECASE)
_DEADLINE_START = re.compile(
    r"^\s*(?:phấn đấu\s+)?(?:đến|tới)(?:\s+hết)?(?:\s+năm)?\s+20\d\d\b", re.IGNORECASE
)
_SCOPE_LEAD = re.compile(
    r"^\s*(?:[-–+•]\s*)?(?:đối với|tại|ở)\s+([^,;:]{2,80}?)\s*,\s*"
    r"(?:(?:phấn đấu\s+)?(?:đến|tới)(?:\s+hết)?\s+năm\s+20\d\d\s*,?\s*)?"
    r"(?:phấn đấu\s+|bảo đảm\s+|đảm bảo\s+)?$",
    re.IGNORECASE,
)
_PROVINCE = "(?:" + "|".join(re.escape(p) for p in sorted(PROVINCES, key=len, reverse=True)) + ")"
# "- Tại thành phố X, …", "Đối với các tỉnh xung quanh X (bao gồm: A, B), …": the place of the whole item.
_PLACE_LEAD = re.compile(
    r"^\s*(?:[-–+•]\s*)?(?:đối với|tại|ở)\s+([^,;:()]{2,80}?(?:\s*\([^()]{0,200}\))?)\s*,\s*", re.IGNORECASE
)
_GEOGRAPHIC = re.compile(
    rf"(?:{_PROVINCE})|\b(?:tỉnh|thành phố|đô thị|vùng|huyện|xã|phường|cả nước|toàn quốc|nông thôn|miền núi|"
    r"ven biển)\b",
    re.IGNORECASE,
)
# "… tại Hà Nội", "tại thành phố X và thành phố Y", "tại X và các tỉnh, thành phố trên cả nước"
_PLACE_IN = re.compile(
    rf"\b(?:tại|ở|trên địa bàn)\s+((?:(?:thành phố|tỉnh)\s+)?{_PROVINCE}"
    rf"(?:\s+và\s+(?:(?:(?:thành phố|tỉnh)\s+)?{_PROVINCE}|các tỉnh,\s*thành phố(?:\s+trên)?\s+"
    r"(?:cả nước|toàn quốc)))?)(?!\w)",
    re.IGNORECASE,
)
_TITLED_PLACE = re.compile(rf"\b(thành phố|tỉnh)\s+({_PROVINCE})(?!\w)", re.IGNORECASE)
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}|[IVXL]{1,5}|[A-Z])\.?$")
_DEMAND = re.compile(
    r"\b(?:yêu cầu|bảo đảm|đảm bảo|phấn đấu|hướng tới|nhằm|để)(?:\s+(?:đạt|có))?(?:\s+mục tiêu)?\s+(?=\S*$)",
    re.IGNORECASE,
)
_PERIOD_LINE = re.compile(
    r"^\s*(?:giai đoạn\s+20\d\d\s*[-–]\s*(20\d\d)|(?:đến|tới)(?:\s+hết)?(?:\s+năm)?\s+(20\d\d)|"
    r"năm\s+(20\d\d))\s*:?\s*$",
    re.IGNORECASE,
)
_PRESENT_STATE = re.compile(
    r"^\s*(?:hiện nay|hiện tại|hiện có|tính đến|đến nay|năm qua|thời gian qua)\b", re.IGNORECASE
)
_DUTY_OWNER = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|[IVX]{1,4}\.)?\s*("
    + AGENCY_HEAD.removeprefix("^")
    + r"[^:;.]{0,80}?)\s*:",
)
# "m) Ủy ban nhân dân các tỉnh, thành phố chịu trách nhiệm …": an item that gives an agency its duties.
_OWNER_VERB = (
    r"\s+(?:chịu trách nhiệm|có trách nhiệm|cần|chủ trì|chủ động|tập trung|thực hiện|triển khai|chỉ đạo)\b"
)
_DUTY_SUBJECT = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|[IVX]{1,4}\.)?\s*("
    + AGENCY_HEAD.removeprefix("^")
    + r"[^:;.()]{0,100}?)"
    + _OWNER_VERB
)
_DASH_ITEM = re.compile(r"^\s*[-–]\s")
# "- UBND thành phố X và UBND thành phố Y cần tập trung các nhiệm vụ sau:": the owner of the "+" items
_DUTY_LIST_LEAD = re.compile(
    r"^\s*[-–]\s*("
    + AGENCY_HEAD.removeprefix("^")
    + r"[^:;.()]{0,120}?)"
    + _OWNER_VERB
    + r"[^:;.]{0,120}:\s*$"
)
_ANNUAL = re.compile(
    r"\b(?:hằng năm|hàng năm|mỗi năm|năm sau (?:cao|tốt|thấp) hơn năm trước)\b", re.IGNORECASE
)
_AREA_END = re.compile(
    r"\s+(?:ở\s+|tại\s+|khu vực\s+)?(đô thị|nông thôn|thành thị|miền núi|đồng bằng|ven biển)"
    r"(?=\s*$|\s+(?:được|có|đạt)\b)",
    re.IGNORECASE,
)
_PLACE_HAS = re.compile(
    r"(?:^|,\s*)((?:[Cc]ả nước|[Tt]oàn quốc|[Tt]oàn tỉnh|[Tt]oàn thành phố|[Tt]oàn huyện)|"
    r"(?:(?:[Tt]hành phố|[Tt]ỉnh|[Hh]uyện|[Xx]ã|[Qq]uận|[Tt]hị xã)\s+)?[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*){0,4})"
    r"\s+(?:có|đạt)$"
)
_GOAL_LEAD = re.compile(
    r"^\W*(?:\d+\.\s*)?(?:các\s+)?(?:mục tiêu|chỉ tiêu)\b[^.;:]{0,80}?\blà\b", re.IGNORECASE
)
_PUT_INTO_USE = re.compile(r"^\s*và đưa vào (?:hoạt động|vận hành|sử dụng|khai thác)\s+", re.IGNORECASE)
_SCOPE_PREFIX = re.compile(r"^(?:đối với|tại|ở)\s+[^,]{2,80},\s*", re.IGNORECASE)
_MARKER = re.compile(r"^\s*(?:\(\d{1,2}\)|[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*\.(?!\d)|[-–+•])\s*")
_LIST_GAP = re.compile(r"^\s*([^;:()]*?)\s*(?:,|\bvà|;)\s*$")
_AREA_START = re.compile(r"^(?:ở|tại|khu vực|vùng|đối với|so với|trong đó|riêng)\b", re.IGNORECASE)
_AREA_ONLY = re.compile(r"^(?:ở|tại|khu vực|vùng)\s+([^,;]{2,40})$", re.IGNORECASE)

_TARGET_KINDS = (SectionKind.TARGETS, SectionKind.VISION, SectionKind.OBJECTIVE)
# Sections never read: results already achieved, viewpoints, the distribution list.
_NEVER = (SectionKind.SITUATION, SectionKind.VIEWPOINT, SectionKind.END)

# Outside target sections a figure is a candidate only in a target-shaped clause ...
_TARGET_CUE = re.compile(
    r"\b(phấn đấu|đạt|bảo đảm|đảm bảo|nâng|giảm|tăng|hoàn thành|ít nhất|tối thiểu|trên|dưới|"
    r"có|được|toàn bộ|tất cả|duy trì)\b",
    re.IGNORECASE,
)
# ... and context can veto it: figures already reached or described, costs, scoring criteria, award
# quotas, formulas, legal references, technical specifications and time limits of procedures.
_VETO = (
    (
        "situation",
        re.compile(
            r"\b(hiện nay|hiện có|hiện tại|tính đến|tính đến nay|năm qua|vừa qua|đạt được|"
            r"đã đạt|đã có|đã hoàn thành|ghi nhận|thiệt hại|bị ảnh hưởng)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "cost",
        re.compile(
            r"\b(kinh phí|dự toán|tổng mức đầu tư|vốn đầu tư|nguồn vốn|mức chi|mức hỗ trợ|chi phí|ước tính)\b"
            r"[^;.]{0,120}\d[\d.,]*\s*(?:nghìn\s+|triệu\s+|tỷ\s+|tỉ\s+)*(?:đồng|usd)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "website",
        re.compile(
            r"\b(đăng nhập|đăng xuất|quý khách|mã số thuế|hotline|(?:số\s+)?điện thoại\s*:|e-?mail\s*:)",
            re.IGNORECASE,
        ),
    ),
    (
        "award",
        re.compile(
            r"\b(khen thưởng|bằng khen|giấy khen|cờ thi đua|giải thưởng|giải nhất|"
            r"giải nhì|giải ba)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "scoring",
        re.compile(
            r"\b(xếp loại|chấm điểm|thang điểm|điểm tối đa|điểm chuẩn|cộng điểm|trừ điểm)\b|"
            r"\d\s*điểm\s+(?:trở lên|trở xuống|là|thì)\b",
            re.IGNORECASE,
        ),
    ),
    ("formula", re.compile(r"(công thức|[=×]|\bx\s+\d)", re.IGNORECASE)),
    ("legal", re.compile(r"^\s*căn cứ\b", re.IGNORECASE)),
    ("specification", re.compile(r"\d\s*(?:gbps|mbps|mw|kw|kv|ghz|mhz)\b|\bcông suất\b", re.IGNORECASE)),
    ("time limit", re.compile(r"\b(trong thời hạn|trong vòng|chậm nhất|thời hạn)\b", re.IGNORECASE)),
)


@dataclass
class _Context:
    kind: SectionKind | None
    group: str | None
    year: int | None
    has_numeric: bool = False
    last_indicator: str | None = None
    last_rank: str | None = None
    lead_scope: str | None = None  # "Đối với Hà Nội, 100% …": the place every value of the clause is for
    out: list[FoundTarget] = field(default_factory=list)
    reason: str = "figure in a target section"
    confidence: float = 0.9
    inline_years: list[tuple[int, int]] = field(default_factory=list)  # (end of "đến năm YYYY", YYYY)
    section_year: int | None = None
    annual: bool = False  # the clause says "hằng năm", "mỗi năm": its targets recur every year


def prose_targets(placed: list[PlacedBlock]) -> list[FoundTarget]:
    """Targets of the prose blocks of one document, in order."""
    found: list[FoundTarget] = []
    period: tuple[str | None, int] | None = None  # a "- Giai đoạn 2025-2027" line: the year of what follows
    duty: str | None = None  # "1. Sở Y tế: …": the agency whose duties the items below list
    part: str | None = None  # "- Sở X và Sở Y cần tập trung …:": the agencies of the "+" items below
    for item in placed:
        kind = item.section.kind
        if _DASH_ITEM.match(item.block.text):
            sub_owner = _DUTY_LIST_LEAD.match(item.block.text)
            part = _clean(sub_owner.group(1)) if sub_owner else None
        elif item.block.marker_level is not None or item.is_heading:
            owner = _DUTY_SUBJECT.match(item.block.text) or _DUTY_OWNER.match(item.block.text)
            duty = _clean(owner.group(1)) if owner else None
            part = None
        label = _PERIOD_LINE.match(_MARKER.sub("", item.block.text))
        if label:
            period = (item.section.title, int(next(g for g in label.groups() if g)))
            continue
        if period is not None and item.is_heading:
            period = None
        elif period is not None and period[0] == item.section.title:
            item = replace(item, section=replace(item.section, year=period[1]))
        if item.is_heading or kind in _NEVER:
            continue
        if kind not in _TARGET_KINDS and _FOOTNOTE_BLOCK.match(item.block.text):
            continue  # a footnote: sources, breakdowns and figures already reached
        targets = _block_targets(item)
        owner_name = part or duty
        if owner_name is not None:
            targets = [t if t.responsible else replace(t, responsible=owner_name) for t in targets]
        found.extend(targets)
    return found


def places_as_named(placed: list[PlacedBlock], found: list[FoundTarget]) -> list[FoundTarget]:
    """A bare province or city scope ("Hà Nội") with the title the document itself gives it elsewhere
    ("thành phố Hà Nội" -> "Thành phố Hà Nội")."""
    bare = {t.scope for t in found if t.scope and t.scope in PROVINCES}
    if not bare:
        return found
    titled: dict[str, str] = {}
    for item in placed:
        for match in _TITLED_PLACE.finditer(item.block.text):
            name = match.group(2)
            if name in bare and name not in titled:
                titled[name] = f"{_capitalise(match.group(1).lower())} {name}"
    return [replace(t, scope=titled[t.scope]) if t.scope in titled else t for t in found]


_ALWAYS_VETO = ("award", "scoring", "formula", "legal", "website")


def veto(clause: str) -> str | None:
    """Why a figure of this clause is not a target (None: no reason found).

    >>> veto("Tổng kinh phí thực hiện khoảng 120 tỷ đồng")
    'cost'
    """
    for name, pattern in _VETO:
        if pattern.search(clause):
            return name
    return None


def _group(item: PlacedBlock) -> str | None:
    title = item.section.title
    numbered = re.match(r"^\s*\((\d{1,2})\)", item.block.text)
    if numbered and title and "nhóm" in title.lower():
        label = "Nhóm chỉ tiêu" if "chỉ tiêu" in title.lower() else "Nhóm"
        return f"{label} ({numbered.group(1)})"
    return title


def _block_targets(item: PlacedBlock) -> list[FoundTarget]:
    kind = item.section.kind
    if kind not in _TARGET_KINDS and _GOAL_LEAD.match(item.block.text):
        kind = SectionKind.TARGETS  # "Mục tiêu của Chương trình là …; …; …": a target list without a heading
    context = _Context(kind=kind, group=_group(item), year=item.section.year)
    text = item.block.text
    body_start = item.body_offset
    context.inline_years = [(m.end(), int(m.group(1))) for m in _INLINE_YEAR.finditer(text, body_start)]
    context.section_year = item.section.year
    clauses = _clauses(text, body_start)
    numberless: list[tuple[int, int]] = []
    for start, end in clauses:
        clause = text[start:end]
        context.year = _inline_year(context, start)
        before = len(context.out)
        _clause_targets(item, context, start, end)
        if len(context.out) == before and not find_quantities(clause):
            numberless.append((start, end))
    if kind is SectionKind.TARGETS and context.has_numeric:
        for start, end in numberless:
            _list_qualitative(item, context, start, end)
        context.out.sort(key=lambda t: t.quote_start)
    return _with_places(text[body_start:], context.out)


def _with_places(text: str, found: list[FoundTarget]) -> list[FoundTarget]:
    """The place each target of an item is for, where no other scope was read.

    An item led by a place (``- Tại thành phố X, …``, ``Đối với các tỉnh A, B, …``) gives it to all its
    targets, and the lead leaves their indicator; otherwise a place named in the indicator (``… tại X``,
    ``tại X và các tỉnh, thành phố trên cả nước``) is the target's scope.
    """
    lead = _PLACE_LEAD.match(text)
    place = None
    if lead and _GEOGRAPHIC.search(lead.group(1)):
        place = _capitalise(" ".join(re.sub(r"\(\s*bao gồm:?\s*", "(", lead.group(1)).split()))
    out = []
    for target in found:
        if target.scope is not None:
            out.append(target)
            continue
        if place is not None:
            indicator = target.indicator
            tail = " ".join(lead.group(0).split())[-12:].lower() if lead else ""
            cut = indicator.lower().find(tail) if tail else -1
            if cut >= 0:
                indicator = _capitalise(indicator[cut + len(tail) :].strip()) or indicator
            out.append(replace(target, scope=place, indicator=indicator))
            continue
        inside = _PLACE_IN.search(target.indicator)
        out.append(
            replace(target, scope=_capitalise(" ".join(inside.group(1).split()))) if inside else target
        )
    return out


def _clauses(text: str, start: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = start
    for match in _SENTENCE.finditer(text, start):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _clause_targets(item: PlacedBlock, context: _Context, start: int, end: int) -> None:
    text = item.block.text
    clause = text[start:end]
    kind = context.kind
    lowered = clause.lower()
    quantities = find_quantities(clause)
    numeric = [q for q in quantities if not q.is_level]
    context.annual = _ANNUAL.search(clause) is not None
    context.reason = "figure in a target section"
    context.confidence = 0.9
    if _PRESENT_STATE.match(_MARKER.sub("", clause)):
        return  # "Hiện nay, … khoảng 180 trạm": where things stand, even inside a target section
    if veto(clause) in _ALWAYS_VETO:
        return  # award quotas, scoring rules, formulas, legal bases and site boilerplate are never targets
    if kind not in _TARGET_KINDS:
        if veto(clause):
            return
        context.reason = f"quota in {_article(kind.value) if kind else 'an unlabelled'} section"
        context.confidence = 0.75 if "phấn đấu" in lowered else 0.6
        if kind is SectionKind.TASKS and "đạt và vượt chỉ tiêu" in lowered:
            _promises(item, context, start, end)
        numeric = [q for q in numeric if _target_shaped(clause, q)]
    elif _SPECIFICATION.search(clause):
        numeric = [q for q in numeric if not _SPECIFICATION.match(clause, q.number_start)]
    numeric = [q for q in numeric if not _is_condition(clause, q)]
    claimed = _numeric_targets(item, context, start, clause, numeric)
    claimed += _whole_targets(item, context, start, clause, claimed)
    _statement_targets(item, context, start, clause, claimed, quantities)


def _is_condition(clause: str, quantity: Quantity) -> bool:
    """A threshold that defines a case, not a goal: "khi chỉ số ≥ 300", "công trình lớn (>10.000 m2)"."""
    segment = re.split(r"[,;:]", clause[max(0, quantity.start - 200) : quantity.start])[-1]
    if _CONDITION.search(segment):
        return True
    opened = clause[: quantity.start].rstrip().endswith("(")
    return opened and quantity.comparator not in ("=", "range")


def _whole_targets(
    item: PlacedBlock, context: _Context, start: int, clause: str, claimed: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """ "số hóa toàn bộ hồ sơ …", "hỗ trợ tất cả các hộ …": every one of them, i.e. 100%."""
    spans: list[tuple[int, int]] = []
    ordered = sorted(claimed)
    for match in _WHOLE.finditer(clause):
        before = clause[max(0, match.start() - 300) : match.start()]
        index = bisect_right(ordered, (match.start(), len(clause) + 1)) - 1
        inside = any(s <= match.start() < e for s, e in ordered[max(0, index - 3) : index + 1])
        if inside or _QUALITATIVE.search(before):
            continue
        if _NOT_WHOLE_BEFORE.search(before) or _NOT_WHOLE_AFTER.match(clause, match.end()):
            continue  # "của toàn bộ hệ thống", "toàn bộ 34 xã" (a count), "toàn bộ quá trình"
        lead = _MARKER.sub("", before).split() if match.start() <= 300 else before.split()
        if not lead or lead[-1].endswith(":") or (context.kind not in _TARGET_KINDS and len(lead) > 6):
            continue  # "Toàn bộ dữ liệu … phải …" is a subject; outside target lists only "verb toàn bộ X"
        if context.kind is SectionKind.ORGANISATION:
            continue  # an agency's duty over "toàn bộ …" (coordinate all of it) is no quota
        stop = _WHOLE_END.search(clause, match.end())
        end = stop.start() if stop else len(_TRAIL.sub("", clause))
        indicator = _clean(clause[match.end() : end])
        if len(indicator.split()) < 2:
            continue
        _emit_statement(item, context, start, match.start(), end, indicator, "=", 100.0, "%", match.group(1))
        spans.append((match.start(), end))
    return spans


def _article(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _target_shaped(clause: str, quantity: Quantity) -> bool:
    """A figure outside a target section: a rate or a count with a comparator or a target verb."""
    if quantity.unit is None and quantity.comparator in ("=", ">", "<"):
        return False  # "trên 4 ngành": a bare count with no unit describes
    before = clause[max(0, quantity.start - 200) : quantity.start]
    if quantity.comparator in (">=", ">", "<", "<=") or (quantity.unit == "%" and quantity.value == 100):
        return True
    if quantity.comparator == "~":
        return False  # "khoảng 180 trạm": an estimate describes, a target commits
    window = re.split(r"[,;:]", before)[-1][-80:]
    if quantity.unit == "%" and _PREDICATE.search(clause[quantity.end : quantity.end + 120]):
        return True  # "95% trẻ em được tiêm chủng": a share and its predicate
    return _TARGET_CUE.search(window) is not None


def _year_after(clause: str, draft: _Draft) -> int | None:
    """ "… đạt 20% vào năm 2025": a deadline written right after the value."""
    match = _YEAR_AFTER.match(clause, draft.quantity.end)
    return int(match.group(1)) if match else None


def _year_at(item: PlacedBlock, context: _Context, position: int) -> int | None:
    """The last "đến năm YYYY" before a position of the block, else the section's year."""
    return _inline_year(context, position)


def _inline_year(context: _Context, position: int) -> int | None:
    index = bisect_right(context.inline_years, (position, 10_000)) - 1
    return context.inline_years[index][1] if index >= 0 else context.section_year


@dataclass
class _Draft:
    quantity: Quantity
    indicator: str
    start: int  # claimed span, relative to the clause
    end: int
    from_tail: bool
    scope: str | None = None


def _numeric_targets(
    item: PlacedBlock, context: _Context, start: int, clause: str, numeric: list[Quantity]
) -> list[tuple[int, int]]:
    drafts: list[_Draft] = []
    previous_end = 0
    numeric = _drop_inner_counts(clause, numeric)
    listed = _value_list(clause, numeric)
    numeric = _distribute_comparator(numeric, listed)
    for index, quantity in enumerate(numeric):
        left_start, left = _left_context(clause, previous_end, quantity.start)
        if quantity.unit == "thứ hạng":
            previous_end = _rank_draft(context, clause, quantity, left_start, left, drafts)
            continue
        lead_scope = _SCOPE_LEAD.match(clause[previous_end : quantity.start]) if not drafts else None
        if lead_scope:
            context.lead_scope = _capitalise(lead_scope.group(1).strip())
            left = ""
        place = _PLACE_HAS.search(left)
        if place:
            left = ""  # "cả nước có 1.200 công trình", "Hà Nội có tối thiểu 200 …": a place, then what it has
        if len(left.split()) >= 2 and index not in listed:
            end = quantity.end
            if quantity.unit and quantity.end == quantity.number_end:
                # a count noun ("thêm 300 doanh nghiệp công nghiệp") names what is counted after the number
                limit = numeric[index + 1].start if index + 1 < len(numeric) else len(clause)
                stop = _TAIL_BOUNDARY.search(clause, quantity.end, limit)
                end = stop.start() if stop else limit
                noun = _clean(clause[quantity.end : end])
                left = f"{left} {noun}" if noun else left
            drafts.append(_Draft(quantity, left, left_start, end, from_tail=False))
            previous_end = end
            continue
        tail_end = len(clause)
        if index + 1 < len(numeric):
            following = numeric[index + 1]
            boundaries = list(_TAIL_BOUNDARY.finditer(clause, quantity.end, following.start))
            tail_end = boundaries[-1].start() if boundaries else following.start
        else:
            qualitative = re.compile(r",\s+(?=" + _QUALITATIVE.pattern + ")", re.IGNORECASE)
            stop = qualitative.search(clause, quantity.end)
            if stop:
                tail_end = stop.start()
        tail = _clean(_LEAD.sub("", _clean(clause[quantity.end : tail_end])))
        if not tail and place and context.last_indicator:
            tail = context.last_indicator
        scope = _capitalise(place.group(1)) if place else None
        drafts.append(_Draft(quantity, tail, quantity.start, tail_end, from_tail=True, scope=scope))
        previous_end = tail_end
    _area_split(drafts)
    _borrow_predicates(drafts)
    per_capita = per_capita_base(clause)
    if context.lead_scope:
        for draft in drafts:
            draft.scope = draft.scope or context.lead_scope
        context.lead_scope = None
    for draft in drafts:
        if draft.scope is not None:
            _emit_numeric(item, context, start, clause, draft, draft.indicator, draft.scope, per_capita)
            continue
        for indicator, scope in _split_statement(draft.indicator):
            _emit_numeric(item, context, start, clause, draft, indicator, scope, per_capita)
    return [(d.start, d.end) for d in drafts]


def _rank_draft(
    context: _Context, clause: str, quantity: Quantity, left_start: int, left: str, drafts: list[_Draft]
) -> int:
    """ "X thuộc nhóm 4 nước dẫn đầu ASEAN và nhóm 60 nước dẫn đầu thế giới": one ranking, two scopes."""
    if len(left.split()) >= 3 and not _LIST_GAP.match(clause[left_start : quantity.start]):
        context.last_rank = left
    indicator = context.last_rank or left
    after = clause[quantity.end :]
    place = _RANK_PLACE.match(after) or _RANK_AREA.match(after)
    end = quantity.end + (place.end() if place else 0)
    scope = _rank_scope(place.group(1)) if place and place.group(1) else None
    claim = left_start if left and indicator == left else quantity.start
    drafts.append(_Draft(quantity, indicator, claim, end, from_tail=False, scope=scope))
    return end


def _rank_scope(place: str) -> str:
    bracket = re.search(r"\(([^()]{2,20})\)\s*$", place)
    text = bracket.group(1) if bracket else _clean(place)
    return text[:1].upper() + text[1:]


def _drop_inner_counts(clause: str, numeric: list[Quantity]) -> list[Quantity]:
    """ "100% khu công nghiệp có tối thiểu 1 trạm": the count belongs to the indicator of the share."""
    kept: list[Quantity] = []
    for quantity in numeric:
        previous = kept[-1] if kept else None
        if previous is not None and previous.unit == "%" and quantity.unit != "%":
            gap = clause[previous.end : quantity.start]
            inner = not re.search(r"[,;:]|\svà\s", gap) and _PREDICATE.search(gap)
            if len(gap) <= 80 and (inner or re.search(_PREDICATE.pattern + r"\s*$", gap)):
                continue
        kept.append(quantity)
    return kept


def _distribute_comparator(numeric: list[Quantity], listed: set[int]) -> list[Quantity]:
    """ "ít nhất 100 A, 50 B": a comparator written once before a list of counts applies to each."""
    out = list(numeric)
    for index in sorted(listed):
        previous = out[index - 1] if index else None
        current = out[index]
        if (
            previous is not None
            and index - 1 in listed
            and current.comparator == "="
            and current.start == current.number_start
            and previous.comparator in (">=", "<=", ">", "<")
            and "%" not in (previous.unit, current.unit)  # "trên 80% A và 100% B": shares stand alone
        ):
            out[index] = replace(current, comparator=previous.comparator)
    return out


def _value_list(clause: str, numeric: list[Quantity]) -> set[int]:
    """ "100% A và trên 70% B", "55% A, 65% B": each value names its subject after it."""
    listed: set[int] = set()
    for index in range(1, len(numeric)):
        gap = clause[numeric[index - 1].end : numeric[index].start]
        match = _LIST_GAP.match(gap)
        if match and 1 <= len(match.group(1).split()) <= 20 and not _AREA_START.match(match.group(1)):
            listed.update((index - 1, index))
    return listed


def _left_context(clause: str, lower: int, upper: int) -> tuple[int, str]:
    cut = lower
    for boundary in _LEFT_BOUNDARY.finditer(clause, lower, upper):
        cut = boundary.end()
    for demand in _DEMAND.finditer(clause, cut, upper):
        cut = demand.end()  # "…, yêu cầu 100% X": what follows the value names the target
    raw = _MARKER.sub("", clause[cut:upper])
    stripped = _LEAD.sub("", re.sub(r"^[\s,;:()\-–]+", "", raw))
    stripped = re.sub(r"^(?:và|hoặc)\s+", "", stripped)
    stripped = _LEAD.sub("", stripped)
    return upper - len(stripped), _clean(stripped)


def _clean(text: str) -> str:
    text = _FOOTNOTE_MARK.sub("", text)
    text = " ".join(text.split())
    text = re.sub(r"^[\s,;:.)\-–]+", "", text)
    return _TRAIL.sub("", text).strip()


def _area_split(drafts: list[_Draft]) -> None:
    """ "95% rác thải đô thị, 90% rác thải nông thôn được …": the area closing each subject is its scope."""
    areas = [_AREA_END.search(d.indicator) if d.from_tail else None for d in drafts]
    found = [a for a in areas if a]
    if len(found) < 2 or len({a.group(1).lower() for a in found}) < 2:
        return
    for draft, area in zip(drafts, areas, strict=True):
        if area and draft.scope is None:
            draft.scope = _capitalise(area.group(1).lower())
            draft.indicator = draft.indicator[: area.start()] + draft.indicator[area.end() :]


def _borrow_predicates(drafts: list[_Draft]) -> None:
    """ "100% A và 80% B được sử dụng nước sạch": A shares B's predicate."""
    borrowed: str | None = None  # the predicate of the nearest later tail that has one (one pass back)
    for draft in reversed(drafts):
        match = _PREDICATE.search(draft.indicator) if draft.from_tail else None
        if draft.from_tail and match is None and borrowed is not None:
            draft.indicator = f"{draft.indicator} {borrowed}"
        elif match is not None:
            borrowed = draft.indicator[match.start() :]


def _split_statement(indicator: str) -> list[tuple[str, str | None]]:
    """Lists inside one statement, and the area scope of each part."""
    parts = [indicator]
    subjects = _SUBJECT_LIST.match(indicator)
    if subjects:
        items = [i.strip() for i in subjects.group(1).split(",")]
        if (
            len(items) >= 3
            and all(len(i.split()) <= 3 for i in items)
            and not all(i.lower() in COLLECTIVE_PARTS for i in items)  # "bộ, ngành, địa phương"
            and not any(i.lower() in _ADMIN_UNITS for i in items)
        ):
            parts = [f"{i} {subjects.group(2)}{subjects.group(3)}" for i in items]
    standard = _STANDARD_LIST.match(indicator)
    if len(parts) == 1 and standard:
        objects = [o.strip() for o in re.split(r",\s+", standard.group(2)) if o.strip()]
        if len(objects) >= 2 and any("mức độ" in o.lower() for o in objects):
            parts = [standard.group(1) + o for o in objects]
    out: list[tuple[str, str | None]] = []
    for part in parts:
        scope_match = _AREA_SCOPE.search(part)
        scope = None
        if scope_match:
            scope = scope_match.group(1)
            scope = scope[0].upper() + scope[1:]
            part = part[: scope_match.start()] + part[scope_match.end() :]
        out.append((" ".join(part.split()), scope))
    return out


def _emit_numeric(
    item: PlacedBlock,
    context: _Context,
    start: int,
    clause: str,
    draft: _Draft,
    indicator: str,
    scope: str | None,
    per_capita: tuple[int, int, str] | None,
) -> None:
    quantity = draft.quantity
    unit = quantity.unit
    area = _AREA_ONLY.match(indicator)
    if area and context.last_indicator and scope is None:
        # "… ở thành thị đạt 85% và ở nông thôn đạt 70%": the second names only its area
        scope = area.group(1)[0].upper() + area.group(1)[1:]
        indicator = context.last_indicator
    context.last_indicator = indicator
    if per_capita and unit != "%":
        base = per_capita[2]
        scope = f"trên {base} dân"
        indicator = _clean(
            re.sub(r"\s*(?:trên|/)\s*" + re.escape(base) + r"\s+(?:người\s+)?dân\b", "", indicator)
        )
        unit = f"{'giường' if unit == 'giường' else 'người'}/{base} dân"
    if not indicator:
        return
    context.has_numeric = True
    absolute = item.block.start + start
    quote_start = absolute + min(draft.start, quantity.start)
    quote_end = absolute + max(draft.end, quantity.end)
    context.out.append(
        FoundTarget(
            group=context.group,
            indicator=_capitalise(indicator),
            unit=unit,
            comparator=quantity.comparator,
            value=quantity.value,
            value_text=quantity.value_text,
            target_year=_year_after(clause, draft) or _year_at(item, context, start + quantity.start),
            scope=scope,
            responsible=None,
            quote_start=quote_start,
            quote_end=min(quote_end, quote_start + 300),
            value_max=quantity.value_max,
            frequency="annual" if context.annual else None,
            confidence=context.confidence,
            reason=context.reason,
        )
    )


def _gaps(length: int, claimed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    gaps: list[tuple[int, int]] = []
    position = 0
    for s, e in sorted(claimed):
        if s > position:
            gaps.append((position, s))
        position = max(position, e)
    if position < length:
        gaps.append((position, length))
    return gaps


def _statement_targets(
    item: PlacedBlock,
    context: _Context,
    start: int,
    clause: str,
    claimed: list[tuple[int, int]],
    quantities: list[Quantity],
) -> None:
    """Status goals, end-states and grades: "không còn …", "trở thành …", "thuộc nhóm …", "mức độ 2"."""
    kind = context.kind
    status_only = kind in (SectionKind.PURPOSE, SectionKind.OBJECTIVE)
    if kind not in _TARGET_KINDS and kind is not SectionKind.PURPOSE:
        if not _DEADLINE_START.match(_MARKER.sub("", clause)):
            return  # outside target sections only a dated end-state: "Đến năm 2030, hệ thống … được …"
        status_only = False
    if status_only and not (context.inline_years and context.inline_years[0][0] <= start + len(clause)):
        return
    levels = [q for q in quantities if q.is_level]
    for gap_start, gap_end in _gaps(len(clause), claimed):
        gap = clause[gap_start:gap_end]
        pieces = _split_pieces(gap, gap_start)
        head: str | None = None
        for piece_start, piece in pieces:
            trigger = (_STATUS if status_only else _QUALITATIVE).search(piece)
            level = None if status_only else _LEVEL.search(piece)
            if level is None and head and re.match(r"\s*mức\b", piece):
                level = re.match(r"\s*", piece)  # "… cao so với A và mức khá so với B": a second grade
            if level and (
                trigger is None or level.start() <= trigger.start() or trigger.group(1).lower() == "duy trì"
            ):
                head = _level_target(item, context, start, piece_start, piece, level, head)
            elif trigger:
                _qualitative_target(item, context, start, piece_start, piece, trigger)
            else:
                for quantity in levels:
                    if piece_start <= quantity.start < piece_start + len(piece):
                        _grade_target(item, context, start, piece_start, piece, quantity)


def _split_pieces(gap: str, offset: int) -> list[tuple[int, str]]:
    pieces: list[tuple[int, str]] = []
    position = 0
    for match in _SPLIT_STATEMENTS.finditer(gap):
        pieces.append((offset + position, gap[position : match.start()]))
        position = match.end()
    pieces.append((offset + position, gap[position:]))
    return pieces


def _piece_bounds(piece: str, trigger_start: int) -> tuple[int, int]:
    """Where a statement's verbatim text starts (its short subject, or the trigger) and ends."""
    prefix = piece[:trigger_start]
    words = re.sub(r"^[\s,;:()\-–]+", "", prefix).split()
    begin = trigger_start
    if 0 < len(words) <= 3 and not re.search(r"[,;:]", prefix.strip()) and words[0][:1].isupper():
        begin = len(prefix) - len(prefix.lstrip()) if prefix.strip() else trigger_start
        begin = piece.index(words[0])
    end = len(_TRAIL.sub("", piece))
    return begin, max(end, begin)


def _qualitative_target(
    item: PlacedBlock, context: _Context, start: int, piece_start: int, piece: str, trigger: re.Match[str]
) -> None:
    begin, end = _piece_bounds(piece, trigger.start())
    word = trigger.group(1).lower()
    content = piece[trigger.end() : end]
    if word.startswith(("được ", "năm sau ")):
        # "… được hoàn thiện", "chỉ số X năm sau tốt hơn năm trước": the subject comes before the trigger
        subject = _clean(_LEAD.sub("", _MARKER.sub("", piece[: trigger.start()])))
        subject = _SCOPE_PREFIX.sub("", subject)
        predicate = "" if word.startswith("năm sau ") else word.removeprefix("được ")
        content = f"{subject} {predicate}{content}"
        begin = min(begin, len(piece) - len(piece.lstrip()))
    elif word == "giữ vững vị trí":
        content = "vị trí" + content
    elif word.startswith("là "):
        content = word.split(" ", 1)[1] + content
    content = _PUT_INTO_USE.sub("", content)  # "Hình thành và đưa vào hoạt động X": X is the object
    indicator = _clean(_FOOTNOTE_MARK.sub("", content))
    if re.match(r"(?:và|hoặc|giữ vững|vững chắc|ổn định|nâng cao|theo|trong|về)\b", indicator, re.IGNORECASE):
        return  # "duy trì và nhân rộng …": a verb list, not an end-state of an object
    if word == "duy trì" and re.search(r"\b(?:bảo đảm|đảm bảo)\s*$", piece[: trigger.start()], re.IGNORECASE):
        return  # "bảo đảm duy trì …": a means, not an end-state
    if word in ("quyết tâm xóa bỏ", "quyết tâm xoá bỏ"):
        value_text = trigger.group(0)
    else:
        value_text = _clean(piece[begin:end])
    if len(indicator.split()) < 2:
        return
    _emit_statement(
        item,
        context,
        start,
        piece_start + begin,
        piece_start + end,
        indicator,
        "qualitative",
        None,
        None,
        value_text,
    )


def _level_target(
    item: PlacedBlock,
    context: _Context,
    start: int,
    piece_start: int,
    piece: str,
    level: re.Match[str],
    head: str | None,
) -> str | None:
    word = (level.group(1) if level.groups() else "").lower()
    end = len(_TRAIL.sub("", piece))
    if word == "mức sinh thay thế":
        indicator = _clean(piece[level.start() : end])
        value_text = _clean(_LEAD.sub("", "") + piece[:end].strip())
        _emit_statement(
            item,
            context,
            start,
            piece_start,
            piece_start + end,
            indicator,
            "level",
            None,
            None,
            _clean(value_text),
        )
        return head
    grade = re.search(r"\(?\s*nhóm\s+(\d+)\s*\)?", piece[level.end() :])
    value = float(grade.group(1)) if grade else None
    subject = _clean(_LEAD.sub("", re.sub(r"^[\s,;:()\-–]+", "", piece[: level.start()])))
    content = piece[level.end() : end]
    comparison = re.search(r"\bso(?:\s+với)?\s+(.+)$", content)
    owner = re.search(r"\bcó\s+(.+?)\s+(?:cao|thấp|khá|trung bình|tốt)\b", content)
    if owner:
        head = _clean(owner.group(1))
    if len(subject.split()) >= 3:
        indicator = subject
    elif head and comparison:
        indicator = f"{head} so với {_clean(comparison.group(1))}"
    elif head:
        indicator = head
    else:
        indicator = _clean(re.sub(r"^\s*(?:các|những)\s+", "", content))
    value_text = _clean(piece[level.start() : end])
    _emit_statement(
        item,
        context,
        start,
        piece_start + level.start(),
        piece_start + end,
        indicator,
        "level",
        value,
        "nhóm" if value is not None else None,
        value_text,
    )
    return head


def _grade_target(
    item: PlacedBlock, context: _Context, start: int, piece_start: int, piece: str, quantity: Quantity
) -> None:
    """ "tỉnh đạt chuẩn xóa mù chữ mức độ 2": a grade with no percentage."""
    local = quantity.start - piece_start
    indicator = _clean(_LEAD.sub("", re.sub(r"^[\s,;:()\-–]+", "", piece[:local])))
    if len(indicator.split()) < 2:
        return
    _emit_statement(
        item,
        context,
        start,
        piece_start,
        quantity.end,
        indicator,
        "level",
        quantity.value,
        quantity.unit,
        quantity.value_text,
    )


def _promises(item: PlacedBlock, context: _Context, start: int, end: int) -> None:
    """Task-section promises: "hoàn thành đạt và vượt chỉ tiêu … giao"."""
    text = item.block.text
    clause = text[start:end]
    exceed = re.search(r"(?:hoàn thành\s+)?đạt và vượt\s+(chỉ tiêu\b.*)$", clause, re.IGNORECASE)
    if exceed:
        rest_end = len(_TRAIL.sub("", clause))
        indicator = _clean(clause[exceed.start(1) : rest_end])
        value_text = clause[exceed.start() : exceed.start(1)].strip()
        _emit_statement(
            item, context, start, exceed.start(), rest_end, indicator, ">=", None, None, value_text
        )


def _list_qualitative(item: PlacedBlock, context: _Context, start: int, end: int) -> None:
    """A numberless item of a target list ("bảo đảm mức sống tối thiểu cho …") is an end-state target."""
    clause = item.block.text[start:end]
    body = _clean(re.sub(r"^\s*(?:\(\d+\)|[-–+•])\s*", "", clause))
    if not body or _ACTION.match(body) or len(body.split()) > 25 or len(body.split()) < 3:
        return
    if _QUALITATIVE.search(body) or _LEVEL.search(body):
        return
    offset = clause.index(body.split()[0])
    _emit_statement(
        item,
        context,
        start,
        offset,
        offset + len(body),
        _clean(_LEAD.sub("", body)),
        "qualitative",
        None,
        None,
        body,
    )


def _emit_statement(
    item: PlacedBlock,
    context: _Context,
    start: int,
    local_start: int,
    local_end: int,
    indicator: str,
    comparator: str,
    value: float | None,
    unit: str | None,
    value_text: str,
) -> None:
    if not indicator:
        return
    absolute = item.block.start + start
    quote_start = absolute + local_start
    context.out.append(
        FoundTarget(
            group=context.group,
            indicator=_capitalise(indicator),
            unit=unit,
            comparator=comparator,
            value=value,
            value_text=value_text,
            target_year=_year_at(item, context, start + local_start)
            or _year_at(item, context, start + local_end),
            scope=None,
            responsible=None,
            quote_start=quote_start,
            quote_end=min(absolute + local_end, quote_start + 300),
            frequency="annual" if context.annual else None,
            confidence=min(context.confidence, 0.7 if comparator in ("qualitative", "level") else 1.0),
            reason=context.reason if comparator not in ("qualitative", "level") else "end-state statement",
        )
    )


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def merge_restatements(found: list[FoundTarget]) -> list[FoundTarget]:
    """A target stated again later (task section, agency duty, appendix row) is kept once, at its first
    statement; the restatement lends its responsible agency and year when the first one has none."""
    kept: list[FoundTarget] = []
    by_value: dict[tuple[str, float | None], list[int]] = {}  # same comparator and value: the only candidates
    for target in found:
        key = (target.comparator, target.value)
        candidates = by_value.setdefault(key, [])
        for index in candidates[-_RESTATEMENT_WINDOW:]:
            earlier = kept[index]
            if _restates(earlier, target):
                kept[index] = replace(
                    earlier,
                    responsible=earlier.responsible or target.responsible,
                    target_year=earlier.target_year or target.target_year,
                    confidence=max(earlier.confidence, target.confidence),
                )
                break
        else:
            candidates.append(len(kept))
            kept.append(target)
    return kept


_RESTATEMENT_WINDOW = 60  # earlier targets with the same value compared (bounds the work on huge inputs)


def _restates(earlier: FoundTarget, later: FoundTarget) -> bool:
    if earlier.comparator != later.comparator or earlier.value != later.value:
        return False
    if (earlier.scope and later.scope and earlier.scope != later.scope) or (
        earlier.target_year and later.target_year and earlier.target_year != later.target_year
    ):
        return False
    if later.quote_start - earlier.quote_start < 300:
        return False  # parts of one statement ("100% A, B và C …") are not restatements
    a, b = _words(earlier.indicator), _words(later.indicator)
    if not a or not b or _figures(a) != _figures(b):
        return False
    if len(a ^ b) <= max(2.0, 0.25 * len(a | b)):
        return True
    content_a, content_b = a - _FILLER, b - _FILLER
    if earlier.value not in (None, 100.0) and content_a and content_b:
        # an uncommon figure restated with other words ("1.200 công trình xanh được chứng nhận")
        return len(content_a & content_b) >= 0.6 * min(len(content_a), len(content_b))
    # a restatement may add or drop only function words ("tỷ lệ", "trên địa bàn tỉnh", "hoạt động")
    if min(len(a - _FILLER), len(b - _FILLER)) < 3:
        return False  # "Người dân" is in too many indicators to be told apart by its words
    if later.confidence < earlier.confidence and len(content_a & content_b) >= 0.7 * min(
        len(content_a), len(content_b)
    ):
        return True  # a task or duty that repeats a listed target in its own words
    return len(a & b) >= 0.8 * min(len(a), len(b)) and (not (a - b - _FILLER) or not (b - a - _FILLER))


@lru_cache(maxsize=4096)
def _figures(words: frozenset[str]) -> frozenset[str]:
    """Numbers that tell indicators apart ("cấp độ 4" vs "cấp độ 5"); years are left out of the words."""
    return frozenset(w for w in words if w.isdigit())


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    lowered = text.lower().replace("tỉ lệ", "tỷ lệ")
    return frozenset(w for w in _WORD.findall(lowered) if not _YEAR_WORD.fullmatch(w))


_WORD = re.compile(r"\w+")
_YEAR_WORD = re.compile(r"(?:19|20)\d\d")


def table_cell_targets(text: str, region: TableRegion) -> list[FoundTarget]:
    """Targets of a table whose header names no value column, or whose value sits inside a cell
    ("- 100% chính quyền cấp xã thực hiện tốt …"): each cell, or each bullet of a cell, is read like a
    sentence outside a target section (target-shaped and not vetoed). The year comes from the next cell
    that names one ("Giai đoạn 2026 - 2027"); the responsible agency is the row's cell under the header's
    lead-agency column ("Cơ quan chủ trì"), or else the cell after the row number, and a row without one
    keeps the agency above it (a merged cell)."""
    cells = [(s, e) for s, e in region.cells if text[s:e].strip()]
    agencies = _row_agencies(text, cells)
    found: list[FoundTarget] = []
    for index, (start, end) in enumerate(cells):
        flat = " ".join(text[start:end].split())
        if index in agencies.cells or _ROW_NUMBER.match(flat) or len(flat) < 8:
            continue
        year = _cell_year(text, cells[index + 1 : index + 3])
        agency = agencies.by_cell[index]
        for piece_start, piece_end in _cell_pieces(text, start, end):
            block = Block(piece_start, piece_end, text[piece_start:piece_end].replace("\n", " "), None)
            placed = PlacedBlock(block, Section(kind=None, title=None, year=year), False, 0)
            for target in _block_targets(placed):
                found.append(
                    replace(
                        target,
                        responsible=agency,
                        target_year=target.target_year or year,
                        reason="figure in a table cell",
                        confidence=min(target.confidence, 0.6),
                    )
                )
    return found


@dataclass
class _RowAgencies:
    by_cell: list[str | None]  # the responsible agency of each cell's row
    cells: set[int]  # the cells that name it


_NUMBER_COLUMN = re.compile(r"^(?:STT|TT|Số TT|Số thứ tự)$", re.IGNORECASE)
_LEAD_COLUMN = re.compile(r"\b(?:cơ quan|đơn vị)\s+(?:chủ trì|thực hiện)\b", re.IGNORECASE)


def _row_agencies(text: str, cells: list[tuple[int, int]]) -> _RowAgencies:
    flats = [" ".join(text[s:e].split()) for s, e in cells]
    first_row = next((i for i, flat in enumerate(flats) if _ROW_NUMBER.match(flat)), len(flats))
    lead = next((i for i in range(first_row) if _LEAD_COLUMN.search(flats[i])), None)
    number = next((i for i in range(first_row) if _NUMBER_COLUMN.match(flats[i])), 0)
    column = lead - number if lead is not None and lead > number else None
    by_cell: list[str | None] = [None] * len(cells)
    named: set[int] = set()
    agency: str | None = None
    row_start = 0
    for index in range(len(cells) + 1):
        if index < len(cells) and not _ROW_NUMBER.match(flats[index]):
            continue
        # the row that ends here: cells row_start .. index - 1
        at = _agency_cell(text, cells, flats, row_start, index, column)
        if at is not None:
            agency = _agency_name(text[cells[at][0] : cells[at][1]])
            named.add(at)
        for member in range(row_start, index):
            by_cell[member] = agency
        row_start = index
    return _RowAgencies(by_cell, named)


def _agency_cell(
    text: str, cells: list[tuple[int, int]], flats: list[str], start: int, end: int, column: int | None
) -> int | None:
    """The cell of the row ``start`` .. ``end`` (starting at its number) that names its lead agency."""
    if start >= end or not _ROW_NUMBER.match(flats[start]):
        return None
    candidates = [start + column] if column else []
    candidates.append(start + 1)
    for at in candidates:
        if at < end and re.match(AGENCY_HEAD, flats[at]) and len(flats[at].split()) <= 20:
            return at
    return None


def _agency_name(cell: str) -> str:
    """ "- Bộ A;\n- Bộ B." -> "Bộ A"; a name broken over lines is joined."""
    first = re.split(r";|\n\s*[-–+•]\s", cell.strip())[0]
    return _clean(" ".join(first.split()))


def _cell_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    position = start
    for match in re.finditer(r"\n(?=\s*[-–+•]\s)", text[start:end]):
        pieces.append((position, start + match.start()))
        position = start + match.end()
    pieces.append((position, end))
    return [(s, e) for s, e in pieces if text[s:e].strip()]


def _cell_year(text: str, following: list[tuple[int, int]]) -> int | None:
    for start, end in following:
        years = re.findall(r"\b(20\d\d)\b", text[start:end])
        if years:
            return int(
                years[1] if len(years) > 1 and re.search(r"\d\s*[-–]\s*20\d\d", text[start:end]) else years[0]
            )
    return None
