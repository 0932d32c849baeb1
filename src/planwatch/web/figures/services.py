"""Writes of figures: the observation store (docs/observations.md). Every change of a value adds a
revision (who, when, old -> new, why); a change of an approved figure by someone who does not approve
waits for the coordinator as a proposed change."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from planwatch.demo import DEMO_LABEL, DemoTarget, demo_series
from planwatch.domain.errors import (
    AccessDeniedError,
    DomainError,
    ImportDeniedError,
    ImportRejectedError,
    InvalidValueError,
    StaleEditError,
)
from planwatch.domain.numbers import format_number, is_ascii_digits
from planwatch.domain.periods import Period, parse_period, parse_year
from planwatch.domain.series import disaggregation_for_scope
from planwatch.domain.text import echoed, normalise_name
from planwatch.domain.vocabulary import (
    Assessment,
    ChangeState,
    Comparator,
    Direction,
    ObservationKind,
    ObservationSource,
    TargetKind,
    UserRole,
    ValueState,
)
from planwatch.intake.figures import Figure, parse_figure
from planwatch.intake.rows import RawRow, read_rows
from planwatch.web.accounts.access import AccessScope
from planwatch.web.accounts.models import UserProfile
from planwatch.web.agencies.selectors import MonitorResolver
from planwatch.web.catalogue.models import Indicator, PolicyDocument, Target
from planwatch.web.catalogue.selectors import closest_names, document_get
from planwatch.web.figures.models import Observation, ObservationRevision, ProposedChange
from planwatch.web.figures.workflow import EntryStates
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.geography.selectors import UnitIndex, province_unit_for_year, unit_for_period, unit_index


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


def changed_meanwhile(value: Observation | None) -> str:
    """Who set ``value`` to what, for the message refusing a stale edit: ``yte sửa thành 10``."""
    who = value.updated_by.username if value and value.updated_by else "người khác"
    shown = format_number(value.value) if value and value.value is not None else "(trống)"
    return f"vừa được {who} sửa thành {shown}"


@dataclass(frozen=True, slots=True)
class SeriesKey:
    """The series a target reads: its indicator and the disaggregation its scope names."""

    indicator_id: int
    disaggregation: str

    def filter(self, prefix: str = "") -> dict[str, object]:
        """Keyword arguments selecting this series' observations (``prefix`` for a related lookup)."""
        return {f"{prefix}indicator_id": self.indicator_id, f"{prefix}disaggregation": self.disaggregation}


def series_of(target: Target) -> SeriesKey:
    """The series ``target`` reads.

    Raises:
        InvalidValueError: the target has no indicator yet (a document still under review).
    """
    if target.indicator_id is None:
        raise InvalidValueError(f"mục tiêu {target.key} chưa gắn với chỉ tiêu nào nên chưa nhận số liệu")
    return SeriesKey(target.indicator_id, target.disaggregation)


def observations_of(target: Target) -> QuerySet[Observation]:
    """Every observation ``target`` reads (none when it has no indicator)."""
    if target.indicator_id is None:
        return Observation.objects.none()
    return Observation.objects.filter(**series_of(target).filter())


def observation_get(target: Target, unit: AdministrativeUnit, period: Period) -> Observation | None:
    return observations_of(target).filter(unit=unit, period=period.code).first()


@dataclass(frozen=True, slots=True)
class ObservationWrite:
    """One figure to write: what it is about, what it says, and where it came from."""

    series: SeriesKey
    unit: AdministrativeUnit
    period: Period
    figure: Figure
    state: ValueState
    source: ObservationSource
    source_detail: str
    kind: ObservationKind = ObservationKind.OFFICIAL
    comment: str = ""
    reason: str = ""
    target_key: str = ""
    is_demo: bool = False
    expected_version: int | None = None
    # A reporting round reviews its senders' figures itself (decision 0004): its writes and state
    # moves replace an approved figure without a proposed change.
    through_round: bool = False


@dataclass(frozen=True, slots=True)
class ResolvedRow:
    line: int
    target: Target | None
    write: ObservationWrite


@dataclass(frozen=True, slots=True)
class ImportResult:
    rows: int
    created: int
    changed: int
    unchanged: int
    proposed: int = 0


