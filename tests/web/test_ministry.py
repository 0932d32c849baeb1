"""The ministry's pages (issue #13, point 4): 42-NQ/TW across the provinces from the communes' figures,
each province over its communes, the map, search and the exports."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import replace

import openpyxl
import pytest
from tests.web.conftest import ClientAs

from planwatch.domain.periods import Period
from planwatch.domain.vocabulary import ObservationSource, Status, ValueState
from planwatch.intake.figures import Figure
from planwatch.reporting.tables import csv_text, table_csv, table_xlsx
from planwatch.web.catalogue.models import Indicator
from planwatch.web.figures import analytics
from planwatch.web.figures.services import ObservationWrite, SeriesKey, observations_write
from planwatch.web.geography.models import AdministrativeUnit
from planwatch.web.geography.services import country_units_load
from planwatch.web.ministry import maps, selectors

pytestmark = pytest.mark.django_db

# Doctors and population of the first communes of two provinces (made up for the test).
AN_GIANG = [(30.0, 20_000.0), (12.0, 15_000.0), (8.0, 5_000.0)]  # 50 / 40.000 → 12,5 per 10.000
TAY_NINH = [(4.0, 10_000.0), (6.0, 10_000.0)]  # 10 / 20.000 → 5 per 10.000


@pytest.fixture(autouse=True)
def fresh_copy():
    analytics.forget()
    yield
    analytics.forget()


def _element(code: str) -> Indicator:
    return Indicator.objects.get_or_create(
        code=code, defaults={"name": code, "unit": "người", "direction": "up", "aggregation": "sum"}
    )[0]


def _write(
    indicator: Indicator, unit: AdministrativeUnit, value: float, year: int = 2025
) -> ObservationWrite:
    return ObservationWrite(
        series=SeriesKey(indicator.pk, ""),
        unit=unit,
        period=Period.of_year(year),
        figure=Figure(value, None),
        state=ValueState.APPROVED,
        source=ObservationSource.FILE,
        source_detail="test",
    )


def _province(name: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(name=name, level="province", valid_from__isnull=False)


@pytest.fixture
def doctors() -> dict[str, AdministrativeUnit]:
    """Commune figures of the two elements of ``bac-si`` in An Giang and Tây Ninh (2025)."""
    doctors, population = _element("so-bac-si"), _element("dan-so-trung-binh")
    writes = []
    provinces = {"an-giang": _province("Tỉnh An Giang"), "tay-ninh": _province("Tỉnh Tây Ninh")}
    for province, figures in ((provinces["an-giang"], AN_GIANG), (provinces["tay-ninh"], TAY_NINH)):
        communes = selectors.communes_of(province)
        for commune, (d, p) in zip(communes, figures, strict=False):
            writes += [_write(doctors, commune, d), _write(population, commune, p)]
    observations_write(writes)
    return provinces


def test_every_unit_carries_the_package_centroid_and_a_new_province_the_box_of_those_it_joins() -> None:
    an_giang = _province("Tỉnh An Giang")
    kien_giang = AdministrativeUnit.objects.get(code="kien-giang")
    old_an_giang = AdministrativeUnit.objects.get(
        official_code="89", level="province", valid_to__isnull=False
    )
    assert an_giang.latitude is not None
    assert 9.0 < an_giang.latitude < 11.0
    assert an_giang.south == min(kien_giang.south, old_an_giang.south)
    assert an_giang.east == max(kien_giang.east, old_an_giang.east)
    communes = AdministrativeUnit.objects.filter(level="commune", valid_from__isnull=False)
    assert not communes.filter(latitude__isnull=True).exists()
    assert country_units_load().total_changed == 0  # idempotent


def test_the_league_sums_each_province_from_its_communes_and_reads_it_against_its_own_target(doctors):
    league = selectors.league("bac-si", sort="-value")
    assert len(league.rows) == 34
    first, second = league.rows[0], league.rows[1]
    assert (first.code, first.value, first.period) == ("an-giang", 12.5, "2025")
    assert (first.reported, first.expected, first.complete) == (3, 102, False)
    assert first.completeness == "3/102 xã"
    assert first.target is not None
    assert first.target.goal.startswith("11,9")
    assert first.status in set(Status)
    assert (second.value, second.target and second.target.document) == (5.0, "52-CTr/TU")
    assert all(row.value is None and row.target is None for row in league.rows[2:])
    assert league.country is not None
    assert league.country.value == pytest.approx(60 / 60_000 * 10_000)


def test_a_province_over_its_communes_reads_each_commune_against_the_province_target(doctors):
    league = selectors.league("bac-si", within="an-giang", sort="-value")
    assert len(league.rows) == 102
    assert league.level == "commune"
    assert [row.value for row in league.rows[:3]] == [16.0, 15.0, 8.0]
    assert league.rows[3].value is None
    assert all(row.target and row.target.goal.startswith("11,9") for row in league.rows)
    assert league.country is not None
    assert league.country.value == 12.5


def test_sorting_keeps_places_without_a_figure_last_in_both_directions(doctors):
    up = selectors.league("bac-si", sort="value").rows
    down = selectors.league("bac-si", sort="-value").rows
    assert [r.value for r in up[:2]] == [5.0, 12.5]
    assert [r.value for r in down[:2]] == [12.5, 5.0]
    assert up[2].value is None
    assert down[2].value is None
    by_name = [r.name for r in selectors.league("bac-si", sort="name").rows]
    assert by_name[0] == "Tỉnh An Giang"
    assert by_name == sorted(by_name, key=selectors.name_key)


def test_the_map_places_every_province_and_colours_by_status_with_a_legend(doctors):
    league = selectors.league("bac-si")
    drawing = maps.draw(league, language="vi", links={})
    assert len(drawing.dots) == 34
    assert drawing.by_status
    assert not drawing.proportional
    coloured = {d.code: d.colour for d in drawing.dots}
    an_giang = next(r for r in league.rows if r.code == "an-giang")
    assert an_giang.status is not None
    assert coloured["an-giang"] == an_giang.status.colour
    assert coloured["vn34-01"] == selectors.NO_FIGURE_COLOUR  # Hà Nội: no figure
    assert an_giang.status.label in [item.label for item in drawing.legend]
    hanoi = next(d for d in drawing.dots if d.code == "vn34-01")
    assert hanoi.y < next(d for d in drawing.dots if d.code == "an-giang").y  # the north is up


def test_value_classes_are_quintiles_of_the_figures():
    assert selectors.value_classes([5, 1, 4, 2, 3]) == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]
    assert selectors.value_classes([1.0, 2.0]) == [(1.0, 1.0), (2.0, 2.0)]
    assert selectors.value_classes([]) == []


def test_search_finds_provinces_communes_and_indicators_with_or_without_diacritics(doctors):
    decomposed = unicodedata.normalize("NFD", "Tây Ninh")
    for query in ("Tây Ninh", "tay ninh", decomposed, "TÂY NINH"):
        found = selectors.search(query)
        assert [p.name for p in found.provinces] == ["Tỉnh Tây Ninh"], query
    found = selectors.search("bac si")
    assert "bac-si" in [i.code for i in found.indicators]
    communes = selectors.search("phu quoc").communes
    assert [(c.name, p.code) for c, p in communes] == [("Đặc khu Phú Quốc", "an-giang")]
    assert selectors.search("   ").provinces == []


def test_the_pages_answer_in_both_languages(doctors, client_as: ClientAs):
    client = client_as("lanhdao")
    index = client.get("/bo-nganh/")
    assert index.status_code == 200
    assert "bac-si" in index.content.decode()
    page = client.get("/bo-nganh/chi-tieu/bac-si/?sort=-value").content.decode()
    assert 'id="ministry-map"' in page
    assert page.index("Tỉnh An Giang") < page.index("Tỉnh Tây Ninh")
    assert "12,5" in page
    assert "3/102 xã" in page
    communes = client.get("/bo-nganh/chi-tieu/bac-si/an-giang/").content.decode()
    assert communes.count('class="place') == 102
    assert 'r="4.0"' in communes  # SVG numbers with a point, whatever the language writes
    assert client.get("/bo-nganh/tinh/tay-ninh/").status_code == 200
    assert "Tỉnh Tây Ninh" in client.get("/bo-nganh/tim/?q=tay+ninh").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/bo-nganh/chi-tieu/bac-si/").content.decode()
    assert "League table" in english
    assert "National target" in english
    assert client.get("/bo-nganh/chi-tieu/khong-co/").status_code == 404
    assert client.get("/bo-nganh/tinh/khong-co/").status_code == 404


def test_every_table_downloads_as_csv_xlsx_and_json(doctors, client_as: ClientAs):
    client = client_as("lanhdao")
    response = client.get("/bo-nganh/chi-tieu/bac-si/?sort=-value&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã đơn vị", "Đơn vị hành chính", "Số liệu mới nhất"]
    assert rows[1][:3] == ["an-giang", "Tỉnh An Giang", "12.5"]
    assert rows[1][rows[0].index("Số xã đã báo cáo")] == "3"

    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/bo-nganh/chi-tieu/bac-si/an-giang/?sort=-value&format=xlsx").content)
    )
    sheet = workbook.active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == "Đơn vị hành chính"
    assert values[1][2] == 16.0
    assert len(values) == 1 + 102

    record = json.loads(client.get("/bo-nganh/tinh/an-giang/?format=json").content)
    doctors_line = next(r for r in record["rows"] if r["indicator_code"] == "bac-si")
    assert (doctors_line["value"], doctors_line["reported"], doctors_line["expected"]) == (12.5, 3, 102)


def test_a_text_like_a_formula_stays_text_in_both_files():
    assert csv_text("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_text(-2.5) == "-2.5"
    assert csv_text(1500.0) == "1500"
    assert csv_text(None) == ""
    text = table_csv(["Tên"], [["=1+1"]], note="Số liệu minh họa").decode("utf-8-sig")
    assert text.splitlines() == ["Số liệu minh họa", "Tên", "'=1+1"]
    sheet = openpyxl.load_workbook(io.BytesIO(table_xlsx("Bảng", ["Tên", "Số"], [["=1+1", 1500.5]]))).active
    assert sheet["A2"].value == "=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 1500.5
    assert sheet["B2"].number_format.endswith("#,##0.0")


def test_the_small_demo_alone_still_gives_pages(client_as: ClientAs):
    client = client_as("lanhdao")
    assert client.get("/bo-nganh/").status_code == 200
    page = client.get("/bo-nganh/chi-tieu/bac-si/")
    assert page.status_code == 200
    assert "chưa có" in page.content.decode()


JOBS = (
    "luot-lao-dong-duoc-giai-quyet-viec-lam-hang-nam"  # a count: it adds up, Kiên Giang's plan has a target
)


def test_commune_figures_imported_from_a_file_reach_the_league_and_size_the_circles(cli, tmp_path):
    an_giang, tay_ninh = _province("Tỉnh An Giang"), _province("Tỉnh Tây Ninh")
    rows = [("an-giang", 1000 * (n + 1)) for n in range(4)] + [("tay-ninh", 500), ("tay-ninh", 700)]
    communes = {"an-giang": selectors.communes_of(an_giang), "tay-ninh": selectors.communes_of(tay_ninh)}
    lines = ["indicator,unit_area,year,value"]
    used: dict[str, int] = {"an-giang": 0, "tay-ninh": 0}
    for province, value in rows:
        lines.append(f"{JOBS},{communes[province][used[province]].code},2025,{value}")
        used[province] += 1
    path = tmp_path / "communes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = cli("values", "import", path)
    assert (code, err) == (0, "")
    league = selectors.league(JOBS, sort="-value")
    top = league.rows[0]
    assert (top.code, top.value, top.reported, top.expected) == ("an-giang", 10_000.0, 4, 102)
    assert top.target is not None
    assert top.target.document == "50-CTr/TU"
    assert top.status is not None  # an annual target read on its 2025 figure
    assert not league.has_demo  # the demo's own figures of Kiên Giang (an area of An Giang) are not read
    drawing = maps.draw(league, language="en", links={})
    radius = {d.code: d.r for d in drawing.dots}
    assert drawing.proportional
    colour = {d.code: d.colour for d in drawing.dots}
    assert colour[tay_ninh.code] == maps.NO_TARGET_COLOUR  # a figure, but Tây Ninh set no target on it
    assert colour["vn34-01"] == selectors.NO_FIGURE_COLOUR
    assert radius["an-giang"] > radius[league.rows[1].code]
    communes = selectors.league(JOBS, within="an-giang", sort="-value")
    assert communes.rows[0].value == 4000.0
    assert communes.rows[0].target is not None  # shown, but a commune's count is not read against it
    assert not communes.has_targets
    assert all(row.status is None for row in communes.rows)
    assert not maps.draw(communes, language="vi", links={}).by_status


def test_a_league_is_computed_once_per_data_stamp_and_sorted_for_each_asker(doctors, monkeypatch):
    computed = []
    original = selectors.league

    def counting(code, **kwargs):
        computed.append(code)
        return original(code, **kwargs)

    monkeypatch.setattr(selectors, "league", counting)
    by_value = selectors.league_shared("bac-si", sort="-value")
    by_name = selectors.league_shared("bac-si", sort="name")
    assert computed == ["bac-si"]
    assert by_value.rows[0].code == "an-giang"
    assert by_name.rows[0].name == "Tỉnh An Giang"
    assert {r.code for r in by_value.rows} == {r.code for r in by_name.rows}
    observations_write([_write(_element("so-bac-si"), selectors.communes_of(doctors["tay-ninh"])[0], 40.0)])
    assert selectors.league_shared("bac-si", sort="-value").rows[0].code == "tay-ninh"  # 46 / 20.000
    assert computed == ["bac-si", "bac-si"]


def test_a_province_is_marked_illustrative_when_its_communes_figures_are(client_as: ClientAs):
    jobs = Indicator.objects.get(code=JOBS)
    hanoi = _province("Thành phố Hà Nội")
    made_up = replace(_write(jobs, selectors.communes_of(hanoi)[0], 321.0), is_demo=True)
    observations_write([made_up])
    league = selectors.league(JOBS)
    assert [row.code for row in league.rows if row.is_demo] == [hanoi.code]
    page = client_as("lanhdao").get(f"/bo-nganh/chi-tieu/{JOBS}/").content.decode()
    assert "Số liệu minh họa" in page


def test_the_targets_of_every_indicator_read_at_once_are_those_read_one_indicator_at_a_time():
    provinces = selectors.provinces_today()
    indicators = [indicator for indicator, _ in selectors.resolution_indicators()]
    assert len(indicators) > 10
    at_once = selectors.targets_by_indicator(indicators, provinces)
    one_by_one = {i.pk: selectors.targets_by_province(i, provinces) for i in indicators}
    assert {pk: {code: t.pk for code, t in found.items()} for pk, found in at_once.items()} == {
        pk: {code: t.pk for code, t in found.items()} for pk, found in one_by_one.items() if found
    }
    assert sum(len(found) for found in at_once.values()) > len(indicators)  # several provinces' plans
    _, lines = selectors.province_overview("an-giang")
    assert lines
    assert [line.indicator.pk for line in lines] == [
        i.pk for i in indicators if "an-giang" in at_once.get(i.pk, {})
    ]
    assert [line.row.target and line.row.target.target_pk for line in lines] == [
        at_once[line.indicator.pk]["an-giang"].pk for line in lines
    ]
