"""Numbers in plan sentences: which are target values, with what comparator and unit.

Comparator words follow domain.md §2 and the gold conventions: ``dưới`` <, ``trên`` >, ``tối thiểu`` /
``ít nhất`` / ``từ … trở lên`` / ``đạt và vượt`` >=, ``không quá`` / ``tối đa`` <=, ``khoảng`` ~, a bare
number / ``đạt X`` / ``lên X`` =, and a range ``115 - 120`` is read as >= its lower end. Numbers that are
not values are left out: years, dates, document numbers, legal articles, ages (``trẻ em dưới 5 tuổi``),
per-capita bases (``trên 10.000 dân``), counts of headings (``04 nhóm chỉ tiêu``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.numbers import parse_number

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_NUMBER = re.compile(rf"(?<![\w/.,\-])(?:{NUMBER})(?!(?!m2|m²|km\b|ha\b)[\w/]|[.,]\d|-[^\W\d])")
_RANGE_TAIL = re.compile(rf"\s*(?:-|–|đến)\s*(?:{NUMBER})(?![\w/])")
_PER_CAPITA = re.compile(rf"(?:trên|/)\s*({NUMBER})\s+(?:dân|người dân)\b", re.IGNORECASE)
_LEVEL_BEFORE = re.compile(r"(mức độ|mức|nhóm|cấp độ|hạng|loại)\s*$", re.IGNORECASE)
_REFERENCE_BEFORE = re.compile(
    r"(\bsố|\bđiều|\bkhoản|\blớp|\bkhóa|\bkhoá|\blần thứ|\bthứ|\bchương|\bphụ lục|\bgiai đoạn|\bnăm|\btháng|"
    r"\bngày|\bquý|\bđợt|\bkế hoạch|\bcông nghệ|\bnghị định|\bthông tư|\bquyết định|\bchỉ thị|"
    r"\bhội nghị trung ương|"
    r"\bkỳ|\bnhiệm kỳ|\bmục|\btiểu mục|\bđiểm|\bphiên bản|\bversion)\s*$",
    re.IGNORECASE,
)
_COUNT_AFTER = re.compile(
    r"\s*(quan điểm|nhóm|nhiệm vụ|giải pháp|chỉ tiêu|mục tiêu|nội dung|khâu|chương trình|đề án|"
    r"năm qua|năm tới|năm trước|năm gần|năm triển khai|năm thực hiện|năm tiếp theo|năm kế tiếp|tháng|ngày|"
    r"giờ|phút|lần|bước)\b",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(rf"\s*(?:(?:-|–|đến)\s*(?:{NUMBER})\s*)?(?:tháng\s+)?tuổi\b", re.IGNORECASE)
# The first day of a date range: "(01 - 08/6)".
_DATE_RANGE_AFTER = re.compile(r"\s*[-–]\s*\d{1,2}\s*/\s*\d{1,2}\b")
# A multiplier: "gấp 30 lần", "tăng gấp 2 lần".
_TIMES_BEFORE = re.compile(r"\b(?:(?:ít nhất|tối thiểu|hơn)\s+)?gấp\s*$", re.IGNORECASE)
_TIMES_AFTER = re.compile(r"\s*lần\b", re.IGNORECASE)
# "từ 20% lên 30%", "từ 5 đến 7": a change or a span, not "at least".
_FROM_TO = re.compile(r"[^,;.]{0,40}?\b(?:lên|xuống|đến|tới)\b", re.IGNORECASE)
# A change of a rate: "tăng trên 3%", "giảm ít nhất 20%" (but not "giảm xuống còn 5%", "tăng trưởng 7%").
_CHANGE_BEFORE = re.compile(
    r"\b(tăng|giảm)(?!\s+(?:trưởng|lên|xuống|còn|cường))(?:\s+(?:thêm|bình quân|ít nhất|tối thiểu|trên|dưới|"
    r"khoảng|tối đa|hơn|được))*\s*$",
    re.IGNORECASE,
)
# A time limit: "trong 24 giờ", "trong vòng 3 ngày" is at most that long.
_WITHIN_BEFORE = re.compile(r"\btrong(?:\s+vòng)?\s*$", re.IGNORECASE)
_HOURS_AFTER = re.compile(r"\s*(giờ|ngày)\b", re.IGNORECASE)
# A rank: "top 03", "nhóm 4 nước dẫn đầu" is at worst 4th (comparator <=, unit "thứ hạng").
_RANK_BEFORE = re.compile(r"\b(top|nhóm)\s*$", re.IGNORECASE)
_LEADING_AFTER = re.compile(
    r"\s+(?:\w+\s+){1,3}?(?:dẫn đầu|đứng đầu|hàng đầu|tốt nhất|cao nhất)\b", re.IGNORECASE
)
_YEAR_VALUE = re.compile(r"^(1[89]\d\d|20\d\d|2100)$")

# (pattern matched against the lower-cased text just before the number, comparator), longest first.
_COMPARATORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern + r"\s*$"), comparator)
    for pattern, comparator in (
        (r"(?:tối thiểu|ít nhất)\s+(?:là\s+)?đạt", ">="),
        (r"đạt\s+(?:tối thiểu|ít nhất)", ">="),
        (r"(?:tối thiểu|ít nhất)(?:\s+là)?", ">="),
        (r"(?:không|chưa)\s+(?:dưới|thấp hơn|ít hơn)", ">="),
        (r"đạt\s+và\s+vượt", ">="),
        (r"(?:không|chưa)\s+(?:vượt quá|quá|cao hơn|vượt)", "<="),
        (r"tối đa(?:\s+là)?", "<="),
        (r"(?:<=|≤)", "<="),
        (r"(?:>=|≥)", ">="),
        (r"(?:xuống|giảm xuống|còn|đạt)?\s*(?:dưới|thấp hơn|ít hơn)", "<"),
        (r"<", "<"),
        (r"(?:đạt|tăng|lên)?\s*(?:trên|hơn|cao hơn|vượt)", ">"),
        (r">", ">"),
        (r"(?:đạt|ở mức)?\s*(?:khoảng|xấp xỉ|chừng)", "~"),
        (r"(?:đạt|lên|là|bằng|xuống còn|giảm còn|còn|tăng lên|ở mức|đạt mức)", "="),
    )
)
_FROM = re.compile(r"\btừ\s*$", re.IGNORECASE)
_OR_MORE = re.compile(r"^[^,;.]{0,60}?\btrở lên\b", re.IGNORECASE)  # read on 80 characters
_OR_LESS = re.compile(r"^[^,;.]{0,60}?\btrở xuống\b", re.IGNORECASE)

# Measure units that follow the number and are not part of the indicator's name.
_MEASURE_UNITS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(r"^\s*" + pattern + r"(?![\w])", re.IGNORECASE), unit)
    for pattern, unit in (
        (r"%\s*/\s*năm", "%/năm"),
        (r"%\s*GDP hoặc GRDP", "% GDP hoặc GRDP"),
        (r"%\s*GRDP", "% GRDP"),
        (r"%\s*GDP", "% GDP"),
        (r"%\s*(?:tổng\s+)?ngân sách", "% ngân sách"),
        (r"%", "%"),
        (r"triệu\s+đồng(?:\s*/\s*người(?:\s*/\s*năm)?)?", "triệu đồng"),
        (r"nghìn\s+tỷ\s+đồng|nghìn\s+tỉ\s+đồng", "nghìn tỷ đồng"),
        (r"tỷ\s+đồng|tỉ\s+đồng", "tỷ đồng"),
        (r"nghìn\s+đồng|ngàn\s+đồng", "nghìn đồng"),
        (r"USD(?:\s*/\s*người)?", "USD"),
        (r"m2?\s*sàn\s*/\s*2?\s*người", "m2 sàn/người"),
        (r"[μµ]g\s*/\s*m3", "μg/m3"),
        (r"m2|m²", "m2"),
        (r"km", "km"),
        (r"ha\b|héc-ta", "ha"),
        (r"tấn", "tấn"),
        (r"tuổi", "tuổi"),
        (r"năm", "năm"),
        (r"lượt\s+lao\s+động", "lượt lao động"),
        (r"lượt\s+người", "lượt người"),
    )
)
# Count nouns: the unit of the figure and also the head of the indicator ("36,4 giường bệnh viện").
_COUNT_NOUNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(r"^\s*" + pattern + r"\b", re.IGNORECASE), unit)
    for pattern, unit in (
        (r"giường", "giường"),
        (
            r"(?:bác sĩ|bác sỹ|dược sĩ|dược sỹ|điều dưỡng|y sĩ|nhân viên|cán bộ|giáo viên|thạc sĩ|tiến sĩ)",
            "người",
        ),
        (r"người", "người"),
        (r"lao động", "lao động"),
        (r"căn hộ", "căn hộ"),
        (r"căn", "căn"),
        (r"hộ", "hộ"),
        (r"doanh nghiệp", "doanh nghiệp"),
        (r"hợp tác xã", "hợp tác xã"),
        (r"sản phẩm", "sản phẩm"),
        (r"tổ chức", "tổ chức"),
        (r"hội", "hội"),
        (r"sở", "sở"),
        (r"xã", "xã"),
        (r"trường", "trường"),
        (r"tiêu chí", "tiêu chí"),
        (r"mô hình", "mô hình"),
        (r"công trình", "công trình"),
        (r"điểm", "điểm"),
    )
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure found in a sentence: ``start``/``end`` cover comparator words, number and measure unit."""

    start: int
    end: int
    number_start: int
    number_end: int
    value: float
    comparator: str
    value_text: str
    unit: str | None
    is_level: bool = False  # "mức độ 2", "nhóm 2": a grade, not an amount
    value_max: float | None = None  # upper bound of a range ("25-30%"); comparator is then "range"


