"""Writes of uploads: a plan file becomes a draft extraction, the reviewer edits it row by row, and
confirming loads it into the catalogue in one transaction (issue #4, item 5).

The draft keeps two things: ``extraction``, always in the shape ``planwatch extract --json`` prints
(so it can be validated and loaded as it is), and ``review``, the reviewer's choices the extraction
has no room for: per document the parents (catalogue doc ids, in DocumentParent order) and the
catalogue agency of each target.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from planwatch.catalogue import load_catalogue
from planwatch.catalogue.duplicates import is_near_identical, same_identity, text_sketch
from planwatch.domain.errors import AccessDeniedError, InvalidValueError, NotFoundError
from planwatch.domain.numbers import format_number
from planwatch.domain.text import normalise_name, strip_diacritics
from planwatch.domain.vocabulary import Comparator
from planwatch.extraction import UnreadableDocumentError, extract_text, validate_extraction
from planwatch.extraction.readers import read_document
from planwatch.paths import corpus_dir
from planwatch.web.accounts.access import access_scope
from planwatch.web.agencies.models import Agency
from planwatch.web.catalogue.models import DocumentParent, PolicyDocument, Target
from planwatch.web.catalogue.services import extraction_load
from planwatch.web.uploads.models import DocumentUpload, UploadState

AnyUser = AbstractBaseUser | AnonymousUser

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".docx", ".pdf")
# A parent the catalogue does not hold yet, kept by its number: loading makes a stub for it.
NEW_PARENT_PREFIX = "so:"
DOC_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")  # what the /van-ban/<slug>/ URLs accept
MAX_PARENTS = 4

# Signatures of files that are never a plain-text plan, whatever their name says.
_BINARY_SIGNATURES = (b"%PDF-", b"PK\x03\x04", b"MZ", b"\x7fELF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # Word 97-2003 .doc, Excel .xls


def upload_max_bytes() -> int:
    return int(getattr(settings, "PLANWATCH_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


def upload_create(*, user: AnyUser, file: UploadedFile) -> DocumentUpload:
    """Store an uploaded plan file with its extraction as a draft to review.

    Nothing is written unless the file is read and extracted in full.

    Raises:
        AccessDeniedError: the user may not upload documents.
        InvalidValueError: a wrong type, an empty or too large file, content that does not match its name.
        UnreadableDocumentError: the extractor cannot read it (corrupt, scanned PDF without text, ...).
    """
    uploader = _uploader_id(user)
    name = _clean_name(file.name or "")
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        hint = " (tệp .doc cũ hãy mở bằng Word và lưu lại thành .docx)" if suffix == ".doc" else ""
        raise InvalidValueError(
            f"Tệp '{name}': chỉ nhận văn bản .txt, .docx hoặc .pdf, "
            f"không nhận '{suffix or 'không đuôi'}'{hint}."
        )
    size = file.size or 0
    if size == 0:
        raise InvalidValueError(f"Tệp '{name}' rỗng (0 byte): không có nội dung để trích xuất.")
    limit = upload_max_bytes()
    if size > limit:
        raise InvalidValueError(
            f"Tệp '{name}' quá lớn ({_megabytes(size)} MB); tối đa {_megabytes(limit)} MB mỗi tệp."
        )
    digest = hashlib.sha256()
    head = b""
    for chunk in file.chunks():
        if len(head) < 1024:
            head += chunk[: 1024 - len(head)]
        digest.update(chunk)
    _check_content(name, suffix, head)
    data, sketch, no_target_reason = _extract(file, name, suffix)
    review = _initial_review(data, sketch)
    if no_target_reason:
        review["no_target_reason"] = no_target_reason  # shown on the review page, beside the empty table
    upload = DocumentUpload(
        uploaded_by_id=uploader,
        original_name=name,
        sha256=digest.hexdigest(),
        size=size,
        extraction=data,
        review=review,
    )
    with transaction.atomic():
        upload.original.save(name, file, save=False)
        try:
            upload.save()
        except BaseException:
            upload.original.delete(save=False)  # no file without its row
            raise
    return upload


def _clean_name(name: str) -> str:
    """The file's own name, without any folder a browser may send, nor control characters."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[-200:] or "tep-tai-len"


def _megabytes(size: int) -> str:
    return format_number(size / (1024 * 1024), 1)


