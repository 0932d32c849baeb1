"""Rounds: opening (senders, deadline, cut-off, notifications), entry, submit, return, approve, lock,
reopen, remind, timeliness."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from planwatch.domain.errors import AccessDeniedError, InvalidValueError, StaleEditError
from planwatch.domain.vocabulary import UserRole, ValueState
from planwatch.web.accounts.access import access_scope
from planwatch.web.accounts.services import user_create
from planwatch.web.catalogue.selectors import document_get
from planwatch.web.figures.models import ObservationRevision
from planwatch.web.figures.services import observations_of
from planwatch.web.rounds.models import Notification, ReportingRound, RoundSender
from planwatch.web.rounds.selectors import (
    entry_rows,
    round_status,
    round_timeliness,
    rounds_due_for,
    sender_targets,
    sender_unit,
)
from planwatch.web.rounds.services import (
    EntryInput,
    EntryRejectedError,
    round_approve,
    round_close,
    round_figures_save,
    round_open,
    round_remind,
    round_reopen,
    round_resume,
    round_return,
    round_submit,
)
from planwatch.web.targets.services import figure_enter

pytestmark = pytest.mark.django_db


def _sender(round_: ReportingRound, code: str) -> RoundSender:
    return RoundSender.objects.select_related("round__document", "agency").get(
        round=round_, agency__code=code
    )


def _fill(sender: RoundSender, user: User, values: dict[int, str] | None = None) -> None:
    """Enter a plausible figure for every target of the sender."""
    entries = []
    for line, row in enumerate(entry_rows(sender), start=1):
        text = (values or {}).get(row.target.pk)
        if text is None:
            text = (
                "đạt"
                if "qualitative" in (row.target.comparator, row.target.kind)
                else "1"
                if row.target.comparator == "level"
                else "50"
            )
        entries.append(EntryInput(line=line, target_id=row.target.pk, value_text=text))
    round_figures_save(scope=access_scope(user), user=user, sender=sender, entries=entries, source="test")


def test_opening_sets_deadline_cutoff_and_senders_resolved_to_today(users: dict[str, User]) -> None:
    coordinator = users["daumoi"]
    round219 = round_open(
        scope=access_scope(coordinator), user=coordinator, document=document_get("219/KH-UBND"), year=2026
    )
    assert round219.deadline_on == date(2026, 11, 15)  # the document's reporting duty: 15/11
    assert (round219.cutoff_from, round219.cutoff_to) == (date(2025, 12, 15), date(2026, 12, 14))
    codes = {s.agency.code for s in round219.senders.select_related("agency") if s.agency}
    assert "y-te-an-giang" in codes
    assert "gddt-an-giang" in codes
    # Sở LĐTBXH Kiên Giang no longer exists: its targets went to today's successors by function.
    assert not any("ldtbxh" in c for c in codes), codes
    health = _sender(round219, "y-te-an-giang")
    assert "Sở Y tế" in health.name_in_document
    assert len(sender_targets(health)) >= 17
    assert sender_unit(health).level in ("province", "area")


def test_opening_notifies_senders_in_the_application_and_by_mail(
    users: dict[str, User], settings: SettingsWrapper, django_capture_on_commit_callbacks: object
) -> None:
    settings.PLANWATCH_EMAIL_ENABLED = True
    users["yte"].email = "yte@example.vn"
    users["yte"].save()
    coordinator = users["daumoi"]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        round_open(
            scope=access_scope(coordinator), user=coordinator, document=document_get("219/KH-UBND"), year=2026
        )
    assert Notification.objects.filter(user=users["yte"], text__contains="15/11/2026").exists()
    assert [m.to for m in mail.outbox] == [["yte@example.vn"]]
    assert "2026" in mail.outbox[0].subject


def test_only_the_coordinator_opens_and_only_once(users: dict[str, User], round219: ReportingRound) -> None:
    document = document_get("219/KH-UBND")
    with pytest.raises(AccessDeniedError):
        round_open(scope=access_scope(users["yte"]), user=users["yte"], document=document, year=2027)
    with pytest.raises(InvalidValueError, match="đã được mở"):
        round_open(scope=access_scope(users["daumoi"]), user=users["daumoi"], document=document, year=2026)


def test_due_from_me_lists_the_open_round_with_missing_figures_and_days_left(
    users: dict[str, User], round219: ReportingRound
) -> None:
    items = rounds_due_for(users["yte"])
    assert [(i.round.pk, i.sender.agency.code if i.sender.agency else None) for i in items] == [
        (round219.pk, "y-te-an-giang")
    ]
    item = items[0]
    assert item.row.missing == item.row.targets > 0
    assert item.days_left == (round219.deadline_on - timezone.localdate()).days == 30
    assert rounds_due_for(users["lanhdao"]) == []
    round219.deadline_on = timezone.localdate() - timedelta(days=3)
    round219.save()
    assert rounds_due_for(users["yte"])[0].overdue


def test_full_cycle_draft_submit_return_correct_approve_lock_reopen(
    users: dict[str, User], round219: ReportingRound
) -> None:
    yte, coordinator = users["yte"], users["daumoi"]
    health = _sender(round219, "y-te-an-giang")
    _fill(health, yte)
    first = sender_targets(health)[0]
    unit = sender_unit(health)
    assert observations_of(first).get(unit=unit, year=2026).state == ValueState.DRAFT.value
    assert {r.state for r in round_status(round219).rows if r.sender.pk == health.pk} == {"draft"}

    round_submit(scope=access_scope(yte), user=yte, sender=health)
    row = next(r for r in round_status(round219).rows if r.sender.pk == health.pk)
    assert row.state == "submitted_on_time"
    assert row.on_time is True
    assert observations_of(first).get(unit=unit, year=2026).state == ValueState.SUBMITTED.value
    with pytest.raises(InvalidValueError, match="đã gửi"):
        _fill(health, yte)

    with pytest.raises(InvalidValueError, match="lý do"):
        round_return(scope=access_scope(coordinator), user=coordinator, sender=health, reason=" ")
    round_return(
        scope=access_scope(coordinator),
        user=coordinator,
        sender=health,
        reason="Số liệu sai đơn vị",
        target_ids=[first.pk],
    )
    health.refresh_from_db()
    assert health.state == "returned"
    assert "Số liệu sai đơn vị" in health.returned_reason
    assert observations_of(first).get(unit=unit, year=2026).state == ValueState.RETURNED.value
    assert Notification.objects.filter(user=yte, text__contains="Số liệu sai đơn vị").exists()

    _fill(health, yte, {first.pk: "60"})
    round_submit(scope=access_scope(yte), user=yte, sender=health)
    round_approve(scope=access_scope(coordinator), user=coordinator, sender=health)
    value = observations_of(first).get(unit=unit, year=2026)
    assert value.state == ValueState.APPROVED.value
    assert value.value == 60
    history = list(
        ObservationRevision.objects.filter(observation=value).values_list("old_value", "new_value", "reason")
    )
    assert (50.0, 60.0, "") in history
    assert any(r == "Số liệu sai đơn vị" for _, _, r in history)

    # Approved figures are locked: the form, the target page (even the coordinator) and the API.
    with pytest.raises(InvalidValueError, match="duyệt"):
        _fill(health, yte)
    with pytest.raises(AccessDeniedError, match="khóa"):
        figure_enter(
            scope=access_scope(coordinator),
            user=coordinator,
            target=first,
            unit=unit,
            period_text="2026",
            value_text="70",
            expected_version=value.version,
        )
    with pytest.raises(InvalidValueError, match="lý do"):
        round_reopen(scope=access_scope(coordinator), user=coordinator, sender=health, reason="")
    with pytest.raises(AccessDeniedError):
        round_reopen(scope=access_scope(yte), user=yte, sender=health, reason="muốn sửa")
    round_reopen(
        scope=access_scope(coordinator), user=coordinator, sender=health, reason="Cục Thống kê công bố lại"
    )
    assert observations_of(first).get(unit=unit, year=2026).state == ValueState.DRAFT.value
    _fill(health, yte, {first.pk: "61"})


def test_late_submission_is_counted_late_and_timeliness_rows_have_the_report_shape(
    users: dict[str, User], round219: ReportingRound
) -> None:
    yte = users["yte"]
    round219.deadline_on = timezone.localdate() - timedelta(days=1)
    round219.save()
    health = _sender(round219, "y-te-an-giang")
    _fill(health, yte)
    round_submit(scope=access_scope(yte), user=yte, sender=health)
    rows = round_timeliness(document_get("219/KH-UBND"), 2026)
    assert rows is not None
    by_name = {r.name: r for r in rows}
    assert by_name[health.name].state == "submitted_late"
    assert by_name[health.name].on_time is False
    assert by_name[health.name].submitted_at is not None
    others = [r for r in rows if r.name != health.name]
    assert others
    assert all(r.state == "missing" and r.on_time is None for r in others)
    assert round_timeliness(document_get("219/KH-UBND"), 2030) is None
    status = round_status(round219)
    assert (status.expected, status.late, status.on_time, status.missing) == (len(rows), 1, 0, len(rows) - 1)


def test_validation_refuses_impossible_values_and_implausible_jumps_without_explanation(
    users: dict[str, User],
    round219: ReportingRound,
    approve_figure: Any,
) -> None:
    yte = users["yte"]
    health = _sender(round219, "y-te-an-giang")
    percent = next(
        t for t in sender_targets(health) if t.unit == "%" and t.comparator not in ("qualitative", "level")
    )
    previous_unit = sender_unit(health)  # 2025 and 2026 both belong to the area that continues Kiên Giang
    approve_figure(percent, previous_unit, 2025, 10.0)
    scope = access_scope(yte)
    other = next(
        t
        for t in sender_targets(health)
        if t.unit == "%" and t.pk != percent.pk and t.comparator not in ("qualitative", "level")
    )
    approve_figure(other, previous_unit, 2025, 40.0)

    def save(text: str, explanation: str = "") -> None:
        round_figures_save(
            scope=scope,
            user=yte,
            sender=health,
            source="test",
            entries=[EntryInput(line=7, target_id=percent.pk, value_text=text, explanation=explanation)],
        )

    with pytest.raises(EntryRejectedError) as impossible:
        save("130")
    assert impossible.value.problems[0][0] == 7
    assert percent.pk in impossible.value.by_target
    with pytest.raises(EntryRejectedError, match="3 lần"):
        save("35")
    with pytest.raises(EntryRejectedError, match="3 lần"):
        save("3")
    with pytest.raises(EntryRejectedError, match="giới hạn"):
        round_figures_save(
            scope=scope,
            user=yte,
            sender=health,
            source="test",
            entries=[EntryInput(line=8, target_id=other.pk, value_text="100")],
        )
    assert not observations_of(percent).filter(year=2026).exists()
    save("35", "Mở rộng đối tượng theo Nghị định mới")
    value = observations_of(percent).get(year=2026)
    assert value.value == 35
    assert value.comment == "Mở rộng đối tượng theo Nghị định mới"
    save("99,5", "tăng mạnh")
    assert observations_of(percent).get(year=2026).value == 99.5


def test_second_save_of_the_same_figure_is_refused(users: dict[str, User], round219: ReportingRound) -> None:
    coordinator, yte = users["daumoi"], users["yte"]
    health = _sender(round219, "y-te-an-giang")
    target = sender_targets(health)[0]
    opened = {row.target.pk: row.version for row in entry_rows(health)}  # both open the form: version 0
    entry = EntryInput(line=1, target_id=target.pk, value_text="40", expected_version=opened[target.pk])
    round_figures_save(scope=access_scope(yte), user=yte, sender=health, entries=[entry], source="form")
    late = EntryInput(line=1, target_id=target.pk, value_text="45", expected_version=opened[target.pk])
    with pytest.raises(StaleEditError, match="yte"):
        round_figures_save(
            scope=access_scope(coordinator), user=coordinator, sender=health, entries=[late], source="form"
        )
    assert observations_of(target).get(year=2026).value == 40


def test_a_reporter_cannot_enter_or_submit_for_another_agency_or_approve(
    users: dict[str, User], round219: ReportingRound
) -> None:
    gddt, yte = users["gddt"], users["yte"]
    health = _sender(round219, "y-te-an-giang")
    with pytest.raises(AccessDeniedError):
        _fill(health, gddt)
    _fill(health, yte)
    with pytest.raises(AccessDeniedError):
        round_submit(scope=access_scope(gddt), user=gddt, sender=health)
    with pytest.raises(AccessDeniedError):
        round_submit(scope=access_scope(users["phuquoc"]), user=users["phuquoc"], sender=health)
    round_submit(scope=access_scope(yte), user=yte, sender=health)
    with pytest.raises(AccessDeniedError):
        round_approve(scope=access_scope(yte), user=yte, sender=health)
    with pytest.raises(AccessDeniedError):
        round_return(scope=access_scope(yte), user=yte, sender=health, reason="x")
    with pytest.raises(AccessDeniedError):
        round_remind(scope=access_scope(yte), user=yte, round_=round219)


def test_commune_senders_come_from_figures_broken_down_by_commune(
    users: dict[str, User], approve_figure: Any
) -> None:
    from planwatch.web.geography.models import AdministrativeUnit

    document = document_get("219/KH-UBND")
    target = document.targets.exclude(comparator="qualitative").order_by("position").first()
    assert target is not None
    phu_quoc = AdministrativeUnit.objects.get(code="an-giang-dac-khu-phu-quoc")
    approve_figure(target, phu_quoc, 2025, 5.0)
    round_ = round_open(
        scope=access_scope(users["daumoi"]),
        user=users["daumoi"],
        document=document,
        year=2026,
        deadline=timezone.localdate(),
    )
    commune = RoundSender.objects.select_related("round__document", "unit").get(round=round_, unit=phu_quoc)
    assert [t.pk for t in sender_targets(commune)] == [target.pk]
    assert Notification.objects.filter(user=users["phuquoc"], round=round_).exists()
    _fill(commune, users["phuquoc"], {target.pk: "6"})
    with pytest.raises(AccessDeniedError):
        _fill(commune, users["yte"])
    round_submit(scope=access_scope(users["phuquoc"]), user=users["phuquoc"], sender=commune)
    rows = {r.name: r.state for r in round_status(round_).rows}
    assert rows[phu_quoc.name] == "submitted_on_time"


def test_remind_notifies_only_those_missing(users: dict[str, User], round219: ReportingRound) -> None:
    yte = users["yte"]
    health = _sender(round219, "y-te-an-giang")
    _fill(health, yte)
    round_submit(scope=access_scope(yte), user=yte, sender=health)
    before = Notification.objects.filter(user=yte).count()
    reminded = round_remind(scope=access_scope(users["daumoi"]), user=users["daumoi"], round_=round219)
    assert reminded == round219.senders.count() - 1
    assert Notification.objects.filter(user=yte).count() == before
    assert Notification.objects.filter(user=users["gddt"], text__startswith="Nhắc").exists()


def test_a_target_classed_qualitative_takes_an_assessment_even_if_graded_as_a_level(
    users: dict[str, User], round219: ReportingRound
) -> None:
    yte = users["yte"]
    graded = document_get("219/KH-UBND").targets.get(key="t29")  # comparator level, kind qualitative
    sender = next(
        s
        for s in round219.senders.select_related("round__document", "agency", "unit")
        if graded.pk in {t.pk for t in sender_targets(s)}
    )
    coordinator = users["daumoi"]
    with pytest.raises(EntryRejectedError, match="định tính"):
        round_figures_save(
            scope=access_scope(coordinator),
            user=coordinator,
            sender=sender,
            source="t",
            entries=[EntryInput(line=1, target_id=graded.pk, value_text="50")],
        )
    round_figures_save(
        scope=access_scope(coordinator),
        user=coordinator,
        sender=sender,
        source="t",
        entries=[EntryInput(line=1, target_id=graded.pk, value_text="đạt một phần")],
    )
    assert observations_of(graded).get(year=2026).assessment == "partial"
    assert yte.pk  # the reporter fixture exists; the coordinator writes for any sender


def test_closing_waits_for_approvals_then_stops_entry_and_tells_those_who_did_not_send(
    users: dict[str, User], round219: ReportingRound
) -> None:
    yte, gddt, coordinator = users["yte"], users["gddt"], users["daumoi"]
    boss = access_scope(coordinator)
    health = _sender(round219, "y-te-an-giang")
    _fill(health, yte)
    round_submit(scope=access_scope(yte), user=yte, sender=health)

    with pytest.raises(AccessDeniedError):
        round_close(scope=access_scope(yte), user=yte, round_=round219)
    with pytest.raises(InvalidValueError, match="đang chờ duyệt"):
        round_close(scope=boss, user=coordinator, round_=round219)
    round_approve(scope=boss, user=coordinator, sender=health)
    closed = round_close(scope=boss, user=coordinator, round_=round219)

    assert closed.state == "closed"
    assert closed.closed_by == coordinator
    assert closed.closed_at is not None
    education = _sender(round219, "gddt-an-giang")
    with pytest.raises(InvalidValueError, match="đã đóng"):
        _fill(education, gddt)
    with pytest.raises(InvalidValueError, match="đã đóng"):
        round_reopen(scope=boss, user=coordinator, sender=_sender(round219, "y-te-an-giang"), reason="sửa")
    with pytest.raises(InvalidValueError, match="đã đóng"):
        round_remind(scope=boss, user=coordinator, round_=round219)
    with pytest.raises(InvalidValueError, match="đã đóng"):
        round_close(scope=boss, user=coordinator, round_=round219)
    assert Notification.objects.filter(user=gddt, text__contains="đã đóng").exists()
    assert not Notification.objects.filter(user=yte, text__contains="đã đóng").exists()
    assert rounds_due_for(gddt) == []
    assert {r.state for r in round_status(round219).rows if r.sender.pk == education.pk} == {"missing"}
    timeliness = {row.name: row.state for row in round_timeliness(round219.document, 2026) or []}
    assert timeliness[health.name] == "approved"
    assert timeliness[education.name] == "missing"


def test_a_closed_round_opens_again_only_with_a_reason(
    users: dict[str, User], round219: ReportingRound
) -> None:
    gddt, coordinator = users["gddt"], users["daumoi"]
    boss = access_scope(coordinator)
    round_close(scope=boss, user=coordinator, round_=round219)

    with pytest.raises(InvalidValueError, match="lý do"):
        round_resume(scope=boss, user=coordinator, round_=round219, reason="  ")
    resumed = round_resume(
        scope=boss, user=coordinator, round_=round219, reason="Gia hạn theo công văn 12/UBND"
    )
    with pytest.raises(InvalidValueError, match="đang mở"):
        round_resume(scope=boss, user=coordinator, round_=round219, reason="lần nữa")

    assert resumed.state == "open"
    assert resumed.closed_at is None
    assert resumed.resumed_reason == "Gia hạn theo công văn 12/UBND"
    assert Notification.objects.filter(user=gddt, text__contains="Gia hạn theo công văn 12/UBND").exists()
    _fill(_sender(round219, "gddt-an-giang"), gddt)  # entry works again


def test_a_submission_is_told_to_every_coordinator_of_the_document_not_only_the_opener(
    users: dict[str, User], round219: ReportingRound
) -> None:
    colleague = user_create(
        username="daumoi.2",
        role=UserRole.COORDINATOR,
        agency="noi-vu-an-giang",
        password="mật-khẩu-đồng-nghiệp-1",
    )
    other_agency = user_create(
        username="daumoi.khac",
        role=UserRole.COORDINATOR,
        agency="y-te-an-giang",
        password="mật-khẩu-đồng-nghiệp-2",
    )
    yte = users["yte"]
    health = _sender(round219, "y-te-an-giang")
    _fill(health, yte)

    round_submit(scope=access_scope(yte), user=yte, sender=health)

    told = set(
        Notification.objects.filter(text__contains="đã gửi số liệu năm 2026").values_list(
            "user__username", flat=True
        )
    )
    assert told == {"daumoi", "daumoi.2"}
    assert colleague.username in told
    assert other_agency.username not in told