def per_capita_base(text: str) -> tuple[int, int, str] | None:
    """The per-capita phrase of a sentence: "trên 10.000 dân" -> (start, end, "10.000")."""
    match = _PER_CAPITA.search(text)
    return (match.start(), match.end(), match.group(1)) if match else None


def find_quantities(text: str, *, keep_ages: bool | None = None) -> list[Quantity]:
    """Target-like figures of a sentence, in order.

    >>> [(q.comparator, q.value, q.unit) for q in find_quantities("tỉ lệ hộ nghèo dưới 2%; 1.500 căn hộ")]
    [('<', 2.0, '%'), ('=', 1500.0, 'căn hộ')]
    """
    if keep_ages is None:
        keep_ages = re.search(r"tuổi thọ|độ tuổi bình quân", text, re.IGNORECASE) is not None
    lowered = text.lower()
    per_capita = _PER_CAPITA.search(text)
    found: list[Quantity] = []
    consumed_until = -1
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if start < consumed_until:
            continue
        raw = match.group(0)
        before = lowered[max(0, start - 40) : start]
        after = text[end : end + 60]
        if per_capita and per_capita.start(1) == start:
            continue
        if re.search(r"\(\s*$", before) and re.match(r"\s*\)", after):
            continue  # an enumeration mark "(1)"
        if not text[:start].strip() and re.match(r"[.)]\s", after):
            continue  # a list number "1." or "2)" opening the item
        if (
            _YEAR_VALUE.match(raw)
            or (re.match(r"[/\-]\d|\s*/\s*\d", after) and not _is_value_range(text, end))
            or _DATE_RANGE_AFTER.match(after)
            or re.search(r"\d(?:[/\-]|\s*/\s*)$", before)
        ):
            continue
        if _REFERENCE_BEFORE.search(before) and not re.search(r"(mức độ|nhóm)\s*$", before):
            continue
        try:
            value = parse_number(raw)
        except InvalidValueError:
            continue
        within = _WITHIN_BEFORE.search(before)
        limit = _HOURS_AFTER.match(after)
        if within and limit:
            within_start = max(0, start - 40) + within.start()
            within_text = " ".join(text[within_start:end].split())
            found.append(Quantity(within_start, end, start, end, value, "<=", within_text, limit.group(1)))
            continue
        times = _TIMES_BEFORE.search(before)
        if times and _TIMES_AFTER.match(after):
            times_start = max(0, start - 40) + times.start()
            times_end = end + _TIMES_AFTER.match(after).end()  # type: ignore[union-attr]
            found.append(
                Quantity(
                    times_start,
                    times_end,
                    start,
                    end,
                    value,
                    "=",
                    " ".join(text[times_start:times_end].split()),
                    "lần",
                )
            )
            continue
        rank = _RANK_BEFORE.search(before)
        if rank and (rank.group(1).lower() == "top" or _LEADING_AFTER.match(after)):
            rank_start = max(0, start - 40) + rank.start()
            rank_text = " ".join(text[rank_start:end].split())
            found.append(Quantity(rank_start, end, start, end, value, "<=", rank_text, "thứ hạng"))
            continue
        level = _LEVEL_BEFORE.search(before)
        if level and level.group(1).lower() in ("mức độ", "nhóm", "cấp độ", "hạng"):
            level_start = max(0, start - 40) + level.start()
            level_text = " ".join(text[level_start:end].split())
            found.append(
                Quantity(
                    level_start, end, start, end, value, "level", level_text, level.group(1).lower(), True
                )
            )
            continue
        if not keep_ages and _AGE_AFTER.match(after):
            continue
        comparator, comparator_start = _comparator(lowered, start)
        if _COUNT_AFTER.match(after) and comparator_start == start:
            continue
        value_end = end
        value_max: float | None = None
        range_match = _RANGE_TAIL.match(text, end) if _is_value_range(text, end) else None
        if range_match and not _AGE_AFTER.match(text[range_match.end() : range_match.end() + 20]):
            value_end = range_match.end()
            consumed_until = value_end
            value_max = _upper(range_match.group(0))
            if value_max is not None and value_max > value and comparator in ("=", ">=", "~"):
                comparator = "range"
            elif comparator == "=":
                comparator, value_max = ">=", None
            else:
                value_max = None
            if _FROM.search(lowered[max(0, comparator_start - 20) : comparator_start]):
                comparator_start = lowered.rindex("từ", 0, comparator_start)
        elif _FROM.search(lowered[max(0, comparator_start - 20) : comparator_start]) and (
            _OR_MORE.match(text[end : end + 120]) or not _FROM_TO.match(text[end : end + 60])
        ):
            comparator_start = lowered.rindex("từ", 0, comparator_start)
            comparator = ">="  # "từ 30%" (trở lên or not) is at least 30; "từ 20% lên 30%" is a change
        unit, unit_end = _unit(text, value_end)
        full_end = unit_end
        if comparator in ("=", ">") and _OR_MORE.match(text[value_end : value_end + 120]):
            comparator = ">="
        if (
            _OR_MORE.match(text[value_end : value_end + 120])
            and comparator == ">="
            and lowered.startswith("từ", comparator_start)
        ):
            more = _OR_MORE.match(text[value_end : value_end + 120])
            assert more is not None
            value_text_end = value_end + more.end()
        elif _OR_LESS.match(text[value_end : value_end + 120]):
            comparator = "<="
            value_text_end = value_end
        else:
            value_text_end = value_end
        if unit is None:
            unit = _count_unit(text, unit_end)
        value_text = " ".join(text[comparator_start:value_text_end].split())
        if unit == "%" and comparator != "range":
            unit = _change_unit(lowered[max(0, start - 40) : start], unit)
        found.append(
            Quantity(
                comparator_start,
                full_end,
                start,
                value_end,
                value,
                comparator,
                value_text,
                unit,
                value_max=value_max,
            )
        )
    return found


