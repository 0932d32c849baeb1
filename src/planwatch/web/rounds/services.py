"""Writes of reporting rounds: open, enter figures (form and spreadsheet share one path), submit,
return, approve, reopen, remind, close and resume. Every figure change goes through
figures.services.observations_write, so the target page shows who, when, old → new and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from planwatch.domain.errors import ImportRejectedError, InvalidValueError, StaleEditError
from planwatch.domain.numbers import format_number
from planwatch.domain.periods import Period, check_year
from planwatch.domain.vocabulary import (
    Assessment,
    ObservationKind,
    ObservationSource,
    ReportingFrequency,
    ValueState,
)
from planwatch.intake.figures import Figure
from planwatch.web.accounts.access import AccessScope
from planwatch.web.catalogue.mapping import duty_deadline
from planwatch.web.catalogue.models import PolicyDocument, Target
from planwatch.web.figures.services import (
    ObservationWrite,
    SeriesKey,
    changed_meanwhile,
    figure_for_target,
    observation_set,
    observations_write,
    series_of,
)
from planwatch.web.rounds.models import (
    Notification,
    ReportingRound,
    RoundEvent,
    RoundSender,
    RoundSenderTarget,
    RoundState,
    SenderState,
)
from planwatch.web.rounds.selectors import (
    coordinator_users,
    expected_senders,
    previous_unit,
    sender_targets,
    sender_unit,
    sender_users,
    sender_values,
    series_values,
)

PLAUSIBLE_RATIO = 3.0


class EntryRejectedError(ImportRejectedError):
    """Figures of a round form or spreadsheet with at least one bad row: nothing was written.

    ``by_target`` maps a target id to its message, to show the error in place on the form.
    """

    def __init__(self, problems: list[tuple[int, str]], by_target: dict[int, str]) -> None:
        self.by_target = by_target
        super().__init__(problems)


@dataclass(frozen=True, slots=True)
class EntryInput:
    """One figure typed in the form or read from a spreadsheet row."""

    line: int
    target_id: int
    value_text: str
    explanation: str = ""
    expected_version: int | None = None  # None: not checked (the spreadsheet says nothing about it)


@dataclass(frozen=True, slots=True)
class SaveResult:
    created: int
    changed: int
    unchanged: int


def _require_sender(scope: AccessScope, sender: RoundSender) -> None:
    from planwatch.domain.errors import AccessDeniedError

    scope.require_view()
    document = sender.round.document
    if not scope.can_submit_for(document, sender.agency.code if sender.agency else None, sender.unit_id):
        raise AccessDeniedError(
            f"Bạn không được nhập hoặc gửi số liệu của {sender.name} trong đợt báo cáo {sender.round.year} "
            f"của {document}: bạn chỉ báo cáo cho cơ quan hoặc địa bàn của mình."
        )


# Duties whose day/month deadline a yearly round takes, the yearly report first: a daily or one-off
# duty ("trước 19h00 hằng ngày", "trước ngày 31/12/2025") sets no yearly deadline.
_ROUND_FREQUENCIES = (ReportingFrequency.ANNUAL, ReportingFrequency.PERIODIC)


def default_deadline(document: PolicyDocument, year: int) -> date | None:
    """The deadline the document's reporting duty sets for ``year`` (219/KH-UBND: 15/11; "trước ngày
    30/01 của năm tiếp theo": 30/01 of ``year + 1``)."""
    duties = document.reporting_duties.filter(
        frequency__in=[f.value for f in _ROUND_FREQUENCIES], deadline_day__isnull=False
    ).order_by("position")
    for frequency in _ROUND_FREQUENCIES:
        for duty in duties:
            deadline = duty_deadline(duty)
            if duty.frequency == frequency.value and deadline is not None:
                due = deadline.due_in_round(year)
                if due is not None:
                    return due
    return None


