"""Reporting duties: every obligation to report (gold README, "Reporting"), with deadline and frequency.

A duty is a clause (sentence or ``;`` part) in which ``báo cáo`` is a verb (``báo cáo UBND tỉnh``,
``gửi báo cáo``, ``được báo cáo, đề xuất``), or which reviews the plan itself (``tổ chức sơ kết, tổng
kết việc thực hiện Kế hoạch``) or passes petitions up (``tiếp nhận kiến nghị, phản ánh …, gửi Sở X tổng
hợp``). ``báo cáo`` is a noun, and no duty, after ``chế độ``, ``hệ thống``,
``kỳ``, ``thời gian``, ``mẫu``, ``dự thảo``, ``theo``, ``tại``, ``các`` …, as a capitalised title
inside a sentence (``… Báo cáo kiểm kê …``), in a deliverable (``Sản phẩm: …``, ``Báo cáo … được ban
hành``) and in a distribution line (``- Bộ X (để báo cáo);``).

``Định kỳ báo cáo hằng năm (trước ngày 20/12), báo cáo sơ kết 5 năm, báo cáo tổng kết 10 năm, báo cáo
đột xuất`` is four duties; ``trước ngày 01/6 và 15/11 hằng năm`` is two annual duties, and in ``6 tháng
(trước ngày 15/6), hằng năm (trước ngày 15/12)`` each period takes the date written next to it.
``chậm nhất ngày …`` is a deadline like ``trước ngày …``; ``… của năm tiếp theo`` is annual;
``hằng năm … hoặc theo đề nghị`` adds an ad-hoc duty. With no stated period a clause is ``periodic``
when it says ``định kỳ`` or reviews the plan (``sơ kết``, ``tổng kết``), ``ad-hoc`` when it reports
promptly or on occasion (``kịp thời``, ``ngay``, ``khó khăn, vướng mắc``, ``nếu`` / ``trường hợp``,
``đề xuất``, ``sửa đổi, bổ sung``, ``xem xét, quyết định``), and ``periodic`` otherwise (``theo quy
định``, a plain ``báo cáo kết quả``).

Daily reports (``hằng ngày``, ``02 lần/ngày``) take each hour written: ``trước 9h00 và 16h00`` is two
daily duties, ``19h00`` and ``16h00`` (``trước 19 giờ`` is ``19h00``). One-off reports are a review in a
named year (``sơ kết vào cuối năm 2027 và tổng kết vào cuối năm 2030`` -> ``cuối năm 2027``, ``cuối
năm 2030``; ``báo cáo tổng kết (năm 2035)`` and ``tổng kết vào năm 2035`` -> ``2035``), a date with its
year (``trước ngày 31 tháng 12 năm 2025`` -> ``31/12/2025``) and a time limit from an event, kept as
written (``trong thời hạn 10 ngày kể từ ngày nhận Kế hoạch``, without a closing ``này``). A yearly
date ``của năm tiếp theo`` is ``30/01 năm tiếp theo``. Every deadline is written by
``planwatch.domain.deadlines.Deadline``, the one place that reads and writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from planwatch.domain.deadlines import Deadline
from planwatch.domain.errors import InvalidValueError
from planwatch.domain.text import shorten
from planwatch.domain.vocabulary import ReportingFrequency
from planwatch.extraction.layout import PlacedBlock, SectionKind
from planwatch.extraction.model import ExtractedDuty

# Past results and viewpoints state no duty; the distribution list is not the plan's text.
_NO_DUTIES = (SectionKind.END, SectionKind.SITUATION, SectionKind.VIEWPOINT)
_REPORT = re.compile(r"(?<!\w)báo cáo(?!\w)(?!\s+(?:viên|số\s*\d|chính trị))", re.IGNORECASE)
# Words after which "báo cáo" is a noun (a kind, a system, a period or a title of reports), not a duty.
_NOUN_BEFORE = re.compile(
    r"(?<!\w)(?:chế độ|hệ thống|(?<!định )(?<!đình )kỳ|thời gian|thời điểm|mẫu|biểu|đề cương|dự thảo|"
    r"xây dựng|nội dung|theo|tại|trong|các|những|thông tin|đã|chưa|phần mềm|ứng dụng|nền tảng|công tác|"
    r"(?:chế độ|công tác|hệ thống) thông tin,)\s+$",
    re.IGNORECASE,
)
_DELIVERABLE = re.compile(r"^\s*(?:[-–+•]\s*)?Sản phẩm\b", re.IGNORECASE)
_PASSIVE_TITLE = re.compile(
    r"^Báo cáo\b[^,;]{0,120}?\bđược\s+(?:ban hành|phê duyệt|xây dựng|công bố|cập nhật)\b"
)
# The date of an issued document ("ngày 02/3/2026", "ngày 02 tháng 3 năm 2026"), not after "trước".
_DATED_DOCUMENT = re.compile(
    r"(?<!trước )(?<!chậm nhất )\bngày\s+\d{1,2}\s*(?:/|tháng\s+)\d{1,2}\s*(?:/|năm\s+)(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_FOR_INFORMATION = re.compile(r"\(\s*(?:để\s+)?(?:báo cáo|b/c)\s*\)", re.IGNORECASE)
# A review of the plan itself: "tổ chức sơ kết, tổng kết việc thực hiện Kế hoạch (này)".
_PLAN_REVIEW = re.compile(
    r"\b(?:sơ kết|tổng kết|sơ, tổng kết)\b[^;.]{0,40}?\b(?:việc|kết quả)\s+(?:triển khai\s+)?thực hiện\s+"
    r"(?:Kế hoạch|Đề án|Chương trình|Nghị quyết|Quyết định|Chỉ thị)\b"
)
# Petitions passed up to be compiled: "tiếp nhận kiến nghị, phản ánh …, gửi Sở X tổng hợp".
_FORWARD = re.compile(
    r"\b(?:phản ánh|kiến nghị)\b[^;]{0,150}?\b(?:gửi|về)\s+(?:Sở|Bộ|UBND|Ủy ban|Ban)\b[^;]{0,80}?\btổng hợp\b"
)
# Keeping to the reporting regime: "thực hiện (nghiêm) chế độ (thông tin,) báo cáo (định kỳ)".
_REGIME = re.compile(
    r"\bthực hiện\s+(?:nghiêm\s+|đầy đủ\s+|tốt\s+)?(?:các\s+)?chế độ\s+(?:thông tin,?\s+)?báo cáo\b",
    re.IGNORECASE,
)
# Sending an implementing plan up by a one-off deadline: "ban hành kế hoạch …, gửi Bộ X để tổng hợp"
# before a dated day, "gửi kế hoạch về UBND thành phố trong thời hạn 10 ngày kể từ …".
_SENDS_PLAN = re.compile(
    r"\b(?:kế hoạch|chương trình)\b[^;]{0,300}?\bgửi\s+(?:(?:kế hoạch|chương trình)\s+)?(?:về\s+)?"
    r"(?:Sở|Bộ|UBND|Ủy ban|Ban|Văn phòng)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])")
_MARKER = re.compile(r"^\s*(?:\d+\.|[a-zđ]\)|[-–+•])?\s*")

_DAILY = ReportingFrequency.DAILY.value
_ONE_OFF = ReportingFrequency.ONE_OFF.value
_PERIODS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\b(?:hằng|hàng|mỗi)\s+năm\b|\b(?:của\s+)?năm\s+tiếp\s+theo\b", re.IGNORECASE),
        ReportingFrequency.ANNUAL.value,
    ),
    (
        re.compile(r"\b(?:sơ kết|tổng kết)\s+(?:giữa kỳ\s+)?(?:5|05|năm)\s+năm\b", re.IGNORECASE),
        ReportingFrequency.FIVE_YEAR.value,
    ),
    (
        re.compile(r"\b(?:sơ kết|tổng kết)\s+(?:10|mười)\s+năm\b", re.IGNORECASE),
        ReportingFrequency.TEN_YEAR.value,
    ),
    (
        re.compile(r"\bđột xuất\b|\b(?:hoặc|và)\s+(?:khi\s+có|theo)\s+(?:yêu cầu|đề nghị)\b", re.IGNORECASE),
        ReportingFrequency.AD_HOC.value,
    ),
    (
        re.compile(
            r"\b(?:6 tháng|06 tháng|sáu tháng|hằng quý|hàng quý|hằng tháng|hàng tháng)\b", re.IGNORECASE
        ),
        ReportingFrequency.PERIODIC.value,
    ),
    (re.compile(r"\b(?:hằng|hàng|mỗi)\s+ngày\b|\b\d{1,2}\s*lần\s*/\s*ngày\b", re.IGNORECASE), _DAILY),
    (
        re.compile(
            r"\b(?:sơ kết|tổng kết|giữa kỳ)\b[^;]{0,120}?"
            r"(?:\b(?:vào|cuối|đầu|giữa|trong)\s+(?:cuối\s+|đầu\s+|giữa\s+|quý\s+[IV]{1,3}\s+)?năm\s+(?:19|20)\d\d|\(\s*năm\s+(?:19|20)\d\d\s*\))",
            re.IGNORECASE,
        ),
        _ONE_OFF,
    ),
    (re.compile(r"\btrong\s+(?:thời hạn|vòng)\s+\d{1,3}\s+(?:ngày|tuần|tháng)\b", re.IGNORECASE), _ONE_OFF),
)
_TAKES_DEADLINE = {ReportingFrequency.ANNUAL.value, ReportingFrequency.PERIODIC.value}
_TAKES_NO_DATE = {_DAILY, _ONE_OFF}  # their deadlines are hours, years and time limits (below)
_MULTI_YEAR = {ReportingFrequency.FIVE_YEAR.value, ReportingFrequency.TEN_YEAR.value}

# Hours of a daily report: "trước 19h00’", "(trước 9h00’ và 16h00’)", "trước 19 giờ".
_HOUR_LEAD = re.compile(r"\b(?:trước|chậm nhất(?:\s+(?:là|vào))?|vào lúc|lúc)\s+(?=\d)", re.IGNORECASE)
_HOUR = re.compile(r"(\d{1,2})\s*(?:h|giờ|:)\s*(\d{2})?(?:\s*phút)?(?!\w)", re.IGNORECASE)
_NEXT_HOUR = re.compile(r"['’]?\s*(?:và|,|hoặc)\s*(?:trước\s+)?(?=\d)", re.IGNORECASE)
# The year of a review: "vào (cuối) năm 2030", "vào quý IV năm 2028", "(năm 2035)".
_REVIEW_WORD = re.compile(r"\b(?:sơ kết|tổng kết|giữa kỳ)\b", re.IGNORECASE)
_PART = r"(?:đầu|giữa|cuối)\s+năm|quý\s+(?:I|II|III|IV)\s+năm"
_REVIEW_YEAR = re.compile(
    rf"(?:\b(?:vào|trong)\s+(?:(?P<part>{_PART})|năm)|\b(?P<bare>{_PART})|\(\s*năm)\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# A time limit from an event: "trong thời hạn 10 ngày kể từ ngày nhận Kế hoạch (này)".
_WITHIN = re.compile(
    r"\btrong\s+(?:thời hạn|vòng)\s+\d{1,3}\s+(?:ngày làm việc|ngày|tuần|tháng)\b[^,;.()]*", re.IGNORECASE
)
_WITHIN_TAIL = re.compile(r"\s+(?:(?:để|và|gửi|báo cáo)\s.*|này|nêu trên)$", re.IGNORECASE)
_NEXT_YEAR = re.compile(r"\s*(?:của\s+)?năm\s+(?:tiếp theo|sau)\b", re.IGNORECASE)

# "trước ngày 20/12", "trước ngày 15 tháng 12", "chậm nhất ngày 17 tháng 12", then "và 15/11" …
_DEADLINE_LEAD = re.compile(
    r"\b(?:(?:trước|chậm nhất(?:\s+(?:là|vào))?|hạn chót|không muộn hơn)\s+(?:ngày\s+)?|vào\s+ngày\s+)(?=\d)",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"(\d{1,2})\s*(?:/|-|tháng\s+)\s*(\d{1,2})(?:\s*(?:/|-|năm\s+)\s*((?:19|20)\d\d))?(?!\s*(?:h|giờ)\b)",
    re.IGNORECASE,
)
_NEXT_DATE = re.compile(r"\s*(?:và|,|hoặc)\s*(?:ngày\s+)?(?=\d)", re.IGNORECASE)

_DEFINITE = re.compile(r"\b(?:định kỳ|đình kỳ|sơ kết|tổng kết|sơ, tổng kết)\b", re.IGNORECASE)
_AD_HOC_WORDS = re.compile(
    r"\b(?:kịp thời|khó khăn|vướng mắc|phản ánh|phát sinh|báo cáo ngay|ngay khi|khi cần thiết|"
    r"khi có yêu cầu|theo yêu cầu|theo đề nghị|kiến nghị|đề xuất|sửa đổi|vi phạm|nếu|trường hợp|"
    r"xem xét|phê duyệt)\b",
    re.IGNORECASE,
)
_CONDITION = re.compile(r"\b(?:nếu|trường hợp)\b", re.IGNORECASE)  # an earlier clause of the sentence
# A report-period definition ("Thời gian báo cáo … tính từ ngày … đến ngày …") states no duty.
_PERIOD_DEFINITION = re.compile(
    r"\b(?:thời gian|kỳ)\s+(?:báo cáo|chốt số liệu)\b[^;]*\btính từ\b", re.IGNORECASE
)

_VIA = re.compile(r"\((?:thông qua|qua)\s+([^)]+)\)", re.IGNORECASE)
_RECIPIENT = (
    r"Ban Thường vụ Tỉnh ủy|Ban Thường vụ Thành ủy|Ban Chấp hành Đảng bộ tỉnh|Tỉnh ủy|Thành ủy|"
    r"Chủ tịch (?:UBND|Ủy ban nhân dân) (?:tỉnh|Tỉnh|thành phố|Thành phố)|"
    r"(?:UBND|Ủy ban nhân dân) (?:tỉnh|Tỉnh|thành phố|Thành phố|huyện|quận|thị xã|xã|phường)(?: [A-ZĐ]\w*)*|"
    r"HĐND (?:tỉnh|thành phố)|Hội đồng nhân dân (?:tỉnh|thành phố)|Trung ương|"
    r"Chính phủ, Thủ tướng Chính phủ|Chính phủ(?! số)|Thủ tướng Chính phủ|cấp có thẩm quyền|"
    r"cơ quan (?:nhà nước )?có thẩm quyền|"
    r"(?:Bộ|Sở|Ban Chỉ đạo|Ban Quản lý) [A-ZĐ][^,;().]*?(?=\s+(?:để|trước|theo|về|kết quả|tình hình|xem xét|"
    r"trình|chậm nhất|hằng|hàng|định kỳ|tổng hợp|đồng gửi|báo cáo|gửi|và đề xuất|các nội dung|"
    r"và\s+(?:UBND|Ủy ban|Sở|Bộ|Ban|Chính phủ|Thủ tướng|Tỉnh ủy|Thành ủy|HĐND|Hội đồng))\b|[,;.()]|$)"
)
_TO = re.compile(
    rf"(?:báo cáo(?:,\s*(?:tham mưu|đề xuất))?|về|với|lên|gửi|kiến nghị|trình|cho)\s+((?:{_RECIPIENT})"
    r"(?:,\s*(?:Ban Chấp hành Đảng bộ tỉnh|UBND tỉnh|Tỉnh ủy))?)"
    rf"(?:(?:\s+và|,(?:\s+đồng gửi)?)\s+({_RECIPIENT}))?"
    r"(?=[\s,;.()]|$)"
)
_COMPILED = re.compile(r"\btổng hợp\b")


@dataclass(frozen=True, slots=True)
class _Date:
    day: int
    month: int
    year: int | None
    at: int
    next_year: bool = False  # "trước ngày 30 tháng 01 của năm tiếp theo"

    @property
    def text(self) -> str | None:
        """The date as a deadline (``30/01``, ``31/12/2025``, ``30/01 năm tiếp theo``); None for a day
        the month does not have."""
        return _written(Deadline, self.day, self.month, self.year, next_year=self.next_year)


def reporting_duties(text: str, placed: list[PlacedBlock]) -> list[ExtractedDuty]:
    """Reporting duties of one document's blocks.

    Example: "trước ngày 20/12 hằng năm, báo cáo UBND tỉnh (qua Sở Tài chính)" -> annual, 20/12.
    """
    out: list[ExtractedDuty] = []
    for item in placed:
        if item.section.kind in _NO_DUTIES or item.is_heading:
            continue
        block = item.block
        if _DELIVERABLE.match(block.text):
            continue
        position = 0
        for match in [*_SENTENCE.finditer(block.text), None]:
            end = match.start() if match else len(block.text)
            out.extend(_sentence_duties(text, block.start + position, block.text[position:end]))
            position = match.end() if match else len(block.text)
    return out


def _sentence_duties(text: str, absolute: int, sentence: str) -> list[ExtractedDuty]:
    """The duties of one sentence, clause by clause (``;``); the sentence's conditions reach each clause."""
    duties: list[ExtractedDuty] = []
    position = 0
    for match in [*re.finditer(r";\s*", sentence), None]:
        end = match.start() if match else len(sentence)
        clause = sentence[position:end]
        if is_duty(clause):
            duties.extend(_duties(text, absolute + position, clause, sentence[:position]))
        position = match.end() if match else len(sentence)
    return duties


