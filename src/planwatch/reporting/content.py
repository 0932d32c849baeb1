"""What a consolidated report says, before it is laid out as docx, xlsx or pdf.

Two families of frozen dataclasses:

- the *facts* a report is built from (``ReportFacts``: the document, its targets with their figures
  and evaluations, tasks, reporting duties, the coordinating agency, the reporting round), which the
  web layer assembles from the database;
- the *content* the renderers lay out (``ReportContent``: the header of Nghị định 30/2020, the four
  sections, the annex table, the charts, the raw figures), made by ``planwatch.reporting.builder``.

Renderers only lay out: every sentence and every number's wording is decided here and in the builder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from planwatch.domain.deadlines import Deadline
from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import (
    AgencyRole,
    Assessment,
    Comparator,
    DocumentKind,
    ObservationKind,
    ReportingFrequency,
    Status,
    TargetKind,
    ValueState,
)
from planwatch.evaluation import BaselinePoint
from planwatch.reporting.chart import ChartData

DEMO_BANNER = "SỐ LIỆU MINH HỌA"


class ReviewKind(StrEnum):
    """A review report instead of the yearly one (domain.md §5: sơ kết 5 năm)."""

    FIVE_YEAR = "5y"

    @property
    def label(self) -> str:
        return {"5y": "Sơ kết 5 năm"}[self.value]

    @property
    def years(self) -> int:
        """How many years the review covers, ending with the report year."""
        return {"5y": 5}[self.value]


class SenderState(StrEnum):
    """How an agency or commune answered a reporting round."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return {"on_time": "Đúng hạn", "late": "Trễ hạn", "missing": "Chưa gửi"}[self.value]


@dataclass(frozen=True, slots=True)
class SenderTimeliness:
    """One sender of a reporting round: who it is today, who the document named, and how it answered."""

    name_today: str
    name_in_document: str | None
    state: SenderState
    submitted_on: date | None = None


@dataclass(frozen=True, slots=True)
class Timeliness:
    """The reporting round of the report year (issue #5): its deadline and every sender."""

    deadline: date | None
    senders: tuple[SenderTimeliness, ...]

    def count(self, state: SenderState) -> int:
        return sum(1 for sender in self.senders if sender.state is state)


