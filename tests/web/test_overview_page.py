"""The first page: documents, targets and their evaluation, with demo figures labelled."""

import pytest
from django.test import Client

from planwatch.web.figures.models import DataValue
from planwatch.web.figures.services import demo_figures_load

pytestmark = pytest.mark.django_db


def test_the_page_lists_documents_and_labels_demo_figures(client: Client) -> None:
    demo_figures_load()

    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Số liệu minh họa" in page
    assert "219/KH-UBND" in page
    assert "Tỉ lệ hộ nghèo đa chiều theo chuẩn nghèo quốc gia" in page
    assert "Đúng tiến độ" in page or "Cần đẩy nhanh" in page


def test_the_demo_figures_are_deterministic_and_idempotent() -> None:
    demo_figures_load()
    first = sorted(
        DataValue.objects.values_list(
            "target__key", "target__document__doc_id", "year", "value", "assessment"
        )
    )

    again = demo_figures_load()

    assert (again.created, again.changed) == (0, 0)
    assert (
        sorted(
            DataValue.objects.values_list(
                "target__key", "target__document__doc_id", "year", "value", "assessment"
            )
        )
        == first
    )
    assert DataValue.objects.filter(is_demo=False).count() == 0
    assert {v.year for v in DataValue.objects.all()} == {2023, 2024, 2025}


def test_without_figures_the_page_has_no_demo_label(client: Client) -> None:
    page = client.get("/").content.decode()

    assert "Số liệu minh họa" not in page
    assert "Chưa có số liệu" in page
