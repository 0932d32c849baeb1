"""Every province's departments, users for them, and the unit pages (issue #12)."""

import json
import re
from datetime import date
from typing import Any

import pytest
from tests.web.conftest import ClientAs, CliRun

from planwatch.domain.succession import agency_responsible_on
from planwatch.web.agencies.models import Agency
from planwatch.web.agencies.selectors import MonitorResolver, agencies_of_province
from planwatch.web.catalogue.models import Target
from planwatch.web.geography.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 1)


def test_every_new_province_has_its_departments_ubnd_social_insurance_and_statistics() -> None:
    provinces = AdministrativeUnit.objects.filter(level="province", valid_from="2025-07-01")
    assert provinces.count() == 34
    for province in provinces:
        names = [a.name for a in agencies_of_province(province, TODAY)]
        departments = [name for name in names if name.startswith("Sở ")]
        assert 10 <= len(departments) <= 14, province.name
        for body in ("Ủy ban nhân dân", "Bảo hiểm xã hội", "Thống kê"):
            assert any(name.startswith(body) for name in names), (province.name, body)


def test_a_former_provinces_labour_department_passes_each_function_to_todays_department() -> None:
    resolver = MonitorResolver.load()

    def responsible(function: str, day: date = TODAY) -> str:
        found = agency_responsible_on(
            "ldtbxh-yen-bai", function, day, resolver.successions, resolver.agencies
        )
        return found.name

    # Yên Bái joined Lào Cai: its Sở LĐTBXH's poverty work went to Sở NN&MT (01/3/2025), then to Lào Cai's.
    assert responsible("poverty") == "Sở Nông nghiệp và Môi trường tỉnh Lào Cai"
    assert responsible("vocational_education") == "Sở Giáo dục và Đào tạo tỉnh Lào Cai"
    assert responsible("wages") == "Sở Nội vụ tỉnh Lào Cai"
    assert responsible("poverty", date(2025, 4, 1)) == "Sở Nông nghiệp và Môi trường tỉnh Yên Bái"


def test_the_catalogues_own_agencies_stay_as_the_catalogue_has_them() -> None:
    nnmt = Agency.objects.get(code="nnmt-kien-giang")
    assert (nnmt.valid_from, nnmt.valid_to) == (date(2025, 3, 1), date(2025, 6, 30))
    assert not Agency.objects.filter(code="y-te-an-giang-cu", valid_to=None).exists()
    assert Agency.objects.get(code="y-te-an-giang-cu").province == "An Giang (cũ)"


def test_a_new_province_is_onboarded_with_users_for_its_departments_and_communes(cli: CliRun) -> None:
    code, out, err = cli("agencies", "--province", "Lào Cai", "--json")
    assert (code, err) == (0, "")
    listed = {a["code"] for a in json.loads(out)}
    assert {"y-te-lao-cai", "noi-vu-lao-cai", "ubnd-lao-cai", "bhxh-lao-cai", "thong-ke-lao-cai"} <= listed

    def create(username: str, role: str, *where: str) -> tuple[int, str, str]:
        return cli("users", "create", "--username", username, "--role", role, *where)

    assert create("yte.laocai", "reporter", "--agency", "y-te-lao-cai")[0] == 0
    assert create("noivu.laocai", "coordinator", "--agency", "Sở Nội vụ tỉnh Lào Cai")[0] == 0
    assert create("xa.sapa", "reporter", "--unit-area", "Phường Sa Pa")[0] == 0
    ambiguous = create("x2", "reporter", "--unit-area", "Xã Châu Thành")
    assert ambiguous[0] == 2
    assert "chỉ nhiều đơn vị" in ambiguous[2]


def test_a_target_without_a_named_agency_gets_a_proposal_by_its_domain(client_as: ClientAs) -> None:
    target = (
        Target.objects.filter(responsible_agency=None, indicator__domain="health")
        .filter(document__province="Kiên Giang")
        .select_related("document")
        .first()
    )
    assert target is not None

    proposed = MonitorResolver.load().proposed_monitor_on(target, TODAY)
    page = client_as("lanhdao").get(f"/muc-tieu/{target.pk}/").content.decode()

    assert proposed is not None
    assert proposed.name == "Sở Y tế tỉnh An Giang"
    assert 'id="monitor-proposed"' in page
    assert "Sở Y tế tỉnh An Giang" in page


def test_the_unit_picker_finds_units_by_name_without_diacritics_and_by_code(client_as: ClientAs) -> None:
    client = client_as("lanhdao")
    by_name = client.get("/don-vi/?q=kien giang").content.decode()
    by_code = client.get("/don-vi/?q=31105").content.decode()

    assert "Tỉnh Kiên Giang" in by_name
    assert "Thị trấn Kiến Giang" in by_name
    assert "Đặc khu Thổ Châu" in by_code
    assert "Xã Thổ Châu" in by_code


def test_the_province_page_lists_its_communes_and_which_reported(
    client_as: ClientAs, approve_figure: Any
) -> None:
    target = Target.objects.filter(document__doc_id="KG-219-KH-UBND").first()
    assert target is not None
    commune = AdministrativeUnit.objects.get(code="an-giang-dac-khu-phu-quoc")
    client = client_as("lanhdao")
    before = client.get("/don-vi/an-giang/").content.decode()
    approve_figure(target, commune, 2026, 1.0)
    after = client.get("/don-vi/an-giang/").content.decode()

    assert before.count('href="/don-vi/') >= 102
    assert "0/102 xã đã báo cáo" in before
    assert "1/102 xã đã báo cáo" in after


def test_the_entry_page_offers_only_the_targets_territory_today_first(client_as: ClientAs) -> None:
    target = Target.objects.filter(document__doc_id="KG-219-KH-UBND").first()
    assert target is not None
    form = client_as("quantri").get(f"/muc-tieu/{target.pk}/so-lieu/").content.decode()
    options = re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", form)

    assert options[0] == "Địa bàn tỉnh Kiên Giang (cũ)"
    assert "Tỉnh Kiên Giang" in options
    assert not [o for o in options if "Long An" in o or "Tây Ninh" in o]
    assert len(options) == 2 + 48
