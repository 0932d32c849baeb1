"""Bộ, ngành: one resolution across the provinces, and each province over its communes (thin views;
the reads are in ``selectors``, the map in ``maps``, the files in ``exports``)."""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from planwatch.demo import DEMO_LABEL
from planwatch.domain.text import slugify
from planwatch.web.accounts.access import access_scope
from planwatch.web.figures.selectors import data_stamp
from planwatch.web.ministry import exports, maps, selectors


def _format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format", "")
    return fmt if fmt in exports.FORMATS else None


def _sort(request: HttpRequest) -> str:
    sort = request.GET.get("sort", "name")
    return sort if sort.removeprefix("-") in selectors.SORTS else "name"


def _context(request: HttpRequest, **extra: object) -> dict[str, object]:
    return {"nav": "ministry", "stamp": data_stamp(), "demo_label": DEMO_LABEL, **extra}


def index(request: HttpRequest) -> HttpResponse:
    access_scope(request.user).require_view()
    context = _context(
        request,
        resolution=SimpleLazyObject(selectors.resolution_get),
        indicators=SimpleLazyObject(selectors.resolution_indicators),
        provinces=SimpleLazyObject(selectors.provinces_today),
    )
    return render(request, "ministry/index.html", context)


def search_page(request: HttpRequest) -> HttpResponse:
    access_scope(request.user).require_view()
    query = request.GET.get("q", "")[:100]
    return render(
        request, "ministry/search.html", _context(request, query=query, found=selectors.search(query))
    )


def _league_response(request: HttpRequest, code: str, province: str | None) -> HttpResponse:
    access_scope(request.user).require_view()
    sort = _sort(request)
    language = get_language()

    @functools.cache
    def league() -> selectors.League:
        return selectors.league_shared(code, within=province, sort=sort)

    fmt = _format(request)
    if fmt:
        selectors.indicator_get(code)  # a 404 for an unknown code, before anything is cached
        return exports.respond(
            fmt,
            name=slugify(f"{code} {province or 'ca-nuoc'}"),
            title=selectors.indicator_get(code).name,
            headers=exports.ROW_HEADERS,
            records=lambda: exports.league_records(league(), language),
            has_demo=lambda: league().has_demo,
            key=f"{request.path}:{sort}:{language}",
        )

    def drawing() -> maps.Drawing:
        rows = league().rows
        if province:
            links = {r.code: "" for r in rows}
        else:
            links = {r.code: reverse("ministry:province_league", args=[code, r.code]) for r in rows}
        return maps.draw(league(), language=language, links=links)

    context = _context(
        request,
        league=SimpleLazyObject(league),
        drawing=SimpleLazyObject(drawing),
        sort=sort,
        code=code,
        province=province,
        sorts=selectors.SORTS,
    )
    return render(request, "ministry/league.html", context)


def indicator_league(request: HttpRequest, code: str) -> HttpResponse:
    return _league_response(request, code, None)


def province_league(request: HttpRequest, code: str, province: str) -> HttpResponse:
    return _league_response(request, code, province)


def province_page(request: HttpRequest, province: str) -> HttpResponse:
    access_scope(request.user).require_view()
    language = get_language()
    overview = SimpleLazyObject(lambda: selectors.province_overview_shared(province))
    fmt = _format(request)
    if fmt:
        unit = selectors.province_get(province)
        return exports.respond(
            fmt,
            name=slugify(f"{unit.name} {selectors.RESOLUTION}"),
            title=unit.name,
            headers=exports.PROVINCE_HEADERS,
            records=lambda: exports.province_records(overview[1], language),
            has_demo=lambda: any(line.row.is_demo for line in overview[1]),
            key=f"{request.path}:{language}",
        )
    selectors.province_get(province)
    return render(request, "ministry/province.html", _context(request, overview=overview))
