"""The layout of a plan text: flattened tables, paragraphs (blocks), headings and the sections they open.

Plans follow Nghị định 30/2020 (domain.md §6): parts ``I.``/``II-`` in capitals, items ``1.``/``3.2.``,
points ``a)``, bullets ``-``. Text exports wrap lines inside paragraphs, so blocks are rebuilt from line
starts; a block keeps its character offsets into the source text so that quotes are exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from planwatch.extraction.names import restore_capitals


class SectionKind(StrEnum):
    """What a section of a plan is for; it decides what is read in it."""

    TARGETS = "targets"  # "Mục tiêu cụ thể", "Các chỉ tiêu chủ yếu", "Mục tiêu đến năm 2030"
    OBJECTIVE = "objective"  # "Mục tiêu chung / tổng quát": only numbers and status goals
    VISION = "vision"  # "Tầm nhìn đến năm 2045"
    PURPOSE = "purpose"  # "Mục đích": only status goals
    REQUIREMENTS = "requirements"  # "Yêu cầu"
    VIEWPOINT = "viewpoint"  # "Quan điểm": never targets
    SITUATION = "situation"  # "Tình hình", "Kết quả": baselines
    TASKS = "tasks"  # "Nhiệm vụ, giải pháp"
    ORGANISATION = "organisation"  # "Tổ chức thực hiện": agencies and reporting
    APPENDIX = "appendix"  # "Phụ lục"
    END = "end"  # "Nơi nhận": distribution list, signature


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, heading or footnote; ``text`` has the source's characters with newlines as spaces."""

    start: int
    end: int
    text: str
    marker_level: int | None  # heading level from the numbering, None when unnumbered


@dataclass(frozen=True, slots=True)
class TableRegion:
    """A flattened table: the cells between ``|`` lines, with their offsets."""

    start: int
    end: int
    cells: tuple[tuple[int, int], ...]  # (start, end) of each cell's text


@dataclass(frozen=True, slots=True)
class Section:
    """Where a block sits: the innermost section kind, its label, its year and a list group."""

    kind: SectionKind | None
    title: str | None
    year: int | None


@dataclass(frozen=True, slots=True)
class PlacedBlock:
    block: Block
    section: Section
    is_heading: bool
    body_offset: int  # where the content starts inside block.text (after an inline "Label:" prefix)


_PIPE_LINE = re.compile(r"^[ \t]*\|[ \t]*$")
_ROMAN = r"[IVXL]{1,5}"
_MARKERS = (
    (1, re.compile(rf"^\s*{_ROMAN}\s*[.\-–)]\s*(?=\S)")),
    (3, re.compile(r"^\s*\d{1,2}\.\d{1,2}\.(?:\d{1,2}\.)*\s+(?=\S)")),
    (2, re.compile(r"^\s*\d{1,2}\s*[.)]\s+(?=\D)")),
    (4, re.compile(r"^\s*[a-zđ]\)\s+")),
)
_ITEM_MARKER = re.compile(r"^\s*(?:\(\d{1,2}\)|[-–+•*](?!\s*(?:19|20)\d\d\b)(?=\s*[^\s\w]*[A-ZĐÀ-Ỹ0-9]))\s*")
_FOOTNOTE = re.compile(r"^\s*(?:\ufffd|\[\d+\]|\(\d+\)\s*(?=[A-ZĐ]))")
_SENTENCE_END = re.compile(r"[.:;!?)\"”]\s*$")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_HEADING_WORDS = re.compile(
    r"\b(mục đích|yêu cầu|mục tiêu|chỉ tiêu|tầm nhìn|nhiệm vụ|giải pháp|tổ chức thực hiện|quan điểm|"
    r"tình hình|kết quả|thực trạng|phụ lục)\b|^về\s",
    re.IGNORECASE,
)
_INLINE_LABEL = re.compile(
    r"^(?P<label>[^:;.]{0,110}?\b(?:mục tiêu|chỉ tiêu|tầm nhìn|nhiệm vụ|giải pháp|tổ chức thực hiện|"
    r"quan điểm)\b[^:;.]{0,60}):\s*",
    re.IGNORECASE,
)
END_OF_CONTENT = re.compile(
    r"^\s*(nơi nhận|các tin khác|tin liên quan|bài viết liên quan|tin cùng chuyên mục)\b", re.IGNORECASE
)


def find_tables(text: str) -> list[TableRegion]:
    """Flattened tables: runs of ``|`` lines at most a few lines apart."""
    lines = _lines(text)
    pipes = [i for i, (s, e) in enumerate(lines) if _PIPE_LINE.match(text[s:e])]
    regions: list[TableRegion] = []
    run: list[int] = []
    for index in pipes:
        if run and index - run[-1] > 8:
            regions.append(_region(text, lines, run))
            run = []
        run.append(index)
    if run:
        regions.append(_region(text, lines, run))
    return [r for r in regions if len(r.cells) >= 3]


