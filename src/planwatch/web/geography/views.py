"""The unit picker and a unit's page (a province with its communes and what they reported)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch.web.accounts.access import access_scope
from planwatch.web.figures.selectors import figures_by_unit
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.geography.selectors import (
    CommuneReport,
    communes_of,
    communes_of_former,
    unit_history,
    unit_index,
    units_search,
)


def unit_picker(request: HttpRequest) -> HttpResponse:
    """Search units by name (with or without diacritics or the level word) or code."""
    access_scope(request.user).require_view()
    query = request.GET.get("q", "").strip()
    index = unit_index()
    found = [(u, index.province_of(u)) for u in units_search(query)] if query else []
    template = "geography/_results.html" if request.headers.get("HX-Request") else "geography/picker.html"
    return render(request, template, {"nav": "units", "query": query, "found": found})


def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A unit: where it came from and went, and its communes with the figures each has reported."""
    access_scope(request.user).require_view()
    unit = AdministrativeUnit.objects.filter(code=code).first()
    if unit is None:
        raise Http404(_("Không có đơn vị hành chính này."))
    communes = communes_of(unit)
    if not communes and unit.valid_to is not None:
        communes = communes_of_former(unit)  # a former province: the communes that continue it
    reported = figures_by_unit(communes)
    rows = [CommuneReport(c, *reported.get(c.pk, (0, None))) for c in communes]
    context = {
        "nav": "units",
        "unit": unit,
        "province": unit_index().province_of(unit),
        "history": unit_history(unit),
        "communes": rows,
        "reporting": sum(1 for r in rows if r.figures),
        "today": timezone.localdate(),
    }
    return render(request, "geography/unit.html", context)
