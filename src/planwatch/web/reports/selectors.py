"""Reads for the consolidated report: the facts of a document and a year, assembled from the database.

``report_content(document, year, review)`` gathers, for every target of the document, its figures in
its home territory (the territory series the evaluation reads), its evaluation as of each year the
report shows, its baseline and who monitors it today; the document's tasks and reporting duties with
today's agencies; the raw figures with their state and source; and hands them to the pure builder
(``planwatch.reporting.build_report``).

Who issues the report (the coordinating agency) — decided here, in this order:

1. the agency the document itself names as coordinator, resolved to today's successor: its focal
   point (đầu mối), else the lead (chủ trì) of its first task (``MonitorResolver.coordinator_on``,
   the same rule as the document page). 219/KH-UBND: task k1, chủ trì Sở LĐTBXH Kiên Giang, which is
   Sở Nội vụ tỉnh An Giang today (Nghị định 45/2025/NĐ-CP, Nghị quyết 202/2025/QH15);
2. else the agency its reporting duties go through (``via``: "báo cáo UBND tỉnh qua Sở LĐTBXH"),
   resolved by name and then to today's successor;
3. else the issuer of the document (``UBND tỉnh Kiên Giang`` -> ``Ủy ban nhân dân tỉnh An Giang``),
   or its name as written when the catalogue does not know it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from planwatch.domain import model as domain
from planwatch.domain.errors import AmbiguousError, InvalidValueError
from planwatch.domain.periods import FIRST_YEAR, LAST_YEAR, PeriodType
from planwatch.domain.succession import resolve_agency_name
from planwatch.domain.vocabulary import (
    AgencyRole,
    Assessment,
    Comparator,
    DocumentKind,
    ObservationKind,
    ReportingFrequency,
    TargetKind,
    ValueState,
)
from planwatch.evaluation import evaluate
from planwatch.reporting import ReportContent, ReportFormat, ReviewKind, build_report, render
from planwatch.reporting.builder import shown_years
from planwatch.reporting.content import (
    AgencyMention,
    DocumentFacts,
    DutyFacts,
    RawValue,
    ReportFacts,
    SenderState,
    SenderTimeliness,
    TargetFacts,
    TaskFacts,
    Timeliness,
    YearResult,
)
from planwatch.web.agencies.selectors import MonitorResolver
from planwatch.web.caching import computed_once
from planwatch.web.catalogue.mapping import duty_deadline
from planwatch.web.catalogue.models import PolicyDocument, ReportingDuty, Target, Task, TaskAssignment
from planwatch.web.catalogue.selectors import target_list_for_document
from planwatch.web.figures.models import Observation, ObservationRevision
from planwatch.web.figures.selectors import (
    TerritorySeries,
    baseline_for,
    data_stamp,
    evaluation_guarded,
    home_series_for_targets,
    home_units_for_targets,
    series_reads,
    table_stamp,
    target_spec,
)
from planwatch.web.rounds.models import ReportingRound, RoundNarrative, RoundSender
from planwatch.web.rounds.narratives import report_narratives
from planwatch.web.rounds.selectors import round_timeliness


def report_year_check(year: int) -> int:
    """The report year, refused when it cannot be one.

    Raises:
        InvalidValueError: a year outside ``domain.periods`` FIRST_YEAR–LAST_YEAR.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidValueError(f"năm báo cáo {year} không hợp lệ (từ {FIRST_YEAR} đến {LAST_YEAR})")
    return year


def reporting_round_timeliness(document: PolicyDocument, year: int) -> Timeliness | None:
    """Who reported on time, late or not at all in the reporting round of ``document`` for ``year``
    (on time or late is judged by the first submission); None when no round was run that year, and
    the report then says so plainly instead of inventing figures."""
    rows = round_timeliness(document, year)
    if rows is None:
        return None
    return Timeliness(
        deadline=rows[0].deadline_on if rows else None,
        senders=tuple(
            SenderTimeliness(
                name_today=row.name,
                name_in_document=row.name_in_document or None,
                state=(
                    SenderState.MISSING
                    if row.on_time is None
                    else SenderState.ON_TIME
                    if row.on_time
                    else SenderState.LATE
                ),
                submitted_on=timezone.localdate(row.submitted_at) if row.submitted_at else None,
            )
            for row in rows
        ),
    )