def _key(write: ObservationWrite) -> tuple[int, str, int, str]:
    return (write.series.indicator_id, write.series.disaggregation, write.unit.pk, write.period.code)


def observation_set(write: ObservationWrite, *, user: User | None = None) -> str:
    """Write one figure, keeping the old one in a revision: ``created``, ``changed``, ``unchanged``
    or ``proposed`` (a change of an approved figure by someone who does not approve: it waits for the
    coordinator, and the approved figure keeps counting)."""
    return observations_write([write], user=user)[0]


def observations_write(writes: Sequence[ObservationWrite], *, user: User | None = None) -> list[str]:
    """Write many figures in one transaction with a bounded number of queries (existing observations
    are read in chunks, new ones and revisions created in bulk).

    Rules (docs/observations.md): a stale ``expected_version`` is refused; an estimate never replaces
    an approved official figure; a non-approving writer's change of an approved figure becomes a
    proposed change.

    Raises:
        StaleEditError: a figure changed after the writer read it (its version differs).
        InvalidValueError: an estimate written over an approved official figure.
    """
    by_user = user if user and user.pk else None
    with transaction.atomic():
        current = _current_observations(writes)
        outcomes: list[str] = []
        created: list[tuple[Observation, ObservationWrite]] = []
        changed: list[tuple[Observation, ObservationWrite, tuple[float | None, str, str, str]]] = []
        proposals: list[tuple[Observation, ObservationWrite]] = []
        for write in writes:
            existing = current.get(_key(write))
            _check_version(write, existing)
            assessment = write.figure.assessment.value if write.figure.assessment else ""
            if existing is None:
                observation = Observation(
                    indicator_id=write.series.indicator_id,
                    disaggregation=write.series.disaggregation,
                    unit=write.unit,
                    period=write.period.code,
                    period_type=write.period.type.value,
                    year=write.period.year,
                    period_start=write.period.start,
                    period_end=write.period.end,
                    value=write.figure.value,
                    assessment=assessment,
                    kind=write.kind.value,
                    source=write.source.value,
                    state=write.state.value,
                    comment=write.comment,
                    is_demo=write.is_demo,
                    updated_by=by_user,
                )
                current[_key(write)] = observation
                created.append((observation, write))
                outcomes.append("created")
                continue
            outcome = _apply(existing, write, assessment, by_user, changed, proposals)
            outcomes.append(outcome)
        _insert_observations([o for o, _ in created])
        if changed:
            Observation.objects.bulk_update(
                list({id(o): o for o, _, _ in changed}.values()), _CHANGED_FIELDS, batch_size=500
            )
        revisions = [_revision(o, w, None, by_user) for o, w in created]
        revisions += [_revision(o, w, before, by_user) for o, w, before in changed]
        _insert_revisions(revisions)
        if proposals:
            _propose(proposals, by_user)
    return outcomes


# Columns written by the bulk insert of new observations and revisions (everything but the id).
_OBSERVATION_COLUMNS = (
    "created_at",
    "updated_at",
    "indicator_id",
    "disaggregation",
    "unit_id",
    "period",
    "period_type",
    "year",
    "period_start",
    "period_end",
    "value",
    "assessment",
    "kind",
    "source",
    "state",
    "comment",
    "is_demo",
    "version",
    "updated_by_id",
)
# What a change of a stored observation may alter (the key stays).
_CHANGED_FIELDS = (
    *("value", "assessment", "kind", "source", "state", "comment", "is_demo"),
    *("version", "updated_by", "updated_at"),
)
_REVISION_COLUMNS = (
    "observation_id",
    "changed_at",
    "changed_by_id",
    "source",
    "target_key",
    "old_value",
    "new_value",
    "old_assessment",
    "new_assessment",
    "old_state",
    "new_state",
    "old_kind",
    "new_kind",
    "reason",
)


def _insert(table: str, columns: Sequence[str], rows: list[tuple[object, ...]]) -> None:
    """Plain ``INSERT … VALUES`` in batches of prepared tuples: the ORM's bulk_create spends most of a
    large import preparing each field of each object again (bench/bench_values.py)."""
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start : start + 2000])  # type: ignore[arg-type]


