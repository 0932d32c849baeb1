"""The Vietnamese wording of a report: dates, promises, one sentence per target, the issuing body.

Numbers are written the Vietnamese way (``1,1 %``, ``1.500 căn hộ``: domain.md §2) and dates as
``dd/mm/yyyy``; the date line follows Nghị định 30/2020/NĐ-CP (days below 10 and months below 3 take
a leading zero: ``ngày 05 tháng 01 năm 2026``, ``ngày 15 tháng 11 năm 2026``).
"""

from __future__ import annotations

import re
from datetime import date

from planwatch.domain.numbers import format_number, format_quantity
from planwatch.domain.text import nfc, normalise_name, strip_diacritics
from planwatch.domain.vocabulary import Assessment, Comparator, Status, TargetKind
from planwatch.reporting.content import IssuingBody, TargetFacts, YearResult

# Statuses that call for action, worst first (evaluation.md: the pace bands and "missed").
OFF_TRACK = (Status.MISSED, Status.DETERIORATING, Status.LIMITED_PROGRESS, Status.NEEDS_ACCELERATION)

_KIND_WORDS = {
    TargetKind.ANNUAL: "hằng năm ",
    TargetKind.MAINTAIN: "duy trì ",
    TargetKind.CUMULATIVE: "lũy kế ",
}

_VERDICTS = {
    Status.ACHIEVED: "đạt {goal}",
    Status.ON_TRACK: "đúng tiến độ để đạt {goal}",
    Status.NEEDS_ACCELERATION: "cần đẩy nhanh để đạt {goal}",
    Status.LIMITED_PROGRESS: "chậm tiến độ so với {goal}",
    Status.DETERIORATING: "đi lùi so với năm gốc, xa dần {goal}",
    Status.MISSED: "không đạt {goal}",
    Status.IN_PROGRESS: "đang thực hiện {goal}",
    Status.INSUFFICIENT_DATA: "chưa đủ dữ liệu để đánh giá tiến độ so với {goal}",
}

# Statuses judged by pace, whose sentence says how much of the way is covered (evaluation.md step 7).
_PACED = (Status.ON_TRACK, Status.NEEDS_ACCELERATION, Status.LIMITED_PROGRESS, Status.DETERIORATING)


def format_date(day: date) -> str:
    """``08/07/2024``."""
    return day.strftime("%d/%m/%Y")


def place_date_line(place: str, day: date) -> str:
    """The date line of Nghị định 30/2020: ``An Giang, ngày 05 tháng 01 năm 2026``.

    Days below 10 and months below 3 take a leading zero; other months do not (``tháng 11``, ``tháng 7``).
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def roman(number: int) -> str:
    """``1`` -> ``I``, ``14`` -> ``XIV`` (section and group numbers)."""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, numeral in ((50, "L"), (40, "XL"), *numerals):
        while number >= value:
            text += numeral
            number -= value
    return text


def amount(value: float, unit: str | None, comparator: Comparator, kind: TargetKind) -> str:
    """A target or figure amount: ``2 %``, ``1.500 căn hộ``; a grade ``mức 2``, or ``nhóm 2`` in its unit."""
    if comparator is Comparator.LEVEL or kind is TargetKind.LEVEL:
        return f"{unit if unit and unit != 'mức độ' else 'mức'} {format_number(value)}"
    return format_quantity(value, unit)


def promise(target: TargetFacts) -> str:
    """What the document promises: ``dưới 2 %``, ``55 %`` (reach), ``hoàn thành``, ``mức độ 2``."""
    if target.comparator is Comparator.QUALITATIVE or target.kind is TargetKind.QUALITATIVE:
        return "hoàn thành"
    if target.value is None:
        return "chưa định lượng"
    quantity = amount(target.value, target.unit, target.comparator, target.kind)
    if target.comparator is Comparator.RANGE and target.value_max is not None:
        return f"từ {format_number(target.value)} đến {format_quantity(target.value_max, target.unit)}"
    if target.comparator in (Comparator.EQ, Comparator.LEVEL):
        return quantity
    return f"{target.comparator.label} {quantity}"


def goal_phrase(target: TargetFacts) -> str:
    """``mục tiêu dưới 2 % đến năm 2030``, ``mục tiêu hằng năm tối thiểu 35.000 lượt``."""
    by_year = f" đến năm {target.target_year}" if target.target_year is not None else ""
    return f"mục tiêu {_KIND_WORDS.get(target.kind, '')}{promise(target)}{by_year}"


def goal_cell(target: TargetFacts) -> str:
    """The annex's ``Mục tiêu`` cell (the unit has its own column): ``< 2 (2030)``, ``Hoàn thành (2030)``."""
    year = f" ({target.target_year})" if target.target_year is not None else ""
    if target.comparator is Comparator.QUALITATIVE or target.kind is TargetKind.QUALITATIVE:
        return f"Hoàn thành{year}"
    if target.value is None:
        return f"Chưa định lượng{year}"
    number = format_number(target.value)
    if target.comparator is Comparator.RANGE and target.value_max is not None:
        text = f"{number}–{format_number(target.value_max)}"
    elif target.comparator is Comparator.LEVEL or target.kind is TargetKind.LEVEL:
        text = f"Mức {number}"
    else:
        text = f"{target.comparator.symbol} {number}".strip()
    kind = _KIND_WORDS.get(target.kind, "").strip()
    if kind:
        text = f"{text} {kind}" if target.kind is TargetKind.ANNUAL else f"{kind.capitalize()} {text}"
    return text + year


