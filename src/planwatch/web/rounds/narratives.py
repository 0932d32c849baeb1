"""The narrative parts of a reporting round (issue #16): each sender writes, beside its figures, the
parts of the report for its domain; the coordinator edits the consolidated text; the report assembles
it, each part credited to the sender's agency (``reports.selectors``).

Who may do what follows the figures: a sender's reporters write its parts while the sender may still
change its figures (not sent, or returned); the coordinator of the document edits any part at any time
before the round is closed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.text import nfc
from planwatch.reporting.content import Narrative, NarrativePart
from planwatch.reporting.narratives import narrative_template
from planwatch.web.accounts.access import AccessScope
from planwatch.web.rounds.models import ReportingRound, RoundNarrative, RoundSender, RoundState
from planwatch.web.rounds.selectors import sender_targets

MAX_CHARS = 20_000
PARTS = tuple(NarrativePart)


@dataclass(frozen=True, slots=True)
class NarrativeField:
    """One part on a form: its heading, the saved text (or the template when nothing is saved yet)."""

    part: NarrativePart
    heading: str
    text: str
    saved: bool
    edited: bool


def _texts(sender: RoundSender) -> dict[str, RoundNarrative]:
    return {n.part: n for n in RoundNarrative.objects.filter(sender=sender)}


def sender_narrative_fields(sender: RoundSender) -> list[NarrativeField]:
    """The four parts of ``sender``: what it saved, else the template from what its figures say."""
    saved = _texts(sender)
    missing = [part for part in PARTS if part.value not in saved]
    templates = _templates(sender, missing) if missing else {}
    year = sender.round.year
    fields = []
    for part in PARTS:
        row = saved.get(part.value)
        fields.append(
            NarrativeField(
                part=part,
                heading=part.heading(year),
                text=row.final if row else templates.get(part, ""),
                saved=row is not None,
                edited=bool(row and row.edited.strip()),
            )
        )
    return fields


def _templates(sender: RoundSender, parts: list[NarrativePart]) -> dict[NarrativePart, str]:
    from planwatch.web.reports.selectors import report_facts

    round_ = sender.round
    keys = {t.key for t in sender_targets(sender)}
    facts = report_facts(round_.document, round_.year)
    targets = [t for t in facts.targets if t.key in keys]
    return {part: narrative_template(part, targets, round_.year) for part in parts}


def sender_narrative_count(sender: RoundSender) -> int:
    """How many parts the sender has written (not blank)."""
    return sum(1 for n in RoundNarrative.objects.filter(sender=sender) if n.final.strip())


def _clean(text: str) -> str:
    text = nfc(text.replace("\r\n", "\n")).strip()
    if len(text) > MAX_CHARS:
        raise InvalidValueError(f"Mỗi phần thuyết minh dài tối đa {MAX_CHARS:,} ký tự.".replace(",", "."))
    return text


def _parts(texts: dict[str, str]) -> dict[NarrativePart, str]:
    parts = {}
    for key, text in texts.items():
        try:
            part = NarrativePart(key)
        except ValueError:
            raise InvalidValueError(f"Không có phần thuyết minh '{key}'.") from None
        parts[part] = _clean(text)
    return parts


@transaction.atomic
def narratives_save(*, scope: AccessScope, user: User, sender: RoundSender, texts: dict[str, str]) -> int:
    """The sender writes its parts (``texts``: part -> text). Returns how many changed.

    Raises:
        AccessDeniedError: the user does not report for this sender.
        InvalidValueError: the round is closed, the figures were sent or approved, an unknown part,
            a text too long.
    """
    from planwatch.web.rounds.services import _require_editable, _require_sender

    _require_sender(scope, sender)
    _require_editable(sender)
    saved = _texts(sender)
    changed = 0
    now = timezone.now()
    for part, text in _parts(texts).items():
        row = saved.get(part.value)
        if row is not None and row.text == text:
            continue
        if row is None:
            row = RoundNarrative(sender=sender, part=part.value)
        row.text, row.written_at, row.written_by = text, now, user if user.pk else None
        row.save()
        changed += 1
    return changed


@transaction.atomic
def narratives_edit(
    *, scope: AccessScope, user: User, round_: ReportingRound, texts: dict[tuple[int, str], str]
) -> int:
    """The coordinator edits the consolidated text (``texts``: (sender id, part) -> text); the sender's
    own text is kept beside it. Returns how many parts changed.

    Raises:
        AccessDeniedError: the user does not coordinate the document.
        InvalidValueError: the round is closed, an unknown sender or part, a text too long.
    """
    scope.require_coordinate(round_.document)
    if round_.state != RoundState.OPEN:
        raise InvalidValueError(f"Đợt báo cáo năm {round_.year} đã đóng; hãy mở lại đợt để sửa báo cáo.")
    senders = {s.pk: s for s in round_.senders.all()}
    existing = {(n.sender_id, n.part): n for n in RoundNarrative.objects.filter(sender__round=round_)}
    changed = 0
    now = timezone.now()
    for (sender_id, key), raw in texts.items():
        if sender_id not in senders:
            raise InvalidValueError("Đợt báo cáo không có đơn vị gửi này.")
        part = next(iter(_parts({key: raw})))
        text = _clean(raw)
        row = existing.get((sender_id, part.value))
        current = row.final if row else ""
        if text == current:
            continue
        if row is None:
            row = RoundNarrative(sender=senders[sender_id], part=part.value)
        row.edited, row.edited_at, row.edited_by = text, now, user if user.pk else None
        row.save()
        changed += 1
    return changed


@dataclass(frozen=True, slots=True)
class ConsolidatedPart:
    part: NarrativePart
    heading: str
    entries: tuple[tuple[RoundSender, str, bool], ...]  # sender, text, edited by the coordinator


def consolidated(round_: ReportingRound) -> list[ConsolidatedPart]:
    """Every part, with what each sender wrote (as last edited), for the coordinator's page."""
    rows = RoundNarrative.objects.filter(sender__round=round_).select_related(
        "sender__agency", "sender__unit"
    )
    by_part: dict[str, list[RoundNarrative]] = {}
    for row in rows:
        by_part.setdefault(row.part, []).append(row)
    result = []
    for part in PARTS:
        entries = sorted(by_part.get(part.value, []), key=lambda r: r.sender.name)
        result.append(
            ConsolidatedPart(
                part=part,
                heading=part.heading(round_.year),
                entries=tuple(
                    (r.sender, r.final, bool(r.edited.strip())) for r in entries if r.final.strip()
                ),
            )
        )
    return result


def report_narratives(round_: ReportingRound | None) -> tuple[Narrative, ...]:
    """What the report assembles: every written part, credited to its sender's agency today."""
    if round_ is None:
        return ()
    return tuple(
        Narrative(agency=sender.name, part=item.part, text=text)
        for item in consolidated(round_)
        for sender, text, _edited in item.entries
    )