def _insert_observations(observations: list[Observation]) -> None:
    """Insert new observations and set their ids (read back by key: one query per indicator and
    chunk of periods, as they were looked for)."""
    if not observations:
        return
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    day = connection.ops.adapt_datefield_value
    rows: list[tuple[object, ...]] = []
    for o in observations:
        o.created_at = o.updated_at = now
        rows.append(
            (
                stamp,
                stamp,
                o.indicator_id,
                o.disaggregation,
                o.unit_id,
                o.period,
                o.period_type,
                o.year,
                day(o.period_start),
                day(o.period_end),
                o.value,
                o.assessment,
                o.kind,
                o.source,
                o.state,
                o.comment,
                o.is_demo,
                o.version,
                o.updated_by_id,
            )
        )
    _insert(Observation._meta.db_table, _OBSERVATION_COLUMNS, rows)
    keys: dict[tuple[int, str, int, str], Observation] = {
        (o.indicator_id, o.disaggregation, o.unit_id, o.period): o for o in observations
    }
    for key, pk in _observation_ids(keys).items():
        keys[key].pk = pk
        keys[key]._state.adding = False


def _observation_ids(
    keys: dict[tuple[int, str, int, str], Observation],
) -> dict[tuple[int, str, int, str], int]:
    wanted: dict[int, set[str]] = defaultdict(set)
    for indicator_id, _, _, period in keys:
        wanted[indicator_id].add(period)
    found: dict[tuple[int, str, int, str], int] = {}
    for indicator_id, periods in wanted.items():
        ordered = sorted(periods)
        for start in range(0, len(ordered), 500):
            rows = Observation.objects.filter(
                indicator_id=indicator_id, period__in=ordered[start : start + 500]
            ).values_list("indicator_id", "disaggregation", "unit_id", "period", "id")
            for indicator, disaggregation, unit_id, period, pk in rows:
                if (indicator, disaggregation, unit_id, period) in keys:
                    found[(indicator, disaggregation, unit_id, period)] = pk
    return found


def _insert_revisions(revisions: list[tuple[object, ...]]) -> None:
    """Insert revision rows (``_revision``), all stamped now."""
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    _insert(ObservationRevision._meta.db_table, _REVISION_COLUMNS, [(r[0], stamp, *r[1:]) for r in revisions])


def _current_observations(writes: Sequence[ObservationWrite]) -> dict[tuple[int, str, int, str], Observation]:
    """The stored observations the writes address, locked for the transaction, read per indicator."""
    wanted: dict[int, set[tuple[int, str, int, str]]] = defaultdict(set)
    for write in writes:
        wanted[write.series.indicator_id].add(_key(write))
    found: dict[tuple[int, str, int, str], Observation] = {}
    for indicator_id, keys in wanted.items():
        periods = sorted({k[3] for k in keys})
        units = sorted({k[2] for k in keys})
        for start in range(0, len(periods), 200):
            chunk = periods[start : start + 200]
            rows = (
                Observation.objects.select_for_update(of=("self",))
                .select_related("updated_by")
                .filter(indicator_id=indicator_id, period__in=chunk)
            )
            if len(units) <= 200:
                rows = rows.filter(unit_id__in=units)
            for row in rows:
                key = (row.indicator_id, row.disaggregation, row.unit_id, row.period)
                if key in keys:
                    found[key] = row
    return found


def _check_version(write: ObservationWrite, existing: Observation | None) -> None:
    if write.expected_version is None:
        return
    if (existing.version if existing and existing.pk else 0) != write.expected_version:
        raise StaleEditError(
            f"Số liệu {write.period.label} của {write.unit.name} {changed_meanwhile(existing)} sau khi bạn "
            "đọc nó; bản của bạn chưa được lưu. Hãy đọc lại và gửi lại nếu vẫn cần sửa."
        )


