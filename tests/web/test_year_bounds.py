"""The years a page lets one type come from ``domain.periods``, the one place that defines them."""

import pytest

from planwatch.domain.errors import InvalidValueError
from planwatch.domain.periods import FIRST_YEAR, LAST_YEAR
from planwatch.web.reports.selectors import report_year_check

from .conftest import ClientAs

pytestmark = pytest.mark.django_db


def test_the_overview_year_field_takes_its_bounds_from_domain_periods(client_as: ClientAs) -> None:
    body = client_as("lanhdao").get("/").content.decode()

    assert f'name="as_of" min="{FIRST_YEAR}" max="{LAST_YEAR}"' in body


def test_a_report_year_is_checked_against_the_same_bounds() -> None:
    assert report_year_check(FIRST_YEAR) == FIRST_YEAR
    with pytest.raises(InvalidValueError):
        report_year_check(FIRST_YEAR - 1)
    with pytest.raises(InvalidValueError):
        report_year_check(LAST_YEAR + 1)
