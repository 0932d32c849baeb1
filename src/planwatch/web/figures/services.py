"""Writes of figures. Every change of a value adds a revision (who, when, old -> new, why)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, cast

from django.contrib.auth.models import User
from django.db import connection, transaction

from planwatch.demo import DEMO_LABEL, DemoTarget, demo_series
from planwatch.domain.errors import (
    AccessDeniedError,
    DomainError,
    ImportDeniedError,
    ImportRejectedError,
    InvalidValueError,
)
from planwatch.domain.numbers import format_number
from planwatch.domain.text import normalise_name
from planwatch.domain.vocabulary import Assessment, Comparator, Direction, TargetKind, ValueState
from planwatch.intake.figures import Figure, parse_figure, parse_year
from planwatch.intake.rows import RawRow, read_rows
from planwatch.web.accounts.access import AccessScope, value_state_for_entry
from planwatch.web.catalogue.models import PolicyDocument, Target
from planwatch.web.catalogue.selectors import closest_names, document_get
from planwatch.web.figures.models import DataValue, DataValueRevision
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.geography.selectors import province_unit_for_year, unit_for_year

T = TypeVar("T")
Found = TypeVar("Found")


def comparator_for_entry(target: Target) -> Comparator:
    """How a figure of ``target`` is read: a target the catalogue classes as qualitative takes an
    assessment even when the appendix graded it as a level (219/KH-UBND t29, t43), as evaluation does."""
    if target.kind == TargetKind.QUALITATIVE.value:
        return Comparator.QUALITATIVE
    return Comparator(target.comparator)


def figure_for_target(target: Target, text: str) -> Figure:
    """``text`` (``99,5``, ``1.500``, ``đạt``) read as a figure of ``target``: the one reader of the
    file import, the API, the target page and the round form.

    Raises:
        InvalidValueError: unreadable, or impossible for the target's unit and natural limits.
    """
    indicator = target.indicator
    return parse_figure(
        text,
        comparator_for_entry(target),
        target.unit or None,
        indicator.lower_limit if indicator else None,
        indicator.upper_limit if indicator else None,
    )


def changed_meanwhile(value: DataValue | None) -> str:
    """Who set ``value`` to what, for the message refusing a stale edit: ``yte sửa thành 10``."""
    who = value.updated_by.username if value and value.updated_by else "người khác"
    shown = format_number(value.value) if value and value.value is not None else "(trống)"
    return f"vừa được {who} sửa thành {shown}"


@dataclass(frozen=True, slots=True)
class ResolvedRow:
    line: int
    target: Target
    unit: AdministrativeUnit
    year: int
    figure: Figure
    comment: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    rows: int
    created: int
    changed: int
    unchanged: int


def data_value_set(
    *,
    target: Target,
    unit: AdministrativeUnit,
    year: int,
    figure: Figure,
    state: ValueState,
    source: str,
    comment: str = "",
    reason: str = "",
    user: User | None = None,
    is_demo: bool = False,
) -> str:
    """Set the figure of (target, unit, year), keeping the old one in a revision.

    Returns ``created``, ``changed`` or ``unchanged`` (the same figure and state: no revision).
    """
    assessment = figure.assessment.value if figure.assessment else ""
    # order_by("pk"): first() would order by the model's ordering, joining target and unit for a row
    # the unique key already identifies (most of an import's time went to compiling that query).
    current = (
        DataValue.objects.select_for_update()
        .filter(target=target, unit=unit, year=year)
        .order_by("pk")
        .first()
    )
    if current is None:
        current = DataValue.objects.create(
            target=target,
            unit=unit,
            year=year,
            value=figure.value,
            assessment=assessment,
            state=state.value,
            comment=comment,
            is_demo=is_demo,
            updated_by=user if user and user.pk else None,
        )
        _revise(current, None, source=source, reason=reason or comment, user=user)
        return "created"
    if (current.value, current.assessment, current.state, current.comment, current.is_demo) == (
        figure.value,
        assessment,
        state.value,
        comment,
        is_demo,
    ):
        return "unchanged"
    before = (current.value, current.assessment, current.state)
    current.value, current.assessment, current.state = figure.value, assessment, state.value
    current.comment, current.is_demo, current.version = comment, is_demo, current.version + 1
    current.updated_by = user if user and user.pk else None
    current.save()
    _revise(current, before, source=source, reason=reason or comment, user=user)
    return "changed"


def _revise(
    value: DataValue,
    before: tuple[float | None, str, str] | None,
    *,
    source: str,
    reason: str,
    user: User | None,
) -> None:
    old_value, old_assessment, old_state = before if before else (None, "", "")
    DataValueRevision.objects.create(
        data_value=value,
        changed_by=user if user and user.pk else None,
        source=source,
        old_value=old_value,
        new_value=value.value,
        old_assessment=old_assessment,
        new_assessment=value.assessment,
        old_state=old_state,
        new_state=value.state,
        reason=reason,
    )


def values_import(
    *, path: Path, state: ValueState = ValueState.APPROVED, user: User | None = None
) -> ImportResult:
    """Import a CSV/XLSX values file: every row is checked before any is written, and one bad row
    writes nothing (the CLI: no scope, every row allowed). A large file is written in chunks
    (``write_chunks``).

    Raises:
        UnreadableFileError: the file itself cannot be read.
        ImportRejectedError: at least one bad row; lists every bad row with its line and reason.
    """
    return values_import_rows(rows=read_rows(path), source=f"import {path.name}", state=state, user=user)


def values_import_rows(
    *,
    rows: Sequence[RawRow],
    source: str,
    state: ValueState | None = None,
    user: User | None = None,
    scope: AccessScope | None = None,
    rejected: Sequence[tuple[int, str]] = (),
) -> ImportResult:
    """Check every row against the catalogue and the user's rights, then write all of them or none
    (beyond ``ATOMIC_ROWS`` rows, all of them in chunks: ``write_chunks``).

    The one row pipeline of file imports and the API.

    Args:
        rows: the rows as text; ``line`` numbers them in messages and in the revisions' source.
        source: where the rows come from (``import values.csv``, ``API``); each revision records
            ``{source}, dòng {line}``.
        state: the state written; None lets ``value_state_for_entry`` choose for each row.
        user: who writes (recorded on the value and its revisions).
        scope: the rights that bound the rows; None (the CLI) allows every row.
        rejected: rows the caller already found unreadable, listed with the others.

    Raises:
        AccessDeniedError: the scope may enter no figure at all (a viewer, a user without a role).
        ImportDeniedError: at least one row outside the scope; lists it with every bad row.
        ImportRejectedError: at least one bad row; lists every bad row with its line and reason.
    """
    if scope is not None:
        scope.require_enter_figures()
    resolver = _RowResolver()
    resolved: list[ResolvedRow] = []
    problems: list[tuple[int, str]] = list(rejected)
    denied: list[tuple[int, str]] = []
    seen: dict[tuple[int, int, int], int] = {}
    for raw in rows:
        try:
            row = resolver.resolve(raw)
        except DomainError as error:
            problems.append((raw.line, str(error)))
            continue
        key = (row.target.pk, row.unit.pk, row.year)
        if key in seen:
            problems.append((raw.line, f"trùng với dòng {seen[key]} (cùng chỉ tiêu, địa bàn và năm)"))
            continue
        seen[key] = raw.line
        if scope is not None:
            try:
                scope.require_enter(row.target, row.unit)
            except AccessDeniedError as error:
                denied.append((raw.line, str(error)))
                continue
        resolved.append(row)
    if denied:
        raise ImportDeniedError(sorted(denied + problems))
    if problems:
        raise ImportRejectedError(sorted(problems))
    outcomes = {"created": 0, "changed": 0, "unchanged": 0}
    for chunk in write_chunks(resolved):
        with transaction.atomic():
            for row in chunk:
                outcome = data_value_set(
                    target=row.target,
                    unit=row.unit,
                    year=row.year,
                    figure=row.figure,
                    state=state or value_state_for_entry(scope, row.target, row.unit, row.year),
                    source=f"{source}, dòng {row.line}",
                    comment=row.comment,
                    user=user,
                )
                outcomes[outcome] += 1
    return ImportResult(rows=len(resolved), **outcomes)


# Up to ATOMIC_ROWS rows (every API request, every usual file) are written in one transaction. A larger
# file, every row of it already checked, is written CHUNK_ROWS at a time, each chunk its own transaction,
# with a pause between chunks on SQLite: its one write lock is then never held for more than a moment,
# and the writes of other people (a form, the API) get their turn instead of waiting for the whole import
# (and answering 503 after the database's timeout). A crash half-way leaves the chunks written; the same
# file imported again writes the rest (a row already there is unchanged).
ATOMIC_ROWS = 5_000
CHUNK_ROWS = 1_000
CHUNK_PAUSE_SECONDS = 0.15  # longer than SQLite's longest wait between two tries for the lock (0.1 s)


def write_chunks(rows: Sequence[T]) -> Iterator[Sequence[T]]:
    """``rows`` whole when small, else in chunks (pausing between them on SQLite), each written in one
    transaction by the caller."""
    if len(rows) <= ATOMIC_ROWS:
        yield rows
        return
    for start in range(0, len(rows), CHUNK_ROWS):
        if start and connection.vendor == "sqlite":
            time.sleep(CHUNK_PAUSE_SECONDS)
        yield rows[start : start + CHUNK_ROWS]


class _RowResolver:
    """Matches the text of a row to the catalogue, caching documents and their targets."""

    def __init__(self) -> None:
        self._documents: dict[str, PolicyDocument] = {}
        self._targets: dict[int, list[Target]] = {}
        self._found: dict[tuple[object, ...], object] = {}

    def resolve(self, raw: RawRow) -> ResolvedRow:
        if not raw.document:
            raise InvalidValueError("thiếu cột document (số hiệu hoặc mã văn bản)")
        document = self._document(raw.document)
        target = self._remembered(
            ("target", document.pk, raw.indicator, raw.scope),
            lambda: self._target(document, raw.indicator, raw.scope),
        )
        year = parse_year(raw.year)
        unit = (
            self._remembered(("unit", raw.unit_area, year), lambda: unit_for_year(raw.unit_area, year))
            if raw.unit_area
            else self._home_unit(document, year)
        )
        figure = figure_for_target(target, raw.value)
        return ResolvedRow(
            line=raw.line, target=target, unit=unit, year=year, figure=figure, comment=raw.comment
        )

    def _document(self, reference: str) -> PolicyDocument:
        if reference not in self._documents:
            self._documents[reference] = document_get(reference)
        return self._documents[reference]

    def _remembered(self, key: tuple[object, ...], find: Callable[[], Found]) -> Found:
        """``find()`` once per key of a file: the same indicator or unit name comes back on thousands of
        rows, and matching it reads every target of the document or every unit (a file of 100,000 rows
        took minutes to be checked). A refusal is remembered too, and raised anew for each row."""
        if key not in self._found:
            try:
                self._found[key] = find()
            except DomainError as error:
                self._found[key] = error
        found = self._found[key]
        if isinstance(found, DomainError):
            raise type(found)(str(found))
        return cast(Found, found)

    def _home_unit(self, document: PolicyDocument, year: int) -> AdministrativeUnit:
        if not document.province:
            raise InvalidValueError(f"văn bản {document} không gắn với tỉnh nào: hãy ghi cột unit_area")
        return province_unit_for_year(document.province, year)

    def _target(self, document: PolicyDocument, indicator: str, scope: str) -> Target:
        if not indicator:
            raise InvalidValueError("thiếu cột indicator (tên chỉ tiêu)")
        if document.pk not in self._targets:
            self._targets[document.pk] = list(
                document.targets.select_related("indicator").order_by("position")
            )
        targets = self._targets[document.pk]
        wanted = normalise_name(indicator)
        named = [
            t
            for t in targets
            if wanted
            in (normalise_name(t.indicator_name), normalise_name(t.indicator.name) if t.indicator else "")
        ]
        if not named:
            close = closest_names(indicator, [t.indicator_name for t in targets])
            hint = "; gần nhất: " + " | ".join(f"'{c}'" for c in close) if close else ""
            raise InvalidValueError(f"văn bản {document} không có chỉ tiêu '{indicator}'{hint}")
        scoped = [t for t in named if normalise_name(t.scope) == normalise_name(scope)]
        if not scoped:
            scopes = ", ".join(f"'{t.scope}'" if t.scope else "(trống)" for t in named)
            raise InvalidValueError(
                f"chỉ tiêu '{indicator}' không có phạm vi '{scope}'; các phạm vi: {scopes}"
            )
        if len(scoped) > 1:
            keys = ", ".join(
                f"{t.key} ({t.group or 'không nhóm'}, {t.target_year or 'không năm'})" for t in scoped
            )
            raise InvalidValueError(f"tên chỉ tiêu '{indicator}' khớp nhiều mục tiêu: {keys}")
        return scoped[0]


@transaction.atomic
def demo_figures_load() -> ImportResult:
    """Write the illustrative figures of planwatch.demo for every target, in its province's territory.

    2023 and 2024 go to the province as it stood; from 2025 (after the 01/7/2025 merger) to the area
    that continues it. Idempotent: a second run changes nothing.
    """
    outcomes = {"created": 0, "changed": 0, "unchanged": 0}
    targets = Target.objects.filter(document__is_stub=False).select_related("document", "indicator")
    for target in targets:
        if not target.document.province:
            continue
        indicator = target.indicator
        series = demo_series(
            DemoTarget(
                identity=f"{target.document.doc_id}/{target.key}",
                comparator=Comparator(target.comparator),
                value=target.value,
                target_year=target.target_year,
                kind=TargetKind(target.kind),
                unit=target.unit or None,
                direction=Direction(indicator.direction) if indicator else Direction.UNKNOWN,
                upper_limit=indicator.upper_limit if indicator else None,
            )
        )
        for observation in series:
            is_assessment = isinstance(observation.value, Assessment)
            figure = Figure(
                value=None if is_assessment else float(observation.value),
                assessment=observation.value if isinstance(observation.value, Assessment) else None,
            )
            outcome = data_value_set(
                target=target,
                unit=province_unit_for_year(target.document.province, observation.year),
                year=observation.year,
                figure=figure,
                state=ValueState.APPROVED,
                source=DEMO_LABEL,
                comment=DEMO_LABEL,
                is_demo=True,
            )
            outcomes[outcome] += 1
    return ImportResult(rows=sum(outcomes.values()), **outcomes)
