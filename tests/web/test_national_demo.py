"""``planwatch demo --national``: illustrative figures for every province and commune, old and new,
loaded in bulk, consistent with each ratio's rule, and replaced (never the real ones) by a second run
(issue #13, point 1)."""

from datetime import date

import pytest

from planwatch.demo_national import NATIONAL_LABEL, ratio_scale
from planwatch.domain.vocabulary import ObservationSource, ValueState
from planwatch.web.catalogue.models import Indicator, PolicyDocument
from planwatch.web.figures import analytics
from planwatch.web.figures.models import Observation
from planwatch.web.figures.national import national_demo_load
from planwatch.web.geography.models import AdministrativeUnit

pytestmark = pytest.mark.django_db
SCALE = "0.001"  # one commune per province: 63 before 1/7/2025, 34 after


@pytest.fixture(autouse=True)
def fresh_copy():
    analytics.forget()
    yield
    analytics.forget()


def _value(code: str, unit_id: int, year: int, disaggregation: str = "") -> float:
    return Observation.objects.get(
        indicator__code=code, unit_id=unit_id, period=str(year), disaggregation=disaggregation
    ).value


def test_the_national_demo_loads_every_province_labelled_and_consistent(cli) -> None:
    code, out, err = cli("demo", "--national", "--scale", SCALE)

    assert (code, err) == (0, "")
    assert "74 chỉ tiêu và 114 phần tử dữ liệu, 640 chuỗi theo phân tổ" in out
    assert "63 xã trước 1/7/2025, 34 xã sau" in out
    national = Observation.objects.filter(comment=NATIONAL_LABEL)
    # every figure is illustrative, approved, a yearly figure 2015–2025
    assert national.exclude(is_demo=True, source=ObservationSource.DEMO.value).count() == 0
    assert set(national.values_list("state", flat=True)) == {ValueState.APPROVED.value}
    assert sorted(set(national.values_list("year", flat=True))) == list(range(2015, 2026))
    # old provinces and communes carry 2015–2024, the new ones 2025
    old = national.filter(unit__valid_to=date(2025, 6, 30))
    new = national.filter(unit__valid_from=date(2025, 7, 1))
    assert set(old.values_list("year", flat=True)) == set(range(2015, 2025))
    assert set(new.values_list("year", flat=True)) == {2025}
    assert old.filter(unit__level="province").values("unit").distinct().count() == 63
    assert new.filter(unit__level="province").values("unit").distinct().count() == 34
    # percentages stay within 0–100
    shares = national.filter(indicator__unit="%", indicator__is_element=False)
    assert shares.filter(value__lt=0).count() + shares.filter(value__gt=100).count() == 0
    # a ratio's figure is its numerator over its denominator, in every commune and province
    poverty = Indicator.objects.get(code="ho-ngheo")
    row = national.filter(indicator=poverty, disaggregation="rural", unit__level="commune").first()
    assert row is not None
    poor = _value(poverty.numerator, row.unit_id, row.year, "rural")
    households = _value(poverty.denominator, row.unit_id, row.year, "rural")
    assert row.value == pytest.approx(poor / households * ratio_scale("%"), abs=0.01)
    # and the parts of an element add up to its total
    parts = [_value("tong-so-ho-dan-cu", row.unit_id, row.year, d) for d in ("urban", "rural")]
    assert sum(parts) == _value("tong-so-ho-dan-cu", row.unit_id, row.year)


def test_the_communes_roll_up_to_the_provinces_figure(cli) -> None:
    cli("demo", "--national", "--scale", SCALE)
    stored = {
        (o.unit.code, o.period): o.value
        for o in Observation.objects.filter(
            indicator__code="ho-ngheo", disaggregation="", unit__level="province", period="2020"
        ).select_related("unit")
    }
    rolled = {
        (r.unit, r.period): r.value
        for r in analytics.rollups("ho-ngheo", level="province", period="2020")
        if r.disaggregation == ""
    }

    # the engine's total of every former province is the stored province figure: the sum of the
    # communes' poor households over the sum of their households
    assert len(stored) == 63
    assert {k: round(v, 2) for k, v in rolled.items() if k in stored} == stored


def test_a_second_run_replaces_its_figures_and_never_a_real_one(cli) -> None:
    first = national_demo_load(scale=float(SCALE))
    commune = AdministrativeUnit.objects.filter(level="commune", observations__comment=NATIONAL_LABEL).first()
    assert commune is not None
    # a real figure entered where the demo had put one
    real = Observation.objects.get(
        indicator__code="dan-so-trung-binh", unit=commune, period="2024", disaggregation=""
    )
    Observation.objects.filter(pk=real.pk).update(
        value=12345.0, is_demo=False, comment="", source=ObservationSource.FILE.value
    )

    second = national_demo_load(scale=float(SCALE))

    assert second.replaced == first.written - 1
    assert second.kept == 1
    assert Observation.objects.get(pk=real.pk).value == 12345.0
    assert Observation.objects.filter(comment=NATIONAL_LABEL).count() == first.written - 1
    assert (second.documents, second.targets) == (first.documents, first.targets)


def test_every_province_gets_an_illustrative_plan_under_42_nq_tw() -> None:
    result = national_demo_load(scale=float(SCALE))
    plans = PolicyDocument.objects.filter(doc_id__startswith="MH-42-")

    assert result.documents == plans.count() == 34
    assert all("minh họa" in title for title in plans.values_list("title", flat=True))
    assert set(plans.values_list("parent_links__parent__doc_id", flat=True)) == {"42-NQ-TW"}
    per_plan = {p.doc_id: p.targets.count() for p in plans}
    assert len(set(per_plan.values())) == 1
    assert next(iter(per_plan.values())) == result.targets // 34 > 30


def test_the_national_demo_refuses_when_the_catalogue_is_not_initialised(cli) -> None:
    Indicator.objects.filter(is_element=True).update(is_element=False)

    code, _out, err = cli("demo", "--national", "--scale", SCALE)

    assert code == 2
    assert err.startswith("planwatch: ")
    assert "planwatch init" in err
    assert "\n" not in err.strip()


@pytest.mark.parametrize("scale", ["0", "1.5"])
def test_a_scale_outside_zero_to_one_is_refused(cli, scale: str) -> None:
    code, _, err = cli("demo", "--national", "--scale", scale)

    assert code == 2
    assert "--scale" in err