def is_duty(clause: str) -> bool:
    """Whether a clause obliges someone to report: ``báo cáo`` used as a verb, or a review of the plan.

    >>> is_duty("định kỳ báo cáo UBND tỉnh kết quả thực hiện")
    True
    >>> is_duty("theo báo cáo của Sở Y tế, tỷ lệ đạt 80%")
    False
    """
    bare = clause.strip(" -–+•")
    if _PERIOD_DEFINITION.search(clause) or _PASSIVE_TITLE.match(bare):
        return False
    if bare.startswith(("Báo cáo", "Căn cứ")) and _DATED_DOCUMENT.search(clause):
        return False  # a cited document: "Báo cáo nhanh … ngày 02/3/2026 của Sở …"
    cleaned = _FOR_INFORMATION.sub(" ", clause)
    for match in _REPORT.finditer(cleaned):
        before = cleaned[: match.start()]
        if _NOUN_BEFORE.search(before):
            continue
        if match.group(0)[0] == "B" and _MARKER.sub("", before).strip():
            continue  # a capitalised title inside a sentence: "… Báo cáo đánh giá tác động …"
        return True
    if _SENDS_PLAN.search(cleaned) and (
        _WITHIN.search(cleaned) or any(d.year is not None for d in _dates(cleaned))
    ):
        return True  # a plan sent up once, by a date with its year or within a time limit
    return bool(_PLAN_REVIEW.search(cleaned) or _FORWARD.search(cleaned) or _REGIME.search(cleaned))


