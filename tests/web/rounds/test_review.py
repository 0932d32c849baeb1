"""Issue #19: a partial send needs a reason, a sent round stays on the reporter's to-do list, the
coordinator's to-do list shows what waits with its age, and the sender's page reviews target by target."""

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.vocabulary import ValueState
from planwatch.web.accounts.access import access_scope
from planwatch.web.rounds.models import ReportingRound, RoundEvent, RoundSender, SenderState
from planwatch.web.rounds.selectors import (
    entry_rows,
    reviews_due_for,
    rounds_due_count,
    rounds_due_for,
    sender_targets,
    sender_values,
)
from planwatch.web.rounds.services import (
    EntryInput,
    round_approve,
    round_figures_save,
    round_return,
    round_submit,
)

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]
WHY = "Số liệu điều tra mức sống chưa công bố"


def _health(round_: ReportingRound) -> RoundSender:
    return RoundSender.objects.select_related("round__document", "agency", "unit").get(
        round=round_, agency__code="y-te-an-giang"
    )


def _typed(row_kind: str) -> str:
    return {"qualitative": "đạt một phần", "level": "1"}.get(row_kind, "50")


def _fill(sender: RoundSender, user: User, leave_out: int = 0) -> list[int]:
    rows = entry_rows(sender)
    kept = rows[: len(rows) - leave_out]
    entries = [
        EntryInput(line=i, target_id=r.target.pk, value_text=_typed(r.kind)) for i, r in enumerate(kept, 1)
    ]
    round_figures_save(scope=access_scope(user), user=user, sender=sender, entries=entries, source="test")
    return [r.target.pk for r in kept]


def test_a_partial_send_needs_a_reason_kept_in_the_history(
    users: dict[str, User], round219: ReportingRound
) -> None:
    yte = users["yte"]
    health = _health(round219)
    _fill(health, yte, leave_out=2)
    with pytest.raises(InvalidValueError, match="Còn 2 chỉ tiêu chưa có số liệu"):
        round_submit(scope=access_scope(yte), user=yte, sender=health)
    assert _health(round219).state == SenderState.OPEN

    round_submit(scope=access_scope(yte), user=yte, sender=health, partial_reason=WHY)

    event = RoundEvent.objects.get(sender=health, kind="submitted")
    total = len(sender_targets(health))
    assert event.reason == f"gửi thiếu 2/{total} chỉ tiêu: {WHY}"
    # Sent, not approved: it stays on the reporter's list, and is on the coordinator's.
    [item] = [i for i in rounds_due_for(yte) if i.round.pk == round219.pk]
    assert item.waiting
    assert not item.overdue
    assert rounds_due_count(users["daumoi"]) == 2  # its own sender's round, and the review
    [review] = reviews_due_for(users["daumoi"])
    assert (review.sender.pk, review.age_days) == (health.pk, 0)
    assert reviews_due_for(yte) == []


def test_the_coordinator_returns_and_approves_target_by_target(
    users: dict[str, User], round219: ReportingRound
) -> None:
    yte, coordinator = users["yte"], users["daumoi"]
    health = _health(round219)
    filled = _fill(health, yte)
    round_submit(scope=access_scope(yte), user=yte, sender=health)
    first, second, *rest = filled

    round_return(
        scope=access_scope(coordinator), user=coordinator, sender=health, reason="Sai kỳ", target_ids=[first]
    )
    # Another target can still be returned, with its own reason, while the sender corrects the first.
    round_return(
        scope=access_scope(coordinator),
        user=coordinator,
        sender=_health(round219),
        reason="Thiếu nguồn",
        target_ids=[second],
    )
    round_approve(
        scope=access_scope(coordinator), user=coordinator, sender=_health(round219), target_ids=rest
    )

    values = sender_values(_health(round219))
    assert values[first].state == values[second].state == ValueState.RETURNED.value
    assert {values[pk].state for pk in rest} == {ValueState.APPROVED.value}
    notes = {r.target.pk: r.returned_note for r in entry_rows(_health(round219))}
    assert (notes[first], notes[second]) == ("Sai kỳ", "Thiếu nguồn")
    assert _health(round219).state == SenderState.RETURNED
    with pytest.raises(InvalidValueError):
        round_approve(
            scope=access_scope(coordinator), user=coordinator, sender=_health(round219), target_ids=[first]
        )

    # The reporter corrects both and sends again; approving what waits approves the sender.
    health = _health(round219)
    round_figures_save(
        scope=access_scope(yte),
        user=yte,
        sender=health,
        entries=[EntryInput(line=1, target_id=pk, value_text="51") for pk in (first, second)],
        source="test",
    )
    assert {r.target.pk for r in entry_rows(health) if r.changed} == {first, second}
    round_submit(scope=access_scope(yte), user=yte, sender=health)
    round_approve(
        scope=access_scope(coordinator),
        user=coordinator,
        sender=_health(round219),
        target_ids=[first, second],
    )
    assert _health(round219).state == SenderState.APPROVED
    kinds = list(RoundEvent.objects.filter(sender=health).values_list("kind", flat=True))
    assert kinds == ["submitted", "returned", "returned", "approved", "submitted", "approved"]


