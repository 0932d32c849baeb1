"""Pace arithmetic: compound annual growth, the pace ratio R and its bands, shares and projection.

Every formula is the one of evaluation.md ("Status of a state target", steps 5-7, and the lines
after them); the guards below only decide what happens where a formula has no real value.
"""

import math
from collections.abc import Sequence

from planwatch.domain.vocabulary import Status

ZERO_STAND_IN = 0.001  # evaluation.md step 5: a value of 0 in a CAGR ratio is replaced by 0.001
FLAT_REQUIRED_GROWTH = 1e-12  # evaluation.md step 6: below this |CAGRT| counts as zero

ON_TRACK_FROM = 0.95  # evaluation.md step 7
NEEDS_ACCELERATION_FROM = 0.60
PACE_STATUSES = (  # the statuses R decides (step 7)
    Status.ON_TRACK,
    Status.NEEDS_ACCELERATION,
    Status.LIMITED_PROGRESS,
    Status.DETERIORATING,
)


def compound_growth(start: float, end: float, years: int) -> float | None:
    """CAGR = (end / start)^(1 / years) - 1, with 0 replaced by 0.001 (evaluation.md step 5).

    A negative value makes the growth ratio meaningless (and its root complex), so the growth is
    None and the caller reports ``insufficient_data``.

    Args:
        start: the value at the start (y0).
        end: the value at the end (yi or T).
        years: the number of years between them, at least 1.
    """
    if start < 0 or end < 0 or years < 1:
        return None
    ratio = _nonzero(end) / _nonzero(start)  # may overflow to inf or underflow to 0: both are fine below
    return math.pow(ratio, 1.0 / years) - 1.0


def pace_ratio(direction: int, observed: float, required: float) -> float | None:
    """R = d * CAGRi / |CAGRT| (evaluation.md step 6); None when no number can say it.

    When the required growth is flat (|CAGRT| < 1e-12) R is +inf, 0 or -inf by the sign of the
    progress made. R is None only for two astronomical growths (inf / inf), beyond any real figure.
    """
    progress = direction * observed
    if abs(required) < FLAT_REQUIRED_GROWTH:
        return math.copysign(math.inf, progress) if progress != 0 else 0.0
    ratio = progress / abs(required)
    return None if math.isnan(ratio) else ratio


def pace_status(ratio: float) -> Status:
    """The band of R (evaluation.md step 7)."""
    if ratio >= ON_TRACK_FROM:
        return Status.ON_TRACK
    if ratio >= NEEDS_ACCELERATION_FROM:
        return Status.NEEDS_ACCELERATION
    if ratio >= 0:
        return Status.LIMITED_PROGRESS
    return Status.DETERIORATING


def share_of(part: float, whole: float) -> float | None:
    """part / whole as a finite number, or None (P when T = y0, overflowing figures)."""
    if whole == 0:
        return None
    share = part / whole
    return share if math.isfinite(share) else None


def linear_change(start: float, end: float, years: int) -> float | None:
    """The change per year in the figure's own unit (percentage points for a share); None under 1 year."""
    if years < 1:
        return None
    change = (end - start) / years
    return change if math.isfinite(change) else None


def projected_at(points: Sequence[tuple[int, float]], year: int) -> float | None:
    """The value of the least-squares line through ``points`` at ``year``.

    evaluation.md asks for ordinary least squares over three or more points and the straight line
    through two: the least-squares line through two points is that straight line, so one formula
    serves both. None with fewer than two distinct years.
    """
    if len(points) < 2:
        return None
    mean_year = sum(t for t, _ in points) / len(points)
    mean_value = sum(v for _, v in points) / len(points)
    spread = sum((t - mean_year) ** 2 for t, _ in points)
    if spread == 0:
        return None
    slope = sum((t - mean_year) * (v - mean_value) for t, v in points) / spread
    value = mean_value + slope * (year - mean_year)
    return value if math.isfinite(value) else None


def within_band(value: float, lower_limit: float | None, upper_limit: float | None) -> bool:
    """Whether a projected value lies in the indicator's plausible band (limits included)."""
    return (lower_limit is None or value >= lower_limit) and (upper_limit is None or value <= upper_limit)


def _nonzero(value: float) -> float:
    return ZERO_STAND_IN if value == 0 else value
