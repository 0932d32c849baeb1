"""Values every page may need, from the one place that defines them."""

from django.http import HttpRequest

from planwatch.domain.periods import FIRST_YEAR, LAST_YEAR


def year_bounds(request: HttpRequest) -> dict[str, int]:
    """The years a figure, an evaluation or a report may be for (``domain.periods``), for the
    ``min``/``max`` of the year fields."""
    return {"FIRST_YEAR": FIRST_YEAR, "LAST_YEAR": LAST_YEAR}