def _region(text: str, lines: list[tuple[int, int]], pipes: list[int]) -> TableRegion:
    first = pipes[0]
    start_line = first - 1 if first > 0 and text[lines[first - 1][0] : lines[first - 1][1]].strip() else first
    bounds: list[tuple[int, int]] = []
    cell_start = lines[start_line][0]
    for index in pipes:
        bounds.append((cell_start, lines[index][0]))
        cell_start = lines[index][1] + 1
    last = pipes[-1]
    end = lines[last][1]
    if last + 1 < len(lines):
        s, e = lines[last + 1]
        if re.fullmatch(r"\s*[<>≤≥]?\s*[\d.,]+\s*%?\s*", text[s:e]):
            bounds.append((s, e))
            end = e
    cells = tuple(_trim(text, s, e) for s, e in bounds)
    return TableRegion(start=lines[start_line][0], end=end, cells=cells)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        out.append((position, position + len(line)))
        position += len(line) + 1
    return out


def marker_level(line: str) -> int | None:
    for level, pattern in _MARKERS:
        if pattern.match(line):
            return level
    return None


def strip_marker(text: str) -> str:
    for _, pattern in _MARKERS:
        match = pattern.match(text)
        if match:
            return text[match.end() :]
    return _ITEM_MARKER.sub("", text, count=1)


