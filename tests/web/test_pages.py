"""The server-rendered pages: dashboard, cascade, document, target, figure entry; and who may see what."""

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from planwatch.domain.vocabulary import Status
from planwatch.web.catalogue.models import Target
from planwatch.web.figures.selectors import evaluation_rows
from planwatch.web.figures.services import demo_figures_load, observations_of

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]
CliRun = Callable[..., tuple[int, str, str]]


def _card_counts(page: str) -> dict[str, int]:
    cards = re.findall(r'data-status="(\w+)".*?<span class="count">(\d+)</span>', page, flags=re.S)
    return {status: int(count) for status, count in cards}


def _target(doc_id: str, agency_now: str) -> Target:
    """A target of ``doc_id`` whose document names the Kiên Giang predecessor of ``agency_now``."""
    named = agency_now.replace("-an-giang", "-kien-giang")
    return Target.objects.filter(document__doc_id=doc_id, responsible_agency__code=named).order_by(
        "position"
    )[0]


def test_an_anonymous_visitor_is_sent_to_the_login_page(client: Client) -> None:
    response = client.get("/van-ban/")

    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=/van-ban/")


def test_the_dashboard_counts_every_evaluation_row_by_status(client_as: ClientAs) -> None:
    demo_figures_load()
    expected = Counter(row.status for row in evaluation_rows())

    page = client_as("lanhdao").get("/").content.decode()

    assert _card_counts(page) == {s.value: expected.get(s.value, 0) for s in Status}
    assert "Số liệu minh họa" in page
    assert "Cần chú ý trước" in page


def test_the_dashboard_filters_by_document_and_by_old_or_new_province(client_as: ClientAs) -> None:
    demo_figures_load()
    client = client_as("lanhdao")
    of_219 = Counter(r.status for r in evaluation_rows() if r.doc_id == "KG-219-KH-UBND")
    of_long_an = Counter(r.status for r in evaluation_rows() if r.territory == "long-an")

    by_document = _card_counts(client.get("/?document=219/KH-UBND").content.decode())
    by_old_province = _card_counts(client.get("/?province=long-an").content.decode())
    by_new_province = _card_counts(client.get("/?province=tay-ninh").content.decode())

    assert by_document == {s.value: of_219.get(s.value, 0) for s in Status}
    assert by_old_province == {s.value: of_long_an.get(s.value, 0) for s in Status}
    # Long An is part of Tây Ninh since 01/7/2025: the new province's view includes its series.
    assert by_new_province == by_old_province


def test_an_unknown_document_in_the_filter_is_a_404_with_the_reason(client_as: ClientAs) -> None:
    response = client_as("lanhdao").get("/?document=999/KH-XYZ")

    assert response.status_code == 404
    assert "không có văn bản &#x27;999/KH-XYZ&#x27;" in response.content.decode()


def test_the_cascade_nests_219_under_68_under_42(client_as: ClientAs) -> None:
    page = client_as("lanhdao").get("/van-ban/").content.decode()

    root = page.index('data-doc-id="42-NQ-TW"')
    government = page.index('data-doc-id="68-NQ-CP"')
    plan = page.index('data-doc-id="KG-219-KH-UBND"')
    assert root < government < plan
    assert page.count("<details>") >= 2


def test_the_document_page_groups_targets_and_shows_duties_tasks_and_the_coordinator(
    client_as: ClientAs,
) -> None:
    page = client_as("lanhdao").get("/van-ban/KG-219-KH-UBND/").content.decode()

    targets = Target.objects.filter(document__doc_id="KG-219-KH-UBND")
    assert page.count('class="target-link"') == targets.count()
    assert "Chế độ báo cáo" in page
    assert "15/11" in page
    assert "Sở Nội vụ tỉnh An Giang" in page  # coordinator today: Sở LĐTBXH's general successor
    assert "Sở Lao động - Thương binh và Xã hội" in page  # the name the document uses stays visible


