"""Reads of uploads: the drafts to continue, one draft laid out for review, and the original file of a
catalogue document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from planwatch.domain.errors import NotFoundError
from planwatch.domain.numbers import format_number
from planwatch.domain.vocabulary import Comparator, DocumentKind
from planwatch.web.accounts.access import access_scope
from planwatch.web.agencies.models import Agency
from planwatch.web.catalogue.models import PolicyDocument
from planwatch.web.uploads.models import DocumentUpload, UploadState
from planwatch.web.uploads.services import NEW_PARENT_PREFIX, builtin_doc_ids

AnyUser = AbstractBaseUser | AnonymousUser


def upload_get(*, user: AnyUser, pk: int) -> DocumentUpload:
    """An upload, for those who may upload and review.

    Raises:
        AccessDeniedError: the user may not upload documents.
        NotFoundError: no such upload.
    """
    access_scope(user).require_upload()
    upload = DocumentUpload.objects.select_related("uploaded_by").filter(pk=pk).first()
    if upload is None:
        raise NotFoundError(f"Không có bản tải lên số {pk}.")
    return upload


def upload_list_for_user(*, user: AnyUser) -> QuerySet[DocumentUpload]:
    """Recent uploads (every reviewer's: drafts are shared work), newest first."""
    access_scope(user).require_upload()
    return DocumentUpload.objects.select_related("uploaded_by").prefetch_related("documents")[:20]


def upload_original_get(*, user: AnyUser, pk: int) -> DocumentUpload:
    """An upload whose original file the user may download: anyone who may view, once it is the source
    of a catalogue document; before that, only those who may upload.

    Raises:
        AccessDeniedError: see above.
        NotFoundError: no such upload, or its file is gone (a discarded draft).
    """
    scope = access_scope(user)
    scope.require_view()
    upload = DocumentUpload.objects.filter(pk=pk).first()
    if upload is None:
        raise NotFoundError(f"Không có bản tải lên số {pk}.")
    if upload.state != UploadState.CONFIRMED:
        scope.require_upload()
    if not upload.original.name or not upload.original.storage.exists(upload.original.name):
        raise NotFoundError(f"Tệp gốc '{upload.original_name}' không còn được lưu.")
    return upload


def document_original_upload(document: PolicyDocument) -> DocumentUpload | None:
    """The confirmed upload whose file is the source of ``document`` (the latest, if it was replaced);
    None for documents that did not come from an upload (the built-in catalogue).

    Link to its file with ``{% url 'uploads:original' upload.pk %}`` and show ``upload.original_name``.
    """
    return (
        DocumentUpload.objects.filter(documents=document, state=UploadState.CONFIRMED)
        .exclude(original="")
        .order_by("-confirmed_at")
        .first()
    )


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One target of a draft as the review table shows it."""

    target: dict[str, Any]
    agency: Agency | None
    comparator_label: str
    value_display: str

    @property
    def confidence(self) -> float | None:
        """How sure the extractor was (0–1); None for a target a person added."""
        found = self.target.get("confidence")
        return float(found) if found is not None else None

    @property
    def is_doubtful(self) -> bool:
        """A target to look at first: the extractor was less than ``DOUBTFUL_BELOW`` sure of it."""
        return self.confidence is not None and self.confidence < DOUBTFUL_BELOW


# Below this confidence the review page lists a target among those to check first.
DOUBTFUL_BELOW = 0.7


@dataclass(frozen=True, slots=True)
class DocumentReview:
    """One document of a draft: its fields, targets, other findings and what the reviewer must know."""

    index: int
    record: dict[str, Any]
    parents: list[str]
    rows: list[TargetRow]
    notices: list[tuple[str, str]]  # (kind: builtin, existing, namesake, no-targets or new-parent; text)
    agency_choices: list[tuple[str, list[tuple[str, str]]]]
    parent_choices: list[tuple[str, str]]
    kind_label: str
    baselines: list[dict[str, Any]] = field(default_factory=list)
    duties: list[dict[str, Any]] = field(default_factory=list)
    lead_agencies: list[dict[str, Any]] = field(default_factory=list)

    @property
    def doubtful(self) -> list[TargetRow]:
        """The targets to review first, least sure first."""
        return sorted((r for r in self.rows if r.is_doubtful), key=lambda r: r.confidence or 0.0)


def upload_review(*, user: AnyUser, upload: DocumentUpload) -> list[DocumentReview]:
    """Every document of ``upload`` laid out for the review page."""
    access_scope(user).require_upload()
    agencies = list(Agency.objects.all())
    by_code = {a.code: a for a in agencies}
    builtin = builtin_doc_ids()
    reviews = []
    for index, (record, review) in enumerate(
        zip(upload.extraction["documents"], upload.review["documents"], strict=True)
    ):
        province = record.get("province") or ""
        codes = review["agencies"]
        reviews.append(
            DocumentReview(
                index=index,
                record=record,
                parents=list(review["parents"]),
                rows=[target_row(t, by_code.get(codes.get(t["id"]) or "")) for t in record["targets"]],
                notices=_notices(upload, record, review, builtin),
                agency_choices=agency_choices(agencies, province),
                parent_choices=parent_choices(review["parents"]),
                kind_label=DocumentKind(record["kind"]).label if record.get("kind") else "",
                baselines=[{**b, "value_display": format_number(b["value"])} for b in record["baselines"]],
                duties=list(record["reporting"]),
                lead_agencies=record["lead_agencies"],
            )
        )
    return reviews


def target_row(target: dict[str, Any], agency: Agency | None) -> TargetRow:
    comparator = Comparator(target["comparator"])
    value, upper = target.get("value"), target.get("value_max")
    shown = number_text(value) if value is not None else ""
    if comparator is Comparator.RANGE and upper is not None:
        shown = f"{shown}–{number_text(upper)}"
    return TargetRow(
        target=target,
        agency=agency,
        comparator_label=comparator_label(comparator),
        value_display=shown,
    )


def comparator_label(comparator: Comparator) -> str:
    """``dưới (<)``, ``tối thiểu (≥)``; "đạt" and the non-numeric comparators by name alone."""
    if comparator.is_numeric and comparator.symbol:
        return f"{comparator.label} ({comparator.symbol})"
    return comparator.label


def number_text(value: float) -> str:
    """A number in Vietnamese notation with every decimal it has, so that saving a row unchanged never
    rounds its value (format_number keeps two)."""
    number = float(value)
    decimals = len(f"{number:.12f}".rstrip("0").split(".")[1])
    return format_number(number, decimals)


def agency_choices(agencies: list[Agency], province: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Agencies grouped by province, the document's own province first."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for agency in sorted(agencies, key=lambda a: (a.province != province, a.province, a.name)):
        groups.setdefault(agency.province or _("Trung ương"), []).append((agency.code, agency.name))
    return list(groups.items())


def parent_choices(chosen: list[str]) -> list[tuple[str, str]]:
    """Catalogue documents a parent can be chosen from, plus the parents not in the catalogue yet."""
    choices = [
        (d.doc_id, f"{d.number or d.doc_id} — {d.issuer or d.get_kind_display()}{_where(d)} ({d.doc_id})")
        for d in PolicyDocument.objects.order_by("is_stub", "province", "issued_on", "doc_id")
    ]
    new = _("%(number)s — chưa có trong danh mục, sẽ thêm làm văn bản tham chiếu")
    choices += [
        (p, new % {"number": p.removeprefix(NEW_PARENT_PREFIX)})
        for p in chosen
        if p.startswith(NEW_PARENT_PREFIX)
    ]
    return choices


def _where(document: PolicyDocument) -> str:
    return f", {document.province}" if document.province and document.province not in document.issuer else ""


def _duplicate_notice(duplicate: dict[str, Any]) -> tuple[str, str]:
    """The document repeats one of the catalogue: it is offered as an update, never added (issue #15)."""
    existing = PolicyDocument.objects.filter(doc_id=duplicate["doc_id"]).first()
    values = {
        "document": existing or duplicate["doc_id"],
        "doc_id": duplicate["doc_id"],
        "why": _("cùng số, cơ quan ban hành và ngày")
        if duplicate["reason"] == "identity"
        else _("nội dung gần như trùng khớp"),
    }
    if duplicate["builtin"]:
        text = _(
            "Văn bản này đã có sẵn trong danh mục: %(document)s (mã %(doc_id)s, %(why)s). Tệp tải lên "
            "không thêm bản thứ hai; hãy hủy bản tải lên này."
        )
        return "duplicate-builtin", text % values
    text = _(
        "Văn bản này đã có trong danh mục: %(document)s (mã %(doc_id)s, %(why)s). Xác nhận sẽ cập nhật "
        "văn bản đó, không thêm bản mới: đánh dấu “Thay thế văn bản đã có” trước khi xác nhận."
    )
    return "duplicate", text % values


def _notices(
    upload: DocumentUpload, record: dict[str, Any], review: dict[str, Any], builtin: frozenset[str]
) -> list[tuple[str, str]]:
    notices = []
    doc_id, number, province = record["doc_id"], record.get("number"), record.get("province") or ""
    duplicate = review.get("duplicate_of") if upload.state == UploadState.DRAFT else None
    if duplicate:
        notices.append(_duplicate_notice(duplicate))
    same_id = PolicyDocument.objects.filter(doc_id=doc_id).first()
    if same_id is not None and upload.state == UploadState.DRAFT and not duplicate:
        if doc_id in builtin:
            notices.append(
                (
                    "builtin",
                    _(
                        "Mã %(doc_id)s là văn bản có sẵn của danh mục và không thể bị thay thế: "
                        "hãy đổi mã văn bản."
                    )
                    % {"doc_id": doc_id},
                )
            )
        else:
            notices.append(
                (
                    "existing",
                    _(
                        "Mã %(doc_id)s đã có trong danh mục (%(document)s). Xác nhận sẽ bị từ chối, trừ khi "
                        "đánh dấu “Thay thế văn bản đã có”."
                    )
                    % {"doc_id": doc_id, "document": same_id},
                )
            )
    if number and upload.state == UploadState.DRAFT and not duplicate:
        namesakes = PolicyDocument.objects.filter(number__iexact=number, province=province).exclude(
            doc_id=doc_id
        )
        for other in namesakes:
            origin = _("văn bản có sẵn") if other.doc_id in builtin else _("đã nạp trước đây")
            notices.append(
                (
                    "namesake",
                    _(
                        "Danh mục đã có văn bản số %(number)s của %(province)s (mã %(other)s, %(origin)s). "
                        "Văn bản tải lên sẽ được nạp thành một văn bản riêng, mã %(doc_id)s, không ghi đè "
                        "văn bản đó; hãy kiểm tra số hiệu, mã và tên trước khi xác nhận."
                    )
                    % {
                        "number": number,
                        "province": province or _("trung ương"),
                        "other": other.doc_id,
                        "origin": origin,
                        "doc_id": doc_id,
                    },
                )
            )
    if not record["targets"] and upload.state == UploadState.DRAFT:
        notices.append(("no-targets", _no_target_notice(upload)))
    unresolved = [
        p.removeprefix(NEW_PARENT_PREFIX) for p in review["parents"] if p.startswith(NEW_PARENT_PREFIX)
    ]
    if unresolved:
        notices.append(
            (
                "new-parent",
                _(
                    "Văn bản cấp trên chưa có trong danh mục: %(numbers)s. Khi xác nhận, mỗi văn bản sẽ "
                    "được thêm làm văn bản tham chiếu (chỉ có số hiệu)."
                )
                % {"numbers": ", ".join(unresolved)},
            )
        )
    return notices


def _no_target_notice(upload: DocumentUpload) -> str:
    """Why this document has no target, and what the reviewer can do about it."""
    if upload_has_targets(upload):
        return str(
            _(
                "Không tìm thấy mục tiêu nào trong văn bản này. Hãy kiểm tra lại, thêm mục tiêu bằng tay "
                "nếu văn bản có chỉ tiêu."
            )
        )
    reason = upload.review.get("no_target_reason")
    if reason:
        return str(
            _(
                "Không tìm thấy mục tiêu nào: %(reason)s. Hãy thêm mục tiêu bằng tay hoặc hủy bản tải lên; "
                "chưa có mục tiêu nào thì không xác nhận được."
            )
            % {"reason": reason}
        )
    return str(
        _(
            "Chưa có mục tiêu nào. Hãy thêm mục tiêu bằng tay hoặc hủy bản tải lên; chưa có mục tiêu nào "
            "thì không xác nhận được."
        )
    )


def upload_has_targets(upload: DocumentUpload) -> bool:
    """Whether any document of the draft has a target: confirming needs one."""
    return any(record["targets"] for record in upload.extraction["documents"])