@transaction.atomic
def round_open(
    *,
    scope: AccessScope,
    user: User,
    document: PolicyDocument,
    year: int,
    deadline: date | None = None,
    kind: ObservationKind = ObservationKind.OFFICIAL,
) -> ReportingRound:
    """Open the reporting round of ``document`` for ``year`` and tell its senders. ``kind``: whether
    it collects the year's estimates (ước thực hiện, due before the year ends) or the official result;
    its figures are written with that kind (preliminary is not a round's kind).

    Raises:
        AccessDeniedError: the user does not coordinate the document.
        InvalidValueError: a round of that year exists, or no deadline is given nor set by the document.
    """
    scope.require_coordinate(document)
    check_year(year)
    if ReportingRound.objects.filter(document=document, year=year).exists():
        raise InvalidValueError(f"Đợt báo cáo năm {year} của {document} đã được mở.")
    deadline = deadline or default_deadline(document, year)
    if deadline is None:
        raise InvalidValueError(f"{document} không quy định hạn báo cáo; hãy nhập hạn gửi số liệu.")
    round_ = ReportingRound.objects.create(
        document=document,
        year=year,
        deadline_on=deadline,
        cutoff_from=Period.of_year(year).start,
        cutoff_to=Period.of_year(year).end,
        opened_by=user if user.pk else None,
        state=RoundState.OPEN,
        kind=ObservationKind.ESTIMATE.value
        if kind is ObservationKind.ESTIMATE
        else ObservationKind.OFFICIAL.value,
    )
    for expected in expected_senders(document, year, timezone.localdate()):
        RoundSender.objects.create(
            round=round_,
            agency=expected.agency,
            unit=expected.unit,
            name_in_document=expected.name_in_document,
        )
    # Which targets each sender owes is fixed now: the lock check of every later write reads it.
    RoundSenderTarget.objects.bulk_create(
        RoundSenderTarget(sender=sender, target=target)
        for sender in round_.senders.select_related("round__document", "agency", "unit")
        for target in sender_targets(sender)
    )
    for sender in round_.senders.select_related("agency", "unit"):
        _notify(
            sender_users(sender),
            round_,
            gettext_noop(
                "Đợt báo cáo năm %(year)s của %(document)s đã mở: %(sender)s gửi số liệu trước ngày "
                "%(deadline)s (kỳ số liệu %(start)s – %(end)s)."
            ),
            year=year,
            document=str(document),
            sender=sender.name,
            deadline=f"{deadline:%d/%m/%Y}",
            start=f"{round_.cutoff_from:%d/%m/%Y}",
            end=f"{round_.cutoff_to:%d/%m/%Y}",
        )
    return round_


@transaction.atomic
def round_close(*, scope: AccessScope, user: User, round_: ReportingRound) -> ReportingRound:
    """End the round: nothing more is entered, sent or returned in it. A sender that has not sent
    stays "not sent" in the round's timeliness and the report; its drafts never count.

    Raises:
        AccessDeniedError: the user does not coordinate the document.
        InvalidValueError: the round is closed already, or submissions still wait for approval.
    """
    scope.require_coordinate(round_.document)
    round_ = _locked_round(round_)
    if round_.state == RoundState.CLOSED:
        raise InvalidValueError(f"Đợt báo cáo năm {round_.year} của {round_.document} đã đóng.")
    waiting = [
        s.name for s in round_.senders.select_related("agency", "unit") if s.state == SenderState.SUBMITTED
    ]
    if waiting:
        raise InvalidValueError(
            f"Còn {len(waiting)} đơn vị đã gửi và đang chờ duyệt ({', '.join(waiting)}): "
            "hãy duyệt hoặc trả lại trước khi đóng đợt."
        )
    round_.state = RoundState.CLOSED
    round_.closed_at = timezone.now()
    round_.closed_by = user if user.pk else None
    round_.save()
    for sender in _unsent(round_):
        _notify(
            sender_users(sender),
            round_,
            gettext_noop(
                "Đợt báo cáo năm %(year)s của %(document)s đã đóng; %(sender)s chưa gửi số liệu trong đợt."
            ),
            year=round_.year,
            document=str(round_.document),
            sender=sender.name,
        )
    return round_