def _apply(
    existing: Observation,
    write: ObservationWrite,
    assessment: str,
    by_user: User | None,
    changed: list[tuple[Observation, ObservationWrite, tuple[float | None, str, str, str]]],
    proposals: list[tuple[Observation, ObservationWrite]],
) -> str:
    same_figure = (existing.value, existing.assessment) == (write.figure.value, assessment)
    approved = existing.state == ValueState.APPROVED.value
    if approved and write.state is not ValueState.APPROVED and not write.through_round:
        if same_figure and existing.kind == write.kind.value:
            return "unchanged"
        proposals.append((existing, write))
        return "proposed"
    if approved and ObservationKind(existing.kind).rank > write.kind.rank:
        raise InvalidValueError(
            f"{write.unit.name}, {write.period.label}: đã có số liệu "
            f"{ObservationKind(existing.kind).label.lower()} được duyệt; số "
            f"{write.kind.label.lower()} không thay thế được nó"
        )
    if same_figure and (existing.state, existing.kind, existing.comment, existing.is_demo) == (
        write.state.value,
        write.kind.value,
        write.comment,
        write.is_demo,
    ):
        return "unchanged"
    before = (existing.value, existing.assessment, existing.state, existing.kind)
    existing.value, existing.assessment = write.figure.value, assessment
    existing.state, existing.kind, existing.source = write.state.value, write.kind.value, write.source.value
    existing.comment, existing.is_demo, existing.version = write.comment, write.is_demo, existing.version + 1
    existing.updated_by = by_user
    existing.updated_at = timezone.now()
    changed.append((existing, write, before))
    return "changed"


def _revision(
    observation: Observation,
    write: ObservationWrite,
    before: tuple[float | None, str, str, str] | None,
    by_user: User | None,
) -> tuple[object, ...]:
    """The row of one change, in ``_REVISION_COLUMNS`` order without ``changed_at``."""
    old_value, old_assessment, old_state, old_kind = before if before else (None, "", "", "")
    return (
        observation.pk,
        by_user.pk if by_user else None,
        write.source_detail,
        write.target_key,
        old_value,
        observation.value,
        old_assessment,
        observation.assessment,
        old_state,
        observation.state,
        old_kind,
        observation.kind,
        write.reason or write.comment,
    )


def _propose(proposals: list[tuple[Observation, ObservationWrite]], by_user: User | None) -> None:
    """Record (or replace) the pending change of each approved observation and tell its coordinators."""
    for observation, write in proposals:
        ProposedChange.objects.filter(observation=observation, state=ChangeState.PENDING.value).update(
            state=ChangeState.REJECTED.value,
            decided_at=timezone.now(),
            decision_reason="thay bằng đề nghị mới hơn",
        )
        ProposedChange.objects.create(
            observation=observation,
            value=write.figure.value,
            assessment=write.figure.assessment.value if write.figure.assessment else "",
            kind=write.kind.value,
            comment=write.comment,
            source=write.source_detail,
            target_key=write.target_key,
            proposed_by=by_user,
        )
    _notify_coordinators(proposals, by_user)


def _notify_coordinators(proposals: list[tuple[Observation, ObservationWrite]], by_user: User | None) -> None:
    from planwatch.web.rounds.models import Notification  # the rounds app keeps notifications

    documents = PolicyDocument.objects.filter(
        targets__indicator_id__in={o.indicator_id for o, _ in proposals}
    ).distinct()
    resolver = MonitorResolver.load()
    today = timezone.localdate()
    codes = {a.code for d in documents if (a := resolver.coordinator_on(d, today)) is not None}
    users = UserProfile.objects.filter(
        user__is_active=True, role=UserRole.COORDINATOR.value, agency__code__in=codes
    ).values_list("user_id", flat=True)
    who = by_user.username if by_user else "người khác"
    for observation, write in proposals:
        text = (
            f"{who} đề nghị sửa số liệu đã duyệt của '{observation.indicator.name}' ({write.unit.name}, "
            f"{write.period.label}) thành {_shown(write.figure)}; số đã duyệt vẫn được tính cho đến khi "
            "anh/chị duyệt thay đổi."
        )
        Notification.objects.bulk_create([Notification(user_id=u, text=text) for u in users])


def _shown(figure: Figure) -> str:
    if figure.assessment is not None:
        return figure.assessment.label
    return format_number(figure.value) if figure.value is not None else "(trống)"