def report_content(
    document: PolicyDocument,
    year: int,
    review: ReviewKind | None = None,
    *,
    today: date | None = None,
) -> ReportContent:
    """The content of the consolidated report of ``document`` for ``year`` (or its five-year review).

    Args:
        document: the plan or programme reported on.
        year: the report year N.
        review: ``ReviewKind.FIVE_YEAR`` for the sơ kết; None for the yearly report.
        today: the day whose agencies issue and monitor (default: today in Asia/Ho_Chi_Minh); also
            the date printed on the report.

    Raises:
        InvalidValueError: a year outside ``domain.periods`` FIRST_YEAR–LAST_YEAR.
    """
    return build_report(report_facts(document, year, review, today=today))


@dataclass(frozen=True, slots=True)
class ReportFile:
    """A report laid out: the bytes, an ASCII file name and the Vietnamese one."""

    data: bytes
    name: str
    title: str


def report_key(
    document: PolicyDocument, year: int, review: ReviewKind | None, report_format: ReportFormat
) -> str:
    """The cache key of a laid-out report: it holds every fact behind it (the figures' data stamp; the
    tasks, duties, rounds, senders and narratives; the day, since the report is dated and issued by
    today's agencies), so a kept file is served until one of them changes."""
    today = timezone.localdate()
    facts = table_stamp(Task, TaskAssignment, ReportingDuty, ReportingRound, RoundSender, RoundNarrative)
    review_key = review.value if review else "year"
    return f"report:{document.pk}:{year}:{review_key}:{report_format.value}:{today}:{data_stamp()}:{facts}"


def lay_out_report(
    document: PolicyDocument, year: int, review: ReviewKind | None, report_format: ReportFormat
) -> ReportFile:
    """The report laid out now (seconds; a PDF converts with LibreOffice)."""
    content = report_content(document, year, review, today=timezone.localdate())
    suffix = report_format.suffix
    return ReportFile(render(content, report_format), content.file_stem + suffix, content.file_title + suffix)


def report_file(
    document: PolicyDocument, year: int, review: ReviewKind | None, report_format: ReportFormat
) -> ReportFile:
    """The report as a file, kept until one of its facts changes or the day does (``report_key``).
    One server process lays it out while the others wait for it (web.caching); the pages ask
    ``reports.builds.report_or_build`` instead, which never holds the request.

    Raises:
        InvalidValueError: a year outside ``domain.periods`` FIRST_YEAR–LAST_YEAR.
        LibreOfficeMissingError: a PDF asked for where LibreOffice is not installed.
    """
    key = report_key(document, year, review, report_format)
    return computed_once(key, lambda: lay_out_report(document, year, review, report_format), timeout=3600)


def report_facts(
    document: PolicyDocument,
    year: int,
    review: ReviewKind | None = None,
    *,
    today: date | None = None,
) -> ReportFacts:
    """The facts ``report_content`` builds from (see the module docstring for the coordinator)."""
    report_year_check(year)
    day = today or timezone.localdate()
    resolver = MonitorResolver.load()
    coordinator = _coordinator(document, resolver, day)
    years = sorted({*shown_years(year, review, document.issued_on), year - 1})
    raw = _raw_values(document, year)
    round_ = ReportingRound.objects.filter(document=document, year=year).first()
    return ReportFacts(
        document=_document_facts(document),
        year=year,
        review=review,
        coordinator=coordinator.name if isinstance(coordinator, domain.Agency) else coordinator,
        coordinator_province=(
            coordinator.province if isinstance(coordinator, domain.Agency) else document.province or None
        ),
        report_date=day,
        targets=_target_facts(list(target_list_for_document(document)), years, resolver, day, raw),
        tasks=_tasks(document, resolver, day),
        duties=_duties(document, resolver, day),
        timeliness=reporting_round_timeliness(document, year),
        raw_values=raw,
        is_demo=any(value.is_demo for value in raw),
        narratives=report_narratives(round_),
        round_kind=ObservationKind(round_.kind) if round_ else None,
    )


def _document_facts(document: PolicyDocument) -> DocumentFacts:
    return DocumentFacts(
        doc_id=document.doc_id,
        number=document.number or None,
        kind=DocumentKind(document.kind),
        issuer=document.issuer,
        title=document.title,
        issued_on=document.issued_on,
        province=document.province or None,
    )


# --- who issues the report ------------------------------------------------------------------------


