"""A personal-data breach and its 72-hour notice, on the DPO's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from planwatch.domain.errors import InvalidValueError
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.privacy.models import DataIncident
from planwatch.web.privacy.selectors import incident_countdown
from planwatch.web.privacy.services import incident_notified, incident_record

pytestmark = pytest.mark.django_db


def test_the_dpo_records_an_incident_and_sees_the_countdown(
    people: dict[str, User], commune: AdministrativeUnit
) -> None:
    client = Client()
    client.force_login(people["dpo"])
    found = timezone.localtime() - timedelta(hours=2, minutes=30)

    response = client.post(
        "/bao-ve-du-lieu/su-co/",
        {
            "what": "Mất một máy tính xách tay có danh sách hộ",
            "detected_at": found.strftime("%Y-%m-%dT%H:%M"),
            "communes": commune.code,
        },
    )

    assert response.status_code == 302
    incident = DataIncident.objects.get()
    assert list(incident.communes.all()) == [commune]
    assert incident.recorded_by == people["dpo"]
    page = client.get("/bao-ve-du-lieu/").content.decode()
    assert "Còn 69 giờ" in page
    assert commune.name in page


def test_an_unknown_commune_code_is_named(people: dict[str, User]) -> None:
    client = Client()
    client.force_login(people["dpo"])

    response = client.post(
        "/bao-ve-du-lieu/su-co/",
        {"what": "Lộ tệp", "detected_at": "2026-01-05T08:00", "communes": "xa-khong-co"},
    )

    assert response.status_code == 400
    assert "xa-khong-co" in response.content.decode()
    assert not DataIncident.objects.exists()


def test_the_countdown_turns_urgent_then_late_and_stops_once_notified(people: dict[str, User]) -> None:
    now = timezone.now()
    incident = incident_record(
        user=people["dpo"], what="Gửi nhầm danh sách", detected_at=now - timedelta(hours=10)
    )

    assert incident_countdown(incident, now) == ("Còn 62 giờ 0 phút đến hạn thông báo", False)
    assert incident_countdown(incident, now + timedelta(hours=50))[1] is True
    assert incident_countdown(incident, now + timedelta(hours=63, minutes=5)) == (
        "Quá hạn thông báo 1 giờ 5 phút",
        True,
    )
    incident_notified(incident, at=now + timedelta(hours=1))
    assert incident_countdown(incident, now + timedelta(hours=100)) == (
        "Đã thông báo trong hạn 72 giờ",
        False,
    )


def test_an_incident_cannot_be_found_in_the_future(people: dict[str, User]) -> None:
    with pytest.raises(InvalidValueError, match="tương lai"):
        incident_record(user=people["dpo"], what="x", detected_at=timezone.now() + timedelta(days=1))


def test_the_notified_button_records_the_time(people: dict[str, User]) -> None:
    incident = incident_record(
        user=people["dpo"], what="Lộ tệp", detected_at=timezone.now() - timedelta(hours=1)
    )
    client = Client()
    client.force_login(people["quantri"])

    assert client.post(f"/bao-ve-du-lieu/su-co/{incident.pk}/da-thong-bao/").status_code == 302

    incident.refresh_from_db()
    assert incident.notified_at is not None