@transaction.atomic
def proposed_change_decide(
    *, scope: AccessScope, user: User, change: ProposedChange, accept: bool, reason: str = ""
) -> ProposedChange:
    """The coordinator accepts (the figure changes, as a revision) or refuses a proposed change.

    Raises:
        AccessDeniedError: the user coordinates no document that reads this figure.
        InvalidValueError: the change was already decided, or a refusal without a reason.
    """
    change = (
        ProposedChange.objects.select_for_update(of=("self",))
        .select_related("observation__unit", "observation__indicator")
        .get(pk=change.pk)
    )
    if change.state != ChangeState.PENDING.value:
        raise InvalidValueError("đề nghị này đã được quyết định")
    observation = change.observation
    documents = PolicyDocument.objects.filter(targets__indicator_id=observation.indicator_id).distinct()
    if not any(scope.coordinates(d) for d in documents):
        raise AccessDeniedError("chỉ cơ quan đầu mối của văn bản dùng số liệu này mới duyệt được thay đổi")
    if not accept and not reason.strip():
        raise InvalidValueError("hãy ghi lý do không chấp nhận")
    change.state = (ChangeState.ACCEPTED if accept else ChangeState.REJECTED).value
    change.decided_by, change.decided_at, change.decision_reason = user, timezone.now(), reason.strip()
    change.save()
    if accept:
        observations_write(
            [
                ObservationWrite(
                    series=SeriesKey(observation.indicator_id, observation.disaggregation),
                    unit=observation.unit,
                    period=period_of(observation),
                    figure=Figure(
                        value=change.value,
                        assessment=Assessment(change.assessment) if change.assessment else None,
                    ),
                    state=ValueState.APPROVED,
                    source=ObservationSource(observation.source),
                    source_detail=f"{change.source}; duyệt thay đổi",
                    kind=ObservationKind(change.kind),
                    comment=change.comment,
                    reason=reason or change.comment,
                    target_key=change.target_key,
                )
            ],
            user=user,
        )
    return change


def period_of(observation: Observation) -> Period:
    return parse_period(observation.period)


def values_import(
    *, path: Path, state: ValueState = ValueState.APPROVED, user: User | None = None
) -> ImportResult:
    """Import a CSV/XLSX values file: every row or none (the CLI: no scope, every row allowed).

    Raises:
        UnreadableFileError: the file itself cannot be read.
        ImportRejectedError: at least one bad row; lists every bad row with its line and reason.
    """
    return values_import_rows(
        rows=read_rows(path),
        source=f"import {path.name}",
        origin=ObservationSource.FILE,
        state=state,
        user=user,
    )


def values_import_rows(
    *,
    rows: Sequence[RawRow],
    source: str,
    origin: ObservationSource,
    state: ValueState | None = None,
    user: User | None = None,
    scope: AccessScope | None = None,
    rejected: Sequence[tuple[int, str]] = (),
) -> ImportResult:
    """Check every row against the catalogue and the user's rights, then write all of them or none.

    The one row pipeline of file imports and the API.

    Args:
        rows: the rows as text; ``line`` numbers them in messages and in the revisions' source.
        source: where the rows come from (``import values.csv``, ``API``); each revision records
            ``{source}, dòng {line}``.
        origin: the kind of source recorded on each observation (a file, the API).
        state: the state written; None lets ``value_state_for_entry`` choose for each row.
        user: who writes (recorded on the value and its revisions).
        scope: the rights that bound the rows; None (the CLI) allows every row.
        rejected: rows the caller already found unreadable, listed with the others.

    Raises:
        AccessDeniedError: the scope may enter no figure at all (a viewer, a user without a role).
        ImportDeniedError: at least one row outside the scope; lists it with every bad row.
        ImportRejectedError: at least one bad row; lists every bad row with its line and reason.
        StaleEditError: a row's version is not the stored one.
    """
    if scope is not None:
        scope.require_enter_figures()
    resolver = _RowResolver(source=source, origin=origin)
    resolved: list[ResolvedRow] = []
    problems: list[tuple[int, str]] = list(rejected)
    denied: list[tuple[int, str]] = []
    seen: dict[tuple[int, str, int, str], int] = {}
    states = _EntryStates(scope, state)
    for raw in rows:
        try:
            row = resolver.resolve(raw)
        except DomainError as error:
            problems.append((raw.line, str(error)))
            continue
        key = _key(row.write)
        if key in seen:
            problems.append((raw.line, f"trùng với dòng {seen[key]} (cùng chỉ tiêu, địa bàn và kỳ)"))
            continue
        seen[key] = raw.line
        try:
            if scope is not None:
                scope.require_enter_series(row.target, row.write.series.indicator_id, row.write.unit)
            row = states.apply(row)
        except AccessDeniedError as error:
            denied.append((raw.line, str(error)))
            continue
        resolved.append(row)
    if denied:
        raise ImportDeniedError(sorted(denied + problems))
    if problems:
        raise ImportRejectedError(sorted(problems))
    outcomes = {"created": 0, "changed": 0, "unchanged": 0, "proposed": 0}
    try:
        found = observations_write([row.write for row in resolved], user=user)
    except InvalidValueError as error:
        raise ImportRejectedError([(0, str(error))]) from None
    for outcome in found:
        outcomes[outcome] += 1
    return ImportResult(rows=len(resolved), **outcomes)


