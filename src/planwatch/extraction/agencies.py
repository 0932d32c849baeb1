"""Lead and coordinating agencies (gold README, "lead_agencies").

Recorded: (a) every agency given a task in the "Tổ chức thực hiện" section — the subject of each
assignment (``X: Xây dựng …``, ``X chỉ đạo …``, ``Tỉnh ủy giao X …``), with ``Đề nghị X`` read as
``phối hợp`` (bodies only asked to help) and ``X là cơ quan đầu mối`` as ``đầu mối``; (b) every
explicit ``X chủ trì, phối hợp với Y`` elsewhere, each specifically named Y as ``phối hợp``.
Generic collectives ("các đơn vị liên quan") are not agencies.
"""

from __future__ import annotations

import re

from planwatch.domain.text import shorten
from planwatch.domain.vocabulary import AgencyRole
from planwatch.extraction.layout import PlacedBlock, SectionKind
from planwatch.extraction.model import ExtractedAgency
from planwatch.extraction.vocabulary import AGENCY_HEAD

_HEAD = re.compile(AGENCY_HEAD.removeprefix("^"))
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])")
# Verbs that end an assignment's subject ("Sở Thông tin và Truyền thông chỉ đạo, hướng dẫn …").
_TASK_VERB = re.compile(
    r"(?<!các)\s+(?:chủ trì|lãnh đạo|chỉ đạo|tăng cường|xây dựng|tổ chức|thực hiện|hướng dẫn|phối hợp|"
    r"tham mưu|"
    r"theo dõi|là cơ quan|có trách nhiệm|căn cứ|triển khai|tiếp tục|chịu trách nhiệm|theo chức năng|"
    r"đẩy mạnh|rà soát|kiểm tra|nghiên cứu|quán triệt|tuyên truyền|bố trí|đôn đốc|chủ động|thường xuyên|"
    r"khẩn trương|làm tốt|quan tâm|cập nhật|giám sát|vận động|hỗ trợ|đảm bảo|bảo đảm)\b"
)
_GENERIC = re.compile(
    r"^(?:các\s+)?(?:cơ quan|đơn vị|địa phương|ngành|sở, ngành|sở, ban, ngành|ban, ngành|tổ chức, cá nhân|"
    r"cấp|sở ngành)(?:\s|,|$)",
    re.IGNORECASE,
)
_LEAD_AFTER = re.compile(r"chủ trì,?\s+phối hợp(?:\s+với)?\s+|(?<![\w])[Pp]hối hợp với\s+")


def lead_agencies(text: str, placed: list[PlacedBlock]) -> list[ExtractedAgency]:
    """Agencies with their role, for one document's blocks.

    Example: "Sở Nội vụ chủ trì, phối hợp với Ban Dân tộc …" -> Sở Nội vụ (chủ trì), Ban Dân tộc (phối hợp).
    """
    out: list[ExtractedAgency] = []
    for item in placed:
        kind = item.section.kind
        if kind is SectionKind.END or item.is_heading:
            continue
        block = item.block
        body = item.body_offset
        position = body
        for match in [*_SENTENCE.finditer(block.text, body), None]:
            end = match.start() if match else len(block.text)
            sentence = block.text[position:end]
            absolute = block.start + position
            if kind is SectionKind.ORGANISATION:
                out.extend(_assignment(text, absolute, sentence))
            position = match.end() if match else len(block.text)
        if kind is not SectionKind.ORGANISATION:
            out.extend(_explicit_lead(text, block.start + body, block.text[body:]))
    return out


