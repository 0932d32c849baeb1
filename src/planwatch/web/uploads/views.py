"""Upload and review pages (issue #4, item 5). Thin: parsing in forms, rules and permissions in
services and selectors. Row endpoints answer htmx with the row's HTML and plain forms with a redirect
(or the whole page with the error), so the page works without JavaScript too."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from planwatch.domain.errors import AccessDeniedError, DomainError, NotFoundError
from planwatch.domain.numbers import is_ascii_digits
from planwatch.web.uploads.forms import DocumentForm, TargetForm, UploadForm
from planwatch.web.uploads.models import DocumentUpload, UploadState
from planwatch.web.uploads.selectors import (
    DocumentReview,
    TargetRow,
    upload_get,
    upload_has_targets,
    upload_list_for_user,
    upload_original_get,
    upload_review,
)
from planwatch.web.uploads.services import (
    upload_confirm,
    upload_create,
    upload_discard,
    upload_document_update,
    upload_max_bytes,
    upload_target_add,
    upload_target_delete,
    upload_target_update,
)

RowKey = tuple[int, str]


@require_http_methods(["GET", "POST"])
def upload_new(request: HttpRequest) -> HttpResponse:
    uploads = upload_list_for_user(user=request.user)
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload = upload_create(user=request.user, file=form.cleaned_data["file"])
            except AccessDeniedError:
                raise
            except DomainError as error:
                form.add_error("file", str(error))
            else:
                return redirect("uploads:review", pk=upload.pk)
        status = 400
    else:
        form = UploadForm()
    context = {
        "form": form,
        "uploads": uploads,
        "max_mb": upload_max_bytes() // (1024 * 1024),
        "nav": "upload",
    }
    return render(request, "uploads/new.html", context, status=status)


@require_http_methods(["GET", "POST"])
def upload_review_page(request: HttpRequest, pk: int) -> HttpResponse:
    upload = upload_get(user=request.user, pk=pk)
    if request.method == "POST":
        return _documents_save(request, upload, confirm=False)
    editing: dict[RowKey, TargetForm | None] = {}
    index, _, target_id = request.GET.get("sua", "").partition("-")
    if is_ascii_digits(index) and target_id:
        editing[(int(index), target_id)] = None  # the row's current values
    return _review_render(request, upload, editing=editing)


@require_POST
def upload_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    upload = upload_get(user=request.user, pk=pk)
    return _documents_save(request, upload, confirm=True)


@require_POST
def upload_discard_view(request: HttpRequest, pk: int) -> HttpResponse:
    upload = upload_get(user=request.user, pk=pk)
    try:
        upload_discard(user=request.user, upload_id=upload.pk)
    except AccessDeniedError:
        raise
    except DomainError as error:
        return _review_render(request, upload, error=str(error), status=400)
    messages.info(
        request,
        _("Đã hủy bản tải lên '%(name)s'; không có gì được nạp vào danh mục.")
        % {"name": upload.original_name},
    )
    return redirect("uploads:new")


def upload_original(request: HttpRequest, pk: int) -> FileResponse:
    upload = upload_original_get(user=request.user, pk=pk)
    return FileResponse(upload.original.open("rb"), as_attachment=True, filename=upload.original_name)


@require_http_methods(["GET", "POST"])
def upload_target(request: HttpRequest, pk: int, index: int, target_id: str) -> HttpResponse:
    upload = upload_get(user=request.user, pk=pk)
    review = _document_review(request, upload, index)
    if request.method == "GET":
        editing = request.GET.get("sua") == "1"
        if not _is_htmx(request):
            query = f"?sua={index}-{target_id}" if editing else ""
            return redirect(_review_url(upload, query, f"target-{index}-{target_id}"))
        if editing:
            return _edit_row(request, upload, review, target_id, None)
        return _view_row(request, upload, review, target_id)
    form = _edit_form(review, target_id, request.POST)
    if form.is_valid():
        try:
            upload_target_update(
                user=request.user,
                upload_id=upload.pk,
                index=index,
                target_id=target_id,
                fields=form.to_input(),
            )
        except AccessDeniedError:
            raise
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if _is_htmx(request):
                upload.refresh_from_db()
                return _view_row(request, upload, _document_review(request, upload, index), target_id)
            return redirect(_review_url(upload, "", f"target-{index}-{target_id}"))
    if _is_htmx(request):
        return _edit_row(request, upload, review, target_id, form)
    return _review_render(request, upload, editing={(index, target_id): form}, status=400)


@require_POST
def upload_target_delete_view(request: HttpRequest, pk: int, index: int, target_id: str) -> HttpResponse:
    upload = upload_get(user=request.user, pk=pk)
    try:
        upload_target_delete(user=request.user, upload_id=upload.pk, index=index, target_id=target_id)
    except AccessDeniedError:
        raise
    except DomainError as error:
        if _is_htmx(request):
            raise
        return _review_render(request, upload, error=str(error), status=400)
    if _is_htmx(request):
        upload.refresh_from_db()
        return HttpResponse(
            _count_oob(request, upload, _document_review(request, upload, index))
        )  # the row is swapped for nothing
    return redirect(_review_url(upload, "", f"targets-{index}"))


@require_POST
def upload_target_add_view(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    upload = upload_get(user=request.user, pk=pk)
    review = _document_review(request, upload, index)
    form = _add_form(review, request.POST)
    if form.is_valid():
        try:
            target_id = upload_target_add(
                user=request.user, upload_id=upload.pk, index=index, fields=form.to_input()
            )
        except AccessDeniedError:
            raise
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if not _is_htmx(request):
                return redirect(_review_url(upload, "", f"target-{index}-{target_id}"))
            upload.refresh_from_db()
            review = _document_review(request, upload, index)
            fresh = _add_form(review)
            html = _row_html(request, upload, review, target_id) + _add_row_html(
                request, upload, review, fresh
            )
            return HttpResponse(html + _count_oob(request, upload, review))
    if _is_htmx(request):
        return HttpResponse(_add_row_html(request, upload, review, form))
    return _review_render(request, upload, adding={index: form}, status=400)


def _documents_save(request: HttpRequest, upload: DocumentUpload, *, confirm: bool) -> HttpResponse:
    """Store the document fields of every document of the draft, then confirm when asked."""
    reviews = upload_review(user=request.user, upload=upload)
    forms = {
        r.index: DocumentForm(request.POST, prefix=f"d{r.index}", parent_choices=r.parent_choices)
        for r in reviews
    }
    if not all(form.is_valid() for form in forms.values()):
        return _review_render(request, upload, document_forms=forms, status=400)
    try:
        for index, form in forms.items():
            upload_document_update(
                user=request.user, upload_id=upload.pk, index=index, fields=form.to_input()
            )
        if not confirm:
            messages.success(request, _("Đã lưu thông tin văn bản."))
            return redirect("uploads:review", pk=upload.pk)
        documents = upload_confirm(
            user=request.user, upload_id=upload.pk, replace=request.POST.get("replace") == "1"
        )
    except AccessDeniedError:
        raise
    except DomainError as error:
        upload.refresh_from_db()
        return _review_render(request, upload, document_forms=forms, error=str(error), status=400)
    loaded = ", ".join(_loaded_text(d.number or d.doc_id, d.targets.count()) for d in documents)
    messages.success(
        request, _("Đã nạp vào danh mục: %(loaded)s. Tệp gốc được lưu kèm văn bản.") % {"loaded": loaded}
    )
    return redirect(reverse("documents:detail", args=[documents[0].doc_id]))


def _loaded_text(document: str, targets: int) -> str:
    return ngettext("%(document)s (%(n)s mục tiêu)", "%(document)s (%(n)s mục tiêu)", targets) % {
        "document": document,
        "n": targets,
    }


def _review_render(
    request: HttpRequest,
    upload: DocumentUpload,
    *,
    editing: dict[RowKey, TargetForm | None] | None = None,
    adding: dict[int, TargetForm] | None = None,
    document_forms: dict[int, DocumentForm] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    editing = editing or {}
    adding = adding or {}
    document_forms = document_forms or {}
    sections: list[dict[str, Any]] = []
    can_replace = False
    for review in upload_review(user=request.user, upload=upload):
        form = document_forms.get(review.index) or DocumentForm(
            prefix=f"d{review.index}",
            parent_choices=review.parent_choices,
            initial=DocumentForm.initial_for(review.record, review.parents),
        )
        rows = []
        for row in review.rows:
            key = (review.index, row.target["id"])
            edit_form = editing.get(key)
            if key in editing and edit_form is None:
                edit_form = _edit_form(review, row.target["id"])
            rows.append((row, edit_form))
        add_form = adding.get(review.index) or _add_form(review)
        sections.append({"review": review, "form": form, "rows": rows, "add_form": add_form})
        can_replace = can_replace or any(kind in ("existing", "duplicate") for kind, _ in review.notices)
    context = {
        "upload": upload,
        "sections": sections,
        "editable": upload.state == UploadState.DRAFT,
        "can_replace": can_replace,
        "has_targets": upload_has_targets(upload),
        "error": error,
        "nav": "upload",
    }
    return render(request, "uploads/review.html", context, status=status)


def _document_review(request: HttpRequest, upload: DocumentUpload, index: int) -> DocumentReview:
    reviews = upload_review(user=request.user, upload=upload)
    if not 0 <= index < len(reviews):
        raise NotFoundError(f"Tệp '{upload.original_name}' không có văn bản thứ {index + 1}.")
    return reviews[index]


def _edit_form(review: DocumentReview, target_id: str, data: QueryDict | None = None) -> TargetForm:
    """A row's form; field names stay plain (``value``, ``agency``), ids are made unique per row."""
    row = _row(review, target_id)
    return TargetForm(
        data,
        agency_choices=review.agency_choices,
        initial=TargetForm.initial_for(row.target, row.agency.code if row.agency else None),
        auto_id=f"id_{review.index}_{target_id}_%s",
    )


