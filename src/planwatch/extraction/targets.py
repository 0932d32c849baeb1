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
from dataclasses import dataclass, field

from planwatch.extraction.layout import PlacedBlock, SectionKind
from planwatch.extraction.quantities import Quantity, find_quantities, per_capita_base
from planwatch.extraction.tables import FoundTarget

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[“\"(]?[A-ZĐÀ-Ỹ])|;\s*")
_INLINE_YEAR = re.compile(r"\b(?:đến|tới|vào|trong|trước|đến hết)\s+năm\s+(20\d\d)\b", re.IGNORECASE)
_LEAD = re.compile(
    r"^(?:(?:phấn đấu|duy trì|giữ vững|nâng cao chất lượng|nâng cao|bảo đảm|đảm bảo|tăng|nâng|đạt|có|và|"
    r"vững chắc|ổn định|trong đó|đến năm \d{4}|năm \d{4}|tối thiểu|khoảng|bình quân|mỗi năm)\b[\s,:]*)+",
    re.IGNORECASE,
)
_LEFT_BOUNDARY = re.compile(
    r"[,;:(]\s*(?=(?:tỉ lệ|tỷ lệ|số|chỉ số|tổng|tốc độ|mức|thu nhập|tuổi thọ|diện tích|cấp|tỉ suất|tỷ suất|"
    r"giá trị|năng suất|độ che phủ|bình quân)\b)|\bvới\b|\bđể\b|\bnhằm\b|\btrong đó\b|:",
    re.IGNORECASE,
)
_TAIL_BOUNDARY = re.compile(r",\s+|\s+và\s+")
_PREDICATE = re.compile(r"\b(được|có|đạt|tham gia|sử dụng|hưởng|tiếp cận)\b")
_QUALITATIVE = re.compile(
    r"\b(không còn|cơ bản chấm dứt|chấm dứt|xóa bỏ hoàn toàn|xoá bỏ hoàn toàn|quyết tâm xóa bỏ|"
    r"quyết tâm xoá bỏ|"
    r"xóa bỏ|xoá bỏ|hoàn thành|trở thành|giữ vững vị trí|là tỉnh có|là địa phương có)\b",
    re.IGNORECASE,
)
_STATUS = re.compile(r"\b(trở thành|giữ vững vị trí|là tỉnh có|là địa phương có)\b", re.IGNORECASE)
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
    r"\s+ở\s+((?:khu vực\s+)?(?:thành thị|nông thôn|đô thị|miền núi)|vùng [^,;]+(?:,\s*vùng [^,;]+)*)",
    re.IGNORECASE,
)
_FOOTNOTE_MARK = re.compile(r"\(\s*\)|\ufffd")
_TRAIL = re.compile(r"[\s,;:.(]*(?:\b(?:với|và|để|nhằm|từ|chiếm|là|bằng|ở mức)\s*)?$", re.IGNORECASE)
_AREA_ONLY = re.compile(r"^(?:ở|tại|khu vực|vùng)\s+([^,;]{2,40})$", re.IGNORECASE)

_TARGET_KINDS = (SectionKind.TARGETS, SectionKind.VISION, SectionKind.OBJECTIVE)


@dataclass
class _Context:
    kind: SectionKind
    group: str | None
    year: int | None
    has_numeric: bool = False
    last_indicator: str | None = None
    out: list[FoundTarget] = field(default_factory=list)


def prose_targets(placed: list[PlacedBlock]) -> list[FoundTarget]:
    """Targets of the prose blocks of one document, in order."""
    found: list[FoundTarget] = []
    for item in placed:
        kind = item.section.kind
        if item.is_heading or kind is None:
            continue
        if kind in _TARGET_KINDS or kind in (SectionKind.PURPOSE, SectionKind.TASKS):
            found.extend(_block_targets(item))
    return found


def _group(item: PlacedBlock) -> str | None:
    title = item.section.title
    numbered = re.match(r"^\s*\((\d{1,2})\)", item.block.text)
    if numbered and title and "nhóm" in title.lower():
        label = "Nhóm chỉ tiêu" if "chỉ tiêu" in title.lower() else "Nhóm"
        return f"{label} ({numbered.group(1)})"
    return title