def _check_content(name: str, suffix: str, head: bytes) -> None:
    """The first bytes must fit the name: a renamed .exe or image is refused before any parsing."""
    if suffix == ".pdf" and b"%PDF-" not in head:
        raise InvalidValueError(f"Tệp '{name}' mang đuôi .pdf nhưng nội dung không phải PDF.")
    if suffix == ".docx" and not head.startswith(b"PK\x03\x04"):
        old_word = (
            " (có lẽ là tệp .doc cũ: hãy lưu lại thành .docx)" if head.startswith(_OLE_SIGNATURE) else ""
        )
        raise InvalidValueError(f"Tệp '{name}' mang đuôi .docx nhưng không phải tệp Word .docx{old_word}.")
    if suffix == ".txt" and head.startswith((*_BINARY_SIGNATURES, _OLE_SIGNATURE)):
        raise InvalidValueError(f"Tệp '{name}' mang đuôi .txt nhưng là tệp nhị phân, không phải văn bản.")


def _extract(
    file: UploadedFile, name: str, suffix: str
) -> tuple[dict[str, Any], tuple[int, ...], str | None]:
    """The extraction of the uploaded bytes, the sketch of their text (catalogue.duplicates) and why no
    target was found in it, when none was; the extractor reads paths, so the bytes go to a private temp
    file."""
    with tempfile.TemporaryDirectory(prefix="planwatch-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        try:
            text = read_document(path)  # read once: a PDF's text layer takes seconds to rebuild
            extraction = extract_text(text, source_file=path.name)
            sketch = text_sketch(text)
        except UnreadableDocumentError as error:
            # The reader names the temp file; the reviewer knows the file by its own name.
            raise UnreadableDocumentError(str(error).replace(path.name, name, 1)) from None
        except Exception:  # a file no reader rule foresaw must still end as a message, not a 500
            log.exception("extraction failed for upload %s", name)
            raise UnreadableDocumentError(
                f"Tệp '{name}': không đọc được nội dung văn bản (tệp hỏng hoặc định dạng lạ)."
            ) from None
    data = extraction.to_json()
    data["source_file"] = name
    if not data["documents"]:
        raise UnreadableDocumentError(f"Tệp '{name}': không tìm thấy văn bản nào trong tệp.")
    problems = validate_extraction(data)
    if problems:
        log.error("extraction of %s does not validate: %s", name, problems)
        raise UnreadableDocumentError(f"Tệp '{name}': bản trích xuất không hợp lệ ({problems[0]}).")
    return data, sketch, extraction.no_target_reason


def builtin_doc_ids() -> frozenset[str]:
    """Doc ids of the built-in catalogue: an upload never replaces them."""
    return frozenset(d.doc_id for d in load_catalogue().documents)


def _initial_review(data: dict[str, Any], sketch: tuple[int, ...] = ()) -> dict[str, Any]:
    """Propose a doc id, resolve the parents and guess the agency of each target, per document.

    A document the catalogue already holds (catalogue.duplicates: same number, issuer and date, or
    near-identical text) keeps the existing doc id and is marked ``duplicate_of``: confirming then
    updates that document, never adds a second one. Any other document gets a free doc id.
    Changes ``data`` in place (the doc ids).
    """
    taken = set(PolicyDocument.objects.values_list("doc_id", flat=True))
    agencies = list(Agency.objects.all())
    same_text = _documents_with_same_text(sketch)
    documents = []
    for record in data["documents"]:
        extracted_id = record["doc_id"]
        duplicate = _duplicate_of(record, same_text)
        record["doc_id"] = duplicate["doc_id"] if duplicate else free_doc_id(extracted_id, taken)
        taken.add(record["doc_id"])
        province = record.get("province") or ""
        documents.append(
            {
                "extracted_doc_id": extracted_id,
                "duplicate_of": duplicate,
                "parents": [_parent_reference(n, province) for n in record["implements"]][:MAX_PARENTS],
                "agencies": {
                    t["id"]: agency_guess(t.get("responsible"), province, agencies) for t in record["targets"]
                },
                "last_target_number": max((int(t["id"][1:]) for t in record["targets"]), default=0),
            }
        )
    return {"documents": documents, "sketch": list(sketch)}


def _duplicate_of(record: dict[str, Any], same_text: list[PolicyDocument]) -> dict[str, Any] | None:
    """The catalogue document an extracted one repeats, as the review keeps it, or None.

    Same identity first (number + issuer + date); else, when the whole text repeats a known source,
    the document of that source with the same number or doc id, or its only document.
    """
    issued = date.fromisoformat(record["issued"]) if record.get("issued") else None
    identity = (record.get("number"), record.get("issuer"), issued)
    builtin = builtin_doc_ids()
    candidates = PolicyDocument.objects.filter(is_stub=False)
    if record.get("number"):
        for document in candidates.filter(issued_on=issued):
            if same_identity(identity, (document.number, document.issuer, document.issued_on)):
                return {
                    "doc_id": document.doc_id,
                    "reason": "identity",
                    "builtin": document.doc_id in builtin,
                }
    matches = [
        d
        for d in same_text
        if (record.get("number") and d.number == record.get("number")) or d.doc_id == record["doc_id"]
    ] or (same_text if len(same_text) == 1 else [])
    if matches:
        document = matches[0]
        return {"doc_id": document.doc_id, "reason": "text", "builtin": document.doc_id in builtin}
    return None


def _documents_with_same_text(sketch: tuple[int, ...]) -> list[PolicyDocument]:
    """Catalogue documents whose source text the uploaded text repeats (near-identical): built-in
    documents through their corpus file when it is at hand, uploaded ones through their upload's sketch."""
    if not sketch:
        return []
    found: list[PolicyDocument] = []
    corpus = corpus_dir()
    for document in PolicyDocument.objects.filter(is_stub=False).exclude(source_file=""):
        source = corpus / document.source_file
        if source.is_file() and is_near_identical(sketch, _file_sketch(source)):
            found.append(document)
    confirmed = DocumentUpload.objects.filter(state=UploadState.CONFIRMED).prefetch_related("documents")
    for upload in confirmed:
        earlier = upload.review.get("sketch") or ()
        if earlier and is_near_identical(sketch, earlier):
            found.extend(d for d in upload.documents.all() if d not in found)
    return found


@functools.lru_cache(maxsize=32)
def _file_sketch(path: Path) -> tuple[int, ...]:
    return text_sketch(path.read_text(encoding="utf-8", errors="replace"))


def free_doc_id(proposed: str, taken: set[str]) -> str:
    """``proposed`` made URL-safe, with ``-2``, ``-3``, ... when the catalogue already holds it.

    >>> free_doc_id("KG-219-KH-UBND", {"KG-219-KH-UBND"})
    'KG-219-KH-UBND-2'
    """
    base = "-".join(re.sub(r"[^A-Za-z0-9]+", " ", strip_diacritics(proposed)).split()) or "VB"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _parent_reference(number: str, province: str) -> str:
    """The catalogue document meant by a parent's number (the rule of extraction_load: one of the same
    province, else a central one), or the number itself, marked, when the catalogue has none."""
    candidates = list(PolicyDocument.objects.filter(number__iexact=number))
    for group in (
        [d for d in candidates if d.province == province],
        [d for d in candidates if not d.province],
        candidates,
    ):
        if len(group) == 1:
            return group[0].doc_id
    return NEW_PARENT_PREFIX + number


def agency_guess(name: str | None, province: str, agencies: list[Agency]) -> str | None:
    """The catalogue agency a document names, when one fits: the rule of accounts.services.agency_find
    (names and aliases compared by normalise_name) narrowed to the document's province, since "Sở Y tế"
    exists in every province."""
    if not name:
        return None
    wanted = normalise_name(name)
    matches = [
        a
        for a in agencies
        if wanted in {normalise_name(n) for n in (a.name, a.short_name, *a.aliases) if n} or wanted == a.code
    ]
    for group in ([a for a in matches if a.province == province], matches):
        if len(group) == 1:
            return group[0].code
    return None


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """The document fields a reviewer sets; ``parents`` are doc ids (or ``so:NUMBER``), direct first."""

    doc_id: str
    number: str
    kind: str
    title: str
    issuer: str
    province: str
    issued_on: date | None
    parents: list[str]


@dataclass(frozen=True, slots=True)
class TargetInput:
    """One target row as the reviewer left it (already parsed: numbers, years, comparator)."""

    group: str
    indicator: str
    unit: str
    comparator: str
    value: float | None
    value_text: str
    target_year: int | None
    scope: str
    responsible: str
    agency: str  # catalogue agency code, "" for none
    value_max: float | None = None  # the upper bound of a "range" target


def upload_document_update(*, user: AnyUser, upload_id: int, index: int, fields: DocumentInput) -> None:
    """Set the document fields and parents of the ``index``-th document of a draft.

    Raises:
        InvalidValueError: a doc id that is not URL-safe or is used twice in the upload, a parent
            repeated or the document itself.
    """
    access_scope(user).require_upload()
    with transaction.atomic():
        upload = _draft_for_update(upload_id)
        record, review = _document(upload, index)
        doc_id = fields.doc_id.strip()
        if not DOC_ID_PATTERN.match(doc_id):
            raise InvalidValueError(
                f"Mã văn bản '{doc_id}' không hợp lệ: chỉ dùng chữ không dấu, chữ số và dấu gạch ngang."
            )
        others = [d["doc_id"] for i, d in enumerate(upload.extraction["documents"]) if i != index]
        if doc_id in others:
            raise InvalidValueError(f"Mã văn bản '{doc_id}' đã dùng cho một văn bản khác trong tệp này.")
        parents = [p for p in fields.parents if p]
        if len(set(parents)) != len(parents):
            raise InvalidValueError("Một văn bản cấp trên được chọn hai lần.")
        if doc_id in parents:
            raise InvalidValueError("Văn bản không thể là văn bản cấp trên của chính nó.")
        known = set(PolicyDocument.objects.filter(doc_id__in=parents).values_list("doc_id", flat=True))
        unknown = [p for p in parents if p not in known and not p.startswith(NEW_PARENT_PREFIX)]
        if unknown:
            raise NotFoundError(f"Không có văn bản '{unknown[0]}' trong danh mục.")
        record.update(
            doc_id=doc_id,
            number=fields.number.strip() or None,
            kind=fields.kind or None,
            title=fields.title.strip() or None,
            issuer=fields.issuer.strip() or None,
            province=fields.province.strip() or None,
            issued=fields.issued_on.isoformat() if fields.issued_on else None,
        )
        review["parents"] = parents[:MAX_PARENTS]
        _save(upload)


def upload_target_update(
    *, user: AnyUser, upload_id: int, index: int, target_id: str, fields: TargetInput
) -> None:
    """Replace the reviewer's fields of one target (its id and quote stay)."""
    access_scope(user).require_upload()
    with transaction.atomic():
        upload = _draft_for_update(upload_id)
        record, review = _document(upload, index)
        target = _target(record, target_id)
        target.pop("value_max", None)  # kept only by a range (_target_fields)
        target.update(_target_fields(fields))
        review["agencies"][target_id] = _agency_code(fields.agency)
        _save(upload)


def upload_target_add(*, user: AnyUser, upload_id: int, index: int, fields: TargetInput) -> str:
    """Add a target the extractor missed; returns its id (``t`` + the next free number)."""
    access_scope(user).require_upload()
    with transaction.atomic():
        upload = _draft_for_update(upload_id)
        record, review = _document(upload, index)
        # Never reuse the id of a deleted target: with "replace", an id names a stored target.
        numbers = [int(t["id"][1:]) for t in record["targets"]] + [review.get("last_target_number", 0)]
        target_id = f"t{max(numbers) + 1}"
        review["last_target_number"] = max(numbers) + 1
        record["targets"].append({"id": target_id, **_target_fields(fields), "quote": ""})
        review["agencies"][target_id] = _agency_code(fields.agency)
        _save(upload)
    return target_id


def upload_target_delete(*, user: AnyUser, upload_id: int, index: int, target_id: str) -> None:
    """Drop a target the reviewer does not want loaded."""
    access_scope(user).require_upload()
    with transaction.atomic():
        upload = _draft_for_update(upload_id)
        record, review = _document(upload, index)
        target = _target(record, target_id)
        record["targets"].remove(target)
        review["agencies"].pop(target_id, None)
        _save(upload)


def upload_discard(*, user: AnyUser, upload_id: int) -> None:
    """Give up a draft: its stored file is deleted, the row stays as a trace (who uploaded what)."""
    access_scope(user).require_upload()
    with transaction.atomic():
        upload = _draft_for_update(upload_id)
        upload.state = UploadState.DISCARDED
        storage, stored = upload.original.storage, upload.original.name
        upload.original.name = ""
        upload.save()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))