def figure_text(value: float | Assessment | None, target: TargetFacts) -> str:
    """A figure for a sentence: ``1,1 %``, ``mức độ 2``, ``đạt một phần``; ``—`` when there is none."""
    if value is None:
        return "—"
    if isinstance(value, Assessment):
        return value.label.lower()
    return amount(value, target.unit, target.comparator, target.kind)


def cell_text(value: float | Assessment | None) -> str:
    """A figure for a table cell (the unit is in its own column): ``1,1``, ``1.500``, ``Đạt một phần``."""
    if value is None:
        return ""
    if isinstance(value, Assessment):
        return value.label
    return format_number(value)


def cumulative_total(target: TargetFacts, year: int) -> float | None:
    """Sum of the yearly figures from the plan's first year to ``year`` (evaluation.md, cumulative)."""
    numbers = [
        float(o.value)
        for o in target.observations
        if not isinstance(o.value, Assessment)
        and o.year <= year
        and (target.start_year is None or o.year >= target.start_year)
    ]
    return sum(numbers) if numbers else None


def target_sentence(target: TargetFacts, year: int) -> str:
    """One sentence for section II, from the target's evaluation as of ``year``.

    ``Tỷ lệ hộ nghèo đa chiều năm 2026 là 1,1 %, đạt mục tiêu dưới 2 % đến năm 2030.``
    ``Tỷ lệ lao động qua đào tạo năm 2026 là 52,5 %, cần đẩy nhanh để đạt mục tiêu 80 % đến năm 2030
    (đã thực hiện 29 % chặng đường từ năm gốc; theo đà hiện nay năm 2030 ước đạt 54,9 %).``
    """
    result = target.result(year)
    goal = goal_phrase(target)
    if result is None or result.latest_year is None or result.latest_value is None:
        return f"{target.name}: chưa có số liệu năm {year}; {goal}."
    position = _position(target, result, year)
    if result.status is Status.NO_DATA:
        return f"{position}; chưa có số liệu năm {year} để đánh giá {goal}."
    verdict = _VERDICTS[result.status].format(goal=goal)
    return f"{position}, {verdict}{_pace_note(target, result)}."


def _position(target: TargetFacts, result: YearResult, year: int) -> str:
    """``Tỷ lệ … năm 2026 là 1,1 %``; the latest year is named when the report year has no figure."""
    latest_year = result.latest_year
    when = f"năm {latest_year}" if latest_year == year else f"năm {latest_year} (số liệu gần nhất)"
    if latest_year is not None and target.is_estimate(latest_year):  # not yet the year's result
        when = f"ước thực hiện {when}"
    value = result.latest_value
    if isinstance(value, Assessment):
        return f"{target.name}: {when} được đánh giá {value.label.lower()}"
    text = f"{target.name} {when} là {figure_text(value, target)}"
    if target.kind is TargetKind.CUMULATIVE and latest_year is not None:
        total = cumulative_total(target, latest_year)
        if total is not None and target.start_year is not None:
            text += f", lũy kế từ năm {target.start_year} đạt {format_quantity(total, target.unit)}"
    return text


def _pace_note(target: TargetFacts, result: YearResult) -> str:
    """For a target on its way: how much of the way is covered and where the trend leads."""
    if result.status not in _PACED:
        return ""
    notes = []
    if result.share_covered is not None and 0 <= result.share_covered <= 1:
        notes.append(
            f"đã thực hiện {format_number(round(result.share_covered * 100))} % chặng đường từ năm gốc"
            + (f" {result.reference_year}" if result.reference_year else "")
        )
    if result.projected is not None and target.target_year is not None:
        projected = amount(result.projected, target.unit, target.comparator, target.kind)
        notes.append(f"theo đà hiện nay năm {target.target_year} ước đạt {projected}")
    elif result.trend_beyond_limits and target.target_year is not None:
        notes.append(f"không thể ngoại suy xu hướng hiện nay đến năm {target.target_year}")
    return f" ({'; '.join(notes)})" if notes else ""


