"""A target's progress as a chart: the observed figures, the path needed to reach the target, the target.

One data model (``ChartData``), built from the same inputs as the evaluation (``chart_data``), drawn
two ways:

- ``chart_svg(data)``: a self-contained SVG string for web pages, written by hand (no dependency,
  well under 2 ms), responsive (``viewBox``, ``width="100%"``), numbers with the Vietnamese decimal comma;
- ``chart_png(data)``: a PNG for the docx report, drawn with matplotlib in the report's one font
  family (``reporting.fonts``: Times New Roman, else Liberation Serif 2, both with every Vietnamese
  glyph; DejaVu Sans only where neither is installed).

The required path is the one the evaluation measures the pace against (evaluation.md, steps 4–5): a
constant compound growth from the reference point (the baseline, else the earliest figure) to the
target value in the target year; a straight line when a value is 0 or negative, and for cumulative
totals (from 0 the year before the plan starts); a flat line at the target for yearly and maintained
targets.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape

from planwatch.domain.model import Observation
from planwatch.domain.numbers import format_number, format_quantity
from planwatch.domain.vocabulary import Assessment, Comparator, Status, TargetKind, is_english
from planwatch.evaluation import BaselinePoint, TargetSpec
from planwatch.evaluation.units import is_in_points
from planwatch.reporting.fonts import vietnamese_serif

Point = tuple[int, float]

OBSERVED_COLOUR = "#1f4e79"
REQUIRED_COLOUR = "#6b7280"
TARGET_COLOUR = "#b3261e"
DEMO_COLOUR = "#b3261e"
SUBMITTED_COLOUR = "#c27800"  # a figure sent but not approved yet: a hollow amber dot


@dataclass(frozen=True, slots=True)
class ChartData:
    """What a progress chart of one target shows.

    Attributes:
        title: the indicator as the reader should see it (``Tỷ lệ hộ nghèo đa chiều``).
        unit: the unit of every value (``%``, ``căn hộ``), None for none.
        observed: (year, value) of the figures, oldest first; for a cumulative target, the running
            total from the plan's first year.
        target_year: the year Y the target is due, None when the document gives none.
        target_value: the target value T, None when not quantified.
        baseline: (year, value) of the baseline, None when there is none.
        required_path: (year, value) points from the reference point to (Y, T), one per year, that a
            steady pace would follow; empty when no pace can be drawn.
        comparator: how a figure is compared with T (``<`` means lower is better).
        status: the evaluation's status, to colour or caption the chart; None when not evaluated.
        is_demo: the figures are illustrative (``Số liệu minh họa``).
        target_value_max: the upper bound of a range target.
    """

    title: str
    unit: str | None
    observed: tuple[Point, ...]
    target_year: int | None
    target_value: float | None
    baseline: Point | None
    required_path: tuple[Point, ...]
    comparator: Comparator
    status: Status | None = None
    is_demo: bool = False
    target_value_max: float | None = None
    # Per figure (issue #19): the years whose figure is generated, and those sent but not approved.
    # Empty ``demo_years`` with ``is_demo`` means every figure is generated (callers that do not know).
    demo_years: frozenset[int] = frozenset()
    submitted_years: frozenset[int] = frozenset()

    @property
    def demo_stamp(self) -> str | None:
        """The stamp the chart carries: "Số liệu minh họa" when every figure shown is generated, the
        years when only some are, None when none is."""
        if not self.is_demo:
            return None
        years = sorted(self.demo_years & {year for year, _ in self.observed}) if self.demo_years else []
        shown = {year for year, _ in self.observed}
        if not self.demo_years or not shown or set(years) == shown:
            return "Số liệu minh họa"
        if not years:
            return None
        return "Số liệu minh họa: " + ", ".join(str(y) for y in years)

    @property
    def is_empty(self) -> bool:
        """Nothing to draw: no figure, no baseline and no target point."""
        return not self.observed and self.baseline is None and self._target_point is None

    @property
    def _target_point(self) -> Point | None:
        if self.target_year is None or self.target_value is None:
            return None
        return (self.target_year, self.target_value)


def chart_data(
    title: str,
    spec: TargetSpec,
    observations: Sequence[Observation],
    baseline: BaselinePoint | None = None,
    *,
    unit: str | None = None,
    as_of: int | None = None,
    status: Status | None = None,
    is_demo: bool = False,
    demo_years: frozenset[int] = frozenset(),
    submitted_years: frozenset[int] = frozenset(),
) -> ChartData | None:
    """The chart of one target, from the inputs of ``planwatch.evaluation.evaluate``.

    Example (web): ``chart_data(target.indicator_name, target_spec(target), observations,
    baseline, unit=target.unit, as_of=2026)`` then ``chart_svg(data)``.

    Args:
        title: the caption.
        spec: the target (comparator, T, Y, kind, start year).
        observations: figures in any order, one per year; those after ``as_of`` are left out.
        baseline: the baseline point, if any.
        unit: the unit of the figures.
        as_of: the last year to show; None shows every figure.
        status: the evaluation's status, carried to the chart.
        is_demo: whether the figures are illustrative.

    Returns:
        The chart, or None for a qualitative target (its figures are words, not numbers).
    """
    if spec.is_qualitative:
        return None
    numbers = sorted(
        (o.year, float(o.value))
        for o in observations
        if not isinstance(o.value, Assessment) and (as_of is None or o.year <= as_of)
    )
    if spec.kind is TargetKind.CUMULATIVE:
        drawn = _cumulative(title, spec, numbers, baseline, unit, status, is_demo)
        return replace(drawn, demo_years=demo_years, submitted_years=submitted_years)
    reference = _reference(numbers, baseline)
    if spec.kind in (TargetKind.ANNUAL, TargetKind.MAINTAIN):
        path = _flat_path(spec, numbers, baseline)
    else:
        linear = is_in_points(spec.unit if spec.unit is not None else unit)
        path = _compound_path(reference, spec.target_year, _aim(spec, reference), linear=linear)
    return ChartData(
        title=title,
        unit=unit,
        observed=tuple(numbers),
        target_year=spec.target_year,
        target_value=spec.value,
        baseline=(baseline.year, baseline.value) if baseline else None,
        required_path=path,
        comparator=spec.comparator,
        status=status,
        is_demo=is_demo,
        target_value_max=spec.value_max,
        demo_years=demo_years,
        submitted_years=submitted_years,
    )


def _reference(numbers: list[Point], baseline: BaselinePoint | None) -> Point | None:
    """evaluation.md step 4: the baseline when it is older than the figures, else the earliest figure."""
    if baseline is not None and (not numbers or baseline.year < numbers[0][0]):
        return (baseline.year, baseline.value)
    return numbers[0] if numbers else None


def _aim(spec: TargetSpec, reference: Point | None) -> float | None:
    """T, or for a range the bound the figure heads for (the upper one when it starts above the band)."""
    if spec.comparator is Comparator.RANGE and spec.value_max is not None and reference is not None:
        return spec.value_max if reference[1] > spec.value_max else spec.value
    return spec.value


def _compound_path(
    reference: Point | None, target_year: int | None, target: float | None, *, linear: bool = False
) -> tuple[Point, ...]:
    """The steady pace from the reference point to (Y, T): compound, or straight for a share (its pace
    is in percentage points, docs/evaluation.md)."""
    if reference is None or target_year is None or target is None or target_year <= reference[0]:
        return ()
    start_year, start = reference
    span = target_year - start_year
    if start > 0 and target > 0 and not linear:
        growth = (target / start) ** (1 / span)
        return tuple((start_year + i, start * growth**i) for i in range(span + 1))
    return tuple((start_year + i, start + (target - start) * i / span) for i in range(span + 1))


def _flat_path(spec: TargetSpec, numbers: list[Point], baseline: BaselinePoint | None) -> tuple[Point, ...]:
    if spec.value is None or spec.target_year is None:
        return ()
    years = [year for year, _ in numbers] + ([baseline.year] if baseline else [])
    first = min(years, default=spec.start_year or spec.target_year)
    return ((first, spec.value), (spec.target_year, spec.value)) if first < spec.target_year else ()


def _cumulative(
    title: str,
    spec: TargetSpec,
    numbers: list[Point],
    baseline: BaselinePoint | None,
    unit: str | None,
    status: Status | None,
    is_demo: bool,
) -> ChartData:
    """Running totals from the plan's first year s, against the straight line from (s − 1, 0) to (Y, T)."""
    start = spec.start_year or (baseline.year + 1 if baseline else (numbers[0][0] if numbers else None))
    totals: list[Point] = []
    running = 0.0
    for year, value in numbers:
        if start is not None and year < start:
            continue
        running += value
        totals.append((year, running))
    path = _compound_path((start - 1, 0.0), spec.target_year, spec.value) if start is not None else ()
    return ChartData(
        title=title,
        unit=unit,
        observed=tuple(totals),
        target_year=spec.target_year,
        target_value=spec.value,
        baseline=None,
        required_path=path,
        comparator=spec.comparator,
        status=status,
        is_demo=is_demo,
        target_value_max=spec.value_max,
    )