def upload_confirm(*, user: AnyUser, upload_id: int, replace: bool = False) -> list[PolicyDocument]:
    """Load a reviewed draft into the catalogue: documents, targets, agency mapping and parents in one
    transaction; the upload is then confirmed and keeps its file as the documents' source.

    Raises:
        InvalidValueError: the upload is not a draft any more; a doc id the catalogue already holds
            (a built-in document always, another one unless ``replace``); no target in any document; an
            extraction that does not validate.
        InvalidExtractionError: refused by extraction_load (a replaced target that has figures, ...).
    """
    confirmer = _uploader_id(user)
    with transaction.atomic():
        upload = _draft_for_update(upload_id)
        records = upload.extraction["documents"]
        reviews = upload.review["documents"]
        builtin = builtin_doc_ids()
        for record, review in zip(records, reviews, strict=True):
            _refuse_duplicate(record, review, replace)
            doc_id = record["doc_id"]
            if not PolicyDocument.objects.filter(doc_id=doc_id).exists():
                continue
            if doc_id in builtin:
                raise InvalidValueError(
                    f"Mã văn bản {doc_id} là văn bản có sẵn của danh mục: không thể thay thế bằng tệp "
                    "tải lên. Hãy đặt mã văn bản khác."
                )
            if not replace:
                raise InvalidValueError(
                    f"Mã văn bản {doc_id} đã có trong danh mục. Hãy đổi mã văn bản, hoặc đánh dấu "
                    "“Thay thế văn bản đã có” để ghi đè văn bản đó."
                )
        if not any(record["targets"] for record in records):
            raise InvalidValueError(
                "Chưa có mục tiêu nào để nạp: hãy thêm ít nhất một mục tiêu, hoặc hủy bản tải lên."
            )
        problems = validate_extraction(upload.extraction)
        if problems:
            raise InvalidValueError("Bản trích xuất chưa hợp lệ: " + "; ".join(problems))
        extraction_load(data=_for_load(upload.extraction, reviews))
        documents = []
        agencies = {a.code: a for a in Agency.objects.all()}
        for record, review in zip(records, reviews, strict=True):
            document = PolicyDocument.objects.get(doc_id=record["doc_id"])
            _link_parents(document, review["parents"])
            for key, code in review["agencies"].items():
                # updated_at too: the data stamp that keys every cache sees the change.
                Target.objects.filter(document=document, key=key).update(
                    responsible_agency=agencies.get(code) if code else None, updated_at=timezone.now()
                )
            documents.append(document)
        upload.state = UploadState.CONFIRMED
        upload.confirmed_at = timezone.now()
        upload.confirmed_by_id = confirmer
        upload.save()
        upload.documents.set(documents)
    return documents