def test_the_target_page_shows_chart_explanation_monitors_and_history(client_as: ClientAs) -> None:
    demo_figures_load()
    target = _target("KG-219-KH-UBND", "y-te-an-giang")

    page = client_as("lanhdao").get(f"/muc-tieu/{target.pk}/").content.decode()

    assert "<svg" in page
    assert 'id="explanation"' in page
    assert page.count('class="revision"') == observations_of(target).count()
    assert "Sở Y tế tỉnh Kiên Giang" in page
    assert "từ 01/07/2025: Sở Y tế tỉnh An Giang" in page


def test_a_reporter_gets_403_on_another_agencys_edit_page_and_the_form_on_their_own(
    client_as: ClientAs,
) -> None:
    client = client_as("yte")
    education = _target("KG-219-KH-UBND", "gddt-an-giang")
    health = _target("KG-219-KH-UBND", "y-te-an-giang")

    refused = client.get(f"/muc-tieu/{education.pk}/so-lieu/")
    allowed = client.get(f"/muc-tieu/{health.pk}/so-lieu/")

    assert refused.status_code == 403
    assert "Không có quyền truy cập" in refused.content.decode()
    assert allowed.status_code == 200
    assert 'id="figure-form"' in allowed.content.decode()


def test_a_viewer_cannot_post_a_figure(client_as: ClientAs) -> None:
    health = _target("KG-219-KH-UBND", "y-te-an-giang")

    response = client_as("lanhdao").post(f"/muc-tieu/{health.pk}/so-lieu/", {"year": "2026", "value": "1"})

    assert response.status_code == 403
    assert not observations_of(health).exists()


def _unit_pk(client: Client, target: Target) -> str:
    form = client.get(f"/muc-tieu/{target.pk}/so-lieu/").content.decode()
    match = re.search(r'<option value="(\d+)"[^>]*>Địa bàn tỉnh Kiên Giang \(cũ\)</option>', form)
    assert match, "the area unit that continues Kiên Giang is offered"
    return match.group(1)


def test_a_reporter_enters_a_vietnamese_number_and_it_lands_with_its_history(client_as: ClientAs) -> None:
    client = client_as("yte")
    target = _target("KG-219-KH-UBND", "y-te-an-giang")
    unit = _unit_pk(client, target)

    response = client.post(
        f"/muc-tieu/{target.pk}/so-lieu/",
        {"unit": unit, "year": "2026", "value": "96,5", "version": "0", "reason": "báo cáo năm"},
    )

    assert response.status_code == 302
    value = observations_of(target).get(year=2026)
    assert (value.value, value.state, value.updated_by.username) == (96.5, "submitted", "yte")
    assert value.revisions.get().reason == "báo cáo năm"


def test_an_unreadable_figure_is_refused_in_place(client_as: ClientAs) -> None:
    client = client_as("yte")
    target = _target("KG-219-KH-UBND", "y-te-an-giang")

    response = client.post(
        f"/muc-tieu/{target.pk}/so-lieu/",
        {"unit": _unit_pk(client, target), "year": "2026", "value": "nhiều", "version": "0"},
    )

    assert response.status_code == 400
    assert 'id="form-error"' in response.content.decode()
    assert not observations_of(target).filter(year=2026).exists()


@pytest.mark.parametrize(
    ("value", "year"),
    [("9" * 400, "2026"), ("1e308", "2026"), ("５０", "2026"), ("50", "2_026"), ("50", "²")],
)
def test_a_figure_or_year_that_is_not_a_finite_ascii_number_is_refused_in_place(
    client_as: ClientAs, value: str, year: str
) -> None:
    client = client_as("yte")
    target = _target("KG-219-KH-UBND", "y-te-an-giang")

    response = client.post(
        f"/muc-tieu/{target.pk}/so-lieu/",
        {"unit": _unit_pk(client, target), "year": year, "value": value, "version": "²"},
    )

    assert response.status_code == 400
    assert 'id="form-error"' in response.content.decode()
    assert not observations_of(target).exists()