def history_phrase(statuses: list[tuple[int, Status]]) -> str:
    """How a status changed over a review: ``từ Chậm tiến độ (2024) chuyển sang Đúng tiến độ (2026)``."""
    judged = [(year, status) for year, status in statuses if status is not Status.NO_DATA]
    if not judged:
        return "chưa có số liệu trong giai đoạn"
    (first_year, first), (last_year, last) = judged[0], judged[-1]
    if first is last:
        return f"giữ mức {last.label} ({first_year}–{last_year})" if first_year != last_year else last.label
    return f"từ {first.label} ({first_year}) chuyển sang {last.label} ({last_year})"


# --- the issuing body -----------------------------------------------------------------------------

_PEOPLES_COMMITTEE = re.compile(r"^(ủy|uỷ) ban nhân dân\b|^ubnd\b", re.IGNORECASE)
_PARTY_COMMITTEE = re.compile(r"^tỉnh (ủy|uỷ)\b", re.IGNORECASE)
_SKIPPED_WORDS = {"và", "-", "&", "–"}


def _without_province(name: str, province: str | None) -> str:
    if province:
        for suffix in (f" tỉnh {province}", f" {province}"):
            if name.endswith(suffix):
                return name.removesuffix(suffix)
    return name


def abbreviation(name: str) -> str:
    """Initials of an agency's name for ``Số: …/BC-…``: ``Sở Nội vụ`` -> ``SNV``,
    ``Sở Giáo dục và Đào tạo`` -> ``SGDĐT``, ``Ủy ban nhân dân tỉnh An Giang`` -> ``UBND``."""
    if _PEOPLES_COMMITTEE.match(nfc(name)):
        return "UBND"
    words = [w for w in re.split(r"[\s,]+", nfc(name)) if w and w.lower() not in _SKIPPED_WORDS]
    initials = "".join(w[0] for w in words if w[0].isalpha())
    return initials.upper()


def issuing_body(name: str, province: str | None) -> IssuingBody:
    """The header block and signature of the body that issues the report (Nghị định 30/2020, Phụ lục I).

    ``Sở Nội vụ tỉnh An Giang`` gives ``UBND TỈNH AN GIANG`` above ``SỞ NỘI VỤ``, signed
    ``KT. GIÁM ĐỐC`` / ``PHÓ GIÁM ĐỐC``; ``Ủy ban nhân dân tỉnh An Giang`` gives ``ỦY BAN NHÂN DÂN`` /
    ``TỈNH AN GIANG`` signed ``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH``.

    Args:
        name: the body's full name today.
        province: its province today (the place of the date line), None when unknown.
    """
    name = nfc(name).strip()
    place = province or "…"
    short = _without_province(name, province)
    if _PEOPLES_COMMITTEE.match(name):
        return IssuingBody(
            parent=None,
            name=f"ỦY BAN NHÂN DÂN\nTỈNH {place.upper()}" if province else "ỦY BAN NHÂN DÂN",
            full_name=name,
            abbreviation="UBND",
            place=place,
            signature=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        )
    if _PARTY_COMMITTEE.match(name):
        return IssuingBody(
            parent=f"ĐẢNG BỘ TỈNH {place.upper()}" if province else None,
            name="TỈNH ỦY",
            full_name=name,
            abbreviation="TU",
            place=place,
            signature=("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"),
            party=True,
        )
    head = "GIÁM ĐỐC" if short.lower().startswith("sở ") else "THỦ TRƯỞNG"
    return IssuingBody(
        parent=f"UBND TỈNH {place.upper()}" if province else None,
        name=short.upper(),
        full_name=name,
        abbreviation=abbreviation(short),
        place=place,
        signature=(f"KT. {head}", f"PHÓ {head}"),
    )


_PROVINCE_PART = re.compile(r"\s+tỉnh(\s.*)?$")


def with_former_name(now: str | None, named: str | None) -> str:
    """An agency as it is today, with the document's name when that named another agency:
    ``Sở Nội vụ tỉnh An Giang (trước đây là Sở LĐTBXH)``; but ``Sở Xây dựng tỉnh An Giang`` for
    ``Sở Xây dựng`` (the same department of the merged province)."""
    if not now:
        return named or ""
    if not named or _same_body(now, named):
        return now
    return f"{now} (trước đây là {named})"


def _same_body(first: str, second: str) -> bool:
    def bare(name: str) -> str:
        return normalise_name(_PROVINCE_PART.sub("", nfc(name).strip()))

    return bare(first) == bare(second)


def file_safe(text: str) -> str:
    """An ASCII file name part: ``219/KH-UBND`` -> ``219-KH-UBND``."""
    return re.sub(r"[^A-Za-z0-9]+", "-", strip_diacritics(text)).strip("-")