@transaction.atomic
def round_resume(*, scope: AccessScope, user: User, round_: ReportingRound, reason: str) -> ReportingRound:
    """Open a closed round again, for a reason the senders are told.

    Raises:
        AccessDeniedError: the user does not coordinate the document.
        InvalidValueError: no reason, or the round is not closed.
    """
    scope.require_coordinate(round_.document)
    round_ = _locked_round(round_)
    reason = reason.strip()
    if not reason:
        raise InvalidValueError("Hãy ghi lý do mở lại đợt báo cáo.")
    if round_.state != RoundState.CLOSED:
        raise InvalidValueError(f"Đợt báo cáo năm {round_.year} của {round_.document} đang mở.")
    round_.state = RoundState.OPEN
    round_.closed_at = None
    round_.closed_by = None
    round_.resumed_reason = reason
    round_.save()
    for sender in _unsent(round_):
        _notify(
            sender_users(sender),
            round_,
            gettext_noop(
                "Đợt báo cáo năm %(year)s của %(document)s được mở lại: %(reason)s. "
                "%(sender)s gửi số liệu trước ngày %(deadline)s."
            ),
            year=round_.year,
            document=str(round_.document),
            reason=reason,
            sender=sender.name,
            deadline=f"{round_.deadline_on:%d/%m/%Y}",
        )
    return round_


def _unsent(round_: ReportingRound) -> QuerySet[RoundSender]:
    """The senders of the round that have not sent, or were returned (those told and reminded)."""
    return round_.senders.select_related("agency", "unit").filter(
        state__in=(SenderState.OPEN, SenderState.RETURNED)
    )


def _locked_round(round_: ReportingRound) -> ReportingRound:
    return ReportingRound.objects.select_for_update(of=("self",)).select_related("document").get(pk=round_.pk)


def _notify(user_ids: Sequence[int], round_: ReportingRound, message: str, **params: object) -> None:
    """In the application always; by e-mail too when an SMTP server is configured. The mail goes
    after the transaction commits, so a rolled-back action sends nothing.

    ``message`` is a Vietnamese msgid with ``%(name)s`` fields (marked with gettext_noop) and
    ``params`` its values: the notification keeps both, so a page shows it in the reader's language
    (``Notification.text_in``); ``text`` keeps the Vietnamese sentence (the e-mail's).
    """
    values = {name: str(value) for name, value in params.items()}
    text = message % values
    for user_id in user_ids:
        Notification.objects.create(
            user_id=user_id, round=round_, text=text, message={"msgid": message, "params": values}
        )
    if not getattr(settings, "PLANWATCH_EMAIL_ENABLED", False):
        return
    addresses = [a for a in User.objects.filter(pk__in=user_ids).values_list("email", flat=True) if a]
    if addresses:
        subject = f"planwatch: đợt báo cáo {round_.year} — {round_.document}"
        transaction.on_commit(lambda: send_mail(subject, text, None, addresses, fail_silently=True))


def _event(sender: RoundSender, kind: str, user: User, reason: str = "") -> None:
    RoundEvent.objects.create(sender=sender, kind=kind, by=user if user.pk else None, reason=reason)


def _locked_sender(sender: RoundSender) -> RoundSender:
    return (
        RoundSender.objects.select_for_update(of=("self",))
        .select_related("round__document", "agency", "unit")
        .get(pk=sender.pk)
    )


def _previous_value(sender: RoundSender, target: Target) -> float | None:
    unit = previous_unit(sender, sender.round.year - 1)
    if unit is None:
        return None
    earlier = series_values([target], unit, sender.round.year - 1).get(target.pk)
    return earlier.value if earlier else None


def plausibility_problem(target: Target, figure: Figure, previous: float | None) -> str | None:
    """Why a figure needs a written explanation, or None: a change over 3× or under ⅓ of last year's
    value, or reaching the indicator's natural limit (0, 100 %) from a value away from it."""
    value = figure.value
    if value is None or previous is None:
        return None
    shown = f"{format_number(previous)} → {format_number(value)}"
    if (
        previous > 0
        and value > 0
        and (value > PLAUSIBLE_RATIO * previous or value < previous / PLAUSIBLE_RATIO)
    ):
        return f"thay đổi quá 3 lần so với năm trước ({shown}): cần ghi giải trình"
    if previous > 0 and value == 0:
        return f"giảm về 0 so với năm trước ({shown}): cần ghi giải trình"
    indicator = target.indicator
    for limit in (indicator.lower_limit if indicator else None, indicator.upper_limit if indicator else None):
        if limit is not None and value == limit and previous != limit:
            return f"chạm giới hạn tự nhiên {format_number(limit)} ({shown}): cần ghi giải trình"
    return None