def test_the_second_of_two_concurrent_edits_is_refused_and_nothing_is_lost(client_as: ClientAs) -> None:
    first, second = client_as("yte"), client_as("quantri")
    target = _target("KG-219-KH-UBND", "y-te-an-giang")
    unit = _unit_pk(first, target)
    form = {"unit": unit, "year": "2026", "version": "0"}

    saved = first.post(f"/muc-tieu/{target.pk}/so-lieu/", {**form, "value": "10"})
    stale = second.post(f"/muc-tieu/{target.pk}/so-lieu/", {**form, "value": "20"})

    assert saved.status_code == 302
    assert stale.status_code == 400
    assert "vừa được yte sửa thành 10" in stale.content.decode()
    assert observations_of(target).get(year=2026).value == 10


def test_login_is_throttled_after_five_failures(client: Client, users: dict[str, object]) -> None:
    for _ in range(5):
        client.post("/dang-nhap/", {"username": "yte", "password": "sai"})

    locked = client.post("/dang-nhap/", {"username": "yte", "password": "mật-khẩu-thử-nghiệm-123"})

    assert locked.status_code == 429
    assert "quá nhiều lần" in locked.content.decode()


def test_login_and_logout_through_the_forms(client: Client, users: dict[str, object]) -> None:
    client.enable_csrf_checks = True  # type: ignore[attr-defined]
    client.get("/dang-nhap/")
    token = client.cookies["csrftoken"].value

    signed_in = client.post(
        "/dang-nhap/",
        {"username": "lanhdao", "password": "mật-khẩu-thử-nghiệm-123", "csrfmiddlewaretoken": token},
    )
    dashboard = client.get("/")
    signed_out = client.post("/dang-xuat/", {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})

    assert signed_in.status_code == 302
    assert "Lãnh đạo (chỉ xem)" in dashboard.content.decode()
    assert signed_out.status_code == 302
    assert client.get("/").status_code == 302


def test_the_cached_dashboard_and_target_page_follow_a_new_figure(
    client_as: ClientAs, cli: CliRun, tmp_path: Path
) -> None:
    demo_figures_load()
    client = client_as("lanhdao")
    target = _target("KG-219-KH-UBND", "y-te-an-giang")
    client.get("/")
    client.get(f"/muc-tieu/{target.pk}/")

    cli("values", "import", _values_csv(target, tmp_path))
    dashboard = client.get("/").content.decode()
    target_page = client.get(f"/muc-tieu/{target.pk}/").content.decode()

    assert _card_counts(dashboard) == {
        s.value: Counter(r.status for r in evaluation_rows()).get(s.value, 0) for s in Status
    }
    assert "99,5 (2026)" in target_page or "→ 99,5" in target_page


def _values_csv(target: Target, folder: Path) -> Path:
    path = folder / "values.csv"
    header = "document,indicator,scope,unit_area,year,value,comment"
    path.write_text(f'{header}\n219/KH-UBND,"{target.indicator_name}",,,2026,"99,5",\n', encoding="utf-8")
    return path


def test_a_request_for_an_unknown_host_is_a_400_not_a_crash(client: Client) -> None:
    response = client.get("/", headers={"host": "evil.example"})

    assert response.status_code == 400


def test_long_texts_on_pages_are_cut_between_words_with_an_ellipsis() -> None:
    from django.template import Context, Template

    task = "Tổng hợp ý kiến của các sở, ngành về dự thảo quy chế phối hợp trong công tác quản lý"
    shown = Template("{% load vietnamese %}{{ task|shorten:40 }}").render(Context({"task": task}))
    assert shown == "Tổng hợp ý kiến của các sở, ngành về dự…"
    templates = Path(__file__).parents[2] / "src" / "planwatch" / "web"
    assert not [p.name for p in templates.rglob("*.html") if "truncatechars" in p.read_text(encoding="utf-8")]
