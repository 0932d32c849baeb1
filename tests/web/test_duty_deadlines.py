"""Daily and one-off duties and their deadlines in the catalogue: stored and read back, shown on the
document page in Vietnamese and English, and never taken as a yearly round's deadline."""

import html
import importlib
from collections.abc import Callable
from datetime import date

import pytest
from django.db.models import F
from django.test import Client

from planwatch.domain import model as domain
from planwatch.domain.deadlines import Deadline
from planwatch.domain.errors import InvalidValueError
from planwatch.domain.vocabulary import ReportingFrequency
from planwatch.web.accounts.access import access_scope
from planwatch.web.catalogue import mapping
from planwatch.web.catalogue.models import PolicyDocument, ReportingDuty
from planwatch.web.catalogue.selectors import document_get
from planwatch.web.rounds.services import default_deadline, round_open

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]


def _first_duties(document: PolicyDocument, *duties: tuple[str, str | None]) -> None:
    """Put these duties (frequency, deadline text) before the document's own ones."""
    document.reporting_duties.update(position=F("position") + 100)
    for position, (frequency, text) in enumerate(duties):
        duty = domain.ReportingDuty(
            doc_id=document.doc_id,
            what=f"Báo cáo thử số {position + 1}",
            frequency=ReportingFrequency(frequency),
            deadline=Deadline.parse_optional(text),
            to="UBND tỉnh",
        )
        ReportingDuty.objects.create(document=document, position=position, **mapping.duty_fields(duty))


@pytest.mark.parametrize(
    "text",
    [
        "19h00",
        "31/12/2025",
        "2030",
        "cuối năm 2030",
        "30/01 năm tiếp theo",
        "trong vòng 7 ngày kể từ ngày ký",
    ],
)
def test_every_deadline_is_stored_with_its_parts_and_read_back(text: str) -> None:
    document = document_get("219/KH-UBND")
    _first_duties(document, ("one-off", text))
    row = document.reporting_duties.get(position=0)
    deadline = Deadline.parse(text)
    assert (
        row.deadline_text,
        row.deadline_day,
        row.deadline_month,
        row.deadline_year,
        row.deadline_time,
    ) == (
        deadline.text,
        deadline.day,
        deadline.month,
        deadline.year,
        deadline.at,
    )
    assert mapping.duty_to_domain(row).deadline == deadline


def test_a_row_written_before_the_text_reads_its_day_and_month() -> None:
    document = document_get("219/KH-UBND")
    _first_duties(document, ("annual", None))
    ReportingDuty.objects.filter(document=document, position=0).update(deadline_day=5, deadline_month=12)
    assert mapping.duty_deadline(document.reporting_duties.get(position=0)) == Deadline(5, 12)


def test_daily_and_one_off_duties_do_not_set_the_yearly_round_deadline() -> None:
    document = document_get("219/KH-UBND")
    _first_duties(document, ("daily", "19h00"), ("one-off", "31/12/2025"), ("one-off", "cuối năm 2030"))
    assert default_deadline(document, 2026) == date(2026, 11, 15)  # the yearly duty's 15/11


def test_a_yearly_duty_due_in_the_next_year_sets_the_round_deadline_in_that_year() -> None:
    document = document_get("219/KH-UBND")
    _first_duties(document, ("periodic", "15/06"), ("annual", "30/01 năm tiếp theo"))
    assert default_deadline(document, 2026) == date(2027, 1, 30)  # the yearly report first


def test_a_document_with_only_one_off_and_daily_duties_asks_for_the_round_deadline(users: dict) -> None:
    document = document_get("219/KH-UBND")
    document.reporting_duties.all().delete()
    _first_duties(document, ("daily", "9h00"), ("one-off", "31/12/2026"))
    assert default_deadline(document, 2026) is None
    coordinator = users["daumoi"]
    with pytest.raises(InvalidValueError, match="không quy định hạn báo cáo"):
        round_open(scope=access_scope(coordinator), user=coordinator, document=document, year=2026)


def test_the_document_page_shows_daily_and_one_off_duties_in_vietnamese_and_english(
    client_as: ClientAs,
) -> None:
    document = document_get("219/KH-UBND")
    _first_duties(
        document,
        ("daily", "19h00"),
        ("one-off", "cuối năm 2030"),
        ("one-off", "trong thời hạn 10 ngày kể từ ngày ký"),
        ("annual", "30/01 năm tiếp theo"),
    )
    client = client_as("lanhdao")
    vietnamese = html.unescape(client.get("/van-ban/KG-219-KH-UBND/").content.decode())
    for shown in (
        "Hằng ngày, trước 19h00",
        "Một lần, cuối năm 2030",
        "Một lần, trong thời hạn 10 ngày kể từ ngày ký",
        "Hằng năm, trước ngày 30/01 năm tiếp theo",
        "Hằng năm, trước ngày 15/11",
    ):
        assert shown in vietnamese
    client.cookies["django_language"] = "en"
    english = html.unescape(client.get("/van-ban/KG-219-KH-UBND/").content.decode())
    for shown in (
        "Daily, by 19:00 each day",
        "One-off, by the end of 2030",
        "One-off, within 10 days (trong thời hạn 10 ngày kể từ ngày ký)",
        "Annual, by 30/01 of the following year",
        "Annual, by 15/11",
    ):
        assert shown in english
    assert "Hằng ngày" not in english


def test_the_migration_gives_existing_day_month_deadlines_their_text() -> None:
    from django.apps import apps

    migration = importlib.import_module(
        "planwatch.web.catalogue.migrations.0005_duty_deadline_year_time_text"
    )
    document = document_get("219/KH-UBND")
    ReportingDuty.objects.filter(document=document).update(deadline_text="")
    migration._texts_of_day_month_deadlines(apps, None)
    texts = {(d.deadline_day, d.deadline_text) for d in document.reporting_duties.all()}
    assert (15, "15/11") in texts
    assert (None, "") in texts


def test_the_review_of_an_extraction_says_its_deadline_texts_in_the_page_language() -> None:
    from django.utils import translation

    from planwatch.web.overview.templatetags.vietnamese import deadline_label, frequency_label

    with translation.override("en"):
        assert deadline_label("31/12/2025") == "by 31/12/2025"
        assert frequency_label("daily") == "Daily"
        assert deadline_label("khi có yêu cầu") == "khi có yêu cầu"  # unreadable: as written
    with translation.override("vi"):
        assert deadline_label("31/12/2025") == "trước ngày 31/12/2025"
        assert frequency_label("one-off") == "Một lần"
        assert deadline_label(None) == ""