# --- SVG ------------------------------------------------------------------------------------------

_MARGIN_LEFT, _MARGIN_RIGHT, _MARGIN_TOP, _MARGIN_BOTTOM = 58.0, 24.0, 40.0, 58.0
# Average advance of a character, in user units: the 14-unit semi-bold title and the 11-unit bold stamp
# (Vietnamese text in a system sans-serif), to keep the title within the room the stamp leaves it.
_TITLE_CHAR, _STAMP_CHAR = 7.6, 6.8


def chart_svg(
    data: ChartData,
    *,
    width: int = 640,
    height: int = 320,
    show_title: bool = True,
    language: str | None = None,
) -> str:
    """The chart as an SVG string, for a web page (stable signature: the target page calls it).

    The root has ``viewBox="0 0 width height"`` and ``width="100%"`` so it scales with its container;
    ``width`` and ``height`` only set the proportions and the text size. Elements carry classes a page
    may style: ``pw-observed`` (line) and ``pw-observed-point`` (one circle per figure, with
    ``data-year`` and ``data-value``), ``pw-required`` (dashed path), ``pw-target``, ``pw-baseline``,
    ``pw-axis``, ``pw-grid``, ``pw-demo``. Every text is escaped; every point has a ``<title>`` tooltip
    (``2025: 52,5 %``).

    Args:
        data: what to draw (see ``chart_data``).
        width: width of the drawing in user units (default 640).
        height: height of the drawing in user units (default 320).
        show_title: draw the title inside the chart (a page that prints it above can leave it out).
        language: ``"vi"`` (default) or ``"en"`` for the legend, tooltips and notes.

    Returns:
        A complete ``<svg>…</svg>`` element (no XML declaration), to put in HTML as is.
    """
    plot = _Plot.of(data, width, height)
    en = is_english(language)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pw-chart" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet" role="img" '
        f"font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif\" "
        f'font-size="12">',
        f"<title>{escape(_caption(data, en))}</title>",
    ]
    stamp = data.demo_stamp
    stamp_text = stamp.replace("Số liệu minh họa", _say("Số liệu minh họa", en)) if stamp else ""
    if show_title:
        # A long title is cut before the stamp, never drawn under it.
        room = (
            width - _MARGIN_LEFT - _MARGIN_RIGHT - (len(stamp_text) * _STAMP_CHAR + 16 if stamp_text else 0)
        )
        parts.append(
            f'<text class="pw-title" x="{_MARGIN_LEFT:.0f}" y="22" font-size="14" font-weight="600" '
            f'fill="#1d2430">{escape(_shorten(data.title, max(20, int(room / _TITLE_CHAR))))}</text>'
        )
    if stamp_text:
        parts.append(
            f'<text class="pw-demo" x="{width - _MARGIN_RIGHT:.0f}" y="22" text-anchor="end" font-size="11" '
            f'font-weight="700" fill="{DEMO_COLOUR}">{escape(stamp_text)}</text>'
        )
    if data.is_empty:
        parts.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" fill="#6b7280">'
            f"{_say('Chưa có số liệu', en)}</text></svg>"
        )
        return "".join(parts)
    parts.extend(plot.axes())
    if len(data.required_path) >= 2:
        parts.append(
            f'<polyline class="pw-required" fill="none" stroke="{REQUIRED_COLOUR}" stroke-width="2" '
            f'stroke-dasharray="6 4" points="{plot.points(data.required_path)}"/>'
        )
    if data.baseline is not None:
        x, y = plot.xy(data.baseline)
        label = f"{_say('Năm gốc', en)} {data.baseline[0]}: {_quantity(data.baseline[1], data.unit)}"
        parts.append(
            f'<circle class="pw-baseline" cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#ffffff" '
            f'stroke="{OBSERVED_COLOUR}" stroke-width="2"><title>{escape(label)}</title></circle>'
        )
    if len(data.observed) >= 2:
        parts.append(
            f'<polyline class="pw-observed" fill="none" stroke="{OBSERVED_COLOUR}" stroke-width="2.5" '
            f'points="{plot.points(data.observed)}"/>'
        )
    for point in data.observed:
        x, y = plot.xy(point)
        sent = point[0] in data.submitted_years
        demo = data.is_demo and (not data.demo_years or point[0] in data.demo_years)
        label = f"{point[0]}: {_quantity(point[1], data.unit)}" + (
            " (đã gửi, chờ duyệt)" if sent else " (đã duyệt)"
        )
        if demo:
            label += " — số liệu minh họa"
        # Approved: a filled dot; sent but not approved: a hollow dot (legend "Đã gửi, chờ duyệt").
        fill, stroke = ("#ffffff", SUBMITTED_COLOUR) if sent else (OBSERVED_COLOUR, OBSERVED_COLOUR)
        state = "submitted" if sent else "approved"
        parts.append(
            f'<circle class="pw-observed-point pw-{state}{" pw-demo-point" if demo else ""}" cx="{x:.1f}" '
            f'cy="{y:.1f}" r="{5 if sent else 4}" fill="{fill}" stroke="{stroke}" stroke-width="2" '
            f'data-year="{point[0]}" data-value="{point[1]:g}" data-state="{state}" '
            f'data-demo="{"yes" if demo else "no"}"><title>{escape(label)}</title></circle>'
        )
    target = data._target_point
    if target is not None:
        x, y = plot.xy(target)
        label = f"{_say('Mục tiêu năm', en)} {target[0]}: {_goal_text(data, en)}"
        parts.append(
            f'<path class="pw-target" d="M{x:.1f},{y - 7:.1f}L{x + 7:.1f},{y:.1f}L{x:.1f},{y + 7:.1f}'
            f'L{x - 7:.1f},{y:.1f}Z" fill="{TARGET_COLOUR}"><title>{escape(label)}</title></path>'
        )
        parts.append(
            f'<text class="pw-target-label" x="{x - 10:.1f}" y="{y - 10:.1f}" text-anchor="end" '
            f'font-size="11" fill="{TARGET_COLOUR}">{escape(_goal_text(data, en))}</text>'
        )
    parts.extend(_legend(data, height, en))
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class _Plot:
    """Scales from (year, value) to SVG coordinates, and the axes with their ticks."""

    width: int
    height: int
    years: tuple[int, int]
    values: tuple[float, float]
    y_ticks: tuple[float, ...]
    y_decimals: int
    unit: str | None

    @classmethod
    def of(cls, data: ChartData, width: int, height: int) -> _Plot:
        points = list(data.observed) + list(data.required_path)
        points += [p for p in (data.baseline, data._target_point) if p is not None]
        years = [year for year, _ in points] or [0]
        low_year, high_year = min(years), max(years)
        if low_year == high_year:
            low_year, high_year = low_year - 1, high_year + 1
        values = [value for _, value in points] or [0.0]
        ticks, decimals = nice_ticks(min(values), max(values))
        return cls(width, height, (low_year, high_year), (ticks[0], ticks[-1]), ticks, decimals, data.unit)

    def x(self, year: float) -> float:
        span = self.width - _MARGIN_LEFT - _MARGIN_RIGHT
        return _MARGIN_LEFT + span * (year - self.years[0]) / (self.years[1] - self.years[0])

    def y(self, value: float) -> float:
        span = self.height - _MARGIN_TOP - _MARGIN_BOTTOM
        low, high = self.values
        return self.height - _MARGIN_BOTTOM - span * (value - low) / (high - low)

    def xy(self, point: Point) -> tuple[float, float]:
        return self.x(point[0]), self.y(point[1])

    def points(self, points: Sequence[Point]) -> str:
        return " ".join(f"{self.x(year):.1f},{self.y(value):.1f}" for year, value in points)

    def axes(self) -> list[str]:
        left, right = _MARGIN_LEFT, self.width - _MARGIN_RIGHT
        bottom = self.height - _MARGIN_BOTTOM
        parts = ['<g class="pw-grid" stroke="#e5e7eb" stroke-width="1">']
        parts += [
            f'<line x1="{left:.1f}" y1="{self.y(t):.1f}" x2="{right:.1f}" y2="{self.y(t):.1f}"/>'
            for t in self.y_ticks
        ]
        parts.append("</g>")
        parts.append('<g class="pw-axis" fill="#4b5563" font-size="11">')
        for tick in self.y_ticks:
            parts.append(
                f'<text x="{left - 6:.1f}" y="{self.y(tick) + 4:.1f}" text-anchor="end">'
                f"{escape(format_number(tick, self.y_decimals))}</text>"
            )
        for year in _year_ticks(*self.years):
            parts.append(
                f'<text x="{self.x(year):.1f}" y="{bottom + 18:.1f}" text-anchor="middle">{year}</text>'
            )
        if self.unit:
            parts.append(
                f'<text x="{left - 6:.1f}" y="{_MARGIN_TOP - 8:.1f}" text-anchor="end">'
                f"{escape(self.unit)}</text>"
            )
        parts.append(
            f'<line x1="{left:.1f}" y1="{bottom:.1f}" x2="{right:.1f}" y2="{bottom:.1f}" stroke="#9ca3af"/>'
        )
        parts.append("</g>")
        return parts