def _refuse_duplicate(record: dict[str, Any], review: dict[str, Any], replace: bool) -> None:
    """A document the catalogue already holds is only ever an update of it, asked for explicitly."""
    duplicate = review.get("duplicate_of")
    if not duplicate:
        return
    existing = duplicate["doc_id"]
    why = (
        "cùng số, cơ quan ban hành và ngày"
        if duplicate["reason"] == "identity"
        else "nội dung gần như trùng khớp"
    )
    if duplicate["builtin"]:
        raise InvalidValueError(
            f"Văn bản này đã có sẵn trong danh mục ({existing}, {why}): tệp tải lên không thêm bản thứ hai. "
            "Hãy hủy bản tải lên này."
        )
    if record["doc_id"] != existing:
        raise InvalidValueError(
            f"Văn bản này đã có trong danh mục ({existing}, {why}): không thêm bản thứ hai. Hãy giữ mã "
            f"{existing} và đánh dấu “Thay thế văn bản đã có” để cập nhật văn bản đó, hoặc hủy bản tải lên."
        )
    if not replace:
        raise InvalidValueError(
            f"Văn bản này đã có trong danh mục ({existing}, {why}). Đánh dấu “Thay thế văn bản đã có” để "
            "cập nhật văn bản đó bằng bản tải lên, hoặc hủy bản tải lên."
        )


