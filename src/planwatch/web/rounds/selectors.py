"""Reads of reporting rounds: who is expected, which targets each sender reports, where each stands.

Display states of a sender (``SenderRow.state``, the API's ``state``): ``missing`` (nothing entered),
``draft`` (figures saved, not sent), ``submitted_on_time`` / ``submitted_late`` (sent, waiting for the
coordinator; on time when the FIRST submission came on or before the deadline day, so a return and a
resubmission do not turn an on-time sender late), ``returned``, ``approved``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwatch.domain.numbers import format_number
from planwatch.domain.periods import year_cutoff
from planwatch.domain.vocabulary import ChangeState, Comparator, UnitLevel, UserRole, ValueState
from planwatch.web.accounts.access import AccessScope, access_scope
from planwatch.web.accounts.models import UserProfile
from planwatch.web.agencies.models import Agency
from planwatch.web.agencies.selectors import MonitorResolver
from planwatch.web.catalogue.models import Baseline, PolicyDocument, Target
from planwatch.web.figures.models import Observation, ObservationRevision, ProposedChange
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.geography.selectors import province_unit_for_year, unit_list_on
from planwatch.web.rounds.models import (
    ReportingRound,
    RoundSender,
    RoundSenderTarget,
    RoundState,
    SenderState,
)

DISPLAY_STATES = ("missing", "draft", "submitted_on_time", "submitted_late", "returned", "approved")
STATE_LABELS = {
    "missing": gettext_lazy("Chưa nhập"),
    "draft": gettext_lazy("Đang nhập (nháp)"),
    "submitted_on_time": gettext_lazy("Đã gửi đúng hạn"),
    "submitted_late": gettext_lazy("Đã gửi trễ hạn"),
    "returned": gettext_lazy("Bị trả lại"),
    "approved": gettext_lazy("Đã duyệt"),
}


@dataclass(frozen=True, slots=True)
class ExpectedSender:
    agency: Agency | None
    unit: AdministrativeUnit | None
    name_in_document: str


def expected_senders(document: PolicyDocument, year: int, day: date) -> list[ExpectedSender]:
    """The senders of a round: the agencies the targets name, resolved to who carries the indicator's
    function on ``day`` (domain.md §3), the coordinator for targets that name nobody, and the communes
    for which the targets are broken down (figures reported for communes in earlier years)."""
    resolver = MonitorResolver.load()
    agencies = {a.code: a for a in Agency.objects.all()}
    names: dict[str, list[str]] = {}
    for target in _targets(document):
        code = _sender_code(resolver, target, day)
        if code is None or code not in agencies:
            continue
        written = target.responsible_name or (
            target.responsible_agency.name if target.responsible_agency else "(văn bản không ghi)"
        )
        if written not in names.setdefault(code, []):
            names[code].append(written)
    found = [
        ExpectedSender(agency=agencies[code], unit=None, name_in_document="; ".join(written))
        for code, written in names.items()
    ]
    for unit in _commune_units(document, year):
        found.append(ExpectedSender(agency=None, unit=unit, name_in_document=unit.name))
    return sorted(
        found,
        key=lambda s: (s.unit is not None, s.agency.name if s.agency else s.unit.name if s.unit else ""),
    )


def _targets(document: PolicyDocument) -> list[Target]:
    return list(
        document.targets.select_related("indicator", "responsible_agency", "document").order_by("position")
    )


def _sender_code(resolver: MonitorResolver, target: Target, day: date) -> str | None:
    """Who reports ``target``: its monitor today, or the coordinator when the document names nobody."""
    if target.responsible_agency is None:
        coordinator = resolver.coordinator_on(target.document, day)
        return coordinator.code if coordinator else None
    monitor = resolver.monitor_on(target, day)
    return monitor.code if monitor else None


def _commune_targets(document: PolicyDocument) -> set[int]:
    """The targets of ``document`` whose series have commune figures."""
    targets = _targets(document)
    keys = set(
        Observation.objects.filter(
            indicator_id__in={t.indicator_id for t in targets}, unit__level=UnitLevel.COMMUNE.value
        )
        .values_list("indicator_id", "disaggregation")
        .distinct()
    )
    return {t.pk for t in targets if (t.indicator_id, t.disaggregation) in keys}


def _commune_units(document: PolicyDocument, year: int) -> list[AdministrativeUnit]:
    cutoff = year_cutoff(year)
    ids = (
        Observation.objects.filter(
            indicator_id__in={t.indicator_id for t in _targets(document)},
            unit__level=UnitLevel.COMMUNE.value,
            year__lt=year,
        )
        .values_list("unit_id", flat=True)
        .distinct()
    )
    return list(unit_list_on(cutoff).filter(pk__in=ids).order_by("name"))


def sender_targets(sender: RoundSender) -> list[Target]:
    """The targets ``sender`` reports in its round, in the document's order: those fixed when the
    round opened, or (a round opened before they were kept) worked out from who monitors what."""
    owed = [
        row.target
        for row in RoundSenderTarget.objects.filter(sender=sender).select_related(
            "target__indicator", "target__responsible_agency", "target__document"
        )
    ]
    if owed:
        return sorted(owed, key=lambda t: t.position)
    return _sender_targets_worked_out(sender)


def _sender_targets_worked_out(sender: RoundSender) -> list[Target]:
    document = sender.round.document
    targets = _targets(document)
    if sender.unit is not None:
        broken_down = _commune_targets(document)
        # A commune named by hand, for a document with no commune figures yet, reports every target.
        return [t for t in targets if t.pk in broken_down] if broken_down else targets
    resolver = MonitorResolver.load()
    day = (
        timezone.localtime(sender.round.opened_at).date() if sender.round.opened_at else timezone.localdate()
    )
    code = sender.agency.code if sender.agency else None
    return [t for t in targets if _sender_code(resolver, t, day) == code]


def sender_unit(sender: RoundSender) -> AdministrativeUnit:
    """Where the sender's figures are written: its commune, or the document's province for the year."""
    if sender.unit is not None:
        return sender.unit
    return province_unit_for_year(sender.round.document.province, sender.round.year)


def previous_unit(sender: RoundSender, year: int) -> AdministrativeUnit | None:
    if sender.unit is not None:
        return sender.unit
    try:
        return province_unit_for_year(sender.round.document.province, year)
    except Exception:
        return None


def sender_values(sender: RoundSender) -> dict[int, Observation]:
    """The sender's figures of the round's year, by target id (targets that read one series share
    its observation)."""
    return series_values(sender_targets(sender), sender_unit(sender), sender.round.year)


def series_values(targets: list[Target], unit: AdministrativeUnit, year: int) -> dict[int, Observation]:
    """The yearly observation each of ``targets`` reads for ``unit`` and ``year``, by target id."""
    values = Observation.objects.filter(
        indicator_id__in={t.indicator_id for t in targets}, unit=unit, period=str(year)
    ).select_related("updated_by", "unit")
    by_series: dict[tuple[int | None, str], Observation] = {
        (v.indicator_id, v.disaggregation): v for v in values
    }
    return {
        t.pk: by_series[(t.indicator_id, t.disaggregation)]
        for t in targets
        if (t.indicator_id, t.disaggregation) in by_series
    }


def is_on_time(sender: RoundSender, submitted_at: datetime | None = None) -> bool | None:
    moment = submitted_at or sender.submitted_at
    if moment is None:
        return None
    return timezone.localtime(moment).date() <= sender.round.deadline_on


def display_state(sender: RoundSender, entered: int) -> str:
    if sender.state == SenderState.APPROVED:
        return "approved"
    if sender.state == SenderState.RETURNED:
        return "returned"
    if sender.state == SenderState.SUBMITTED:
        return "submitted_on_time" if is_on_time(sender) else "submitted_late"
    return "draft" if entered else "missing"


@dataclass(frozen=True, slots=True)
class SenderRow:
    sender: RoundSender
    name: str
    name_in_document: str
    kind: str  # "agency" or "commune"
    state: str
    targets: int
    entered: int
    submitted_at: datetime | None
    on_time: bool | None
    returned_reason: str

    @property
    def missing(self) -> int:
        return self.targets - self.entered

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])  # in the language of the request

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.sender.pk,
            "kind": self.kind,
            "name": self.name,
            "name_in_document": self.name_in_document,
            "code": self.sender.unit.code
            if self.sender.unit
            else self.sender.agency.code
            if self.sender.agency
            else "",
            "state": self.state,
            "targets": self.targets,
            "entered": self.entered,
            "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
            "on_time": self.on_time,
            "returned_reason": self.returned_reason,
        }


def sender_row(sender: RoundSender) -> SenderRow:
    targets = sender_targets(sender)
    values = sender_values(sender)
    entered = sum(1 for t in targets if t.pk in values)
    return SenderRow(
        sender=sender,
        name=sender.name,
        name_in_document=sender.name_in_document,
        kind="commune" if sender.unit_id else "agency",
        state=display_state(sender, entered),
        targets=len(targets),
        entered=entered,
        submitted_at=sender.submitted_at,
        on_time=is_on_time(sender),
        returned_reason=sender.returned_reason if sender.state == SenderState.RETURNED else "",
    )


@dataclass(frozen=True, slots=True)
class RoundStatus:
    round: ReportingRound
    rows: list[SenderRow]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def on_time(self) -> int:
        return sum(1 for r in self.rows if r.on_time is True)

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r.on_time is False)

    @property
    def missing(self) -> int:
        return sum(1 for r in self.rows if r.submitted_at is None)


def round_get(pk: int) -> ReportingRound:
    """Raises ReportingRound.DoesNotExist."""
    return ReportingRound.objects.select_related("document", "opened_by").get(pk=pk)


def round_senders(round_: ReportingRound) -> list[RoundSender]:
    return list(
        round_.senders.select_related("agency", "unit", "round__document").order_by(
            "unit__name", "agency__name"
        )
    )


def round_status(round_: ReportingRound) -> RoundStatus:
    """Every expected sender with its state, and the counts by state."""
    rows = [sender_row(s) for s in round_senders(round_)]
    counts = {state: sum(1 for r in rows if r.state == state) for state in DISPLAY_STATES}
    return RoundStatus(round=round_, rows=rows, counts=counts)


@dataclass(frozen=True, slots=True)
class TimelinessRow:
    """One expected sender of a round, for the report (issue #6)."""

    name: str  # today's name
    name_in_document: str
    kind: str  # "agency" | "commune"
    state: str  # one of DISPLAY_STATES
    submitted_at: datetime | None  # first submission
    on_time: bool | None  # None: not submitted yet
    deadline_on: date


def round_timeliness(document: PolicyDocument, year: int) -> list[TimelinessRow] | None:
    """Timeliness of the round of ``document`` and ``year``: one row per expected sender, agencies
    first, then communes; None when no round was opened for that year."""
    round_ = ReportingRound.objects.filter(document=document, year=year).first()
    if round_ is None:
        return None
    return [
        TimelinessRow(
            name=r.name,
            name_in_document=r.name_in_document,
            kind=r.kind,
            state=r.state,
            submitted_at=r.submitted_at,
            on_time=r.on_time,
            deadline_on=round_.deadline_on,
        )
        for r in round_status(round_).rows
    ]


def sender_users(sender: RoundSender) -> list[int]:
    """The ids of the users who report for ``sender``."""
    profiles = UserProfile.objects.filter(user__is_active=True)
    if sender.unit is not None:
        profiles = profiles.filter(unit=sender.unit, agency__isnull=True)
    else:
        profiles = profiles.filter(agency=sender.agency)
    return list(profiles.values_list("user_id", flat=True))


def coordinator_users(round_: ReportingRound) -> list[int]:
    """The ids of the users told about submissions: every active coordinator of the agency that
    coordinates the round's document today, and whoever opened the round."""
    agency = MonitorResolver.load().coordinator_on(round_.document, timezone.localdate())
    users: set[int] = set()
    if agency is not None:
        users |= set(
            UserProfile.objects.filter(
                user__is_active=True, role=UserRole.COORDINATOR.value, agency__code=agency.code
            ).values_list("user_id", flat=True)
        )
    opener = round_.opened_by
    if opener is not None and opener.is_active:
        users.add(opener.pk)
    return sorted(users)


def senders_for_scope(scope: AccessScope, round_: ReportingRound) -> list[RoundSender]:
    """The senders of ``round_`` the user reports for (a coordinator: every one of its document)."""
    return [
        s
        for s in round_senders(round_)
        if scope.can_submit_for(round_.document, s.agency.code if s.agency else None, s.unit_id)
    ]


@dataclass(frozen=True, slots=True)
class DueItem:
    round: ReportingRound
    sender: RoundSender
    row: SenderRow
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0 and self.sender.state != SenderState.SUBMITTED

    @property
    def waiting(self) -> bool:
        """Sent, waiting for the coordinator."""
        return self.sender.state == SenderState.SUBMITTED


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A submission waiting for the coordinator's review, and how long it has waited."""

    round: ReportingRound
    sender: RoundSender
    row: SenderRow
    age_days: int


@dataclass(frozen=True, slots=True)
class ChangeItem:
    """A reporter's proposed change of an approved figure, waiting for a coordinator."""

    change: ProposedChange
    target: Target | None
    age_days: int


def reviews_due_for(user: AbstractBaseUser | AnonymousUser) -> list[ReviewItem]:
    """The submissions waiting for the user's review: every sender that has sent figures (and is not
    approved yet) in an open round of a document the user coordinates, oldest first."""
    scope = access_scope(user)
    if scope.role not in (UserRole.COORDINATOR, UserRole.ADMINISTRATOR):
        return []
    today = timezone.localdate()
    items = []
    senders = (
        RoundSender.objects.filter(round__state=RoundState.OPEN, state=SenderState.SUBMITTED)
        .select_related("round__document", "agency", "unit")
        .order_by("last_submitted_at", "pk")
    )
    for sender in senders:
        if not scope.coordinates(sender.round.document):
            continue
        sent = sender.last_submitted_at or sender.submitted_at
        age = (today - timezone.localtime(sent).date()).days if sent else 0
        items.append(ReviewItem(round=sender.round, sender=sender, row=sender_row(sender), age_days=age))
    return items


def changes_due_for(user: AbstractBaseUser | AnonymousUser) -> list[ChangeItem]:
    """Proposed changes of approved figures the user decides on: those whose indicator is carried by
    a document the user coordinates (an administrator: every one), oldest first."""
    scope = access_scope(user)
    if scope.role not in (UserRole.COORDINATOR, UserRole.ADMINISTRATOR):
        return []
    today = timezone.localdate()
    pending = ProposedChange.objects.filter(state=ChangeState.PENDING.value).select_related(
        "observation__unit", "observation__indicator", "proposed_by"
    )
    items = []
    for change in pending.order_by("proposed_at", "id"):
        targets = Target.objects.filter(indicator_id=change.observation.indicator_id).select_related(
            "document"
        )
        mine = [t for t in targets if scope.coordinates(t.document)]
        if not mine:
            continue
        keyed = [t for t in mine if t.address == change.target_key]
        age = (today - timezone.localtime(change.proposed_at).date()).days
        items.append(ChangeItem(change=change, target=(keyed or mine)[0], age_days=age))
    return items


def rounds_due_for(user: AbstractBaseUser | AnonymousUser) -> list[DueItem]:
    """What the user still has to send, and what they sent that waits for approval: every open round
    where they report for a sender not approved yet, with the figures still missing and the days left
    (negative: overdue). A sent round stays listed ("đã gửi, chờ duyệt") until it is approved."""
    scope = access_scope(user)
    if not scope.can_view or scope.role is None or not scope.can_enter_figures:
        return []
    today = timezone.localdate()
    items = []
    for round_ in ReportingRound.objects.filter(state=RoundState.OPEN).select_related("document"):
        for sender in _own_senders(scope, round_):
            if sender.state == SenderState.APPROVED:
                continue
            items.append(
                DueItem(
                    round=round_,
                    sender=sender,
                    row=sender_row(sender),
                    days_left=(round_.deadline_on - today).days,
                )
            )
    return sorted(items, key=lambda i: (i.days_left, str(i.round.document)))


def _own_senders(scope: AccessScope, round_: ReportingRound) -> list[RoundSender]:
    """A user's own senders: their agency or their commune (a coordinator's to-do list is its own
    agency's figures, not every sender it supervises)."""
    senders = round_senders(round_)
    if scope.agency_code:
        return [s for s in senders if s.agency is not None and s.agency.code == scope.agency_code]
    if scope.unit_ids is not None:
        return [s for s in senders if s.unit_id is not None and s.unit_id in scope.unit_ids]
    return []


def rounds_due_count(user: AbstractBaseUser | AnonymousUser) -> int:
    """The number shown on the nav badge: rounds the user still has to send, and for a coordinator
    the submissions waiting for their review. Cheap: no figure is counted."""
    scope = access_scope(user)
    if scope.role is None or not scope.can_enter_figures:
        return 0
    waiting = 0
    if scope.role in (UserRole.COORDINATOR, UserRole.ADMINISTRATOR):
        sent = RoundSender.objects.filter(round__state=RoundState.OPEN, state=SenderState.SUBMITTED)
        waiting = sum(
            1 for s in sent.select_related("round__document") if scope.coordinates(s.round.document)
        )
    if scope.agency_code:
        own = Q(agency__code=scope.agency_code)
    elif scope.unit_ids is not None:
        own = Q(unit_id__in=scope.unit_ids)
    else:  # an administrator sends for no one: only reviews to count
        return waiting
    return (
        waiting
        + RoundSender.objects.filter(
            own, round__state=RoundState.OPEN, state__in=(SenderState.OPEN, SenderState.RETURNED)
        ).count()
    )


def round_sender_for(target: Target, unit: AdministrativeUnit, year: int) -> RoundSender | None:
    """The sender of the round of (target's document, year) that reports ``target`` for ``unit``: one
    indexed read of the targets each sender owes."""
    owed = RoundSenderTarget.objects.filter(
        target=target, sender__round__document_id=target.document_id, sender__round__year=year
    ).select_related("sender__round__document", "sender__agency", "sender__unit")
    for row in owed:
        sender = row.sender
        if sender.unit_id is not None and sender.unit_id == unit.pk:
            return sender
        if sender.unit_id is None and unit.level != UnitLevel.COMMUNE.value:
            return sender
    round_ = ReportingRound.objects.filter(document_id=target.document_id, year=year).first()
    if round_ is None or RoundSenderTarget.objects.filter(sender__round=round_).exists():
        return None
    # A round opened before the owed targets were kept.
    for sender in round_senders(round_):
        if sender.unit_id is not None:
            if sender.unit_id == unit.pk and any(t.pk == target.pk for t in sender_targets(sender)):
                return sender
        elif unit.level != UnitLevel.COMMUNE.value and any(t.pk == target.pk for t in sender_targets(sender)):
            return sender
    return None


def notifications_for(user: AbstractBaseUser | AnonymousUser, limit: int = 20) -> list[object]:
    from planwatch.web.rounds.models import Notification

    if not user.is_authenticated:
        return []
    return list(Notification.objects.filter(user_id=user.pk).select_related("round__document")[:limit])


def counted_note() -> str:
    """Which states of a figure the evaluation counts while a round runs (shown on the round page)."""
    return _(
        "Đánh giá tính số liệu ở trạng thái '%(submitted)s' và '%(approved)s'; "
        "số liệu '%(draft)s' chưa được tính."
    ) % {
        "submitted": ValueState.SUBMITTED.label,
        "approved": ValueState.APPROVED.label,
        "draft": ValueState.DRAFT.label,
    }


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One line of a sender's form (and spreadsheet)."""

    target: Target
    target_text: str
    baseline_text: str
    previous: dict[int, str]
    value_text: str
    explanation: str
    version: int
    state: str
    value: float | None = None  # the figure as a number (None: none yet, or an assessment)
    last_year: float | None = None  # last year's figure as a number
    returned_note: str = ""  # why the coordinator returned this figure, while it is to be corrected
    changed: bool = False  # a draft: entered or changed since the sender last sent (or never sent)

    @property
    def kind(self) -> str:
        """How the figure is written: ``qualitative`` (the assessment scale), ``level`` or ``number``."""
        if "qualitative" in (self.target.kind, self.target.comparator):
            return "qualitative"
        return "level" if self.target.comparator == "level" else "number"

    @property
    def assessment_choices(self) -> list[tuple[str, str]]:
        """The assessment scale of a qualitative target, as (what is typed, label)."""
        from planwatch.domain.vocabulary import Assessment

        return [(a.label.lower(), a.label) for a in Assessment]


def _returned_notes(values: list[Observation]) -> dict[int, str]:
    """Why each returned observation was returned: the reason of its latest return."""
    returned = [v.pk for v in values if v.state == ValueState.RETURNED.value]
    notes: dict[int, str] = {}
    for observation_id, reason in (
        ObservationRevision.objects.filter(observation_id__in=returned, new_state=ValueState.RETURNED.value)
        .order_by("changed_at", "id")
        .values_list("observation_id", "reason")
    ):
        notes[observation_id] = reason
    return notes


def _figure_text(value: Observation | None) -> str:
    if value is None:
        return ""
    if value.assessment:
        from planwatch.domain.vocabulary import Assessment

        return Assessment(value.assessment).label
    return format_number(value.value) if value.value is not None else ""


def _number(value: Observation | None) -> float | None:
    return value.value if value is not None and not value.assessment else None


def entry_rows(sender: RoundSender) -> list[EntryRow]:
    """The sender's targets with unit, target, baseline, the three previous years and the current figure."""
    round_ = sender.round
    targets = sender_targets(sender)
    current = sender_values(sender)
    years = [round_.year - 3, round_.year - 2, round_.year - 1]
    earlier: dict[tuple[int, int], Observation] = {}
    for year in years:
        unit = previous_unit(sender, year)
        if unit is None:
            continue
        for target_id, found in series_values(targets, unit, year).items():
            earlier[(target_id, year)] = found
    notes = _returned_notes(list(current.values()))
    baselines = {b.target_id: b for b in Baseline.objects.filter(target__in=targets).order_by("position")}
    rows = []
    for target in targets:
        baseline = baselines.get(target.pk)
        value = current.get(target.pk)
        target_text = target.value_text or (
            f"{Comparator(target.comparator).symbol} {format_number(target.value)}"
            if target.value is not None
            else ""
        )
        rows.append(
            EntryRow(
                target=target,
                target_text=target_text.strip() + (f" ({target.target_year})" if target.target_year else ""),
                baseline_text=(
                    f"{format_number(baseline.value)}" + (f" ({baseline.year})" if baseline.year else "")
                    if baseline
                    else ""
                ),
                previous={y: _figure_text(earlier.get((target.pk, y))) for y in years},
                value_text=_figure_text(value),
                explanation=value.comment if value else "",
                version=value.version if value else 0,
                state=value.state if value else "",
                value=value.value if value else None,
                last_year=_number(earlier.get((target.pk, round_.year - 1))),
                returned_note=notes.get(value.pk, "") if value else "",
                changed=value is not None and value.state == ValueState.DRAFT.value,
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class EventLine:
    """One action on a sender's submission, as the history shows it."""

    at: datetime
    kind: str
    label: str
    by: str
    reason: str


EVENT_LABELS = {
    "submitted": gettext_lazy("Gửi"),
    "returned": gettext_lazy("Trả lại"),
    "approved": gettext_lazy("Duyệt"),
    "reopened": gettext_lazy("Mở lại"),
}


def round_events(sender: RoundSender) -> list[EventLine]:
    """Every action on ``sender``'s submission, oldest first: who sent, returned, approved, why."""
    return [
        EventLine(
            at=event.at,
            kind=event.kind,
            label=str(EVENT_LABELS.get(event.kind, event.kind)),
            by=event.by.username if event.by else "",
            reason=event.reason,
        )
        for event in sender.events.select_related("by").order_by("at", "id")
    ]