def jump_flag(target: Target, value: float | None, previous: float | None) -> str | None:
    """What the coordinator should look at in a figure next to last year's (the same rule that asks
    the reporter for an explanation), or None."""
    problem = plausibility_problem(target, Figure(value=value, assessment=None), previous)
    return problem.removesuffix(": cần ghi giải trình") if problem else None


@transaction.atomic
def round_figures_save(
    *, scope: AccessScope, user: User, sender: RoundSender, entries: Sequence[EntryInput], source: str
) -> SaveResult:
    """Save a sender's figures as its draft: every row or none. The one path of the form and the
    spreadsheet. Blank values are skipped (not entered yet).

    Raises:
        AccessDeniedError: the user does not report for this sender.
        InvalidValueError: the round is closed, or the sender's figures are sent or approved.
        StaleEditError: a figure changed after the form was opened (nothing written).
        EntryRejectedError: at least one bad row; every bad row named with its line.
    """
    _require_sender(scope, sender)
    sender = _locked_sender(sender)
    _require_editable(sender)
    targets = {t.pk: t for t in sender_targets(sender)}
    unit = sender_unit(sender)
    current = sender_values(sender)
    problems: list[tuple[int, str]] = []
    by_target: dict[int, str] = {}
    stale: list[str] = []
    writes: list[tuple[EntryInput, Target, Figure]] = []
    for entry in entries:
        target = targets.get(entry.target_id)
        if target is None:
            problems.append((entry.line, "chỉ tiêu không thuộc phần báo cáo của đơn vị này"))
            continue
        existing = current.get(target.pk)
        if (
            entry.expected_version is not None
            and (existing.version if existing else 0) != entry.expected_version
        ):
            stale.append(f"'{target.indicator_name}' {changed_meanwhile(existing)}")
            continue
        if not entry.value_text.strip():
            continue
        try:
            figure = figure_for_target(target, entry.value_text)
        except InvalidValueError as error:
            problems.append((entry.line, f"{target.indicator_name}: {error}"))
            by_target[target.pk] = str(error)
            continue
        why = plausibility_problem(target, figure, _previous_value(sender, target))
        if why and not entry.explanation.strip():
            problems.append((entry.line, f"{target.indicator_name}: {why}"))
            by_target[target.pk] = why
            continue
        writes.append((entry, target, figure))
    if stale:
        raise StaleEditError(
            "Số liệu đã thay đổi sau khi bạn mở trang, bản của bạn chưa được lưu: "
            + "; ".join(stale)
            + ". Hãy tải lại trang, xem số mới và nhập lại nếu vẫn cần sửa."
        )
    if problems:
        raise EntryRejectedError(sorted(problems), by_target)
    counts = {"created": 0, "changed": 0, "unchanged": 0}
    for entry, target, figure in writes:
        existing = current.get(target.pk)
        explanation = entry.explanation.strip()
        same = existing is not None and (existing.value, existing.assessment) == (
            figure.value,
            figure.assessment.value if figure.assessment else "",
        )
        if same and existing is not None and (not explanation or explanation == existing.comment):
            counts["unchanged"] += 1
            continue
        outcome = observation_set(
            ObservationWrite(
                series=series_of(target),
                unit=unit,
                period=Period.of_year(sender.round.year),
                figure=figure,
                state=ValueState.DRAFT,
                source=ObservationSource.ROUND,
                source_detail=f"{source}, dòng {entry.line}",
                kind=ObservationKind(sender.round.kind),
                comment=explanation or (existing.comment if existing else ""),
                reason=explanation,
                target_key=target.address,
                through_round=True,
            ),
            user=user,
        )
        counts[outcome] += 1
    return SaveResult(**counts)


def _require_open(round_: ReportingRound) -> None:
    if round_.state != RoundState.OPEN:
        raise InvalidValueError(
            f"Đợt báo cáo năm {round_.year} của {round_.document} đã đóng; cơ quan đầu mối cần mở lại đợt."
        )


