"""How a reporting round bounds the writing of one figure (called by figures.workflow.value_state_for_entry,
so that the target page, the API and the round form obey the same lock)."""

from __future__ import annotations

from planwatch.domain.errors import AccessDeniedError
from planwatch.domain.vocabulary import ValueState
from planwatch.web.catalogue.models import Target
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.rounds.models import RoundState, SenderState
from planwatch.web.rounds.selectors import round_sender_for


def round_entry_state(
    target: Target, unit: AdministrativeUnit, year: int, *, coordinator: bool
) -> ValueState | None:
    """The state a figure written now takes because of its round; None when no round decides.

    Raises:
        AccessDeniedError: the sender's submission is approved (locked until the coordinator reopens
            it), or sent and waiting for the coordinator (locked for the reporter).
    """
    sender = round_sender_for(target, unit, year)
    if sender is None:
        return None
    if sender.state == SenderState.APPROVED:
        raise AccessDeniedError(
            f"Số liệu năm {year} của '{target.indicator_name}' ({sender.name}) đã được duyệt "
            "trong đợt báo cáo "
            "nên bị khóa; cơ quan đầu mối cần mở lại (ghi lý do) trước khi sửa."
        )
    if sender.state == SenderState.SUBMITTED and not coordinator:
        raise AccessDeniedError(
            f"{sender.name} đã gửi số liệu năm {year} và đang chờ cơ quan đầu mối duyệt; "
            "chỉ sửa được khi báo cáo bị trả lại."
        )
    if coordinator or sender.round.state != RoundState.OPEN:
        return None
    return ValueState.DRAFT