def _add_form(review: DocumentReview, data: QueryDict | None = None) -> TargetForm:
    return TargetForm(data, agency_choices=review.agency_choices, auto_id=f"id_add{review.index}_%s")


def _row(review: DocumentReview, target_id: str) -> TargetRow:
    for row in review.rows:
        if row.target["id"] == target_id:
            return row
    raise NotFoundError(f"Văn bản {review.record['doc_id']} không có mục tiêu {target_id}.")


def _view_row(
    request: HttpRequest, upload: DocumentUpload, review: DocumentReview, target_id: str
) -> HttpResponse:
    return HttpResponse(_row_html(request, upload, review, target_id))


def _edit_row(
    request: HttpRequest,
    upload: DocumentUpload,
    review: DocumentReview,
    target_id: str,
    form: TargetForm | None,
) -> HttpResponse:
    context = {
        "upload": upload,
        "index": review.index,
        "row": _row(review, target_id),
        "form": form or _edit_form(review, target_id),
    }
    return HttpResponse(render_to_string("uploads/_target_edit_row.html", context, request=request))


def _row_html(request: HttpRequest, upload: DocumentUpload, review: DocumentReview, target_id: str) -> str:
    context = {
        "upload": upload,
        "index": review.index,
        "row": _row(review, target_id),
        "editable": upload.state == UploadState.DRAFT,
    }
    return render_to_string("uploads/_target_row.html", context, request=request)


def _add_row_html(
    request: HttpRequest, upload: DocumentUpload, review: DocumentReview, form: TargetForm
) -> str:
    context = {"upload": upload, "index": review.index, "form": form}
    return render_to_string("uploads/_target_add_row.html", context, request=request)


def _count_oob(request: HttpRequest, upload: DocumentUpload, review: DocumentReview) -> str:
    """The document's target count and the confirm button (enabled once any document has a target)."""
    count = f'<span id="target-count-{review.index}" hx-swap-oob="true">{len(review.rows)}</span>'
    context = {"upload": upload, "has_targets": upload_has_targets(upload), "oob": True}
    return count + render_to_string("uploads/_confirm_button.html", context, request=request)


def _review_url(upload: DocumentUpload, query: str, anchor: str) -> str:
    return f"{reverse('uploads:review', args=[upload.pk])}{query}#{anchor}"


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
