"""Pages of the narrative parts of a round: a sender writes its parts; the coordinator edits the
consolidated text. Linked from the entry and round pages through ``rounds/_narrative_link.html``."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from planwatch.domain.errors import DomainError
from planwatch.web.accounts.access import access_scope
from planwatch.web.rounds.models import RoundState, SenderState
from planwatch.web.rounds.narratives import (
    PARTS,
    consolidated,
    narratives_edit,
    narratives_save,
    sender_narrative_fields,
)
from planwatch.web.rounds.views import _require_entry, _round, _sender


def sender_narratives(request: HttpRequest, pk: int, sender_pk: int) -> HttpResponse:
    round_ = _round(pk)
    sender = _sender(round_, sender_pk)
    _require_entry(request, sender)
    scope = access_scope(request.user)
    error = ""
    if request.method == "POST":
        texts = {part.value: request.POST.get(f"part_{part.value}", "") for part in PARTS}
        try:
            narratives_save(scope=scope, user=cast(User, request.user), sender=sender, texts=texts)
        except DomainError as problem:
            error = str(problem)
        else:
            messages.success(request, _("Đã lưu phần thuyết minh."))
            return redirect("rounds:narratives", pk=pk, sender_pk=sender_pk)
    editable = round_.state == RoundState.OPEN and sender.state in (SenderState.OPEN, SenderState.RETURNED)
    context = {
        "nav": "due",
        "round": round_,
        "sender": sender,
        "fields": sender_narrative_fields(sender),
        "editable": editable,
        "error": error,
    }
    return render(request, "rounds/narratives.html", context, status=400 if error else 200)


def consolidated_narratives(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(pk)
    scope = access_scope(request.user)
    scope.require_coordinate(round_.document)
    error = ""
    if request.method == "POST":
        texts = {}
        for key in request.POST:
            if key.startswith("text_"):
                _prefix, sender_id, part = key.split("_", 2)
                if sender_id.isdigit():
                    texts[(int(sender_id), part)] = request.POST.get(key, "")
        try:
            narratives_edit(scope=scope, user=cast(User, request.user), round_=round_, texts=texts)
        except DomainError as problem:
            error = str(problem)
        else:
            messages.success(request, _("Đã lưu nội dung báo cáo tổng hợp."))
            return redirect("rounds:consolidated", pk=pk)
    context = {
        "nav": "due",
        "round": round_,
        "parts": consolidated(round_),
        "editable": round_.state == RoundState.OPEN,
        "error": error,
    }
    return render(request, "rounds/consolidated.html", context, status=400 if error else 200)