def _legend(data: ChartData, height: int, en: bool = False) -> list[str]:
    y = height - 14
    items: list[tuple[str, str]] = [
        (
            f'<line x1="0" y1="0" x2="22" y2="0" stroke="{OBSERVED_COLOUR}" stroke-width="2.5"/>'
            f'<circle cx="11" cy="0" r="3.5" fill="{OBSERVED_COLOUR}"/>',
            _say("Thực hiện (đã duyệt)", en),
        )
    ]
    if data.submitted_years & {year for year, _ in data.observed}:
        items.append(
            (
                f'<circle cx="11" cy="0" r="4.5" fill="#ffffff" stroke="{SUBMITTED_COLOUR}" '
                'stroke-width="2"/>',
                _say("Đã gửi, chờ duyệt", en),
            )
        )
    if data.required_path:
        items.append(
            (
                f'<line x1="0" y1="0" x2="22" y2="0" stroke="{REQUIRED_COLOUR}" stroke-width="2" '
                f'stroke-dasharray="6 4"/>',
                _say("Lộ trình cần thiết", en),
            )
        )
    if data._target_point is not None:
        items.append((f'<path d="M11,-6L17,0L11,6L5,0Z" fill="{TARGET_COLOUR}"/>', _say("Mục tiêu", en)))
    if data.baseline is not None:
        items.append(
            (
                f'<circle cx="11" cy="0" r="4.5" fill="#ffffff" stroke="{OBSERVED_COLOUR}" '
                'stroke-width="2"/>',
                _say("Năm gốc", en),
            )
        )
    parts = [
        f'<g class="pw-legend" font-size="11" fill="#374151" transform="translate({_MARGIN_LEFT:.0f},{y})">'
    ]
    offset = 0.0
    for symbol, label in items:
        parts.append(
            f'<g transform="translate({offset:.0f},0)">{symbol}<text x="28" y="4">{escape(label)}</text></g>'
        )
        offset += 40 + 6.5 * len(label)
    parts.append("</g>")
    return parts


