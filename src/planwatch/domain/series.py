"""Which series of figures a target reads: its indicator and the disaggregation its scope names.

DHIS2 keys a value by data element × disaggregation × organisation unit × period; planwatch keys an
observation the same way, and a target reads the series of its indicator and disaggregation in the
territory of its document. Two targets of any document with the same indicator and scope read the
same figures.
"""

from __future__ import annotations

import re

from planwatch.domain.text import normalise_name, slugify

# The total over every part: a target without a scope.
TOTAL = ""

# "trên 10.000 dân", "/10.000 dân", "trên 100.000 trẻ đẻ sống": a rate's denominator written where the
# scope goes. It is part of the unit (per 10,000 people), not a part of the population.
_PER_POPULATION = re.compile(r"^(trên|/)\s*[0-9.]+\s+\w+")

# The common disaggregations get short codes shared by every document (domain.md §2); any other scope
# becomes the slug of its name, so two documents naming the same part read the same series.
_KNOWN = {
    "thành thị": "urban",
    "đô thị": "urban",
    "nông thôn": "rural",
    "nam": "male",
    "nữ": "female",
}


def disaggregation_for_scope(scope: str | None) -> str:
    """The disaggregation code a target's scope names: ``TOTAL`` for none.

    >>> disaggregation_for_scope("Thành thị"), disaggregation_for_scope("trên 10.000 dân")
    ('urban', '')
    >>> disaggregation_for_scope("Vùng biên giới")
    'vung-bien-gioi'
    """
    if not scope or not scope.strip():
        return TOTAL
    name = normalise_name(scope)
    if _PER_POPULATION.match(name):
        return TOTAL
    return _KNOWN.get(name, slugify(scope))