def _require_editable(sender: RoundSender) -> None:
    _require_open(sender.round)
    if sender.state == SenderState.APPROVED:
        raise InvalidValueError(
            f"Số liệu của {sender.name} đã được duyệt và bị khóa; cơ quan đầu mối cần mở lại (ghi lý do)."
        )
    if sender.state == SenderState.SUBMITTED:
        raise InvalidValueError(f"{sender.name} đã gửi số liệu; chỉ sửa được khi cơ quan đầu mối trả lại.")


def _move_values(
    sender: RoundSender,
    states: Sequence[str],
    to: ValueState,
    *,
    user: User,
    source: str,
    reason: str,
    target_ids: Sequence[int] | None = None,
) -> int:
    writes: dict[int, ObservationWrite] = {}
    targets = {t.pk: t for t in sender_targets(sender)}
    for target_id, value in sender_values(sender).items():
        if value.state not in states or (target_ids is not None and target_id not in target_ids):
            continue
        if value.pk in writes:  # two targets reading one series: one figure to move
            continue
        writes[value.pk] = ObservationWrite(
            series=SeriesKey(value.indicator_id, value.disaggregation),
            unit=value.unit,
            period=Period.of_year(value.year),
            figure=Figure(
                value=value.value, assessment=Assessment(value.assessment) if value.assessment else None
            ),
            state=to,
            source=ObservationSource(value.source),
            source_detail=source,
            kind=ObservationKind(value.kind),
            comment=value.comment,
            reason=reason,
            target_key=targets[target_id].address,
            is_demo=value.is_demo,
            through_round=True,
        )
    observations_write(list(writes.values()), user=user)
    return len(writes)


def missing_targets(sender: RoundSender) -> list[Target]:
    """The targets of ``sender`` that have no figure of the round's year yet."""
    values = sender_values(sender)
    return [t for t in sender_targets(sender) if t.pk not in values]


@transaction.atomic
def round_submit(
    *, scope: AccessScope, user: User, sender: RoundSender, partial_reason: str = ""
) -> RoundSender:
    """Send the sender's draft figures to the coordinator. A send with figures still missing is a
    partial send: it needs a reason, which the coordinator reads in the round's history.

    Raises:
        AccessDeniedError: the user does not report for this sender.
        InvalidValueError: closed round, already sent or approved, no figure entered, or figures
            missing and no reason given for sending without them.
    """
    _require_sender(scope, sender)
    sender = _locked_sender(sender)
    _require_editable(sender)
    if not sender_values(sender):
        raise InvalidValueError(f"{sender.name} chưa nhập số liệu nào; hãy nhập rồi mới gửi.")
    missing = missing_targets(sender)
    partial_reason = partial_reason.strip()
    if missing and not partial_reason:
        raise InvalidValueError(
            f"Còn {len(missing)} chỉ tiêu chưa có số liệu; hãy ghi lý do gửi thiếu hoặc nhập đủ rồi gửi."
        )
    _move_values(
        sender,
        (ValueState.DRAFT.value, ValueState.RETURNED.value),
        ValueState.SUBMITTED,
        user=user,
        source=f"đợt báo cáo {sender.round.year}: gửi",
        reason="",
    )
    now = timezone.now()
    sender.submitted_at = sender.submitted_at or now
    sender.last_submitted_at = now
    sender.state = SenderState.SUBMITTED
    sender.save()
    total = len(sender_targets(sender))
    why = f"gửi thiếu {len(missing)}/{total} chỉ tiêu: {partial_reason}" if missing else ""
    _event(sender, "submitted", user, why)
    _notify(
        coordinator_users(sender.round),
        sender.round,
        gettext_noop("%(sender)s đã gửi số liệu năm %(year)s của %(document)s (%(why)s).")
        if why
        else gettext_noop("%(sender)s đã gửi số liệu năm %(year)s của %(document)s."),
        sender=sender.name,
        year=sender.round.year,
        document=str(sender.round.document),
        why=why,
    )
    return sender


