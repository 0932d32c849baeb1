"""The template a sender of a reporting round starts its narrative parts from (issue #16): what its
figures already say, written out, with the places only the agency can fill (the causes, what it will
do) marked ``…``. Nothing is invented: a part the figures say nothing about starts with a prompt."""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.domain.vocabulary import Status
from planwatch.reporting.content import NarrativePart, TargetFacts
from planwatch.reporting.wording import OFF_TRACK, goal_phrase, target_sentence

_GOOD = (Status.ACHIEVED, Status.ON_TRACK)


def narrative_template(part: NarrativePart, targets: Sequence[TargetFacts], year: int) -> str:
    """The pre-filled text of ``part`` for a sender monitoring ``targets``, as of ``year``."""
    with_data = [t for t in targets if t.status(year) is not Status.NO_DATA]
    behind = [t for t in targets if t.status(year) in OFF_TRACK]
    if part is NarrativePart.RESULTS:
        lines = [f"- {target_sentence(t, year)}" for t in with_data]
        return "\n".join([*lines, "- Kết quả nổi bật khác trong năm: …"])
    if part is NarrativePart.SHORTCOMINGS:
        lines = [
            f"- {t.name}: {t.status(year).label.lower()} ({goal_phrase(t)}). Nguyên nhân: …" for t in behind
        ]
        missing = [t for t in targets if t.status(year) is Status.NO_DATA]
        if missing:
            names = "; ".join(t.name for t in missing)
            lines.append(f"- Chưa có số liệu năm {year}: {names}. Nguyên nhân: …")
        return "\n".join(lines or ["- Tồn tại, hạn chế: …", "- Nguyên nhân: …"])
    if part is NarrativePart.DIRECTIONS:
        lines = [f"- Tập trung đẩy nhanh chỉ tiêu {t.name}: …" for t in behind]
        good = sum(1 for t in targets if t.status(year) in _GOOD)
        if good:
            lines.append(f"- Duy trì kết quả của {good} chỉ tiêu đã đạt hoặc đúng tiến độ.")
        return "\n".join([*lines, f"- Nhiệm vụ trọng tâm năm {year + 1}: …"])
    return "- Đối với Ủy ban nhân dân tỉnh: …\n- Đối với các sở, ban, ngành: …"