def _for_load(extraction: dict[str, Any], reviews: list[dict[str, Any]]) -> dict[str, Any]:
    """The extraction extraction_load is given: only the parents not in the catalogue go by number (it
    makes a stub for each); catalogue parents are linked by doc id afterwards, as the reviewer chose
    them, since a number can name several documents (52-CTr/TU)."""
    documents = []
    for record, review in zip(extraction["documents"], reviews, strict=True):
        new = [
            p.removeprefix(NEW_PARENT_PREFIX) for p in review["parents"] if p.startswith(NEW_PARENT_PREFIX)
        ]
        documents.append({**record, "implements": new})
    return {**extraction, "documents": documents}


def _link_parents(document: PolicyDocument, parents: list[str]) -> None:
    by_number = {
        link.parent.number.lower(): link.parent for link in document.parent_links.select_related("parent")
    }
    chosen = [
        by_number[p.removeprefix(NEW_PARENT_PREFIX).lower()]
        if p.startswith(NEW_PARENT_PREFIX)
        else PolicyDocument.objects.get(doc_id=p)
        for p in parents
    ]
    document.parent_links.all().delete()
    DocumentParent.objects.bulk_create(
        [DocumentParent(child=document, parent=parent, position=i) for i, parent in enumerate(chosen)]
    )