def _chosen_targets(sender: RoundSender, target_ids: Sequence[int] | None) -> dict[int, Target]:
    """The chosen targets of ``sender`` by id (every one of them when none is chosen)."""
    targets = {t.pk: t for t in sender_targets(sender)}
    if not target_ids:
        return targets
    unknown = [pk for pk in target_ids if pk not in targets]
    if unknown:
        raise InvalidValueError("Chỉ tiêu được chọn không thuộc phần báo cáo của đơn vị này.")
    return {pk: targets[pk] for pk in target_ids}


def _waiting(sender: RoundSender, target_ids: Sequence[int] | None) -> list[int]:
    """The chosen targets whose figure is sent and waits for the coordinator."""
    values = sender_values(sender)
    return [
        pk
        for pk in _chosen_targets(sender, target_ids)
        if pk in values and values[pk].state == ValueState.SUBMITTED.value
    ]


@transaction.atomic
def round_return(
    *,
    scope: AccessScope,
    user: User,
    sender: RoundSender,
    reason: str,
    target_ids: Sequence[int] | None = None,
) -> RoundSender:
    """Return a submission (or some of its figures) to the sender with a reason. Figures can be
    returned one by one: a sender already returned for one figure can be returned another that still
    waits.

    Raises:
        AccessDeniedError: the user does not coordinate the document.
        InvalidValueError: no reason, or nothing chosen waits for approval.
    """
    scope.require_coordinate(sender.round.document)
    sender = _locked_sender(sender)
    _require_open(sender.round)
    reason = reason.strip()
    if not reason:
        raise InvalidValueError("Hãy ghi lý do trả lại.")
    chosen = list(target_ids) if target_ids else None
    targets = _chosen_targets(sender, chosen)
    if sender.state not in (SenderState.SUBMITTED, SenderState.RETURNED) or (
        sender.state == SenderState.RETURNED and not _waiting(sender, chosen)
    ):
        raise InvalidValueError(f"{sender.name} không có số liệu đang chờ duyệt để trả lại.")
    names = "; ".join(targets[pk].indicator_name for pk in chosen) if chosen else ""
    _move_values(
        sender,
        (ValueState.SUBMITTED.value,),
        ValueState.RETURNED,
        user=user,
        source=f"đợt báo cáo {sender.round.year}: trả lại",
        reason=reason,
        target_ids=chosen,
    )
    said = f"{names}: {reason}" if names else reason
    if sender.state == SenderState.RETURNED and sender.returned_reason:
        sender.returned_reason = f"{sender.returned_reason} | {said}"
    else:
        sender.returned_reason = said
    sender.state = SenderState.RETURNED
    sender.returned_at = timezone.now()
    sender.save()
    _event(sender, "returned", user, said)
    _notify(
        sender_users(sender),
        sender.round,
        gettext_noop("Số liệu năm %(year)s của %(document)s bị trả lại: %(reason)s"),
        year=sender.round.year,
        document=str(sender.round.document),
        reason=said,
    )
    return sender


@transaction.atomic
def round_approve(
    *, scope: AccessScope, user: User, sender: RoundSender, target_ids: Sequence[int] | None = None
) -> RoundSender:
    """Approve a submission in one action, or the figures of some of its targets: they become
    approved and locked. The sender is approved once none of its figures waits or is to be corrected.

    Raises:
        AccessDeniedError: the user does not coordinate the document.
        InvalidValueError: nothing (of the chosen targets) waiting for approval.
    """
    scope.require_coordinate(sender.round.document)
    sender = _locked_sender(sender)
    _require_open(sender.round)
    chosen = list(target_ids) if target_ids else None
    if chosen is None:
        if sender.state != SenderState.SUBMITTED:
            raise InvalidValueError(f"{sender.name} không có số liệu đang chờ duyệt.")
        states: tuple[str, ...] = (
            ValueState.SUBMITTED.value,
            ValueState.DRAFT.value,
            ValueState.RETURNED.value,
        )
    else:
        if sender.state not in (SenderState.SUBMITTED, SenderState.RETURNED) or not _waiting(sender, chosen):
            raise InvalidValueError(f"{sender.name} không có số liệu đang chờ duyệt ở chỉ tiêu được chọn.")
        states = (ValueState.SUBMITTED.value,)
    targets = _chosen_targets(sender, chosen)
    _move_values(
        sender,
        states,
        ValueState.APPROVED,
        user=user,
        source=f"đợt báo cáo {sender.round.year}: duyệt",
        reason="",
        target_ids=chosen,
    )
    values = sender_values(sender)
    done = all(v.state == ValueState.APPROVED.value for v in values.values())
    names = "; ".join(targets[pk].indicator_name for pk in chosen) if chosen else ""
    if chosen is None or (done and sender.state == SenderState.SUBMITTED):
        sender.state = SenderState.APPROVED
        sender.approved_at = timezone.now()
        sender.approved_by = user if user.pk else None
        sender.save()
    _event(sender, "approved", user, names)
    if sender.state == SenderState.APPROVED:
        _notify(
            sender_users(sender),
            sender.round,
            gettext_noop("Số liệu năm %(year)s của %(sender)s (%(document)s) đã được duyệt."),
            year=sender.round.year,
            sender=sender.name,
            document=str(sender.round.document),
        )
    return sender