class NarrativePart(StrEnum):
    """The parts of an annual report only the agencies can write (issue #16), each sender for its domain."""

    RESULTS = "results"
    SHORTCOMINGS = "shortcomings"
    DIRECTIONS = "directions"
    PROPOSALS = "proposals"

    def heading(self, year: int) -> str:
        return {
            "results": "Kết quả đạt được",
            "shortcomings": "Tồn tại, hạn chế và nguyên nhân",
            "directions": f"Phương hướng, nhiệm vụ năm {year + 1}",
            "proposals": "Kiến nghị, đề xuất",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Narrative:
    """One part written by one sender of the round (as the coordinator last edited it)."""

    agency: str
    part: NarrativePart
    text: str


# --- facts: what the report is built from ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class YearResult:
    """The evaluation of a target as of one year (the fields of evaluation.md a report uses)."""

    year: int
    status: Status
    latest_year: int | None = None
    latest_value: float | Assessment | None = None
    ratio: float | None = None
    share_covered: float | None = None
    projected: float | None = None
    trend_beyond_limits: bool = False  # the trend cannot be extrapolated to Y (docs/evaluation.md)
    reference_year: int | None = None
    reference_value: float | None = None


@dataclass(frozen=True, slots=True)
class TargetFacts:
    """One target of the document with its figures in its home territory and its evaluations.

    Attributes:
        key: ``t12``.
        group: the document's group heading, None when it has none.
        indicator: the indicator's name as written in the document.
        scope: ``Thành thị``, ``trên 10.000 dân``…; None for the whole.
        unit: ``%``, ``căn hộ``…
        comparator, value, target_year, kind: the promise.
        responsible: the monitoring agency as named in the document.
        responsible_now: the agency monitoring it today (domain.md §3), None when unknown.
        baseline: the starting point, None when there is none.
        baseline_assumed: whether the baseline year was assumed (domain.md §2).
        start_year: first year of the plan (for cumulative totals).
        observations: counted figures up to the report year, any order, one per year.
        results: the evaluation as of each year the report needs (the report year, the year before,
            every year of a review).
        value_max: the upper bound of a ``range`` target (``value`` is the lower one).
    """

    key: str
    group: str | None
    indicator: str
    scope: str | None
    unit: str | None
    comparator: Comparator
    value: float | None
    target_year: int | None
    kind: TargetKind
    responsible: str | None
    responsible_now: str | None
    baseline: BaselinePoint | None
    baseline_assumed: bool
    start_year: int | None
    observations: tuple[Observation, ...]
    results: tuple[YearResult, ...]
    value_max: float | None = None  # the upper bound of a range target
    estimated_years: frozenset[int] = frozenset()
    causes: tuple[tuple[int, str], ...] = ()

    def is_estimate(self, year: int) -> bool:
        """Whether the figure of ``year`` is an estimate (ước thực hiện), not the official result."""
        return year in self.estimated_years

    def cause(self, year: int) -> str:
        """The explanation the reporting agency gave with the figure of ``year`` (blank when none)."""
        return next((text for y, text in self.causes if y == year), "")

    def result(self, year: int) -> YearResult | None:
        return next((r for r in self.results if r.year == year), None)

    def status(self, year: int) -> Status:
        result = self.result(year)
        return result.status if result else Status.NO_DATA

    def value_in(self, year: int) -> float | Assessment | None:
        return next((o.value for o in self.observations if o.year == year), None)

    @property
    def name(self) -> str:
        """The indicator with its scope: ``Tỷ lệ nhà ở kiên cố (Thành thị)``."""
        return f"{self.indicator} ({self.scope})" if self.scope else self.indicator


@dataclass(frozen=True, slots=True)
class AgencyMention:
    """An agency a task names, and the agency carrying that work today."""

    name_in_document: str
    name_today: str | None
    role: AgencyRole


@dataclass(frozen=True, slots=True)
class TaskFacts:
    key: str
    description: str
    agencies: tuple[AgencyMention, ...]


@dataclass(frozen=True, slots=True)
class DutyFacts:
    """A reporting duty of the document; ``via_today`` is the successor of the agency it goes through."""

    what: str
    frequency: ReportingFrequency
    deadline: Deadline | None
    to: str | None
    via: str | None
    via_today: str | None


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    doc_id: str
    number: str | None
    kind: DocumentKind
    issuer: str
    title: str
    issued_on: date | None
    province: str | None


@dataclass(frozen=True, slots=True)
class RawValue:
    """One stored figure, for the sheet of raw values: its state, source and whether it is illustrative."""

    target_key: str
    indicator: str
    scope: str | None
    area: str
    year: int
    value: float | None
    assessment: Assessment | None
    unit: str | None
    state: ValueState
    is_demo: bool
    source: str
    changed_at: datetime | None
    comment: str
    kind: ObservationKind = ObservationKind.OFFICIAL


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """Everything a report of ``document`` for ``year`` is built from.

    Attributes:
        coordinator: today's name of the agency that compiles the report (``Sở Nội vụ tỉnh An Giang``).
        coordinator_province: the province it belongs to today (``An Giang``); the place of the date line.
        report_date: the date printed on the report.
        timeliness: the reporting round of ``year``; None when no round was run in planwatch.
        is_demo: whether any figure the report shows is illustrative.
    """

    document: DocumentFacts
    year: int
    review: ReviewKind | None
    coordinator: str
    coordinator_province: str | None
    report_date: date
    targets: tuple[TargetFacts, ...]
    tasks: tuple[TaskFacts, ...]
    duties: tuple[DutyFacts, ...]
    timeliness: Timeliness | None
    raw_values: tuple[RawValue, ...]
    is_demo: bool
    narratives: tuple[Narrative, ...] = ()
    round_kind: ObservationKind | None = None


# --- content: what the renderers lay out ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IssuingBody:
    """The left block of the header (Nghị định 30/2020, Phụ lục I) and the signature it implies.

    Attributes:
        parent: the body above, in capitals, not bold (``UBND TỈNH AN GIANG``); None for a People's
            Committee itself.
        name: the issuing body in capitals, bold, lines separated by ``\\n``
            (``ỦY BAN NHÂN DÂN\\nTỈNH AN GIANG``).
        full_name: as in running text (``Sở Nội vụ tỉnh An Giang``).
        abbreviation: for the number line and the file (``SNV``, ``UBND``).
        place: the place of the date line (``An Giang``).
        signature: the capitals above the signer (``KT. GIÁM ĐỐC``, ``PHÓ GIÁM ĐỐC``).
        party: a Party committee (Tỉnh ủy): the Party's header (Quy định 66-QĐ/TW, Hướng dẫn
            36-HD/VPTW; decision 0011) instead of the State's.
    """

    parent: str | None
    name: str
    full_name: str
    abbreviation: str
    place: str
    signature: tuple[str, ...]
    party: bool = False

    @property
    def national_title(self) -> tuple[str, ...]:
        """The right block: the State's title and motto, or the Party's name alone."""
        if self.party:
            return ("ĐẢNG CỘNG SẢN VIỆT NAM",)
        return ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

    def number_line(self, number: str = "") -> str:
        """``Số:     /BC-SNV`` (Nghị định 30/2020); ``Số     -BC/TU`` for the Party (Hướng dẫn 36)."""
        blank = number or " " * 10
        if self.party:
            return f"Số {blank}-BC/{self.abbreviation}"
        return f"Số: {blank}/BC-{self.abbreviation}"


@dataclass(frozen=True, slots=True)
class ReportHeader:
    body: IssuingBody
    number_line: str
    place_date: str
    type_name: str
    summary: str


class BlockStyle(StrEnum):
    """How a paragraph of a section is laid out."""

    BODY = "body"  # justified, first-line indent
    ITEM = "item"  # "1. …", bold
    POINT = "point"  # "a) …", italic
    BULLET = "bullet"  # "- …"
    PLACEHOLDER = "placeholder"  # text for the coordinator to replace, italic


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    style: BlockStyle = BlockStyle.BODY


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A small table inside a section: column headings and rows of text."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths; equal when empty


Block = Paragraph | TableBlock


@dataclass(frozen=True, slots=True)
class Section:
    heading: str  # "I. TÌNH HÌNH TRIỂN KHAI"
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class AnnexRow:
    """One target in the annex table.

    ``values`` are aligned with ``AnnexTable.years``: a number, an assessment, or None (no figure).
    ``history`` is the status as of each of those years (a review shows how it changed).
    """

    number: int
    key: str
    indicator: str
    unit: str | None
    goal: str
    baseline_value: float | None
    baseline_year: int | None
    values: tuple[float | Assessment | None, ...]
    status: Status
    history: tuple[Status, ...]
    responsible: str
    estimated: tuple[bool, ...] = ()


@dataclass(frozen=True, slots=True)
class AnnexGroup:
    number: str  # "I", "II"… ; "" when the document has no groups
    title: str
    rows: tuple[AnnexRow, ...]


@dataclass(frozen=True, slots=True)
class AnnexTable:
    """Phụ lục I: every target, grouped as in the document."""

    heading: str  # "Phụ lục I"
    title: str
    subtitle: str
    years: tuple[int, ...]
    groups: tuple[AnnexGroup, ...]
    is_review: bool
    estimated_years: frozenset[int] = frozenset()
    baseline_heading: str = "Cơ sở (năm gốc)"

    @property
    def year_headings(self) -> tuple[str, ...]:
        """``Thực hiện năm 2024``, ``Ước thực hiện năm 2025`` (a year whose figures are estimates)."""
        return tuple(
            f"{'Ước thực hiện' if year in self.estimated_years else 'Thực hiện'} năm {year}"
            for year in self.years
        )

    @property
    def rows(self) -> tuple[AnnexRow, ...]:
        return tuple(row for group in self.groups for row in group.rows)


@dataclass(frozen=True, slots=True)
class ReportContent:
    """A whole report, ready to lay out.

    Attributes:
        header: the header table, type name and summary line.
        sections: I to IV.
        recipients: ``Nơi nhận`` entries, already with their ``- …;`` punctuation.
        signer: the line under the signature (a placeholder for the clerk).
        annex: Phụ lục I.
        charts_heading: the heading of the chart annex (``Phụ lục II``).
        charts_title: its title.
        charts: the off-track targets as charts (Phụ lục II).
        raw_values: every stored figure shown (the xlsx sheet of raw values).
        is_demo: illustrative figures: ``SỐ LIỆU MINH HỌA`` on every page and sheet.
        timeliness: the reporting round, when one was run.
        file_stem: an ASCII-safe file name without suffix.
        file_title: a Vietnamese file name without suffix (``Báo cáo 219-KH-UBND năm 2026``).
    """

    header: ReportHeader
    sections: tuple[Section, ...]
    recipients: tuple[str, ...]
    signer: str
    annex: AnnexTable
    charts_heading: str
    charts_title: str
    charts: tuple[ChartData, ...]
    raw_values: tuple[RawValue, ...]
    is_demo: bool
    year: int
    review: ReviewKind | None
    timeliness: Timeliness | None
    file_stem: str
    file_title: str
