"""Văn bản: the cascade of documents and each document's page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from planwatch.demo import DEMO_LABEL
from planwatch.domain.vocabulary import Status
from planwatch.web.accounts.access import access_scope
from planwatch.web.catalogue.selectors import document_get
from planwatch.web.documents.selectors import document_forest, document_page
from planwatch.web.uploads.selectors import document_original_upload


def document_list(request: HttpRequest) -> HttpResponse:
    access_scope(request.user).require_view()
    return render(request, "documents/list.html", {"nav": "documents", "forest": document_forest()})


def document_detail(request: HttpRequest, doc_id: str) -> HttpResponse:
    scope = access_scope(request.user)
    scope.require_view()
    document = document_get(doc_id)
    page = document_page(document, today=timezone.localdate())
    context = {
        "nav": "documents",
        "page": page,
        "document": document,
        "status_by_code": {s.value: s for s in Status},
        "demo_label": DEMO_LABEL,
        "can_coordinate": scope.coordinates(document),
        "report_year": timezone.localdate().year,
        "original": document_original_upload(document),
    }
    return render(request, "documents/detail.html", context)
