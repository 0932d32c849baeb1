"""Totals above the communes, read from the columnar copy of the observation store: a write is seen
by the next read; the CLI prints them."""

import json
from datetime import date

import pytest
from django.test import Client

from planwatch.domain.errors import NotFoundError
from planwatch.domain.periods import Period
from planwatch.domain.vocabulary import ObservationSource, ValueState
from planwatch.intake.figures import Figure
from planwatch.web.accounts.services import api_token_create
from planwatch.web.catalogue.models import Indicator
from planwatch.web.figures import analytics
from planwatch.web.figures.services import ObservationWrite, SeriesKey, observation_set
from planwatch.web.geography.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_copy(settings, tmp_path):
    settings.PLANWATCH_ANALYTICS_DIR = tmp_path
    analytics.forget()
    yield
    analytics.forget()


@pytest.fixture
def place():
    """A province of three communes, only two of which will report."""
    province = AdministrativeUnit.objects.create(
        code="tinh-thu-nghiem", name="Tỉnh Thử Nghiệm", level="province", valid_from=date(2025, 7, 1)
    )
    communes = [
        AdministrativeUnit.objects.create(
            code=f"xa-thu-{n}",
            name=f"Xã Thử {n}",
            level="commune",
            parent=province,
            valid_from=date(2025, 7, 1),
        )
        for n in (1, 2, 3)
    ]
    return province, communes


@pytest.fixture
def api_as(users):
    """A client sending one test user's API token (as tests/web/api do)."""

    def with_token(username: str) -> Client:
        return Client(headers={"Authorization": f"Bearer {api_token_create(user=users[username])}"})

    return with_token


def _indicator(code: str, aggregation: str = "sum", **elements: str) -> Indicator:
    return Indicator.objects.create(
        code=code,
        name=code,
        unit=elements.pop("unit", "người"),
        direction="up",
        aggregation=aggregation,
        **elements,
    )


def _write(
    indicator: Indicator, unit: AdministrativeUnit, value: float, *, state=ValueState.APPROVED
) -> None:
    observation_set(
        ObservationWrite(
            series=SeriesKey(indicator.pk, ""),
            unit=unit,
            period=Period.of_year(2026),
            figure=Figure(value, None),
            state=state,
            source=ObservationSource.FILE,
            source_detail="test",
        )
    )


def _by_level(rows):
    return {(r.level, r.unit): r for r in rows}


def test_a_write_is_seen_by_the_next_read_and_an_incomplete_total_says_so(place):
    _, (c1, c2, c3) = place
    doctors = _indicator("bac-si-thu")
    _write(doctors, c1, 12.0)
    _write(doctors, c2, 30.0)
    first = _by_level(analytics.rollups("bac-si-thu", period="2026"))
    total = first[("province", "tinh-thu-nghiem")]
    assert (total.value, total.reported, total.expected, total.complete) == (42.0, 2, 3, False)
    assert first[("country", analytics.COUNTRY_CODE)].value == 42.0

    _write(doctors, c3, 8.0)
    _write(doctors, c1, 20.0)  # a changed figure replaces the old one in the copy
    second = _by_level(analytics.rollups("bac-si-thu", period="2026"))
    total = second[("province", "tinh-thu-nghiem")]
    assert (total.value, total.reported, total.complete) == (58.0, 3, True)


def test_a_figure_that_is_not_counted_stays_out(place):
    _, (c1, c2, _) = place
    count = _indicator("dem-thu")
    _write(count, c1, 5.0)
    _write(count, c2, 7.0, state=ValueState.DRAFT)
    rows = analytics.rollups("dem-thu", level="province")
    assert [(r.unit, r.value, r.reported) for r in rows] == [("tinh-thu-nghiem", 5.0, 1)]