def test_the_pages_ask_to_confirm_a_partial_send_and_offer_review_in_place(
    client_as: ClientAs, round219: ReportingRound, users: dict[str, User]
) -> None:
    reporter = client_as("yte")
    health = _health(round219)
    rows = entry_rows(health)
    form = {"action": "submit"}
    for row in rows[:-1]:
        form[f"value_{row.target.pk}"] = _typed(row.kind)
        form[f"version_{row.target.pk}"] = "0"
    page = reporter.post(f"/dot-bao-cao/{round219.pk}/nhap/{health.pk}/", form)
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="confirm-partial"' in text
    assert "Còn 1 chỉ tiêu chưa có số liệu" in text
    assert _health(round219).state == SenderState.OPEN  # saved as a draft, not sent
    qualitative = [r for r in rows if r.kind == "qualitative"]
    if qualitative:
        assert re.search(rf'<select name="value_{qualitative[0].target.pk}"', text)

    versions = {r.target.pk: r.version for r in entry_rows(_health(round219))}
    form.update({f"version_{pk}": str(v) for pk, v in versions.items()})
    form["partial_reason"] = WHY
    sent = reporter.post(f"/dot-bao-cao/{round219.pk}/nhap/{health.pk}/", form)
    assert sent.status_code == 302
    due = reporter.get("/viec-can-lam/").content.decode()
    assert "Đã gửi, chờ duyệt" in due

    coordinator = client_as("daumoi")
    todo = coordinator.get("/viec-can-lam/").content.decode()
    assert 'class="review-item"' in todo
    assert f"/nhap/{health.pk}/" in todo
    review = coordinator.get(f"/dot-bao-cao/{round219.pk}/nhap/{health.pk}/").content.decode()
    assert 'id="approve-all"' in review
    assert review.count('class="approve-one"') == len(rows) - 1
    assert WHY in review  # the partial-send reason is in the history on the page
    target = rows[0].target.pk
    back = coordinator.post(
        f"/dot-bao-cao/{round219.pk}/don-vi/{health.pk}/return/",
        {"target": str(target), "reason": "Kiểm tra lại nguồn", "back": "review"},
    )
    assert back.status_code == 302
    assert back["Location"].endswith(f"/nhap/{health.pk}/")
    approved = coordinator.post(
        f"/dot-bao-cao/{round219.pk}/don-vi/{health.pk}/approve/",
        {"back": "review", "target": str(rows[1].target.pk)},
    )
    assert approved.status_code == 302
    assert sender_values(_health(round219))[rows[1].target.pk].state == ValueState.APPROVED.value
    page = reporter.get(f"/dot-bao-cao/{round219.pk}/nhap/{health.pk}/").content.decode()
    assert re.search(rf'id="t{target}"[^>]*class="[^"]*returned', page)
    assert "Kiểm tra lại nguồn" in page


def test_the_error_pages_speak_plainly(client_as: ClientAs) -> None:
    page = client_as("yte").get("/khong-co-trang-nay/")
    text = page.content.decode()
    assert page.status_code == 404
    assert "Resolver404" not in text
    assert "Không tìm thấy trang này" in text
    assert "tried" not in text