def _block_targets(item: PlacedBlock) -> list[FoundTarget]:
    kind = item.section.kind
    assert kind is not None
    context = _Context(kind=kind, group=_group(item), year=item.section.year)
    text = item.block.text
    body_start = item.body_offset
    clauses = _clauses(text, body_start)
    numberless: list[tuple[int, int]] = []
    for start, end in clauses:
        clause = text[start:end]
        for inline in _INLINE_YEAR.finditer(text[body_start:start]):
            context.year = int(inline.group(1))
        before = len(context.out)
        _clause_targets(item, context, start, end)
        if len(context.out) == before and not find_quantities(clause):
            numberless.append((start, end))
    if kind is SectionKind.TARGETS and context.has_numeric:
        for start, end in numberless:
            _list_qualitative(item, context, start, end)
        context.out.sort(key=lambda t: t.quote_start)
    return context.out


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
    if kind is SectionKind.TASKS:
        if "phấn đấu" not in lowered and "đạt và vượt chỉ tiêu" not in lowered:
            return
        _promises(item, context, start, end)
    quantities = find_quantities(clause)
    numeric = [q for q in quantities if not q.is_level]
    if kind is SectionKind.PURPOSE:
        numeric = []
    if kind is SectionKind.TASKS and "phấn đấu" not in lowered:
        numeric = []
    claimed = _numeric_targets(item, context, start, clause, numeric)
    _statement_targets(item, context, start, clause, claimed, quantities)


def _year_at(item: PlacedBlock, context: _Context, position: int) -> int | None:
    """The last "đến năm YYYY" before a position of the block, else the section's year."""
    year = context.year
    for inline in _INLINE_YEAR.finditer(item.block.text[item.body_offset : position]):
        year = int(inline.group(1))
    return year


@dataclass
class _Draft:
    quantity: Quantity
    indicator: str
    start: int  # claimed span, relative to the clause
    end: int
    from_tail: bool


def _numeric_targets(
    item: PlacedBlock, context: _Context, start: int, clause: str, numeric: list[Quantity]
) -> list[tuple[int, int]]:
    drafts: list[_Draft] = []
    previous_end = 0
    for index, quantity in enumerate(numeric):
        left_start, left = _left_context(clause, previous_end, quantity.start)
        if len(left.split()) >= 2:
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
        drafts.append(_Draft(quantity, tail, quantity.start, tail_end, from_tail=True))
        previous_end = tail_end
    _borrow_predicates(drafts)
    per_capita = per_capita_base(clause)
    for draft in drafts:
        for indicator, scope in _split_statement(draft.indicator):
            _emit_numeric(item, context, start, clause, draft, indicator, scope, per_capita)
    return [(d.start, d.end) for d in drafts]


def _left_context(clause: str, lower: int, upper: int) -> tuple[int, str]:
    cut = lower
    for boundary in _LEFT_BOUNDARY.finditer(clause, lower, upper):
        cut = boundary.end()
    raw = re.sub(r"^\s*\(\d{1,2}\)", "", clause[cut:upper])
    stripped = _LEAD.sub("", re.sub(r"^[\s,;:()\-–]+", "", raw))
    stripped = re.sub(r"^(?:và|hoặc)\s+", "", stripped)
    stripped = _LEAD.sub("", stripped)
    return upper - len(stripped), _clean(stripped)


def _clean(text: str) -> str:
    text = _FOOTNOTE_MARK.sub("", text)
    text = " ".join(text.split())
    text = re.sub(r"^[\s,;:.)\-–]+", "", text)
    return _TRAIL.sub("", text).strip()


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
            target_year=_year_at(item, context, start + quantity.start),
            scope=scope,
            responsible=None,
            quote_start=quote_start,
            quote_end=min(quote_end, quote_start + 300),
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
    if kind is SectionKind.TASKS:
        return
    if status_only and not _INLINE_YEAR.search(item.block.text[item.body_offset : start + len(clause)]):
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
            if level and (trigger is None or level.start() <= trigger.start()):
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
    if word == "giữ vững vị trí":
        content = "vị trí" + content
    elif word.startswith("là "):
        content = word.split(" ", 1)[1] + content
    indicator = _clean(_FOOTNOTE_MARK.sub("", content))
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
    """Task-section promises: "phấn đấu tất cả các …", "hoàn thành đạt và vượt chỉ tiêu … giao"."""
    text = item.block.text
    clause = text[start:end]
    everyone = re.search(r"phấn đấu\s+(tất cả|toàn bộ)\s+(?:các\s+)?", clause, re.IGNORECASE)
    if everyone:
        rest_end = len(_TRAIL.sub("", clause))
        indicator = _clean(clause[everyone.end() : rest_end])
        _emit_statement(
            item, context, start, everyone.start(), rest_end, indicator, "=", 100.0, "%", everyone.group(1)
        )
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
            target_year=_year_at(item, context, start + local_start),
            scope=None,
            responsible=None,
            quote_start=quote_start,
            quote_end=min(absolute + local_end, quote_start + 300),
        )
    )


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
