"""The first, plain page: documents, their targets and the evaluation of each."""

from collections import defaultdict

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from planwatch.demo import DEMO_LABEL
from planwatch.domain.vocabulary import Status
from planwatch.web.catalogue.selectors import document_tree
from planwatch.web.figures.selectors import EvaluationRow, evaluation_rows


def overview(request: HttpRequest) -> HttpResponse:
    as_of = _year(request.GET.get("as_of"))
    rows = evaluation_rows(as_of=as_of)
    by_document: dict[str, list[EvaluationRow]] = defaultdict(list)
    for row in rows:
        by_document[row.doc_id].append(row)
    tree = document_tree()
    counts = {status: sum(1 for r in rows if r.status == status.value) for status in Status}
    context = {
        "tree": tree,
        "sections": [
            (document, by_document[document.doc_id]) for _, document in tree if not document.is_stub
        ],
        "counts": [(status, counts[status]) for status in Status],
        "as_of": as_of,
        "has_demo": any(r.is_demo for r in rows),
        "demo_label": DEMO_LABEL,
        "statuses": {s.value: s for s in Status},
    }
    return render(request, "overview/overview.html", context)


def _year(text: str | None) -> int | None:
    if text and text.isdigit() and 1990 <= int(text) <= 2100:
        return int(text)
    return None
