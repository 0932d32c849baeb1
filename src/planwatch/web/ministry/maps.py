"""The map of a league table, drawn on the server as SVG from the units' centroids (no tiles, no
outlines: the unit data carries centroids and bounding boxes, not borders).

Each place is a circle at its centroid, projected equirectangularly (longitude shrunk by the cosine
of the middle latitude, so distances read true near the map's centre). Its colour is its status
against its target when the table has targets, else its value class (quintiles); for an indicator
that adds up (a count), its area is proportional to the figure; for a rate or an average every
circle has one size, since a rate's size would say nothing about how much.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planwatch.domain.numbers import format_number
from planwatch.domain.vocabulary import Aggregation
from planwatch.web.ministry.selectors import CLASS_COLOURS, NO_FIGURE_COLOUR, League, LeagueRow

WIDTH = 460
MAX_HEIGHT = 760
PAD = 18
NO_TARGET_COLOUR = "#7f8fa6"  # a figure, but no target to read it against


@dataclass(frozen=True, slots=True)
class Dot:
    code: str
    x: float
    y: float
    r: float
    colour: str
    title: str
    href: str
    has_figure: bool


@dataclass(frozen=True, slots=True)
class LegendItem:
    colour: str
    label: str


@dataclass(frozen=True, slots=True)
class Drawing:
    width: int
    height: int
    dots: list[Dot]
    legend: list[LegendItem]
    by_status: bool
    proportional: bool
    left_out: int  # places without a centroid


def draw(league: League, *, language: str | None, links: dict[str, str]) -> Drawing:
    """The league's places as circles; ``links`` gives the page each place opens (code -> URL)."""
    placed = [r for r in league.rows if r.latitude is not None and r.longitude is not None]
    if not placed:
        return Drawing(WIDTH, 120, [], [], league.has_targets, False, len(league.rows))
    lats = [r.latitude for r in placed if r.latitude is not None]
    lons = [r.longitude for r in placed if r.longitude is not None]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    shrink = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * shrink, 0.01)
    span_y = max(north - south, 0.01)
    scale = min((WIDTH - 2 * PAD) / span_x, (MAX_HEIGHT - 2 * PAD) / span_y)
    height = int(span_y * scale + 2 * PAD)
    proportional = league.indicator.aggregation == Aggregation.SUM.value
    largest = max((abs(r.value) for r in placed if r.value is not None), default=0.0)
    small = league.level == "commune"
    dots = []
    for row in placed:
        assert row.latitude is not None
        assert row.longitude is not None
        x = PAD + (row.longitude - west) * shrink * scale
        y = PAD + (north - row.latitude) * scale
        dots.append(
            Dot(
                code=row.code,
                x=round(x, 1),
                y=round(y, 1),
                r=_radius(row, largest, proportional=proportional, small=small),
                colour=_colour(row, by_status=league.has_targets),
                title=_title(row, league, language),
                href=links.get(row.code, ""),
                has_figure=row.value is not None,
            )
        )
    dots.sort(key=lambda d: -d.r)  # small circles drawn last stay visible on top of large ones
    return Drawing(
        WIDTH,
        height,
        dots,
        _legend(league, language),
        league.has_targets,
        proportional,
        len(league.rows) - len(placed),
    )


def _radius(row: LeagueRow, largest: float, *, proportional: bool, small: bool) -> float:
    if row.value is None:
        return 2.5 if small else 4.0
    if not proportional or largest <= 0:
        return 4.0 if small else 8.0
    top = 11.0 if small else 20.0
    return round(max(2.5, top * math.sqrt(abs(row.value) / largest)), 1)


def _colour(row: LeagueRow, *, by_status: bool) -> str:
    if row.value is None:
        return NO_FIGURE_COLOUR
    if by_status:
        return row.status.colour if row.status is not None else NO_TARGET_COLOUR
    return CLASS_COLOURS[row.value_class] if row.value_class is not None else NO_FIGURE_COLOUR


def _title(row: LeagueRow, league: League, language: str | None) -> str:
    unit = league.indicator.unit
    figure = f"{format_number(row.value)} {unit}".strip() if row.value is not None else "—"
    status = f" · {row.status.label_in(language)}" if row.status is not None else ""
    return f"{row.name}: {figure}{status}"


def _legend(league: League, language: str | None) -> list[LegendItem]:
    english = (language or "").startswith("en")
    if league.has_targets:
        items = [LegendItem(s.colour, s.label_in(language)) for s in league.statuses]
        untargeted = "a figure, no target of its own" if english else "có số liệu, chưa có mục tiêu riêng"
        none = "no figure" if english else "chưa có số liệu"
        return [*items, LegendItem(NO_TARGET_COLOUR, untargeted), LegendItem(NO_FIGURE_COLOUR, none)]
    items = [
        LegendItem(CLASS_COLOURS[k], f"{format_number(low)} – {format_number(high)}")
        for k, (low, high) in enumerate(league.classes)
    ]
    return [*items, LegendItem(NO_FIGURE_COLOUR, "no figure" if english else "chưa có số liệu")]