def _assignment(text: str, absolute: int, sentence: str) -> list[ExtractedAgency]:
    stripped = re.sub(r"^\s*(?:\d+\.|[a-zđ]\)|[-–+•])\s*", "", sentence)
    offset = len(sentence) - len(stripped)
    role = AgencyRole.LEAD
    subject_start: int | None = None
    ask = re.match(r"(?:Đề nghị|đề nghị)\s+", stripped)
    give = re.search(r"(?:^|\s)(?:[Gg]iao)\s+", stripped[:200])
    if ask:
        role = AgencyRole.COORDINATE
        subject_start = ask.end()
    elif give:
        subject_start = give.end()
    else:
        head = _HEAD.search(stripped[:300])
        if head and (head.start() == 0 or re.search(r",\s*$", stripped[: head.start()])):
            subject_start = head.start()
    if subject_start is None:
        return _explicit_lead(text, absolute, sentence)
    rest = stripped[subject_start:]
    colon = rest.find(":")
    verb = _TASK_VERB.search(rest)
    if colon != -1 and colon < 200 and (verb is None or colon < verb.start()):
        subject_end = colon
    elif verb:
        subject_end = verb.start()
    else:
        return []
    if re.match(r"\s+là cơ quan đầu mối", rest[subject_end:]):
        role = AgencyRole.FOCAL_POINT
    names = split_agencies(rest[:subject_end])
    task = shorten(" ".join(rest[subject_end:].strip(" :,").split()), 200)
    quote = _quote(text, absolute + offset + subject_start, sentence, offset + subject_start)
    found = [
        ExtractedAgency(name, role.value, task, quote) for name in names if _is_agency(name, strict=False)
    ]
    if role is AgencyRole.LEAD:
        found.extend(
            a for a in _coordinators(text, absolute, sentence) if a.agency not in {f.agency for f in found}
        )
    return found


def _explicit_lead(text: str, absolute: int, sentence: str) -> list[ExtractedAgency]:
    out: list[ExtractedAgency] = []
    lead = re.search(r"\s+chủ trì\b", sentence)
    if lead:
        window_start = max(0, lead.start() - 120)
        window = sentence[window_start : lead.start()]
        heads = list(_HEAD.finditer(window))
        for head in heads:
            candidate = window[head.start() :]
            if not re.search(r"[,;:.]", candidate) and not _TASK_VERB.search(candidate):
                name = " ".join(candidate.split())
                task = shorten(" ".join(sentence[lead.end() :].strip(" ,").split()), 200)
                quote = _quote(
                    text, absolute + window_start + head.start(), sentence, window_start + head.start()
                )
                out.append(ExtractedAgency(name, AgencyRole.LEAD.value, task, quote))
                break
    if out:
        out.extend(_coordinators(text, absolute, sentence))
    return out


def _coordinators(text: str, absolute: int, sentence: str) -> list[ExtractedAgency]:
    """Specifically named agencies after "phối hợp với" (generic ones are left out)."""
    out: list[ExtractedAgency] = []
    for match in _LEAD_AFTER.finditer(sentence):
        rest = sentence[match.end() :]
        stop = re.search(
            r"[;.:]|\s+(?:và\s+)?(?:các\s+)?(?:đơn vị|cơ quan)\b" + "|" + _TASK_VERB.pattern, rest
        )
        listing = rest[: stop.start()] if stop else rest[:200]
        task = re.sub(
            r"^(?:và\s+)?(?:các\s+)?(?:đơn vị|cơ quan)(?:\s+có)?\s+liên quan\s*",
            "",
            rest[len(listing) :].strip(" ,"),
        )
        task = shorten(" ".join(task.split()), 200)
        quote = _quote(text, absolute + match.start(), sentence, match.start())
        for name in split_agencies(listing):
            if _is_agency(name, strict=True):
                out.append(ExtractedAgency(name, AgencyRole.COORDINATE.value, task, quote))
    return out


def split_agencies(subject: str) -> list[str]:
    """ "Báo Cà Mau, Đài Phát thanh và Truyền hình Cà Mau" -> the two bodies.

    Commas and "và" separate bodies only when a new name starts (a capital or "các"); "UBND các
    huyện, thành phố" stays one collective.
    """
    pieces = re.split(r"\s*[,;]\s*|\s+và\s+(?=các\s|" + AGENCY_HEAD.removeprefix("^") + ")", subject.strip())
    names: list[str] = []
    for piece in pieces:
        piece = " ".join(piece.split())
        if not piece:
            continue
        if names and piece[:1].islower() and not piece.startswith("các "):
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    return [n[:1].upper() + n[1:] for n in names]


def _is_agency(name: str, *, strict: bool) -> bool:
    if len(name.split()) > 16 or len(name) < 3:
        return False
    if re.match(r"^(?:Các\s+)?(?:đơn vị|cơ quan)\b", name, re.IGNORECASE):
        return False
    if strict and (_GENERIC.match(name) or not re.match(AGENCY_HEAD, name)):
        return False
    return bool(re.match(AGENCY_HEAD, name, re.IGNORECASE)) or name.lower().startswith(
        ("các ", "ủy ban", "uỷ ban")
    )


def _quote(text: str, start: int, sentence: str, local: int) -> str:
    end = min(start + 300, start + len(sentence.rstrip()) - local)
    return text[start:end].strip()