def _is_value_range(text: str, end: int) -> bool:
    """ "25-30%", "6,5 - 7%", "4.700-5.000 USD" are ranges; "01 - 08/6" (dates) and "2026-2030" are not."""
    match = _RANGE_TAIL.match(text, end)
    if match is None:
        return False
    upper = match.group(0).lstrip(" -–đến")
    return not _YEAR_VALUE.match(upper.strip()) and not re.match(r"\s*[/\-]\s*\d", text[match.end() :])


def _upper(tail: str) -> float | None:
    found = re.search(NUMBER, tail)
    if found is None:
        return None
    try:
        return parse_number(found.group(0))
    except InvalidValueError:
        return None


def _change_unit(before: str, unit: str) -> str:
    """ "tăng trên 3%" is a rise of 3 points or per cent ("% (mức tăng)"), "giảm 20%" a fall."""
    change = _CHANGE_BEFORE.search(before)
    if change is None:
        return unit
    return f"{unit} (mức {'tăng' if change.group(1).lower() == 'tăng' else 'giảm'})"


def _comparator(lowered: str, number_start: int) -> tuple[str, int]:
    before = lowered[max(0, number_start - 40) : number_start]
    offset = number_start - len(before)
    for pattern, comparator in _COMPARATORS:
        match = pattern.search(before)
        if match and match.group(0).strip():
            begin = offset + match.start()
            while begin < number_start and lowered[begin].isspace():
                begin += 1
            if begin > 0 and lowered[begin - 1].isalnum():
                continue  # the words matched the tail of a longer word
            return comparator, begin
    return "=", number_start


def _unit(text: str, end: int) -> tuple[str | None, int]:
    rest = text[end : end + 40]
    for pattern, unit in _MEASURE_UNITS:
        match = pattern.match(rest)
        if match:
            return unit, end + match.end()
    return None, end


def _count_unit(text: str, end: int) -> str | None:
    rest = text[end : end + 40]
    for pattern, unit in _COUNT_NOUNS:
        if pattern.match(rest):
            return unit
    return None


def normalise_unit(raw: str | None) -> str | None:
    """A table's unit cell in the gold's spelling: "Mức độ" -> "mức độ", "m sàn/2 người" -> "m2 sàn/người"."""
    if raw is None:
        return None
    unit = " ".join(raw.split())
    if not unit:
        return None
    if re.fullmatch(r"m2?\s*sàn\s*/\s*2?\s*người", unit, re.IGNORECASE):
        return "m2 sàn/người"
    if unit == "%":
        return unit
    return unit[0].lower() + unit[1:] if not unit[:2].isupper() else unit
