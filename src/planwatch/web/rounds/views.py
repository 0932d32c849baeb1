"""Pages of reporting rounds: "Việc cần làm", the round, the entry form of one sender, its spreadsheet."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from planwatch.domain.errors import DomainError, ImportRejectedError, InvalidValueError
from planwatch.domain.numbers import is_ascii_digits
from planwatch.domain.vocabulary import ObservationKind
from planwatch.intake.workbook import size_text
from planwatch.web.accounts.access import access_scope
from planwatch.web.catalogue.models import Target
from planwatch.web.catalogue.selectors import document_get
from planwatch.web.rounds.models import ReportingRound, RoundSender, SenderState
from planwatch.web.rounds.selectors import (
    changes_due_for,
    counted_note,
    entry_rows,
    notifications_for,
    reviews_due_for,
    round_events,
    round_get,
    round_status,
    rounds_due_for,
    sender_row,
    sender_targets,
    senders_for_scope,
)
from planwatch.web.rounds.services import (
    EntryInput,
    EntryRejectedError,
    jump_flag,
    missing_targets,
    notifications_mark_read,
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
from planwatch.web.rounds.xlsx import LIMITS as XLSX_LIMITS
from planwatch.web.rounds.xlsx import entries_from_workbook, sender_workbook


def _round(pk: int) -> ReportingRound:
    try:
        return round_get(pk)
    except ReportingRound.DoesNotExist:
        raise Http404(_("Không có đợt báo cáo này.")) from None


def _sender(round_: ReportingRound, sender_pk: int) -> RoundSender:
    sender = (
        RoundSender.objects.filter(round=round_, pk=sender_pk)
        .select_related("round__document", "agency", "unit")
        .first()
    )
    if sender is None:
        raise Http404(_("Đợt báo cáo không có đơn vị gửi này."))
    return sender


def due(request: HttpRequest) -> HttpResponse:
    scope = access_scope(request.user)
    scope.require_view()
    items = rounds_due_for(request.user)
    notes = notifications_for(request.user)
    unread = [n for n in notes if getattr(n, "read_at", None) is None]
    context = {
        "nav": "due",
        "items": items,
        "reviews": reviews_due_for(request.user),
        "changes": changes_due_for(request.user),
        "notifications": notes,
        "unread": len(unread),
    }
    response = render(request, "rounds/due.html", context)
    notifications_mark_read(cast(User, request.user))
    return response


@require_POST
def round_open_view(request: HttpRequest) -> HttpResponse:
    scope = access_scope(request.user)
    document = document_get(request.POST.get("document", ""))
    try:
        year = int(request.POST.get("year", "").strip())
    except ValueError:
        raise InvalidValueError("Năm phải là số nguyên, ví dụ 2026.") from None
    deadline_text = request.POST.get("deadline", "").strip()
    deadline = None
    if deadline_text:
        try:
            deadline = date.fromisoformat(deadline_text)
        except ValueError:
            raise InvalidValueError(f"Hạn gửi '{deadline_text}' không phải là ngày hợp lệ.") from None
    kind_text = request.POST.get("kind", "official")
    try:
        kind = ObservationKind(kind_text)
    except ValueError:
        raise InvalidValueError(
            f"Loại số liệu '{kind_text}' không hợp lệ: ước thực hiện hoặc thực hiện."
        ) from None
    round_ = round_open(
        scope=scope, user=cast(User, request.user), document=document, year=year, deadline=deadline, kind=kind
    )
    messages.success(
        request, _("Đã mở đợt báo cáo năm %(year)s; đã thông báo cho các đơn vị gửi.") % {"year": year}
    )
    return redirect("rounds:detail", pk=round_.pk)


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = access_scope(request.user)
    scope.require_view()
    round_ = _round(pk)
    status = round_status(round_)
    coordinates = scope.coordinates(round_.document)
    own = {s.pk for s in senders_for_scope(scope, round_)}
    waiting = {
        row.sender.pk: sender_targets(row.sender)
        for row in status.rows
        if coordinates and row.sender.state == SenderState.SUBMITTED
    }
    report_url = reverse("reports:download", args=[round_.document.doc_id, round_.year, "docx"])
    context = {
        "nav": "due",
        "round": round_,
        "status": status,
        "coordinates": coordinates,
        "own": own,
        "waiting": waiting,
        "report_url": report_url,
        "counted_note": counted_note(),
        "today": timezone.localdate(),
    }
    return render(request, "rounds/detail.html", context)


@require_POST
def sender_action(request: HttpRequest, pk: int, sender_pk: int, action: str) -> HttpResponse:
    scope = access_scope(request.user)
    round_ = _round(pk)
    sender = _sender(round_, sender_pk)
    user = cast(User, request.user)
    reason = request.POST.get("reason", "")
    chosen = [int(x) for x in request.POST.getlist("target") if is_ascii_digits(x)]
    back = (
        redirect("rounds:entry", pk=round_.pk, sender_pk=sender.pk)
        if request.POST.get("back") == "review"
        else redirect("rounds:detail", pk=round_.pk)
    )
    if action == "approve":
        try:
            round_approve(scope=scope, user=user, sender=sender, target_ids=chosen or None)
        except InvalidValueError as refused:
            messages.error(request, str(refused))
            return back
        messages.success(request, _("Đã duyệt số liệu của %(name)s.") % {"name": sender.name})
        return back
    elif action == "return":
        chosen = [int(x) for x in request.POST.getlist("target") if is_ascii_digits(x)]
        try:
            round_return(scope=scope, user=user, sender=sender, reason=reason, target_ids=chosen or None)
        except InvalidValueError as refused:
            messages.error(request, str(refused))
            return back
        messages.success(request, _("Đã trả lại số liệu cho %(name)s.") % {"name": sender.name})
        return back
    elif action == "reopen":
        round_reopen(scope=scope, user=user, sender=sender, reason=reason)
        messages.success(request, _("Đã mở lại số liệu của %(name)s.") % {"name": sender.name})
    elif action == "remind":
        round_remind(scope=scope, user=user, round_=round_, sender_ids=[sender.pk])
        messages.success(request, _("Đã nhắc %(name)s.") % {"name": sender.name})
    else:
        raise Http404(_("Không có thao tác này."))
    return redirect("rounds:detail", pk=round_.pk)


@require_POST
def round_state_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Close the round, or open it again with a reason (the coordinator); a refusal is shown on the
    round page."""
    scope = access_scope(request.user)
    round_ = _round(pk)
    user = cast(User, request.user)
    try:
        if action == "close":
            round_close(scope=scope, user=user, round_=round_)
            messages.success(request, _("Đã đóng đợt báo cáo năm %(year)s.") % {"year": round_.year})
        elif action == "resume":
            round_resume(scope=scope, user=user, round_=round_, reason=request.POST.get("reason", ""))
            messages.success(request, _("Đã mở lại đợt báo cáo năm %(year)s.") % {"year": round_.year})
        else:
            raise Http404(_("Không có thao tác này."))
    except InvalidValueError as refused:
        messages.error(request, str(refused))
    return redirect("rounds:detail", pk=round_.pk)


