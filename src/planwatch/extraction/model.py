"""What the extractor proposes for review: one dataclass per item, serialised in the gold's shape.

``to_json`` gives exactly the per-file shape of the gold annotation (shared/gold/README.md), so that an
extraction can be scored, edited by hand and loaded back (``planwatch load``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ExtractedTarget:
    """One measurable statement: "tỷ lệ hộ nghèo dưới 2%" by 2030."""

    id: str
    group: str | None
    indicator: str
    unit: str | None
    comparator: str
    value: float | None
    value_text: str | None
    target_year: int | None
    scope: str | None
    responsible: str | None
    quote: str
    value_max: float | None = None  # upper bound of a range ("25-30%": value 25, value_max 30)
    frequency: str | None = None  # "annual" for a yearly target ("mỗi năm", "hằng năm")
    confidence: float | None = None  # 0-1: how sure the extractor is that this is one of the plan's targets
    reason: str | None = None  # why it was kept, in a few words (a reviewer checks doubtful ones first)

    def to_json(self) -> JsonDict:
        data: JsonDict = {
            "id": self.id,
            "group": self.group,
            "indicator": self.indicator,
            "unit": self.unit,
            "comparator": self.comparator,
            "value": _json_number(self.value),
            "value_text": self.value_text,
            "target_year": self.target_year,
            "scope": self.scope,
            "responsible": self.responsible,
            "quote": self.quote,
        }
        if self.value_max is not None:
            data["value_max"] = _json_number(self.value_max)
        if self.frequency is not None:
            data["frequency"] = self.frequency
        if self.confidence is not None:
            data["confidence"] = round(self.confidence, 2)
        if self.reason is not None:
            data["reason"] = self.reason
        return data


@dataclass(frozen=True, slots=True)
class ExtractedBaseline:
    """A starting figure: "tỷ lệ hộ nghèo đến hết năm 2023 giảm còn 1,28%" (year None: not stated)."""

    indicator: str
    value: float
    unit: str | None
    year: int | None
    quote: str

    def to_json(self) -> JsonDict:
        return {
            "indicator": self.indicator,
            "value": _json_number(self.value),
            "unit": self.unit,
            "year": self.year,
            "quote": self.quote,
        }


@dataclass(frozen=True, slots=True)
class ExtractedDuty:
    """A report-to obligation: "báo cáo hằng năm (trước ngày 20/12) về UBND tỉnh"."""

    what: str
    deadline: str | None  # Deadline.text: "15/11", "19h00", "31/12/2025", "cuối năm 2030", …
    frequency: str  # ReportingFrequency value
    to: str | None
    via: str | None
    quote: str

    def to_json(self) -> JsonDict:
        return {
            "what": self.what,
            "deadline": self.deadline,
            "frequency": self.frequency,
            "to": self.to,
            "via": self.via,
            "quote": self.quote,
        }


@dataclass(frozen=True, slots=True)
class ExtractedAgency:
    """An agency with its role for a task: "Sở Nội vụ chủ trì, phối hợp với …"."""

    agency: str
    role: str  # AgencyRole value
    task: str
    quote: str

    def to_json(self) -> JsonDict:
        return {"agency": self.agency, "role": self.role, "for": self.task, "quote": self.quote}


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """One policy document found in a file, with everything proposed for it."""

    doc_id: str
    number: str | None
    kind: str | None
    issuer: str | None
    province: str | None
    issued: str | None  # ISO date
    implements: tuple[str, ...]
    title: str | None
    targets: tuple[ExtractedTarget, ...] = ()
    baselines: tuple[ExtractedBaseline, ...] = ()
    reporting: tuple[ExtractedDuty, ...] = ()
    lead_agencies: tuple[ExtractedAgency, ...] = ()

    def to_json(self) -> JsonDict:
        return {
            "doc_id": self.doc_id,
            "number": self.number,
            "kind": self.kind,
            "issuer": self.issuer,
            "province": self.province,
            "issued": self.issued,
            "implements": list(self.implements),
            "title": self.title,
            "targets": [t.to_json() for t in self.targets],
            "baselines": [b.to_json() for b in self.baselines],
            "reporting": [r.to_json() for r in self.reporting],
            "lead_agencies": [a.to_json() for a in self.lead_agencies],
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything proposed for one source file."""

    source_file: str
    documents: tuple[ExtractedDocument, ...] = field(default_factory=tuple)
    # Why no target was found, one sentence (None when there is one); not part of the gold's shape.
    no_target_reason: str | None = None

    def to_json(self) -> JsonDict:
        """The gold's per-file shape: ``{"source_file", "documents": [...]}``."""
        return {"source_file": self.source_file, "documents": [d.to_json() for d in self.documents]}


def _json_number(value: float | None) -> float | int | None:
    """Whole numbers as ints (``100`` not ``100.0``), like the gold."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
