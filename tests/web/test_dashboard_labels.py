"""Issue #19: the dashboard names documents and groups as people read them, has a legend and a
filter by agency."""

import html
from collections.abc import Callable

import pytest
from django.test import Client

from planwatch.web.catalogue.models import PolicyDocument
from planwatch.web.figures.services import demo_figures_load
from planwatch.web.overview.selectors import agency_choices, dashboard, group_name

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]


def test_a_document_without_a_number_is_named_by_its_title() -> None:
    unnumbered = PolicyDocument.objects.get(doc_id="KG-KH-UBND-2024-06-51-CTr-TU")
    assert unnumbered.number == ""
    title = " ".join(unnumbered.title.split())
    assert unnumbered.label.rstrip("…") == title[: len(unnumbered.label.rstrip("…"))]
    assert len(unnumbered.label) <= 90
    assert "KG-KH" not in str(unnumbered)
    numbered = PolicyDocument.objects.get(doc_id="KG-219-KH-UBND")
    assert str(numbered) == numbered.number == "219/KH-UBND"


def test_a_numbered_group_is_named_by_its_indicators_and_document() -> None:
    document = PolicyDocument.objects.get(doc_id="LA-52-CTr-TU")
    name = group_name("Nhóm chỉ tiêu (2)", document, ["Tuổi thọ trung bình", "Số bác sĩ", "Tỷ lệ tiêm chủng"])
    assert name == "Nhóm 2: Tuổi thọ trung bình, Số bác sĩ… — 52-CTr/TU"
    assert group_name("Y tế", document, []) == "Y tế — 52-CTr/TU"


def test_the_dashboard_filters_by_agency_and_shows_a_legend(client_as: ClientAs) -> None:
    demo_figures_load()
    agencies = agency_choices()
    assert len(agencies) > 2
    assert not agencies[0].startswith("(")
    chosen = agencies[0]
    board = dashboard(agency=chosen)
    assert [t.name for t in board.by_agency] == [chosen]
    assert 0 < board.overall.total < dashboard().overall.total
    assert all("Nhóm chỉ tiêu (" not in t.name for t in dashboard().by_group)

    page = html.unescape(client_as("lanhdao").get("/", {"agency": chosen}).content.decode())
    assert 'class="legend"' in page
    assert f'<option value="{chosen}" selected>' in page
    assert "KG-KH-UBND-2024-06-51-CTr-TU<" not in page
