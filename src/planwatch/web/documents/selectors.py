"""Reads for the document pages: the cascade as nested nodes, and one document with its targets,
duties, tasks and children."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from planwatch.domain import model as domain
from planwatch.web.agencies.selectors import MonitorResolver
from planwatch.web.catalogue.models import PolicyDocument, ReportingDuty, Target, Task
from planwatch.web.catalogue.selectors import document_tree, target_list_for_document
from planwatch.web.figures.selectors import EvaluationRow, evaluation_rows_cached


@dataclass
class DocumentNode:
    document: PolicyDocument
    children: list[DocumentNode] = field(default_factory=list)


def document_forest() -> list[DocumentNode]:
    """The cascade (resolution → Government programme → provincial programme → plan) as nested nodes."""
    roots: list[DocumentNode] = []
    stack: list[DocumentNode] = []
    for depth, document in document_tree():
        node = DocumentNode(document)
        del stack[depth:]
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


@dataclass(frozen=True, slots=True)
class TargetLine:
    target: Target
    rows: list[EvaluationRow]
    monitor_now: domain.Agency | None

    @property
    def display_rows(self) -> list[EvaluationRow | None]:
        """One table row per territory; a single empty one for a target not yet evaluated."""
        return list(self.rows) or [None]


@dataclass(frozen=True, slots=True)
class AssignmentLine:
    name: str
    role: str
    agency_now: domain.Agency | None


@dataclass(frozen=True, slots=True)
class DocumentPage:
    document: PolicyDocument
    parents: list[PolicyDocument]
    children: list[PolicyDocument]
    groups: list[tuple[str, list[TargetLine]]]
    duties: list[ReportingDuty]
    tasks: list[tuple[Task, list[AssignmentLine]]]
    coordinator_now: domain.Agency | None
    has_demo: bool


def document_page(document: PolicyDocument, *, today: date, as_of: int | None = None) -> DocumentPage:
    resolver = MonitorResolver.load()
    rows_by_key: dict[str, list[EvaluationRow]] = {}
    for row in evaluation_rows_cached(document, as_of) if not document.is_stub else []:
        rows_by_key.setdefault(row.target, []).append(row)
    groups: list[tuple[str, list[TargetLine]]] = []
    for target in target_list_for_document(document):
        line = TargetLine(target, rows_by_key.get(target.key, []), resolver.monitor_on(target, today))
        if not groups or groups[-1][0] != target.group:
            groups.append((target.group, []))
        groups[-1][1].append(line)
    tasks = [
        (
            task,
            [
                AssignmentLine(
                    name=a.agency_name,
                    role=a.role,
                    agency_now=resolver.agency_now(a.agency.code, today) if a.agency else None,
                )
                for a in task.assignments.all()
            ],
        )
        for task in document.tasks.prefetch_related("assignments__agency").order_by("position")
    ]
    return DocumentPage(
        document=document,
        parents=[link.parent for link in document.parent_links.select_related("parent").order_by("position")],
        children=list(document.children.order_by("issued_on", "doc_id")),
        groups=groups,
        duties=list(document.reporting_duties.order_by("position")),
        tasks=tasks,
        coordinator_now=resolver.coordinator_on(document, today),
        has_demo=any(r.is_demo for rows in rows_by_key.values() for r in rows),
    )
