"""Rules that turn the targets of many documents into one catalogue of indicators.

The same indicator is written differently in each document ("Tỉ lệ LLLĐ trong độ tuổi tham gia
BHXH" in 219/KH-UBND, "lực lượng lao động … tham gia bảo hiểm xã hội" in 52-CTr/TU): comparing a
province with its parent document and with other provinces needs one code for all of them
(domain.md §1). Linking is automatic; a short overrides table corrects what the rule gets wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from planwatch.domain.model import Indicator, Target
from planwatch.domain.text import normalise_name, slugify
from planwatch.domain.vocabulary import Comparator, Direction, TargetKind

TargetRef = tuple[str, str]  # (doc_id, key)

# Abbreviations the documents use inside indicator names (219/KH-UBND's appendix).
_ABBREVIATIONS = tuple(
    (normalise_name(short), normalise_name(full))
    for short, full in (
        ("LLLĐ", "lực lượng lao động"),
        ("BHXH", "bảo hiểm xã hội"),
        ("BHTN", "bảo hiểm thất nghiệp"),
        ("BHYT", "bảo hiểm y tế"),
    )
)
# Words that frame a figure rather than name what is measured.
_LEADING_FILLERS = tuple(normalise_name(w) for w in ("phấn đấu", "tỷ lệ", "đạt", "số"))
_INNER_FILLERS = tuple(normalise_name(w) for w in ("trên địa bàn tỉnh", "toàn tỉnh"))
_CODE_LENGTH = 80


def indicator_key(name: str) -> str:
    """The form in which two indicator names are the same indicator.

    >>> indicator_key("Tỉ lệ LLLĐ trong độ tuổi tham gia BHXH")
    'lực lượng lao động trong độ tuổi tham gia bảo hiểm xã hội'
    """
    words = f" {normalise_name(name)} "
    for short, full in _ABBREVIATIONS:
        words = words.replace(f" {short} ", f" {full} ")
    for filler in _INNER_FILLERS:
        words = words.replace(f" {filler} ", " ")
    key = " ".join(words.split())
    changed = True
    while changed:
        changed = False
        for filler in _LEADING_FILLERS:
            if key.startswith(filler + " "):
                key = key[len(filler) + 1 :]
                changed = True
    return key


def _normalised(words: Iterable[str]) -> tuple[str, ...]:
    # Keywords go through the same normalise_name as the names they are looked for in, so that
    # its spelling folds apply to both sides.
    return tuple(normalise_name(word) for word in words)


def indicator_code_for(key: str, unit: str | None, taken: Iterable[str] = ()) -> str:
    """A short, stable slug for a new indicator.

    When the slug is ``taken``, the unit is appended (``...-muc-do``), then a number.
    """
    slug = slugify(key)
    if len(slug) > _CODE_LENGTH:
        slug = slug[:_CODE_LENGTH].rsplit("-", 1)[0]
    used = set(taken)
    if slug not in used:
        return slug
    if unit and f"{slug}-{slugify(unit)}" not in used:
        return f"{slug}-{slugify(unit)}"
    number = 2
    while f"{slug}-{number}" in used:
        number += 1
    return f"{slug}-{number}"


def link_indicators(
    targets: Iterable[Target], overrides: Mapping[TargetRef, str] | None = None
) -> dict[TargetRef, str]:
    """Give every target the code of its indicator.

    Targets whose names agree after :func:`indicator_key` and whose units agree share a code; the
    code is made from the first such target in the order given. ``overrides`` (target -> code)
    win over the rule.

    Args:
        targets: targets in document order.
        overrides: corrections, (doc_id, key) -> indicator code.

    Returns:
        (doc_id, key) -> indicator code, for every target.
    """
    fixed = dict(overrides or {})
    codes: dict[tuple[str, str | None], str] = {}
    linked: dict[TargetRef, str] = {}
    for target in targets:
        ref = (target.doc_id, target.key)
        if ref in fixed:
            linked[ref] = fixed[ref]
            continue
        group = (indicator_key(target.indicator_name), target.unit)
        if group not in codes:
            codes[group] = indicator_code_for(group[0], group[1], codes.values())
        linked[ref] = codes[group]
    return linked


# Words that mark an indicator that should go down (domain.md §2: poverty, unemployment, stunting).
_DOWNWARD_SUBJECTS = _normalised(
    ("thất nghiệp", "hộ nghèo", "lao động nông nghiệp")
)  # what the key starts with
_DOWNWARD_WORDS = _normalised(("suy dinh dưỡng", "tử vong", "giảm"))  # anywhere in the key


def indicator_direction(name: str, comparators: Iterable[Comparator]) -> Direction:
    """Which way the indicator improves, from the comparators of its targets.

    ``<``/``<=`` say down and ``>``/``>=`` up; ``=``, ``~`` and ``level`` say up unless the name is
    about something to reduce (poverty, unemployment, stunting). An end-state (``qualitative``) has
    no direction, and conflicting evidence gives UNKNOWN.
    """
    key = indicator_key(name)
    comparators = tuple(comparators)
    if Comparator.QUALITATIVE in comparators:
        return Direction.UNKNOWN
    votes: set[Direction] = set()
    for comparator in comparators:
        if comparator in (Comparator.LT, Comparator.LE):
            votes.add(Direction.DOWN)
        elif comparator in (Comparator.GT, Comparator.GE):
            votes.add(Direction.UP)
        elif comparator in (Comparator.EQ, Comparator.APPROX, Comparator.LEVEL):
            is_down = key.startswith(_DOWNWARD_SUBJECTS) or any(word in key for word in _DOWNWARD_WORDS)
            votes.add(Direction.DOWN if is_down else Direction.UP)
    return votes.pop() if len(votes) == 1 else Direction.UNKNOWN


def indicator_limits(unit: str | None) -> tuple[float | None, float | None]:
    """Possible range of a figure in this unit: 0–100 for %, not negative for counts."""
    if unit == "%":
        return 0.0, 100.0
    if unit is None or unit in ("mức độ", "nhóm"):
        return None, None
    return 0.0, None


# Function areas (domain.md §3): the first rule whose words occur in the indicator key wins, so
# the specific rules come first ("bảo hiểm thất nghiệp" before "thất nghiệp").
_DOMAIN_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("meritorious_service", ("người có công", "gia đình chính sách")),
    ("social_insurance", ("bảo hiểm xã hội", "bảo hiểm thất nghiệp", "lương hưu")),
    ("health_insurance", ("bảo hiểm y tế",)),
    ("health", ("công trình phụ hợp vệ sinh", "công trình phù hợp vệ sinh")),
    (
        "vocational_education",
        (
            "lao động qua đào tạo",
            "trường cao đẳng",
            "trường trung cấp",
            "ngành nghề",
            "giáo dục nghề nghiệp",
            "kỹ năng công nghệ thông tin",
        ),
    ),
    ("civil_service", ("công chức", "kỹ năng quản lý")),
    ("employment", ("thất nghiệp", "việc làm", "lao động nông nghiệp")),
    ("social_protection", ("trợ cấp xã hội", "mức sống tối thiểu")),
    ("housing", ("nhà ở", "nhà tạm", "căn hộ")),
    ("poverty", ("hộ nghèo",)),
    ("telecommunications", ("di động", "viễn thông", "tiêu chí số", "thông tin công cộng")),
    (
        "education",
        ("đi học", "phổ cập", "xóa mù chữ", "huy động trẻ em", "cơ sở giáo dục", "quản lý giáo dục"),
    ),
    (
        "health",
        (
            "tuổi thọ",
            "sống khỏe",
            "giường bệnh",
            "bác sĩ",
            "dược sĩ",
            "điều dưỡng",
            "sức khỏe",
            "tiêm chủng",
            "suy dinh dưỡng",
            "aids",
            "dịch vụ y tế",
            "khuyết tật",
            "mức sinh",
            "khám chữa bệnh",
        ),
    ),
    ("clean_water", ("nước sạch",)),
    ("environment", ("chất thải", "nước thải", "môi trường")),
    ("culture_information", ("phát thanh", "truyền hình", "truyền thanh", "văn hóa")),
    ("statistics", ("phát triển con người", "hdi")),
    ("economy", ("thu nhập bình quân",)),
    ("general", ("tỉnh", "vị trí dẫn đầu", "trung tâm phát triển")),
)


def guess_domain(name: str) -> str | None:
    """The function area an indicator belongs to, from the words of its name.

    >>> guess_domain("Tỉ lệ hộ nghèo đa chiều theo chuẩn nghèo quốc gia")
    'poverty'
    """
    key = indicator_key(name)
    for domain, words in _DOMAIN_RULES:
        if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", key) for word in _normalised(words)):
            return domain
    return None


def derive_indicator(code: str, targets: Iterable[Target], domain: str | None = None) -> Indicator:
    """The indicator shared by ``targets`` (its first target names it)."""
    members = list(targets)
    first = members[0]
    name = normalise_display_name(first.indicator_name)
    lower, upper = indicator_limits(first.unit)
    return Indicator(
        code=code,
        name=name,
        unit=first.unit,
        direction=indicator_direction(name, (t.comparator for t in members)),
        lower_limit=lower,
        upper_limit=upper,
        domain=domain if domain is not None else guess_domain(name),
    )


def normalise_display_name(name: str) -> str:
    """The name shown for an indicator: spelling variants folded, spaces collapsed, capital first."""
    words = " ".join(name.split())
    for variant, canonical in (("Tỉ lệ", "Tỷ lệ"), ("tỉ lệ", "tỷ lệ"), ("khoẻ", "khỏe"), ("xoá", "xóa")):
        words = words.replace(variant, canonical)
    return words[:1].upper() + words[1:]


_ANNUAL_WORDS = _normalised(("hằng năm", "hàng năm", "mỗi năm"))
_CUMULATIVE_WORDS = _normalised(("tăng thêm",))


def classify_target_kind(
    comparator: Comparator, indicator_name: str, unit: str | None, wording: str = ""
) -> TargetKind:
    """What kind of promise a target is (domain.md §2), by a general rule.

    Args:
        comparator: the target's comparator: ``level`` and ``qualitative`` decide alone.
        indicator_name: the indicator as written.
        unit: the target's unit (``căn hộ`` counts things built).
        wording: the target's sentence in the source, when at hand ("hằng năm giải quyết việc làm").
    """
    if comparator is Comparator.LEVEL:
        return TargetKind.LEVEL
    if comparator is Comparator.QUALITATIVE:
        return TargetKind.QUALITATIVE
    name = normalise_name(indicator_name)
    text = f"{name} {normalise_name(wording)}"
    if any(word in text for word in _ANNUAL_WORDS):
        return TargetKind.ANNUAL
    if normalise_name("duy trì") in text:
        return TargetKind.MAINTAIN
    if (
        unit == "căn hộ"
        or name.startswith(normalise_name("xây dựng"))
        or any(word in text for word in _CUMULATIVE_WORDS)
    ):
        return TargetKind.CUMULATIVE
    return TargetKind.STATE