class _EntryStates:
    """The state each row is written in: the caller's, or the workflow's (``EntryStates``)."""

    def __init__(self, scope: AccessScope | None, state: ValueState | None) -> None:
        self._state = state
        self._workflow = EntryStates(scope)

    def apply(self, row: ResolvedRow) -> ResolvedRow:
        if self._state is not None:
            chosen = self._state
        elif row.target is None:
            chosen = self._workflow.for_indicator()
        else:
            chosen = self._workflow.for_target(row.target, row.write.unit, row.write.period.year)
        return replace(row, write=replace(row.write, state=chosen))


def demo_figures_load() -> ImportResult:
    """Write the illustrative figures of planwatch.demo for every target, in its province's territory.

    2023 and 2024 go to the province as it stood; from 2025 (after the 01/7/2025 merger) to the area
    that continues it. Targets that read the same series take the figures of the first of them (one
    figure per indicator, place and period). Idempotent: a second run changes nothing.
    """
    writes: dict[tuple[int, str, int, str], ObservationWrite] = {}
    from planwatch.web.figures.selectors import baseline_for

    targets = (
        Target.objects.filter(document__is_stub=False, indicator__isnull=False)
        .select_related("document", "indicator")
        .prefetch_related("baselines", "document__baselines")
    )
    for target in targets.order_by("document__issued_on", "document__doc_id", "position"):
        if not target.document.province:
            continue
        indicator = target.indicator
        baseline, _assumed = baseline_for(target)
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
                baseline=(baseline.year, baseline.value) if baseline else None,
            )
        )
        for point in series:
            is_assessment = isinstance(point.value, Assessment)
            write = ObservationWrite(
                series=series_of(target),
                unit=province_unit_for_year(target.document.province, point.year),
                period=Period.of_year(point.year),
                figure=Figure(
                    value=None if is_assessment else float(point.value),
                    assessment=point.value if isinstance(point.value, Assessment) else None,
                ),
                state=ValueState.APPROVED,
                source=ObservationSource.DEMO,
                source_detail=DEMO_LABEL,
                comment=DEMO_LABEL,
                target_key=target.address,
                is_demo=True,
            )
            writes.setdefault(_key(write), write)
    found = observations_write(list(writes.values()))
    outcomes = {"created": 0, "changed": 0, "unchanged": 0, "proposed": 0}
    for outcome in found:
        outcomes[outcome] += 1
    return ImportResult(rows=len(found), **outcomes)


_KIND_WORDS = {
    "": ObservationKind.OFFICIAL,
    "official": ObservationKind.OFFICIAL,
    "chính thức": ObservationKind.OFFICIAL,
    "thực hiện": ObservationKind.OFFICIAL,
    "estimate": ObservationKind.ESTIMATE,
    "ước": ObservationKind.ESTIMATE,
    "ước thực hiện": ObservationKind.ESTIMATE,
    "ước tính": ObservationKind.ESTIMATE,
    "preliminary": ObservationKind.PRELIMINARY,
    "sơ bộ": ObservationKind.PRELIMINARY,
}


