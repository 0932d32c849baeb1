"""The domain objects: frozen dataclasses that the catalogue, the evaluator and the web layer share.

Identifiers are stable slugs (``KG-219-KH-UBND``, ``so-y-te-kien-giang``); the Django models store the
same fields and map to and from these objects (planwatch.web.catalogue.mapping).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planwatch.domain.deadlines import Deadline
from planwatch.domain.periods import in_force
from planwatch.domain.vocabulary import (
    AgencyRole,
    Aggregation,
    Assessment,
    Comparator,
    Direction,
    Disaggregation,
    DocumentKind,
    PeriodAggregation,
    ReportingFrequency,
    SuccessionKind,
    TargetKind,
    UnitLevel,
)


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """Where a fact sits in its source file: character offsets into the NFC text, end exclusive."""

    file: str
    start: int
    end: int

    def read(self, text: str) -> str:
        """The quoted characters, given the source file's text."""
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class PolicyDocument:
    """A resolution, programme or plan. Identity is number + issuer + date, never the number alone
    (Kiên Giang's and Long An's 52-CTr/TU differ: domain.md §1)."""

    doc_id: str
    kind: DocumentKind
    number: str | None
    issuer: str
    title: str
    issued_on: date | None = None
    province: str | None = None
    parents: tuple[str, ...] = ()  # doc ids, direct parent first, root last
    is_stub: bool = False  # referenced as a parent but its text is not in the catalogue
    source_file: str | None = None

    @property
    def display_number(self) -> str:
        return self.number or f"(chưa số) {self.doc_id}"


@dataclass(frozen=True, slots=True)
class Indicator:
    """A measured quantity, one across all documents that set targets on it.

    Besides what it is (name, unit, definition, which way is better), an indicator says how its
    figures combine: across places (``aggregation``, with the ``numerator`` and ``denominator`` data
    elements of a ratio or the ``weight`` of a weighted mean) and across periods
    (``period_aggregation``), and which breakdowns (``disaggregations``) a figure may carry. These are
    written as data, with the ``reason`` for each choice that is not obvious; nothing is guessed from
    the unit's words. :meth:`definition_problems` is the one check of their consistency.
    """

    code: str
    name: str
    unit: str | None
    direction: Direction = Direction.UNKNOWN
    lower_limit: float | None = None
    upper_limit: float | None = None
    domain: str | None = None  # function area: decides who monitors it after 2025 (domain.md §3)
    definition: str = ""
    aggregation: Aggregation = Aggregation.NONE  # an undefined indicator is never combined
    numerator: str | None = None  # data element summed above the line of a ratio
    denominator: str | None = None  # data element summed below it
    weight: str | None = None  # data element weighting a weighted mean (dan-so-trung-binh: population)
    period_aggregation: PeriodAggregation = PeriodAggregation.STOCK
    disaggregations: tuple[Disaggregation, ...] = ()
    reason: str = ""  # why the aggregation and disaggregations are what they are
    # A data element: a summed count (population, households, tonnes) that ratios and weighted means
    # are made of. No document sets a target on it; its figures exist so the indicators above it roll up.
    is_element: bool = False

    def definition_problems(self) -> list[str]:
        """What contradicts itself in how this indicator combines; empty when it is consistent.

        A ratio names its numerator and its denominator (two different data elements) and no weight;
        a weighted mean names its weight and no ratio elements; a sum or ``none`` names none of them;
        a breakdown appears at most once.
        """
        problems: list[str] = []
        named = {"numerator": self.numerator, "denominator": self.denominator, "weight": self.weight}
        wanted = {
            Aggregation.RATIO: ("numerator", "denominator"),
            Aggregation.WEIGHTED_MEAN: ("weight",),
        }.get(self.aggregation, ())
        for element in wanted:
            if not named[element]:
                problems.append(f"a {self.aggregation.value} indicator names its {element}")
        for element, value in named.items():
            if value and element not in wanted:
                problems.append(f"a {self.aggregation.value} indicator has no {element} ('{value}' given)")
        if self.aggregation is Aggregation.RATIO and self.numerator and self.numerator == self.denominator:
            problems.append(f"numerator and denominator are the same data element '{self.numerator}'")
        if len(set(self.disaggregations)) != len(self.disaggregations):
            problems.append("a disaggregation is listed twice")
        if self.is_element and self.aggregation is not Aggregation.SUM:
            problems.append(f"a data element is summed across places, not '{self.aggregation.value}'")
        return problems