def _frequencies(clause: str, before: str) -> list[tuple[str, int]]:
    """Each frequency the clause states, with where it is stated (first mention)."""
    found: list[tuple[str, int]] = []
    for pattern, frequency in _PERIODS:
        match = pattern.search(clause)
        if match and frequency not in (f for f, _ in found):
            found.append((frequency, match.start()))
    # "sơ kết 5 năm vào năm 2030" is one review, in a named year: one-off, not also 5-year
    reviews = [m.start() for m in _REVIEW_YEAR.finditer(clause)]
    found = [
        (f, at)
        for f, at in found
        if f not in _MULTI_YEAR or not any(0 < year_at - at <= 60 for year_at in reviews)
    ]
    dates = _dates(clause)
    annual = any(f == ReportingFrequency.ANNUAL.value for f, _ in found)
    if not annual and any(d.year is not None for d in dates) and _ONE_OFF not in (f for f, _ in found):
        found.append((_ONE_OFF, dates[0].at))
    if found:
        return found
    if _DEFINITE.search(clause):
        return [(ReportingFrequency.PERIODIC.value, 0)]
    if _AD_HOC_WORDS.search(clause) or _CONDITION.search(before):
        return [(ReportingFrequency.AD_HOC.value, 0)]
    return [(ReportingFrequency.PERIODIC.value, 0)]