def _by_name(name: str, province: str | None, resolver: MonitorResolver, day: date) -> domain.Agency | None:
    try:
        named = resolve_agency_name(name, province, resolver.agencies.values())
    except AmbiguousError:
        return None
    return resolver.agency_now(named.code, day) if named else None


def _coordinator(document: PolicyDocument, resolver: MonitorResolver, day: date) -> domain.Agency | str:
    """The agency that compiles the report today, or the issuer's name when none is known."""
    named = resolver.coordinator_on(document, day)
    if named is not None:
        return named
    province = document.province or None
    duties = document.reporting_duties.order_by("position")
    for via in (d.via for d in duties if d.via):
        found = _by_name(via, province, resolver, day)
        if found is not None:
            return found
    return _by_name(document.issuer, province, resolver, day) or document.issuer


# --- tasks and reporting duties -------------------------------------------------------------------


def _tasks(document: PolicyDocument, resolver: MonitorResolver, day: date) -> tuple[TaskFacts, ...]:
    tasks = (
        Task.objects.filter(document=document).prefetch_related("assignments__agency").order_by("position")
    )
    facts = []
    for task in tasks:
        mentions = []
        for assignment in task.assignments.all():
            now = resolver.agency_now(assignment.agency.code, day) if assignment.agency else None
            mentions.append(
                AgencyMention(assignment.agency_name, now.name if now else None, AgencyRole(assignment.role))
            )
        facts.append(TaskFacts(task.key, task.description, tuple(mentions)))
    return tuple(facts)


def _duties(document: PolicyDocument, resolver: MonitorResolver, day: date) -> tuple[DutyFacts, ...]:
    duties: Iterable[ReportingDuty] = ReportingDuty.objects.filter(document=document).order_by("position")
    province = document.province or None
    facts = []
    for duty in duties:
        via_today = _by_name(duty.via, province, resolver, day) if duty.via else None
        facts.append(
            DutyFacts(
                what=duty.what,
                frequency=ReportingFrequency(duty.frequency),
                deadline=duty_deadline(duty),
                to=duty.to or None,
                via=duty.via or None,
                via_today=via_today.name if via_today else None,
            )
        )
    return tuple(facts)


# --- targets, figures and evaluations -------------------------------------------------------------


def _home_series(targets: list[Target]) -> dict[int, TerritorySeries]:
    """Each target's series in its home territory (the province of the document, across mergers), read
    from that territory's figures alone."""
    return home_series_for_targets(targets)


def _target_facts(
    targets: list[Target],
    years: list[int],
    resolver: MonitorResolver,
    day: date,
    raw: tuple[RawValue, ...] = (),
) -> tuple[TargetFacts, ...]:
    home = _home_series(targets)
    last = max(years)
    facts = []
    for target in targets:
        series = home.get(target.pk)
        observations = tuple(
            sorted(
                (o for o in (series.observations if series else []) if o.year <= last), key=lambda o: o.year
            )
        )
        spec = target_spec(target)
        baseline, assumed = baseline_for(target)
        results = []
        what = f"{target.document.doc_id}/{target.key}"
        if any(evaluation_guarded(spec, observations, baseline, y, what) is None for y in years):
            # A series that cannot be evaluated (logged) reads as one without figures; the others go on.
            observations = ()
        for year in years:
            evaluation = evaluate(spec, observations, baseline=baseline, as_of=year)
            results.append(
                YearResult(
                    year=year,
                    status=evaluation.status,
                    latest_year=evaluation.latest_year,
                    latest_value=evaluation.latest_value,
                    ratio=evaluation.ratio,
                    share_covered=evaluation.share_covered,
                    projected=evaluation.projected,
                    trend_beyond_limits=evaluation.trend_beyond_limits,
                    reference_year=evaluation.reference_year,
                    reference_value=evaluation.reference_value,
                )
            )
        monitor = resolver.monitor_on(target, day)
        kinds, causes = _kinds_and_causes(raw, target.key)
        facts.append(
            TargetFacts(
                key=target.key,
                group=target.group or None,
                indicator=target.indicator_name,
                scope=target.scope or None,
                unit=target.unit or None,
                comparator=Comparator(target.comparator),
                value=target.value,
                target_year=target.target_year,
                kind=TargetKind(target.kind),
                responsible=target.responsible_name or None,
                responsible_now=monitor.name if monitor else None,
                baseline=baseline,
                baseline_assumed=assumed,
                start_year=spec.start_year,
                observations=observations,
                results=tuple(results),
                value_max=target.value_max,
                estimated_years=frozenset(y for y, kind in kinds.items() if kind is ObservationKind.ESTIMATE),
                causes=tuple(sorted(causes.items())),
            )
        )
    return tuple(facts)


