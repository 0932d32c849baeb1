"""Reads of the catalogue: documents by number or id, their targets, the cascade, source quotes."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, QuerySet

from planwatch.domain.errors import AmbiguousError, NotFoundError
from planwatch.domain.text import name_similarity, nfc
from planwatch.paths import corpus_dir
from planwatch.web.catalogue import mapping
from planwatch.web.catalogue.models import Baseline, DocumentParent, Indicator, PolicyDocument, Target


def document_get(reference: str) -> PolicyDocument:
    """The document a person means by a number (``219/KH-UBND``) or a doc id (``KG-219-KH-UBND``).

    Raises:
        AmbiguousError: the number belongs to several documents (52-CTr/TU in Kiên Giang and Long An).
        NotFoundError: no such document; the message names the closest ones.
    """
    wanted = nfc(reference).strip()
    by_id = PolicyDocument.objects.filter(doc_id__iexact=wanted).first()
    if by_id:
        return by_id
    by_number = list(PolicyDocument.objects.filter(number__iexact=wanted).order_by("doc_id"))
    if len(by_number) == 1:
        return by_number[0]
    if by_number:
        choices = ", ".join(f"{d.doc_id} ({d.issuer})" for d in by_number)
        raise AmbiguousError(f"số hiệu {wanted} thuộc nhiều văn bản: {choices}; hãy dùng mã văn bản")
    known = [d for pair in PolicyDocument.objects.values_list("doc_id", "number") for d in pair if d]
    close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.5)
    hint = f"; gần giống: {', '.join(close)}" if close else ""
    raise NotFoundError(f"không có văn bản '{wanted}' trong danh mục{hint}")


def document_list() -> QuerySet[PolicyDocument]:
    return PolicyDocument.objects.order_by("issued_on", "doc_id")


def document_tree() -> list[tuple[int, PolicyDocument]]:
    """The cascade as (depth, document) in display order: roots first, each child under its direct parent."""
    documents = {d.pk: d for d in document_list()}
    direct_parent = {link.child_id: link.parent_id for link in DocumentParent.objects.filter(position=0)}
    children: dict[int | None, list[PolicyDocument]] = {}
    for pk, document in documents.items():
        children.setdefault(direct_parent.get(pk), []).append(document)
    ordered: list[tuple[int, PolicyDocument]] = []

    def walk(parent: int | None, depth: int) -> None:
        for document in children.get(parent, []):
            ordered.append((depth, document))
            walk(document.pk, depth + 1)

    walk(None, 0)
    return ordered


def indicator_list() -> list[Indicator]:
    """Every indicator of the catalogue, by code."""
    return list(Indicator.objects.order_by("code"))


def indicator_as_record(indicator: Indicator) -> dict[str, Any]:
    """An indicator's definition: what it is, which way is better, and how its figures combine."""
    defined = mapping.indicator_to_domain(indicator)
    return {
        "code": defined.code,
        "name": defined.name,
        "unit": defined.unit,
        "definition": defined.definition or None,
        "direction": defined.direction.value,
        "aggregation": defined.aggregation.value,
        "numerator": defined.numerator,
        "denominator": defined.denominator,
        "weight": defined.weight,
        "period_aggregation": defined.period_aggregation.value,
        "disaggregations": [d.value for d in defined.disaggregations],
        "reason": defined.reason or None,
        "lower_limit": defined.lower_limit,
        "upper_limit": defined.upper_limit,
        "domain": defined.domain,
        "element": defined.is_element,
    }


def target_list_for_document(document: PolicyDocument | None = None) -> QuerySet[Target]:
    targets = Target.objects.select_related("document", "indicator", "responsible_agency").prefetch_related(
        Prefetch("baselines", queryset=Baseline.objects.order_by("position"))
    )
    if document is not None:
        targets = targets.filter(document=document)
    return targets.order_by("document__issued_on", "document__doc_id", "position")


@lru_cache(maxsize=32)
def _source_text(path: Path) -> str | None:
    try:
        return nfc(path.read_text(encoding="utf-8"))
    except OSError:
        return None


def source_quote(file: str, start: int | None, end: int | None) -> str | None:
    """The quoted text, read from the source file when it is at hand (``PLANWATCH_CORPUS``)."""
    if not file or start is None or end is None:
        return None
    text = _source_text(corpus_dir() / file)
    return text[start:end] if text is not None else None


def target_as_record(target: Target) -> dict[str, Any]:
    """A target with the gold's fields plus ``document``, ``doc_id``, ``kind`` and ``indicator_code``."""
    value_text = target.value_text or source_quote(
        target.value_text_file, target.value_text_start, target.value_text_end
    )
    if value_text:
        value_text = " ".join(value_text.split())  # the annotation collapses the source's line breaks
    return {
        "id": target.key,
        "document": target.document.number or None,
        "doc_id": target.document.doc_id,
        "group": target.group or None,
        "indicator": target.indicator_name,
        "indicator_code": target.indicator.code if target.indicator else None,
        "unit": target.unit or None,
        "comparator": target.comparator,
        "value": target.value,
        "value_max": target.value_max,
        "value_text": value_text,
        "target_year": target.target_year,
        "kind": target.kind,
        "scope": target.scope or None,
        "responsible": target.responsible_name or None,
        "quote": source_quote(target.quote_file, target.quote_start, target.quote_end)
        or target.quote_text
        or None,
    }


def closest_names(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` candidates closest to ``name``, best first, for 'did you mean' messages."""
    scored = sorted(
        ((name_similarity(name, c), c) for c in set(candidates)), key=lambda pair: (-pair[0], pair[1])
    )
    return [candidate for score, candidate in scored[:n] if score >= 0.4]