def _dates(clause: str) -> list[_Date]:
    """Every deadline date of the clause: "trước ngày 01/6 và 15/11" gives two."""
    dates: list[_Date] = []
    for lead in _DEADLINE_LEAD.finditer(clause):
        position = lead.end()
        while True:
            match = _DATE.match(clause, position)
            if match is None:
                break
            day, month = int(match.group(1)), int(match.group(2))
            if not (1 <= day <= 31 and 1 <= month <= 12):
                break
            year = int(match.group(3)) if match.group(3) else None
            next_year = year is None and _NEXT_YEAR.match(clause, match.end()) is not None
            dates.append(_Date(day, month, year, match.start(), next_year))
            following = _NEXT_DATE.match(clause, match.end())
            if following is None:
                break
            position = following.end()
    return dates


def _deadlines(
    clause: str, frequencies: list[tuple[str, int]], dates: list[_Date]
) -> dict[int, list[str | None]]:
    """The deadlines of each frequency (by index). A daily report takes the hours of the clause, a
    one-off one its review years, dated days and time limits (``_one_off_deadlines``). Of the other
    periods only yearly and other periodic reports take a day/month: each date goes to the last period
    stated before it (``6 tháng (trước ngày 15/6), hằng năm (trước ngày 15/12)``), or to the first one
    after it (``trước ngày 01/6 và 15/11 hằng năm``); as many dates as periods, all written after them
    (or all before), go to them in order."""
    out: dict[int, list[str | None]] = {index: [] for index in range(len(frequencies))}
    for index, (frequency, _) in enumerate(frequencies):
        if frequency == _DAILY:
            out[index].extend(_hours(clause))
        elif frequency == _ONE_OFF:
            out[index].extend(_one_off_deadlines(clause, dates))
    takers = [
        i
        for i, (f, _) in enumerate(frequencies)
        if f in _TAKES_DEADLINE or (len(frequencies) == 1 and f not in _TAKES_NO_DATE)
    ]
    undated = [d for d in dates if d.year is None and d.text is not None]
    if len(takers) > 1 and len(undated) == len(takers):
        ends = [frequencies[i][1] for i in takers]
        if all(d.at > max(ends) for d in undated) or all(d.at < min(ends) for d in undated):
            # "6 tháng, hằng năm (trước ngày 15/6 và 15/12)": the dates in the order of the periods
            for i, date in zip(sorted(takers, key=lambda i: frequencies[i][1]), undated, strict=True):
                out[i].append(date.text)
            return out
    for date in undated:
        if not takers:
            break
        before = [i for i in takers if frequencies[i][1] < date.at]
        if before:
            nearest = max(before, key=lambda i: frequencies[i][1])
        else:
            nearest = min(takers, key=lambda i: frequencies[i][1])
        out[nearest].append(date.text)
    return out


