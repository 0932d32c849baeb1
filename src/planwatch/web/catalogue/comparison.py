"""One canonical indicator across documents and provinces, beside the parent documents' targets."""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.domain.errors import AmbiguousError, NotFoundError
from planwatch.domain.text import normalise_name
from planwatch.domain.vocabulary import Comparator
from planwatch.evaluation import compact_goal
from planwatch.web.catalogue.models import Indicator, Target
from planwatch.web.catalogue.selectors import closest_names


@dataclass(frozen=True, slots=True)
class ComparisonLine:
    doc_id: str
    number: str | None
    province: str | None
    indicator_name: str
    scope: str | None
    comparator: str
    value: float | None
    unit: str | None
    target_year: int | None
    parent_text: str | None  # the same indicator's target in a parent document, where the catalogue has one
    value_max: float | None = None  # the upper bound of a range target


@dataclass(frozen=True, slots=True)
class Comparison:
    indicator: Indicator
    lines: list[ComparisonLine]


def indicator_find(text: str) -> Indicator:
    """The canonical indicator meant by a code, a name, or a distinctive part of a name.

    Raises:
        NotFoundError: nothing matches (the message names the closest indicators).
        AmbiguousError: the text fits several indicators (they are listed).
    """
    by_code = Indicator.objects.filter(code=text.strip()).first()
    if by_code:
        return by_code
    wanted = normalise_name(text)
    indicators = list(Indicator.objects.all())
    exact = [i for i in indicators if normalise_name(i.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    written = {
        t.indicator
        for t in Target.objects.select_related("indicator")
        if t.indicator and wanted in normalise_name(t.indicator_name)
    }
    partial = exact or sorted(
        {i for i in indicators if wanted in normalise_name(i.name)} | written, key=lambda i: i.code
    )
    if len(partial) == 1:
        return partial[0]
    if partial:
        listed = "; ".join(f"{i.code} ({i.name})" for i in partial[:10])
        raise AmbiguousError(f"'{text}' khớp {len(partial)} chỉ tiêu: {listed}; hãy dùng mã chỉ tiêu")
    close = closest_names(text, [i.name for i in indicators])
    hint = "; gần nhất: " + " | ".join(close) if close else ""
    raise NotFoundError(f"không có chỉ tiêu '{text}'{hint}")


def indicator_comparison(text: str) -> Comparison:
    indicator = indicator_find(text)
    targets = list(
        indicator.targets.select_related("document").order_by(
            "document__province", "document__issued_on", "position"
        )
    )
    lines = [
        ComparisonLine(
            doc_id=t.document.doc_id,
            number=t.document.number or None,
            province=t.document.province or None,
            indicator_name=t.indicator_name,
            scope=t.scope or None,
            comparator=t.comparator,
            value=t.value,
            unit=t.unit or None,
            target_year=t.target_year,
            parent_text=_parent_target_text(t),
            value_max=t.value_max,
        )
        for t in targets
    ]
    return Comparison(indicator=indicator, lines=lines)


def _parent_target_text(target: Target) -> str | None:
    for link in target.document.parent_links.select_related("parent").order_by("position"):
        parent_targets = link.parent.targets.filter(indicator=target.indicator_id, scope=target.scope)
        for parent_target in parent_targets:
            goal = compact_goal(
                Comparator(parent_target.comparator),
                parent_target.value,
                parent_target.unit or None,
                parent_target.value_max,
            )
            year = f" ({parent_target.target_year})" if parent_target.target_year else ""
            return f"{link.parent}: {goal}{year}".strip()
    return None