@transaction.atomic
def round_reopen(*, scope: AccessScope, user: User, sender: RoundSender, reason: str) -> RoundSender:
    """Unlock an approved (or sent) submission so that the sender can correct it; needs a reason.

    Raises:
        AccessDeniedError: the user does not coordinate the document.
        InvalidValueError: no reason, or nothing sent or approved to reopen.
    """
    scope.require_coordinate(sender.round.document)
    sender = _locked_sender(sender)
    _require_open(sender.round)
    reason = reason.strip()
    if not reason:
        raise InvalidValueError("Hãy ghi lý do mở lại.")
    if sender.state not in (SenderState.APPROVED, SenderState.SUBMITTED):
        raise InvalidValueError(f"{sender.name} không có số liệu đã gửi hoặc đã duyệt để mở lại.")
    _move_values(
        sender,
        (ValueState.APPROVED.value, ValueState.SUBMITTED.value),
        ValueState.DRAFT,
        user=user,
        source=f"đợt báo cáo {sender.round.year}: mở lại",
        reason=reason,
    )
    sender.state = SenderState.RETURNED
    sender.returned_reason = reason
    sender.returned_at = timezone.now()
    sender.save()
    _event(sender, "reopened", user, reason)
    _notify(
        sender_users(sender),
        sender.round,
        gettext_noop("Số liệu năm %(year)s của %(document)s được mở lại để sửa: %(reason)s"),
        year=sender.round.year,
        document=str(sender.round.document),
        reason=reason,
    )
    return sender


@transaction.atomic
def round_remind(
    *, scope: AccessScope, user: User, round_: ReportingRound, sender_ids: Sequence[int] | None = None
) -> int:
    """Remind the senders that have not sent (or were returned); returns how many were reminded.

    Raises:
        AccessDeniedError: the user does not coordinate the document.
    """
    scope.require_coordinate(round_.document)
    round_ = ReportingRound.objects.select_related("document").get(pk=round_.pk)  # its state now
    _require_open(round_)
    senders = _unsent(round_)
    if sender_ids:
        senders = senders.filter(pk__in=list(sender_ids))
    today = timezone.localdate()
    reminded = 0
    for sender in senders:
        days = (round_.deadline_on - today).days
        message = (
            gettext_noop(
                "Nhắc: %(sender)s chưa gửi số liệu năm %(year)s của %(document)s (hạn %(deadline)s, "
                "còn %(days)s ngày)."
            )
            if days >= 0
            else gettext_noop(
                "Nhắc: %(sender)s chưa gửi số liệu năm %(year)s của %(document)s (hạn %(deadline)s, "
                "đã quá hạn %(days)s ngày)."
            )
        )
        _notify(
            sender_users(sender),
            round_,
            message,
            sender=sender.name,
            year=round_.year,
            document=str(round_.document),
            deadline=f"{round_.deadline_on:%d/%m/%Y}",
            days=abs(days),
        )
        sender.reminded_at = timezone.now()
        sender.save(update_fields=["reminded_at", "updated_at"])
        reminded += 1
    return reminded


def notifications_mark_read(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