def test_a_ratio_is_recomputed_from_its_elements(place):
    _, (c1, c2, c3) = place
    poor, households = _indicator("ho-ngheo-thu"), _indicator("tong-so-ho-thu")
    _indicator("ty-le-thu", "ratio", numerator="ho-ngheo-thu", denominator="tong-so-ho-thu", unit="%")
    for commune, (p, h) in zip((c1, c2, c3), ((5.0, 100.0), (1.0, 400.0), (0.0, 500.0)), strict=True):
        _write(poor, commune, p)
        _write(households, commune, h)
    rows = analytics.rollups("ty-le-thu", level="province", period="2026")
    assert len(rows) == 1
    assert rows[0].value == pytest.approx(0.6)  # 6 / 1.000 households, not the mean of 5 %, 0,25 %, 0 %
    assert rows[0].complete


def test_an_indicator_that_never_combines_or_lacks_its_elements_is_refused_in_one_sentence(place):
    _indicator("hang-thu", "none")
    _indicator("ty-le-mo-coi", "ratio", numerator="khong-co", denominator="cung-khong-co", unit="%")
    with pytest.raises(NotFoundError, match="không cộng gộp"):
        analytics.rollups("hang-thu")
    with pytest.raises(NotFoundError, match="khong-co, cung-khong-co"):
        analytics.rollups("ty-le-mo-coi")
    with pytest.raises(NotFoundError, match="không có chỉ tiêu"):
        analytics.rollups("khong-ton-tai")


def test_the_rollup_command_prints_the_totals_with_how_many_communes_reported(place, cli):
    _, (c1, c2, _) = place
    count = _indicator("dem-cli")
    _write(count, c1, 1500.0)
    _write(count, c2, 250.0)
    code, out, _ = cli("rollup", "dem-cli", "--level", "province", "--period", "2026")
    assert code == 0
    assert "1.750 người" in out
    assert "2/3 xã đã báo cáo (chưa đủ)" in out
    code, out, _ = cli("rollup", "dem-cli", "--json")
    records = json.loads(out)
    assert {(r["level"], r["value"], r["complete"]) for r in records} == {
        ("province", 1750.0, False),
        ("country", 1750.0, False),
    }
    code, _, err = cli("rollup", "khong-ton-tai")
    assert code == 2
    assert err.startswith("planwatch: không có chỉ tiêu")
    assert "Traceback" not in err


def test_the_api_answers_what_the_command_prints_and_refuses_a_wrong_question_with_a_400(place, api_as, cli):
    _, (c1, _, _) = place
    count = _indicator("dem-api")
    _write(count, c1, 9.0)
    response = api_as("lanhdao").get("/api/v1/rollups/", {"indicator": "dem-api", "period": "2026"})
    assert response.status_code == 200
    _, out, _ = cli("rollup", "dem-api", "--period", "2026", "--json")
    assert response.json() == json.loads(out)
    assert {r["unit"] for r in response.json()} == {"tinh-thu-nghiem", analytics.COUNTRY_CODE}
    assert api_as("lanhdao").get("/api/v1/rollups/").status_code == 400
    wrong_level = api_as("lanhdao").get("/api/v1/rollups/", {"indicator": "dem-api", "level": "xa"})
    assert wrong_level.status_code == 400
    assert api_as("lanhdao").get("/api/v1/rollups/", {"indicator": "khong-co"}).status_code == 404


def test_the_102_communes_of_an_giang_make_its_total_and_101_show_as_incomplete():
    communes = list(
        AdministrativeUnit.objects.filter(parent__code="an-giang", level="commune", valid_to__isnull=True)
    )
    assert len(communes) == 102
    housing = _indicator("can-ho-thu")
    for commune in communes[:-1]:
        _write(housing, commune, 1.0)

    incomplete = _by_level(analytics.rollups("can-ho-thu", period="2026"))[("province", "an-giang")]
    _write(housing, communes[-1], 1.0)
    complete = _by_level(analytics.rollups("can-ho-thu", period="2026"))[("province", "an-giang")]

    assert (incomplete.reported, incomplete.expected, incomplete.complete) == (101, 102, False)
    assert (complete.value, complete.reported, complete.complete) == (102.0, 102, True)