def parse_kind(text: str) -> ObservationKind:
    """``official``/``chính thức`` (the default), ``estimate``/``ước thực hiện``, ``preliminary``/``sơ bộ``.

    Raises:
        InvalidValueError: any other word.
    """
    kind = _KIND_WORDS.get(" ".join(text.lower().split()))
    if kind is None:
        raise InvalidValueError(
            f"loại số liệu '{text}' không rõ: ghi official (chính thức), estimate (ước thực hiện) "
            "hoặc preliminary (sơ bộ)"
        )
    return kind


def parse_version(text: str) -> int | None:
    """The version a writer read (optimistic locking), or None when the row gives none."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not is_ascii_digits(cleaned):
        raise InvalidValueError(f"phiên bản '{echoed(text)}' phải là số nguyên (0 cho số liệu chưa có)")
    return int(cleaned)


class _RowResolver:
    """Matches the text of a row to the catalogue: a target address (``KG-219-KH-UBND/t12``), an
    indicator code, or a document with an indicator name; caches what it reads."""

    def __init__(self, *, source: str, origin: ObservationSource) -> None:
        self._source, self._origin = source, origin
        self._documents: dict[str, PolicyDocument] = {}
        self._targets: dict[int, list[Target]] = {}
        self._indicators: dict[str, Indicator] | None = None
        self._by_address: dict[str, Target] = {}
        self._named: dict[tuple[int, str, str], Target | DomainError] = {}
        self._qualitative: dict[int, bool] = {}
        self._units: dict[tuple[str, str], AdministrativeUnit] = {}
        self._unit_index: UnitIndex | None = None  # read once per file, not once per unit named

    def resolve(self, raw: RawRow) -> ResolvedRow:
        target, indicator, disaggregation = self._address(raw)
        period = parse_period(raw.period) if raw.period else Period.of_year(parse_year(raw.year))
        if raw.period and raw.year and parse_year(raw.year) != period.year:
            raise InvalidValueError(f"cột year ({raw.year}) và period ({raw.period}) không cùng năm")
        unit = self._unit(raw, target, period)
        figure = (
            figure_for_target(target, raw.value)
            if target
            else self._figure_for_indicator(indicator, raw.value)
        )
        write = ObservationWrite(
            series=SeriesKey(indicator.pk, disaggregation),
            unit=unit,
            period=period,
            figure=figure,
            state=ValueState.DRAFT,  # chosen by the caller (_EntryStates)
            source=self._origin,
            source_detail=f"{self._source}, dòng {raw.line}",
            kind=parse_kind(raw.kind),
            comment=raw.comment,
            target_key=target.address if target else "",
            expected_version=parse_version(raw.version),
        )
        return ResolvedRow(line=raw.line, target=target, write=write)

    def _address(self, raw: RawRow) -> tuple[Target | None, Indicator, str]:
        if raw.target:
            target = self._target_by_address(raw.target)
            if raw.document and self._document(raw.document).pk != target.document_id:
                raise InvalidValueError(f"mục tiêu {raw.target} không thuộc văn bản {raw.document}")
            series = series_of(target)
            return target, target.indicator, series.disaggregation  # type: ignore[return-value]
        if not raw.indicator:
            raise InvalidValueError("thiếu cột indicator (mã hoặc tên chỉ tiêu) hoặc target (mã mục tiêu)")
        by_code = self._indicator_codes().get(raw.indicator.strip())
        if by_code is not None and not raw.document:
            return None, by_code, disaggregation_for_scope(raw.scope)
        if not raw.document:
            candidates = self._indicators_named(raw.indicator)
            if len(candidates) == 1:
                return None, candidates[0], disaggregation_for_scope(raw.scope)
            if candidates:
                codes = ", ".join(i.code for i in candidates)
                raise InvalidValueError(
                    f"tên chỉ tiêu '{raw.indicator}' khớp nhiều chỉ tiêu; ghi mã: {codes}"
                )
            raise InvalidValueError(
                f"không có chỉ tiêu mã hoặc tên '{raw.indicator}'; "
                "ghi cột document để tìm theo tên trong văn bản"
            )
        document = self._document(raw.document)
        key = (document.pk, raw.indicator, raw.scope)
        if key not in self._named:
            # Once per file: the same name comes back on thousands of rows, and matching it reads every
            # target of the document. A refusal is remembered too and given again for each row.
            try:
                self._named[key] = self._target_in(document, raw.indicator, raw.scope, by_code)
            except DomainError as error:
                self._named[key] = error
        found = self._named[key]
        if isinstance(found, DomainError):
            raise type(found)(str(found))
        target = found
        series = series_of(target)
        return target, target.indicator, series.disaggregation  # type: ignore[return-value]

    def _figure_for_indicator(self, indicator: Indicator, text: str) -> Figure:
        """A figure given for an indicator without a target: an assessment word (when a target reads
        it as qualitative; asked once per indicator and file) or a number within its natural limits."""
        if indicator.pk not in self._qualitative:
            self._qualitative[indicator.pk] = indicator.targets.filter(
                kind=TargetKind.QUALITATIVE.value
            ).exists()
        return parse_figure(
            text,
            Comparator.QUALITATIVE if self._qualitative[indicator.pk] else Comparator.EQ,
            indicator.unit or None,
            indicator.lower_limit,
            indicator.upper_limit,
        )

    def _indicator_codes(self) -> dict[str, Indicator]:
        if self._indicators is None:
            self._indicators = {i.code: i for i in Indicator.objects.all()}
        return self._indicators

    def _indicators_named(self, name: str) -> list[Indicator]:
        wanted = normalise_name(name)
        return [i for i in self._indicator_codes().values() if normalise_name(i.name) == wanted]

    def _target_by_address(self, address: str) -> Target:
        if address not in self._by_address:
            self._by_address[address] = self._read_target(address)
        return self._by_address[address]

    def _read_target(self, address: str) -> Target:
        doc_id, _, key = address.strip().rpartition("/")
        target = (
            Target.objects.select_related("document", "indicator")
            .filter(document__doc_id=doc_id, key=key)
            .first()
        )
        if target is None:
            raise InvalidValueError(
                f"không có mục tiêu '{address}' (ghi mã văn bản/mã mục tiêu, ví dụ KG-219-KH-UBND/t12)"
            )
        return target

    def _document(self, reference: str) -> PolicyDocument:
        if reference not in self._documents:
            self._documents[reference] = document_get(reference)
        return self._documents[reference]

    def _unit(self, raw: RawRow, target: Target | None, period: Period) -> AdministrativeUnit:
        document = target.document if target else (self._document(raw.document) if raw.document else None)
        if not raw.unit_area and (document is None or not document.province):
            raise InvalidValueError("hãy ghi cột unit_area (mã hoặc tên địa bàn)")
        # A named unit is checked against the period's own cut-off; the document's province is the
        # unit that carries its territory in that year.
        key = (
            (raw.unit_area, period.code)
            if raw.unit_area
            else (f"province:{document.province if document else ''}", str(period.year))
        )
        if key not in self._units:
            if self._unit_index is None:
                self._unit_index = unit_index()
            self._units[key] = (
                unit_for_period(raw.unit_area, period, self._unit_index)
                if raw.unit_area
                else province_unit_for_year(document.province if document else "", period.year)
            )
        return self._units[key]

    def _target_in(
        self, document: PolicyDocument, indicator: str, scope: str, by_code: Indicator | None
    ) -> Target:
        if document.pk not in self._targets:
            self._targets[document.pk] = list(
                document.targets.select_related("document", "indicator").order_by("position")
            )
        targets = self._targets[document.pk]
        wanted = normalise_name(indicator)
        named = [
            t
            for t in targets
            if (by_code is not None and t.indicator_id == by_code.pk)
            or wanted
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
        # Targets that read the same series (one indicator, one scope: t2 and t4 of a programme with
        # two milestones) take the same figure; only different series are ambiguous.
        series = {(t.indicator_id, t.disaggregation) for t in scoped}
        if len(series) > 1:
            listed = ", ".join(
                f"{t.address} ({t.indicator.code if t.indicator else 'chưa có mã chỉ tiêu'})" for t in scoped
            )
            raise InvalidValueError(
                f"tên chỉ tiêu '{indicator}' khớp nhiều mục tiêu đọc số liệu khác nhau; "
                f"ghi cột target: {listed}"
            )
        return scoped[0]