def _uploader_id(user: AnyUser) -> int:
    """The id of a user who may upload (AccessDeniedError otherwise)."""
    scope = access_scope(user)
    scope.require_upload()
    if scope.user_id is None:  # require_upload lets no anonymous user through; this keeps the type honest
        raise AccessDeniedError("Hãy đăng nhập để tải văn bản lên.")
    return scope.user_id


def _draft_for_update(upload_id: int) -> DocumentUpload:
    upload = DocumentUpload.objects.select_for_update().filter(pk=upload_id).first()
    if upload is None:
        raise NotFoundError(f"Không có bản tải lên số {upload_id}.")
    if upload.state == UploadState.CONFIRMED:
        raise InvalidValueError(
            f"Bản tải lên '{upload.original_name}' đã được nạp vào danh mục; không thể sửa hay nạp lại. "
            "Muốn nạp lại, hãy tải tệp lên lần nữa."
        )
    if upload.state == UploadState.DISCARDED:
        raise InvalidValueError(f"Bản tải lên '{upload.original_name}' đã bị hủy.")
    return upload


def _document(upload: DocumentUpload, index: int) -> tuple[dict[str, Any], dict[str, Any]]:
    documents = upload.extraction["documents"]
    if not 0 <= index < len(documents):
        raise NotFoundError(f"Tệp '{upload.original_name}' không có văn bản thứ {index + 1}.")
    record: dict[str, Any] = documents[index]
    review: dict[str, Any] = upload.review["documents"][index]
    return record, review


def _target(record: dict[str, Any], target_id: str) -> dict[str, Any]:
    for target in record["targets"]:
        if target["id"] == target_id:
            found: dict[str, Any] = target
            return found
    raise NotFoundError(f"Văn bản {record['doc_id']} không có mục tiêu {target_id}.")


def _target_fields(fields: TargetInput) -> dict[str, Any]:
    return {
        "group": fields.group.strip() or None,
        "indicator": fields.indicator.strip(),
        "unit": fields.unit.strip() or None,
        "comparator": fields.comparator,
        "value": _json_number(fields.value),
        "value_text": fields.value_text.strip() or None,
        "target_year": fields.target_year,
        "scope": fields.scope.strip() or None,
        "responsible": fields.responsible.strip() or None,
        **(
            {"value_max": _json_number(fields.value_max)}
            if fields.comparator == Comparator.RANGE.value
            else {}
        ),
    }


def _json_number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _agency_code(code: str) -> str | None:
    if not code:
        return None
    if not Agency.objects.filter(code=code).exists():
        raise NotFoundError(f"Không có cơ quan mã '{code}' trong danh mục.")
    return code


def _save(upload: DocumentUpload) -> None:
    """Keep the draft loadable at every step: an edit that breaks the schema is refused, not stored."""
    problems = validate_extraction(upload.extraction)
    if problems:
        raise InvalidValueError("Sửa đổi không hợp lệ: " + "; ".join(problems))
    upload.save(update_fields=["extraction", "review", "updated_at"])