_COUNTED = (ValueState.SUBMITTED, ValueState.APPROVED)


def _kinds_and_causes(
    raw: tuple[RawValue, ...], key: str
) -> tuple[dict[int, ObservationKind], dict[int, str]]:
    """For each year of a target: the most final kind among its counted figures (one official figure
    makes the year's result official), and the explanation its reporter gave, if any."""
    kinds: dict[int, ObservationKind] = {}
    causes: dict[int, str] = {}
    for value in raw:
        if value.target_key != key or value.state not in _COUNTED:
            continue
        known = kinds.get(value.year)
        if known is None or value.kind.rank > known.rank:
            kinds[value.year] = value.kind
        if value.comment.strip() and not value.is_demo:  # a demo figure's note is no cause
            causes.setdefault(value.year, value.comment.strip())
    return kinds, causes


def _raw_values(document: PolicyDocument, year: int) -> tuple[RawValue, ...]:
    """Every stored figure the document's targets read up to ``year``, drafts included (their state
    says so), with the source and time of its latest change: the figures of its home territory's units
    (home_units_for_targets), never those of the rest of the country. Read as plain rows."""
    targets = list(
        document.targets.filter(indicator__isnull=False).select_related("document").order_by("position")
    )
    homes = home_units_for_targets(targets)
    readers: dict[tuple[int, str], list[Target]] = {}
    for target in targets:
        readers.setdefault((target.indicator_id, target.disaggregation), []).append(target)  # type: ignore[arg-type]
    unit_ids = frozenset().union(*homes.values()) if homes else frozenset()
    found = []
    for observations in series_reads(readers, unit_ids):
        found.extend(_raw_rows(observations, year))
    found.sort(key=lambda row: (row[4], row[3]))
    latest = _latest_revisions([row[0] for row in found])
    raw = []
    for (
        pk,
        indicator_id,
        disaggregation,
        area,
        row_year,
        value,
        assessment,
        state,
        is_demo,
        comment,
        kind,
        unit_id,
    ) in found:
        source, changed_at = latest.get(pk, ("", None))
        for target in readers[(indicator_id, disaggregation)]:
            if unit_id not in homes[target.pk]:
                continue
            raw.append(
                RawValue(
                    target_key=target.key,
                    indicator=target.indicator_name,
                    scope=target.scope or None,
                    area=area,
                    year=row_year,
                    value=value,
                    assessment=Assessment(assessment) if assessment else None,
                    unit=target.unit or None,
                    state=ValueState(state),
                    is_demo=is_demo,
                    source=source,
                    changed_at=timezone.localtime(changed_at) if changed_at else None,
                    comment=comment,
                    kind=ObservationKind(kind),
                )
            )
    positions = {t.pk: t.position for t in targets}
    keys = {t.key: positions[t.pk] for t in targets}
    raw.sort(key=lambda r: (keys[r.target_key], r.year, r.area))
    return tuple(raw)


def _raw_rows(observations: QuerySet[Observation], year: int) -> list[tuple[Any, ...]]:
    # The period type and year are checked here, not in SQL, so that the read seeks the key
    # (indicator, disaggregation, unit) rather than scanning the indicator's years in every unit.
    rows = observations.order_by().values_list(
        "id",
        "indicator_id",
        "disaggregation",
        "unit__name",
        "year",
        "value",
        "assessment",
        "state",
        "is_demo",
        "comment",
        "kind",
        "unit_id",
        "period_type",
    )
    return [row[:-1] for row in rows if row[-1] == PeriodType.YEAR.value and row[4] <= year]


def _latest_revisions(observation_ids: list[int]) -> dict[int, tuple[str, datetime]]:
    """The source and time of the latest change of each observation, read in chunks."""
    latest: dict[int, tuple[str, datetime]] = {}
    for start in range(0, len(observation_ids), 500):
        rows = (
            ObservationRevision.objects.filter(observation_id__in=observation_ids[start : start + 500])
            .order_by("observation_id", "-changed_at", "-id")
            .values_list("observation_id", "source", "changed_at")
        )
        for observation_id, source, changed_at in rows:
            latest.setdefault(observation_id, (source, changed_at))
    return latest