def nice_ticks(low: float, high: float, count: int = 5) -> tuple[tuple[float, ...], int]:
    """Round axis ticks covering [low, high] with some room, and the decimals their labels need.

    >>> nice_ticks(1.1, 2.0)
    ((1.0, 1.25, 1.5, 1.75, 2.0, 2.25), 2)
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        low, high = 0.0, 1.0
    low, high = min(low, high), max(low, high)
    # A range too narrow to draw (one value, or float noise) gets room around its value.
    if high - low < 1e-9 * max(1.0, abs(low), abs(high)):
        pad = abs(high) * 0.1 if abs(high) > 1e-9 else 1.0
        low, high = low - pad, high + pad
    floor_at_zero = low >= 0
    pad = (high - low) * 0.05
    low, high = low - pad, high + pad
    if floor_at_zero:
        low = max(low, 0.0)
    raw = (high - low) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    ticks = [k * step for k in range(first, last + 1)]
    while ticks[0] > low:  # float rounding of k * step
        ticks.insert(0, ticks[0] - step)
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) + (1 if round(step / magnitude, 6) == 2.5 else 0)
    return tuple(round(tick, decimals + 6) for tick in ticks), decimals


def _year_ticks(first: int, last: int) -> range:
    span = last - first
    step = 1 if span <= 10 else 2 if span <= 20 else 5
    return range(first, last + 1, step)


def _quantity(value: float, unit: str | None) -> str:
    return format_quantity(value, unit)


def _goal_text(data: ChartData, en: bool = False) -> str:
    if data.target_value is None:
        return _say("chưa định lượng", en)
    if data.comparator is Comparator.RANGE and data.target_value_max is not None:
        return f"{format_number(data.target_value)}–{_quantity(data.target_value_max, data.unit)}"
    symbol = data.comparator.symbol
    amount = _quantity(data.target_value, data.unit)
    return f"{symbol} {amount}" if symbol and data.comparator is not Comparator.LEVEL else amount


def _caption(data: ChartData, en: bool = False) -> str:
    latest = (
        f"; {_say('năm', en)} {data.observed[-1][0]}: {_quantity(data.observed[-1][1], data.unit)}"
        if data.observed
        else ""
    )
    goal = (
        f"; {_say('mục tiêu năm', en)} {data.target_year}: {_goal_text(data, en)}"
        if data._target_point
        else ""
    )
    return f"{data.title}{latest}{goal}"


# The chart's own words in English (the web passes the page's language; reports stay Vietnamese).
_WORDS_EN = {
    "Số liệu minh họa": "Illustrative figures",
    "Chưa có số liệu": "No figures yet",
    "Năm gốc": "Baseline",
    "Mục tiêu năm": "Target for",
    "mục tiêu năm": "target for",
    "năm": "in",
    "Thực hiện": "Actual",
    "Thực hiện (đã duyệt)": "Actual (approved)",
    "Đã gửi, chờ duyệt": "Sent, awaiting approval",
    "Lộ trình cần thiết": "Required path",
    "Mục tiêu": "Target",
    "chưa định lượng": "not quantified",
}


def _say(text: str, en: bool) -> str:
    return _WORDS_EN[text] if en else text


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- PNG ------------------------------------------------------------------------------------------


def chart_png(data: ChartData, *, width_cm: float = 16.0, height_cm: float = 8.0, dpi: int = 150) -> bytes:
    """The chart as a PNG image for the docx report (matplotlib, Agg backend, no global state).

    Args:
        data: what to draw.
        width_cm: printed width.
        height_cm: printed height.
        dpi: resolution.

    Returns:
        The PNG file's bytes.
    """
    return chart_pngs([data], width_cm=width_cm, height_cm=height_cm, dpi=dpi)[0]


def chart_pngs(
    charts: Sequence[ChartData], *, width_cm: float = 16.0, height_cm: float = 8.0, dpi: int = 150
) -> list[bytes]:
    """Several charts as PNG images, drawn one after the other on one reused figure.

    The figure, its axes, lines, texts and legend are made once; each chart only sets their data and
    limits before the figure is saved. That is about three times faster than a figure per chart, which
    counts in a report with dozens of charts. Margins are fixed: a layout engine would draw each
    figure twice.
    """
    if not charts:
        return []
    from matplotlib import rc_context

    with rc_context({"font.family": _chart_font(), "font.size": 8}):
        painter = _Painter(width_cm, height_cm, dpi)
        return [painter.paint(data) for data in charts]


def _chart_font() -> str:
    """The report's font family, registered with matplotlib from the files fontconfig lists as covering
    Vietnamese; files of the same name without those glyphs (Liberation 1.07) are forgotten, so no
    letter falls back to another typeface."""
    from matplotlib import font_manager

    family = vietnamese_serif()
    if family is None:
        return "DejaVu Sans"
    manager = font_manager.fontManager
    known = {entry.fname for entry in manager.ttflist}
    for path in family.files:
        if path not in known:
            manager.addfont(path)
    manager.ttflist = [
        entry for entry in manager.ttflist if entry.name != family.name or entry.fname in family.files
    ]
    return family.name


class _Painter:
    """One matplotlib figure whose artists are reused for every chart."""

    def __init__(self, width_cm: float, height_cm: float, dpi: int) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        figure = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=dpi)
        FigureCanvasAgg(figure)
        axes = figure.add_axes((0.1, 0.16, 0.87, 0.66))
        (self.required,) = axes.plot([], [], linestyle="--", color=REQUIRED_COLOUR, linewidth=1.4)
        (self.observed,) = axes.plot([], [], marker="o", color=OBSERVED_COLOUR, linewidth=2)
        (self.baseline,) = axes.plot(
            [], [], marker="o", markerfacecolor="white", markeredgecolor=OBSERVED_COLOUR, linestyle="none"
        )
        (self.target,) = axes.plot([], [], marker="D", color=TARGET_COLOUR, linestyle="none")
        self.target_label = axes.annotate(
            "", (0, 0), textcoords="offset points", xytext=(-6, 6), ha="right", color=TARGET_COLOUR
        )
        self.title = figure.text(0.01, 0.97, "", va="top", fontweight="bold")
        self.demo = figure.text(
            0.99, 0.97, "Số liệu minh họa", ha="right", va="top", color=DEMO_COLOUR, fontweight="bold"
        )
        axes.xaxis.set_major_locator(MaxNLocator(nbins=8, integer=True))
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: format_number(value)))
        axes.set_xlabel("Năm")
        axes.grid(axis="y", color="#e5e7eb")
        axes.spines[["top", "right"]].set_visible(False)
        self.figure, self.axes = figure, axes
        self._legend: tuple[str, ...] = ()

    def paint(self, data: ChartData) -> bytes:
        import textwrap

        target = data._target_point
        lines = (
            (self.required, data.required_path, "Lộ trình cần thiết"),
            (self.observed, data.observed, "Thực hiện"),
            (self.baseline, (data.baseline,) if data.baseline else (), "Năm gốc"),
            (self.target, (target,) if target else (), "Mục tiêu"),
        )
        for line, points, _ in lines:
            line.set_data([year for year, _ in points], [value for _, value in points])
        self.target_label.set_text(_goal_text(data) if target else "")
        self.target_label.xy = target or (0, 0)
        # Narrower beside the "Số liệu minh họa" stamp, so a long title never runs into it.
        width = 80 if data.is_demo else 100
        self.title.set_text("\n".join(textwrap.wrap(data.title, width)[:2]))
        self.demo.set_visible(data.is_demo)
        self.axes.set_ylabel(data.unit or "")
        self._limits(data)
        shown = tuple(label for line, points, label in lines if points)
        if shown != self._legend:
            handles = [line for line, points, _ in lines if points]
            self.axes.legend(handles, shown, loc="upper left", frameon=False, fontsize=7)
            self._legend = shown
        buffer = io.BytesIO()
        self.figure.savefig(
            buffer, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 1}
        )
        return buffer.getvalue()

    def _limits(self, data: ChartData) -> None:
        points = [*data.observed, *data.required_path]
        points += [p for p in (data.baseline, data._target_point) if p is not None]
        if not points:
            self.axes.set_xlim(0, 1)
            self.axes.set_ylim(0, 1)
            return
        years = [year for year, _ in points]
        values = [value for _, value in points]
        self.axes.set_xlim(min(years) - 0.4, max(years) + 0.4)
        low, high = min(values), max(values)
        pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
        self.axes.set_ylim(max(0.0, low - pad) if low >= 0 else low - pad, high + pad)