def _is_upper(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


MAX_BLOCK_CHARS = 3000  # longest paragraph of the 16 plans: 1.873; a longer one is cut at a space


@dataclass
class _Growing:
    """The block being built, with what the rules ask of it kept up to date line by line (so a line
    costs the same however long the paragraph above it already is)."""

    lines: list[tuple[int, int]]
    length: int = 0  # length of the lines joined by single spaces
    upper: bool = True  # every letter so far is a capital
    letters: int = 0

    def add(self, text: str, start: int, end: int) -> None:
        stripped = text[start:end].strip()
        self.length += len(stripped) + (1 if self.lines else 0)
        self.lines.append((start, end))
        letters = [ch for ch in stripped if ch.isalpha()]
        self.letters += len(letters)
        self.upper = self.upper and all(ch.isupper() for ch in letters)

    @property
    def is_upper(self) -> bool:
        return self.upper and self.letters >= 3


def build_blocks(text: str, start: int, end: int, skip: list[TableRegion]) -> list[Block]:
    """Paragraphs of ``text[start:end]``, rebuilt from wrapped lines; table regions are left out.

    Linear in the length of the text: every line is looked at once, a paragraph's state is carried
    along, and a paragraph (or a line) longer than ``MAX_BLOCK_CHARS`` is cut at a space.
    """
    blocks: list[Block] = []
    current = _Growing([])
    regions = sorted(skip, key=lambda r: r.start)
    region_index = 0

    def flush() -> None:
        nonlocal current
        if current.lines:
            s, e = _trim(text, current.lines[0][0], current.lines[-1][1])
            if e > s:
                first_line = text[current.lines[0][0] : current.lines[0][1]]
                blocks.append(Block(s, e, text[s:e].replace("\n", " "), marker_level(first_line)))
        current = _Growing([])

    for s, e in _lines(text):
        if s < start or e > end:
            continue
        while region_index < len(regions) and regions[region_index].end < s:
            region_index += 1
        if any(
            region.start <= s < region.end or region.start < e <= region.end
            for region in regions[region_index : region_index + 2]
        ):
            flush()
            continue
        line = text[s:e]
        if not line.strip():
            flush()
            continue
        for piece_start, piece_end in _pieces(text, s, e):
            piece = text[piece_start:piece_end]
            if not piece.strip():
                continue
            too_long = current.length + len(piece) >= MAX_BLOCK_CHARS
            if current.lines and (too_long or _starts_block(text, current, piece)):
                flush()
            current.add(text, piece_start, piece_end)
    flush()
    return blocks


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A line cut into pieces of at most about ``MAX_BLOCK_CHARS``, at a space where there is one."""
    if end - start <= MAX_BLOCK_CHARS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_BLOCK_CHARS:
        cut = text.rfind(" ", start + MAX_BLOCK_CHARS // 2, start + MAX_BLOCK_CHARS)
        cut = cut if cut > start else start + MAX_BLOCK_CHARS
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _starts_block(text: str, current: _Growing, line: str) -> bool:
    stripped = line.strip()
    if marker_level(line) is not None or _ITEM_MARKER.match(line) or _FOOTNOTE.match(line):
        return True
    previous = text[current.lines[-1][0] : current.lines[-1][1]].strip()
    first_char = stripped[0]
    if current.is_upper:
        return not _is_upper(stripped)
    if _SENTENCE_END.search(previous) and (first_char.isupper() or first_char.isdigit()):
        return True
    if current.length >= 120 or marker_level(text[current.lines[0][0] : current.lines[0][1]]) is None:
        return False
    block_text = " ".join(text[s:e].strip() for s, e in current.lines)
    return bool(first_char.isupper() and _HEADING_WORDS.search(strip_marker(block_text)))


def is_heading(block: Block) -> bool:
    """A numbered short line without a final full stop, or a short capitalised line."""
    body = strip_marker(block.text).strip()
    if not body:
        return False
    if block.marker_level is not None:
        return len(body) <= 170 and not body.endswith((".", ";"))
    return _is_upper(body) and len(body) <= 200


def heading_kind(title: str) -> SectionKind | None:
    """The kind of section a heading opens (``None``: a heading that does not change it)."""
    lowered = title.lower().strip()
    if lowered.startswith(("nơi nhận", "các tin khác")):
        return SectionKind.END
    if re.match(r"^(trong )?tổ chức thực hiện", lowered):
        return SectionKind.ORGANISATION
    if lowered.startswith("phụ lục"):
        return SectionKind.APPENDIX
    has_goal = re.search(r"\b(mục tiêu|chỉ tiêu)\b", lowered) is not None
    if "quan điểm" in lowered and has_goal:
        return None
    if "tầm nhìn" in lowered:
        return SectionKind.VISION
    if has_goal:
        if re.search(r"\b(tổng quát|chung)\b", lowered):
            return SectionKind.OBJECTIVE
        return SectionKind.TARGETS
    if "quan điểm" in lowered:
        return SectionKind.VIEWPOINT
    if "mục đích" in lowered:
        return SectionKind.PURPOSE
    if re.match(r"^yêu cầu\b", lowered):
        return SectionKind.REQUIREMENTS
    if re.search(r"\b(tình hình|thực trạng)\b", lowered) or re.match(r"^kết quả", lowered):
        return SectionKind.SITUATION
    if re.search(r"\b(nhiệm vụ|giải pháp)\b", lowered):
        return SectionKind.TASKS
    return None


def heading_year(title: str) -> int | None:
    years = _YEAR.findall(title)
    return int(years[-1]) if years else None


@dataclass
class _Open:
    level: int
    kind: SectionKind | None
    title: str
    year: int | None


def place_blocks(blocks: list[Block]) -> list[PlacedBlock]:
    """Attach to every block the section it is in, from the headings above it."""
    stack: list[_Open] = []
    placed: list[PlacedBlock] = []
    for block in blocks:
        heading = is_heading(block)
        body_offset = 0
        title: str | None = None
        level = 0
        if END_OF_CONTENT.match(block.text):
            stack = [_Open(0, SectionKind.END, "", None)]
            placed.append(PlacedBlock(block, _section(stack), True, 0))
            continue
        if heading:
            title = _clean_title(strip_marker(block.text))
            level = block.marker_level or 1
            if heading_kind(title) is SectionKind.APPENDIX:
                level = 0
        else:
            label = _INLINE_LABEL.match(block.text)
            if label and heading_kind(_label_title(label.group("label"))) is not None:
                title = _label_title(label.group("label"))
                level = 2
                body_offset = label.end()
                if body_offset >= len(block.text.rstrip()):
                    heading = True
        if title is not None:
            while stack and stack[-1].level >= level:
                stack.pop()
            stack.append(_Open(level, heading_kind(title), title, heading_year(title)))
        placed.append(PlacedBlock(block, _section(stack), heading, body_offset))
    return placed


def _label_title(label: str) -> str:
    """ "Tỉnh ủy đề ra 04 nhóm chỉ tiêu chủ yếu đến năm 2030" -> "nhóm chỉ tiêu chủ yếu đến năm 2030"."""
    match = re.search(
        r"\b(?:mục tiêu|chỉ tiêu|nhóm chỉ tiêu|tầm nhìn|nhiệm vụ|tổ chức thực hiện|quan điểm)\b.*$",
        label,
        re.IGNORECASE,
    )
    found = match.group(0) if match else label
    before = label[: match.start()] if match else ""
    if re.search(r"\bnhóm\s*$", before, re.IGNORECASE):
        found = "nhóm " + found
    if re.search(r"\btrong\s*$", before, re.IGNORECASE) and found.lower().startswith("tổ chức"):
        found = "tổ chức thực hiện"
    return _clean_title(found[0].upper() + found[1:])


def _clean_title(title: str) -> str:
    title = " ".join(title.split()).strip(" :.-")
    if _is_upper(title):
        title = title[0] + restore_capitals(title[1:].lower())
    return title


def _section(stack: list[_Open]) -> Section:
    kind: SectionKind | None = None
    year: int | None = None
    for entry in reversed(stack):
        if kind is None and entry.kind is not None:
            kind = entry.kind
        if year is None and entry.year is not None:
            year = entry.year
    title = stack[-1].title if stack else None
    return Section(kind=kind, title=title, year=year)