@dataclass(frozen=True, slots=True)
class Target:
    """One measurable promise of a document: "tỷ lệ hộ nghèo dưới 2% đến năm 2030"."""

    doc_id: str
    key: str  # t1…tn within the document, in document order
    group: str | None
    indicator_name: str  # as written in the document
    indicator_code: str | None
    unit: str | None
    comparator: Comparator
    value: float | None
    value_text: str | None
    target_year: int | None
    kind: TargetKind = TargetKind.STATE
    scope: str | None = None
    responsible: str | None = None  # the agency as named in the document
    quote: SourceSpan | None = None
    value_text_span: SourceSpan | None = None  # where value_text sits (kept when value_text is too long)
    value_max: float | None = None  # upper bound of a "range" target ("115 - 120"); value is the lower


@dataclass(frozen=True, slots=True)
class Baseline:
    """A starting figure stated by a document; ``year`` None means not stated ("Đến nay")."""

    doc_id: str
    indicator_name: str
    value: float
    unit: str | None
    year: int | None
    quote: SourceSpan | None = None
    target_key: str | None = None  # the target it is the starting point of, when one is

    def effective_year(self, issued_on: date | None) -> tuple[int | None, bool]:
        """The year the figure refers to, and whether it was assumed.

        domain.md §2: when no year is stated, the figure refers to the year before the issue year.
        """
        if self.year is not None:
            return self.year, False
        if issued_on is None:
            return None, True
        return assumed_baseline_year(issued_on), True


def assumed_baseline_year(issued_on: date) -> int:
    """The year a baseline without a stated year refers to: the year before the document was issued
    (domain.md §2)."""
    return issued_on.year - 1


@dataclass(frozen=True, slots=True)
class ReportingDuty:
    """An obligation to report: "báo cáo UBND tỉnh (qua Sở LĐTBXH) trước ngày 15/11 hằng năm"."""

    doc_id: str
    what: str
    frequency: ReportingFrequency
    deadline: Deadline | None = None
    to: str | None = None
    via: str | None = None
    quote: SourceSpan | None = None

    @property
    def deadline_text(self) -> str | None:
        """The deadline as the annotation writes it (``15/11``, ``19h00``, ``cuối năm 2030``)."""
        return self.deadline.text if self.deadline is not None else None


@dataclass(frozen=True, slots=True)
class TaskAssignment:
    """An agency named with a role for a task of a document."""

    agency_name: str  # as written in the document
    role: AgencyRole
    agency_code: str | None = None


@dataclass(frozen=True, slots=True)
class Task:
    """A task of a document with its lead and coordinating agencies."""

    doc_id: str
    key: str
    description: str
    assignments: tuple[TaskAssignment, ...]
    quote: SourceSpan | None = None


@dataclass(frozen=True, slots=True)
class Agency:
    """A state or Party body. ``valid_to`` is the last day it existed (None: still exists)."""

    code: str
    name: str
    short_name: str | None = None
    province: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    aliases: tuple[str, ...] = ()
    note: str | None = None  # uncertain facts say "to verify"

    def exists_on(self, day: date) -> bool:
        return in_force(self.valid_from, self.valid_to, day)


@dataclass(frozen=True, slots=True)
class AgencySuccession:
    """Functions of a dissolved agency that moved to another from a date.

    ``function`` is a domain code (``poverty``, ``vocational_education`` …) or ``*`` for all the rest.
    """

    predecessor: str
    successor: str
    function: str
    effective_on: date
    legal_basis: str
    note: str | None = None  # uncertain facts say "to verify"


@dataclass(frozen=True, slots=True)
class AdministrativeUnit:
    """A province, district, commune, or a former territory kept for statistics (``area``).

    ``territory`` names the land a figure describes: a province before a merger and the area that
    continues it afterwards share it, so their figures form one series.
    """

    code: str
    name: str
    level: UnitLevel
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None  # last day
    territory: str | None = None
    official_code: str | None = None  # the statistics office's code (Quyết định 124/2004/QĐ-TTg list)
    centre: tuple[float, float] | None = None  # (latitude, longitude) of its centroid
    bounds: tuple[float, float, float, float] | None = None  # (south, west, north, east)

    def exists_on(self, day: date) -> bool:
        return in_force(self.valid_from, self.valid_to, day)


@dataclass(frozen=True, slots=True)
class UnitSuccession:
    """Units that became others on a date (Nghị quyết 202/2025/QH15 and the commune resolutions)."""

    kind: SuccessionKind
    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    effective_on: date
    legal_basis: str
    note: str | None = None  # uncertain facts say "to verify"


@dataclass(frozen=True, slots=True)
class UnitShare:
    """The part of ``predecessor`` that went into ``successor`` when a commune was divided.

    ``share`` is between 0 and 1; ``basis`` says what it measures (``area``) and ``assumed`` is true
    when it is an estimate rather than a figure from the resolution.
    """

    predecessor: str
    successor: str
    share: float
    basis: str
    assumed: bool


@dataclass(frozen=True, slots=True)
class Observation:
    """One figure for a target's indicator in one year, as the evaluator sees it."""

    year: int
    value: float | Assessment