def _written(make: type[Deadline], *args: int | None, **fields: object) -> str | None:
    """``Deadline(...).text``, or None when the parts name no real deadline (31/02, 25h00)."""
    try:
        return make(*args, **fields).text  # type: ignore[arg-type]
    except InvalidValueError:
        return None


def _hours(clause: str) -> list[str]:
    """The hours a daily report is due: "trước 9h00’ và 16h00’" -> ``9h00``, ``16h00``."""
    hours: list[str] = []
    for lead in _HOUR_LEAD.finditer(clause):
        position = lead.end()
        while (match := _HOUR.match(clause, position)) is not None:
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            if hour > 23 or minute > 59:
                break
            hours.append(Deadline(at=time(hour, minute)).text)
            following = _NEXT_HOUR.match(clause, match.end())
            if following is None:
                break
            position = following.end()
    return list(dict.fromkeys(hours))


def _one_off_deadlines(clause: str, dates: list[_Date]) -> list[str]:
    """The deadlines of one-off reports, in the order written: each review year (``vào cuối năm 2027``
    -> ``cuối năm 2027``, ``(năm 2035)`` -> ``2035``), each date with its year (``31/12/2025``) and each
    time limit, as written up to the end of its phrase (``trong thời hạn 10 ngày kể từ ngày nhận …``)."""
    found: list[tuple[int, str | None]] = []
    review = _REVIEW_WORD.search(clause)
    if review is not None:
        for match in _REVIEW_YEAR.finditer(clause, review.start()):
            part = match.group("part") or match.group("bare")
            written = f"{part} {match.group('year')}" if part else match.group("year")
            found.append((match.start(), Deadline.parse(written).text))
    found.extend((d.at, d.text) for d in dates if d.year is not None)
    for match in _WITHIN.finditer(clause):
        phrase = " ".join(match.group(0).split())
        while (shorter := _WITHIN_TAIL.sub("", phrase)) != phrase:
            phrase = shorter
        found.append((match.start(), _written(Deadline, relative=phrase)))
    return list(dict.fromkeys(text for _, text in sorted(found) if text is not None))


