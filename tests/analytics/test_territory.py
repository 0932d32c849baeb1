from planwatch.analytics.territory import SeriesPoint, UnitFigure, territory_series

KG = "kien-giang"
COMMUNES = {KG: frozenset({"dac-khu-phu-quoc", "dac-khu-kien-hai"})}


def test_a_former_province_continues_in_the_area_that_replaced_it() -> None:
    figures = [
        UnitFigure("kien-giang", KG, False, 2024, 10.0),
        UnitFigure("dia-ban-kien-giang", KG, False, 2025, 12.0),
        UnitFigure(
            "an-giang-2025", "an-giang-2025", False, 2025, 99.0
        ),  # the whole new province: another territory
    ]

    series = territory_series(figures, KG, additive=False, communes_in_territory=COMMUNES)

    assert series == [SeriesPoint(2024, 10.0, "kien-giang"), SeriesPoint(2025, 12.0, "dia-ban-kien-giang")]


def test_counts_are_summed_over_every_commune_of_the_territory() -> None:
    figures = [
        UnitFigure("dac-khu-phu-quoc", "an-giang-2025", True, 2026, 300.0),
        UnitFigure("dac-khu-kien-hai", "an-giang-2025", True, 2026, 20.0),
    ]

    series = territory_series(figures, KG, additive=True, communes_in_territory=COMMUNES)

    assert [(p.year, p.value) for p in series] == [(2026, 320.0)]


def test_rates_are_never_summed_over_communes() -> None:
    figures = [
        UnitFigure("dac-khu-phu-quoc", "an-giang-2025", True, 2026, 3.0),
        UnitFigure("dac-khu-kien-hai", "an-giang-2025", True, 2026, 2.0),
    ]

    assert territory_series(figures, KG, additive=False, communes_in_territory=COMMUNES) == []


def test_a_partial_sum_is_not_a_figure_for_the_territory() -> None:
    figures = [UnitFigure("dac-khu-phu-quoc", "an-giang-2025", True, 2026, 300.0)]

    assert territory_series(figures, KG, additive=True, communes_in_territory=COMMUNES) == []


def test_a_figure_reported_for_the_territory_wins_over_the_commune_sum() -> None:
    figures = [
        UnitFigure("dia-ban-kien-giang", KG, False, 2026, 400.0),
        UnitFigure("dac-khu-phu-quoc", "an-giang-2025", True, 2026, 300.0),
        UnitFigure("dac-khu-kien-hai", "an-giang-2025", True, 2026, 20.0),
    ]

    series = territory_series(figures, KG, additive=True, communes_in_territory=COMMUNES)

    assert [(p.year, p.value, p.source) for p in series] == [(2026, 400.0, "dia-ban-kien-giang")]