def test_a_league_of_provinces_gives_each_its_latest_total_highest_first(place):
    province, (c1, c2, _) = place
    other = AdministrativeUnit.objects.create(
        code="tinh-thu-hai", name="Tỉnh Thử Hai", level="province", valid_from=date(2025, 7, 1)
    )
    lone = AdministrativeUnit.objects.create(
        code="xa-thu-le", name="Xã Thử Lẻ", level="commune", parent=other, valid_from=date(2025, 7, 1)
    )
    count = _indicator("dem-hang")
    _write(count, c1, 4.0)
    _write(count, lone, 50.0)
    observation_set(
        ObservationWrite(
            series=SeriesKey(count.pk, ""),
            unit=c2,
            period=Period.of_year(2027),
            figure=Figure(6.0, None),
            state=ValueState.APPROVED,
            source=ObservationSource.FILE,
            source_detail="test",
        )
    )
    rows = [r for r in analytics.league("dem-hang") if r.unit in {"tinh-thu-nghiem", "tinh-thu-hai"}]
    # tinh-thu-nghiem's latest total is 2027 (6, from one of its three communes), not 2026's 4
    assert [(r.unit, r.period, r.value, r.reported, r.expected) for r in rows] == [
        ("tinh-thu-hai", "2026", 50.0, 1, 1),
        ("tinh-thu-nghiem", "2027", 6.0, 1, 3),
    ]
    fixed = {r.unit: r.value for r in analytics.league("dem-hang", period="2026")}
    assert (fixed["tinh-thu-nghiem"], fixed["tinh-thu-hai"]) == (4.0, 50.0)
    assert province.code in fixed


def test_a_league_of_the_communes_of_a_province_lists_the_silent_ones_and_computes_a_ratio(place):
    _, (c1, c2, c3) = place
    poor, households = _indicator("ngheo-hang"), _indicator("ho-hang")
    _indicator("ty-le-hang", "ratio", numerator="ngheo-hang", denominator="ho-hang", unit="%")
    for commune, (p, h) in zip((c1, c2), ((5.0, 100.0), (30.0, 200.0)), strict=True):
        _write(poor, commune, p)
        _write(households, commune, h)
    _write(poor, c3, 1.0)  # no households: no rate for c3
    rows = analytics.league("ty-le-hang", period="2026", level="commune", within="tinh-thu-nghiem")
    assert [(r.unit, r.value, r.reported, r.complete) for r in rows] == [
        ("xa-thu-2", pytest.approx(15.0), 1, True),
        ("xa-thu-1", pytest.approx(5.0), 1, True),
        ("xa-thu-3", None, 0, False),
    ]
    assert {r.level for r in rows} == {"commune"}
    with pytest.raises(NotFoundError, match="không có địa bàn"):
        analytics.league("ty-le-hang", level="commune", within="khong-co-tinh")


def test_a_new_process_starts_from_the_snapshot_and_reads_only_what_changed_since(place, monkeypatch):
    _, (c1, c2, c3) = place
    count = _indicator("dem-anh-chup")
    _write(count, c1, 10.0)
    _write(count, c2, 20.0)
    assert _by_level(analytics.rollups("dem-anh-chup"))[("province", "tinh-thu-nghiem")].value == 30.0
    assert analytics.snapshot_path().exists()

    analytics.forget()  # another process: it has no sums of its own
    _write(count, c3, 5.0)
    _write(count, c1, 11.0)

    def no_count_from_scratch(*_args):
        raise AssertionError("counted every figure again instead of opening the snapshot")

    monkeypatch.setattr(analytics.ColumnarCopy, "_reload", no_count_from_scratch)
    total = _by_level(analytics.rollups("dem-anh-chup"))[("province", "tinh-thu-nghiem")]
    assert (total.value, total.reported, total.complete) == (36.0, 3, True)