@require_POST
def remind_all(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(pk)
    count = round_remind(scope=access_scope(request.user), user=cast(User, request.user), round_=round_)
    messages.success(
        request,
        ngettext("Đã nhắc %(n)s đơn vị chưa gửi.", "Đã nhắc %(n)s đơn vị chưa gửi.", count) % {"n": count},
    )
    return redirect("rounds:detail", pk=round_.pk)


def _require_entry(request: HttpRequest, sender: RoundSender) -> None:
    from planwatch.domain.errors import AccessDeniedError

    scope = access_scope(request.user)
    scope.require_view()
    document = sender.round.document
    if not scope.can_submit_for(document, sender.agency.code if sender.agency else None, sender.unit_id):
        raise AccessDeniedError(
            f"Bạn không được nhập số liệu của {sender.name}: "
            "bạn chỉ báo cáo cho cơ quan hoặc địa bàn của mình."
        )


def entry(request: HttpRequest, pk: int, sender_pk: int) -> HttpResponse:
    round_ = _round(pk)
    sender = _sender(round_, sender_pk)
    _require_entry(request, sender)
    scope = access_scope(request.user)
    user = cast(User, request.user)
    error = ""
    confirm_partial: list[Target] = []
    problems: list[tuple[int, str]] = []
    by_target: dict[int, str] = {}
    typed: dict[str, str] = {}
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "upload":
                upload = request.FILES.get("file")
                if upload is None:
                    raise InvalidValueError("Hãy chọn tệp Excel (.xlsx) để tải lên.")
                if upload.size is not None and upload.size > XLSX_LIMITS.file_bytes:
                    raise InvalidValueError(
                        f"{upload.name}: tệp lớn hơn giới hạn {size_text(XLSX_LIMITS.file_bytes)}"
                    )
                entries = entries_from_workbook(upload.read(), round_.year, upload.name or "Tệp Excel")
                result = round_figures_save(
                    scope=scope, user=user, sender=sender, entries=entries, source=f"tệp {upload.name}"
                )
                saved = result.created + result.changed
                messages.success(
                    request,
                    ngettext(
                        "Đã nhận tệp: %(n)s số liệu được lưu (nháp).",
                        "Đã nhận tệp: %(n)s số liệu được lưu (nháp).",
                        saved,
                    )
                    % {"n": saved},
                )
                return redirect("rounds:entry", pk=pk, sender_pk=sender_pk)
            typed = {
                k: request.POST.get(k, "") for k in request.POST if k.startswith(("value_", "explanation_"))
            }
            entries = _form_entries(request)
            result = round_figures_save(
                scope=scope, user=user, sender=sender, entries=entries, source="biểu nhập"
            )
            if action == "submit":
                reason = request.POST.get("partial_reason", "").strip()
                missing = missing_targets(sender)
                if missing and not reason:
                    # Saved as a draft; the page asks to confirm the partial send with a reason.
                    confirm_partial = missing
                    raise _AskConfirmation
                round_submit(scope=scope, user=user, sender=sender, partial_reason=reason)
                messages.success(request, _("Đã gửi số liệu cho cơ quan đầu mối."))
                return redirect("rounds:due")
            changed = result.created + result.changed
            messages.success(
                request,
                ngettext(
                    "Đã lưu nháp (%(n)s số liệu thay đổi).", "Đã lưu nháp (%(n)s số liệu thay đổi).", changed
                )
                % {"n": changed},
            )
            return redirect("rounds:entry", pk=pk, sender_pk=sender_pk)
        except _AskConfirmation:
            pass
        except EntryRejectedError as rejected:
            error, problems, by_target = (
                _("Chưa lưu gì: có số liệu cần sửa."),
                rejected.problems,
                rejected.by_target,
            )
        except ImportRejectedError as rejected:
            error, problems = _("Tệp bị từ chối, không ghi số liệu nào."), rejected.problems
        except DomainError as problem:
            from planwatch.domain.errors import AccessDeniedError

            if isinstance(problem, AccessDeniedError):
                raise
            error = str(problem)
    sender = _sender(round_, sender_pk)  # its state now
    rows = entry_rows(sender)
    flags = {r.target.pk: jump_flag(r.target, r.value, r.last_year) for r in rows}
    shown = [
        {
            "entry": r,
            "value": typed.get(f"value_{r.target.pk}", r.value_text),
            "explanation": typed.get(f"explanation_{r.target.pk}", r.explanation),
            "error": by_target.get(r.target.pk, ""),
            "previous": [(y, r.previous[y]) for y in sorted(r.previous)],
            "flag": flags[r.target.pk],
        }
        for r in rows
    ]
    reviewing = scope.coordinates(round_.document) and round_.state == "open"
    context = {
        "nav": "due",
        "round": round_,
        "sender": sender,
        "row": sender_row(sender),
        "rows": shown,
        "years": [round_.year - 3, round_.year - 2, round_.year - 1],
        "editable": sender.state in (SenderState.OPEN, SenderState.RETURNED) and round_.state == "open",
        "reviewing": reviewing,
        "waiting": [r for r in rows if r.state == "submitted"],
        "flagged": sum(1 for r in rows if flags[r.target.pk] and r.state == "submitted"),
        "missing": [r for r in rows if not r.value_text],
        "changed": [r for r in rows if r.changed],
        "confirm_partial": confirm_partial,
        "events": round_events(sender),
        "error": error,
        "problems": problems,
    }
    return render(request, "rounds/entry.html", context, status=400 if error else 200)


class _AskConfirmation(Exception):
    """A send with figures missing and no reason yet: the page asks for one (nothing is refused)."""


def _form_entries(request: HttpRequest) -> list[EntryInput]:
    entries = []
    for line, key in enumerate((k for k in request.POST if k.startswith("value_")), start=1):
        target_id = key.removeprefix("value_")
        if not is_ascii_digits(target_id):
            continue
        version = request.POST.get(f"version_{target_id}", "")
        entries.append(
            EntryInput(
                line=line,
                target_id=int(target_id),
                value_text=request.POST.get(key, ""),
                explanation=request.POST.get(f"explanation_{target_id}", ""),
                expected_version=int(version) if is_ascii_digits(version) else None,
            )
        )
    return entries


def entry_xlsx(request: HttpRequest, pk: int, sender_pk: int) -> HttpResponse:
    round_ = _round(pk)
    sender = _sender(round_, sender_pk)
    _require_entry(request, sender)
    response = HttpResponse(
        sender_workbook(sender),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"so-lieu-{round_.document.doc_id}-{round_.year}-{sender.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
