"""A round for the year's estimates with narratives (issue #16 point 1): a sender writes its parts from
a template pre-filled with what its figures say, the coordinator edits the consolidated text, and the
report assembles it credited to the agency, its figures said to be estimates."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from docx import Document

from planwatch.domain.errors import AccessDeniedError, InvalidValueError
from planwatch.domain.vocabulary import ObservationKind
from planwatch.web.accounts.access import access_scope
from planwatch.web.catalogue.selectors import document_get
from planwatch.web.figures.models import Observation
from planwatch.web.reports.selectors import report_content
from planwatch.web.rounds.models import ReportingRound, RoundNarrative, RoundSender
from planwatch.web.rounds.narratives import narratives_edit, narratives_save, sender_narrative_fields
from planwatch.web.rounds.selectors import entry_rows
from planwatch.web.rounds.services import EntryInput, round_figures_save, round_open, round_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def estimate_round(users: dict[str, User]) -> ReportingRound:
    coordinator = users["daumoi"]
    return round_open(
        scope=access_scope(coordinator),
        user=coordinator,
        document=document_get("219/KH-UBND"),
        year=2026,
        deadline=timezone.localdate() + timedelta(days=10),
        kind=ObservationKind.ESTIMATE,
    )


def _health(round_: ReportingRound) -> RoundSender:
    return RoundSender.objects.select_related("round__document", "agency", "unit").get(
        round=round_, agency__code="y-te-an-giang"
    )


def test_a_round_for_estimates_writes_its_figures_as_estimates_and_the_report_says_so(
    users: dict[str, User], estimate_round: ReportingRound
) -> None:
    reporter, health = users["yte"], _health(estimate_round)
    share = next(
        r for r in entry_rows(health) if r.target.unit == "%" and r.target.comparator != "qualitative"
    )
    round_figures_save(
        scope=access_scope(reporter),
        user=reporter,
        sender=health,
        entries=[EntryInput(line=1, target_id=share.target.pk, value_text="96")],
        source="test",
    )
    round_submit(
        scope=access_scope(reporter), user=reporter, sender=health, partial_reason="các số khác chưa có"
    )

    written = Observation.objects.get(
        indicator=share.target.indicator, year=2026, disaggregation=share.target.disaggregation
    )
    content = report_content(document_get("219/KH-UBND"), 2026)
    sentences = [b.text for s in content.sections for b in s.blocks if hasattr(b, "text")]

    assert written.kind == ObservationKind.ESTIMATE.value
    assert any(
        f"{share.target.indicator_name}" in t and "ước thực hiện năm 2026 là 96 %" in t for t in sentences
    )


def test_a_sender_writes_its_parts_from_a_prefilled_template_and_the_report_credits_it(
    users: dict[str, User], estimate_round: ReportingRound, client_as: object
) -> None:
    reporter, coordinator = users["yte"], users["daumoi"]
    health = _health(estimate_round)
    fields = sender_narrative_fields(health)

    assert [f.part.value for f in fields] == ["results", "shortcomings", "directions", "proposals"]
    assert not any(f.saved for f in fields)
    assert "Nguyên nhân: …" in fields[1].text  # the template, from the sender's own targets

    narratives_save(
        scope=access_scope(reporter),
        user=reporter,
        sender=health,
        texts={
            "shortcomings": "- Trạm y tế xã thiếu bác sĩ.",
            "directions": "- Tuyển thêm bác sĩ cho tuyến xã.",
        },
    )
    narratives_edit(
        scope=access_scope(coordinator),
        user=coordinator,
        round_=estimate_round,
        texts={(health.pk, "directions"): "- Tuyển thêm 20 bác sĩ cho tuyến xã."},
    )
    content = report_content(document_get("219/KH-UBND"), 2026)
    texts = {s.heading: [b.text for b in s.blocks if hasattr(b, "text")] for s in content.sections}
    kept = RoundNarrative.objects.get(sender=health, part="directions")

    assert texts["IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027"] == [
        "Sở Y tế tỉnh An Giang:",
        "- Tuyển thêm 20 bác sĩ cho tuyến xã.",
    ]
    assert "- Trạm y tế xã thiếu bác sĩ." in texts["III. ĐÁNH GIÁ CHUNG"]
    assert (kept.text, kept.edited) == (
        "- Tuyển thêm bác sĩ cho tuyến xã.",
        "- Tuyển thêm 20 bác sĩ cho tuyến xã.",
    )


def test_only_the_sender_writes_and_only_the_coordinator_edits(
    users: dict[str, User], estimate_round: ReportingRound
) -> None:
    health = _health(estimate_round)
    with pytest.raises(AccessDeniedError):
        narratives_save(
            scope=access_scope(users["lanhdao"]), user=users["lanhdao"], sender=health, texts={"results": "x"}
        )
    with pytest.raises(AccessDeniedError):
        narratives_edit(
            scope=access_scope(users["yte"]),
            user=users["yte"],
            round_=estimate_round,
            texts={(health.pk, "results"): "x"},
        )
    with pytest.raises(InvalidValueError, match="Không có phần thuyết minh"):
        narratives_save(
            scope=access_scope(users["yte"]), user=users["yte"], sender=health, texts={"khac": "x"}
        )


def test_the_pages_link_write_and_edit(
    users: dict[str, User], estimate_round: ReportingRound, client_as: object
) -> None:
    health = _health(estimate_round)
    reporter: Client = client_as("yte")  # type: ignore[operator]
    coordinator: Client = client_as("daumoi")  # type: ignore[operator]

    entry = reporter.get(f"/dot-bao-cao/{estimate_round.pk}/nhap/{health.pk}/")
    page = reporter.get(f"/dot-bao-cao/{estimate_round.pk}/thuyet-minh/{health.pk}/")
    saved = reporter.post(
        f"/dot-bao-cao/{estimate_round.pk}/thuyet-minh/{health.pk}/",
        {
            "part_results": "Khám chữa bệnh ổn định.",
            "part_shortcomings": "",
            "part_directions": "",
            "part_proposals": "",
        },
    )
    consolidated = coordinator.get(f"/dot-bao-cao/{estimate_round.pk}/bao-cao-tong-hop/")
    edited = coordinator.post(
        f"/dot-bao-cao/{estimate_round.pk}/bao-cao-tong-hop/",
        {f"text_{health.pk}_results": "Khám chữa bệnh tốt."},
    )
    refused = reporter.get(f"/dot-bao-cao/{estimate_round.pk}/bao-cao-tong-hop/")
    report = coordinator.get("/reports/KG-219-KH-UBND/2026.docx")
    paragraphs = [p.text for p in Document(io.BytesIO(report.content)).paragraphs]

    assert entry.status_code == 200
    assert f"/thuyet-minh/{health.pk}/" in entry.content.decode()
    assert page.status_code == 200
    assert "Nguyên nhân: …" in page.content.decode()
    assert saved.status_code == 302
    assert consolidated.status_code == 200
    assert "Khám chữa bệnh ổn định." in consolidated.content.decode()
    assert edited.status_code == 302
    assert refused.status_code == 403
    assert report.status_code == 200
    assert paragraphs[paragraphs.index("Sở Y tế tỉnh An Giang:") + 1] == "Khám chữa bệnh tốt."


def test_the_round_form_offers_estimate_or_result(users: dict[str, User], client_as: object) -> None:
    coordinator: Client = client_as("daumoi")  # type: ignore[operator]
    page = coordinator.get("/van-ban/KG-219-KH-UBND/").content.decode()
    opened = coordinator.post(
        "/dot-bao-cao/mo/",
        {"document": "KG-219-KH-UBND", "year": "2026", "deadline": "2026-11-15", "kind": "estimate"},
    )
    bad = coordinator.post(
        "/dot-bao-cao/mo/", {"document": "KG-219-KH-UBND", "year": "2027", "kind": "gan-dung"}
    )

    assert 'name="kind"' in page
    assert opened.status_code == 302
    assert ReportingRound.objects.get(year=2026).kind == "estimate"
    assert bad.status_code == 400