def _recipients(clause: str) -> tuple[str | None, str | None]:
    """Whom the report goes to, and through whom.

    ``(qua X)`` names the relay; so does a first recipient that compiles for a later one: ``gửi Sở X
    (để) tổng hợp, báo cáo UBND tỉnh`` -> to UBND tỉnh, via Sở X. ``A và B`` -> ``A; B``.
    """
    via_match = _VIA.search(clause)
    via = " ".join(via_match.group(1).split()) if via_match else None
    found = list(_TO.finditer(clause))
    if not found:
        return None, via
    final = found[0]
    if len(found) > 1 and _COMPILED.search(clause, found[0].end(), found[-1].start()):
        final = found[-1]
        if via is None:
            via = " ".join(found[0].group(1).split())
    names = [" ".join(name.split()) for name in final.groups() if name]
    return "; ".join(names), via


def _duties(text: str, absolute: int, clause: str, before: str) -> list[ExtractedDuty]:
    frequencies = _frequencies(clause, before)
    deadlines = _deadlines(clause, frequencies, _dates(clause))
    to, via = _recipients(clause)
    what = " ".join(re.sub(r"^\s*(?:\d+\.|[a-zđ]\)|[-–])\s*", "", clause).split()).rstrip(" ./")
    quote_start = absolute + (len(clause) - len(clause.lstrip()))
    quote = text[quote_start : min(absolute + len(clause.rstrip()), quote_start + 300)]
    duties = []
    for index, (frequency, _) in enumerate(frequencies):
        for deadline in deadlines[index] or [None]:
            duties.append(
                ExtractedDuty(
                    what=shorten(what, 200),
                    deadline=deadline,
                    frequency=frequency,
                    to=to,
                    via=via,
                    quote=quote,
                )
            )
    return duties
