"""The catalogue's own promises: shared indicators, domains, agencies, kinds, NFC, validation."""

import dataclasses
import json
import unicodedata
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from planwatch.catalogue import (
    DATA_FILES,
    Catalogue,
    classify_target_kind,
    indicator_link_overrides,
    link_indicators,
    load_catalogue,
    read_data_file,
    read_quote,
    target_kind_overrides,
)
from planwatch.catalogue.loading import validate
from planwatch.domain.errors import CatalogueError
from planwatch.domain.model import SourceSpan, Target
from planwatch.domain.succession import (
    agency_responsible_on,
    communes_of_former_unit,
    resolve_agency_name,
    territory_units,
    unit_successors,
)
from planwatch.domain.vocabulary import Direction


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _target(catalogue: Catalogue, doc_id: str, key: str) -> Target:
    return next(t for t in catalogue.targets if (t.doc_id, t.key) == (doc_id, key))


def _codes(catalogue: Catalogue, *refs: tuple[str, str]) -> set[str | None]:
    return {_target(catalogue, doc_id, key).indicator_code for doc_id, key in refs}


def test_trained_labour_with_certificates_is_one_indicator(catalogue: Catalogue) -> None:
    # given the trained-labour-with-certificates targets of 219/KH-UBND, KG 50-CTr/TU and LA 52-CTr/TU
    refs = (("KG-219-KH-UBND", "t6"), ("KG-50-CTr-TU", "t5"), ("LA-52-CTr-TU", "t8"))
    # when their indicators are looked up
    codes = _codes(catalogue, *refs)
    # then they share one, which also has Kiên Giang's 52-CTr/TU target on the same figure
    assert len(codes) == 1
    code = codes.pop()
    assert {t.value for t in catalogue.targets if t.indicator_code == code} == {55.0, 40.0}
    assert len([t for t in catalogue.targets if t.indicator_code == code]) == 4


@pytest.mark.parametrize(
    "refs",
    [
        (("KG-50-CTr-TU", "t23"), ("KG-219-KH-UBND", "t23"), ("LA-52-CTr-TU", "t25")),  # beds / 10,000
        (("KG-50-CTr-TU", "t24"), ("KG-219-KH-UBND", "t24"), ("LA-52-CTr-TU", "t26")),  # doctors / 10,000
        (("KG-50-CTr-TU", "t10"), ("KG-219-KH-UBND", "t12")),  # poverty rate
        (("KG-50-CTr-TU", "t27"), ("KG-219-KH-UBND", "t10"), ("LA-52-CTr-TU", "t29")),  # health insurance
        (("KG-50-CTr-TU", "t7"), ("KG-219-KH-UBND", "t7"), ("LA-52-CTr-TU", "t9")),  # social insurance
        (("KG-50-CTr-TU", "t20"), ("KG-219-KH-UBND", "t21"), ("LA-52-CTr-TU", "t22")),  # life expectancy
    ],
)
def test_indicators_shared_by_several_documents(
    catalogue: Catalogue, refs: tuple[tuple[str, str], ...]
) -> None:
    # given targets of several documents on the same quantity
    # when their indicators are looked up
    codes = _codes(catalogue, *refs)
    # then there is exactly one
    assert len(codes) == 1


def test_social_and_unemployment_insurance_stay_apart(catalogue: Catalogue) -> None:
    # given the two insurance targets of 219/KH-UBND
    # then they are two indicators
    assert len(_codes(catalogue, ("KG-219-KH-UBND", "t7"), ("KG-219-KH-UBND", "t9"))) == 2


def test_every_target_indicator_has_a_domain(catalogue: Catalogue) -> None:
    # given the indicators the targets point at
    used = {t.indicator_code for t in catalogue.targets}
    # then each has a function area
    assert sorted(i.code for i in catalogue.indicators if i.code in used and not i.domain) == []
    # and every indicator is some target's, but the data elements ratios are made of, which none sets
    assert used == {i.code for i in catalogue.indicators if not i.is_element}
    assert used.isdisjoint(i.code for i in catalogue.indicators if i.is_element)


def test_directions_follow_the_comparators(catalogue: Catalogue) -> None:
    # given the poverty and unemployment indicators and the hospital-beds one
    by_code = {i.code: i for i in catalogue.indicators}
    poverty = by_code[str(_target(catalogue, "KG-50-CTr-TU", "t10").indicator_code)]
    beds = by_code[str(_target(catalogue, "KG-50-CTr-TU", "t23").indicator_code)]
    # then poverty goes down, beds up, and rates are bounded by 0 and 100
    assert (poverty.direction, poverty.domain, poverty.lower_limit, poverty.upper_limit) == (
        Direction.DOWN,
        "poverty",
        0.0,
        100.0,
    )
    assert (beds.direction, beds.domain, beds.upper_limit) == (Direction.UP, "health", None)


def test_linking_is_reproduced_by_the_package_function(catalogue: Catalogue) -> None:
    # given the targets without their codes and the overrides file
    bare = [dataclasses.replace(t, indicator_code=None) for t in catalogue.targets]
    # when they are linked again
    linked = link_indicators(bare, indicator_link_overrides())
    # then every target gets the code stored in the data
    assert linked == {(t.doc_id, t.key): t.indicator_code for t in catalogue.targets}


def test_kinds_follow_the_rule_or_an_override(catalogue: Catalogue, corpus: Path) -> None:
    # given the general rule, applied to each target's own sentence, and the overrides table
    overrides = target_kind_overrides()
    expected = {
        (t.doc_id, t.key): overrides.get(
            (t.doc_id, t.key),
            classify_target_kind(
                t.comparator, t.indicator_name, t.unit, read_quote(t.quote, corpus) if t.quote else ""
            ),
        )
        for t in catalogue.targets
    }
    # then the stored kinds are exactly those
    assert {(t.doc_id, t.key): t.kind for t in catalogue.targets} == expected
    assert len(overrides) < 10


def test_every_responsible_agency_resolves(catalogue: Catalogue) -> None:
    # given the agencies named in the appendix of 219/KH-UBND, with the document's province
    provinces = {d.doc_id: d.province for d in catalogue.documents}
    named = {(t.responsible, provinces[t.doc_id]) for t in catalogue.targets if t.responsible}
    # when each name is resolved
    unresolved = sorted(
        f"{name} ({province})"
        for name, province in named
        if not resolve_agency_name(name, province, catalogue.agencies)
    )
    # then every one is a known agency
    assert unresolved == []
    assert len(named) == 9


def test_poverty_target_of_219_is_monitored_by_an_giang_agriculture_in_2026(catalogue: Catalogue) -> None:
    # given the poverty target of 219/KH-UBND, monitored by Sở LĐTBXH in 2024
    target = _target(catalogue, "KG-219-KH-UBND", "t12")
    indicator = next(i for i in catalogue.indicators if i.code == target.indicator_code)
    agency = resolve_agency_name(str(target.responsible), "Kiên Giang", catalogue.agencies)
    assert agency is not None

    # when the responsible agency is asked for on three days
    def on(day: date) -> str:
        return agency_responsible_on(
            agency.code, str(indicator.domain), day, catalogue.agency_successions, catalogue.agencies
        ).name

    # then history is kept and the function is followed through both reorganisations
    assert on(date(2024, 12, 31)) == "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang"
    assert on(date(2025, 3, 1)) == "Sở Nông nghiệp và Môi trường tỉnh Kiên Giang"
    assert on(date(2026, 1, 1)) == "Sở Nông nghiệp và Môi trường tỉnh An Giang"


def test_task_agencies_resolve_where_they_name_one_body(catalogue: Catalogue) -> None:
    # given the assignments of the tasks
    codes = {a.agency_name: a.agency_code for task in catalogue.tasks for a in task.assignments}
    # then single bodies have an agency code and collective subjects do not
    assert codes["Sở Lao động - Thương binh và Xã hội"] == "ldtbxh-kien-giang"
    assert codes["Sở Nội vụ"] == "noi-vu-kien-giang"
    assert codes["Ban cán sự đảng Ủy ban nhân dân tỉnh"] == "ban-can-su-dang-ubnd-long-an"
    assert codes["UBND các huyện, thành phố"] is None


def test_every_agency_succession_cites_a_legal_basis(catalogue: Catalogue) -> None:
    # then no succession lacks its basis
    assert [s for s in catalogue.agency_successions if not s.legal_basis] == []


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_files_are_nfc(name: str) -> None:
    # given a packaged data file
    text = resources.files("planwatch.catalogue").joinpath("data", name).read_text("utf-8")
    # then it is NFC and valid JSON
    assert unicodedata.is_normalized("NFC", text)
    assert json.loads(text)


def test_a_dangling_indicator_code_is_a_catalogue_error(catalogue: Catalogue) -> None:
    # given a catalogue whose first target points at an unknown indicator
    broken_target = dataclasses.replace(catalogue.targets[0], indicator_code="no-such-indicator")
    broken = dataclasses.replace(catalogue, targets=(broken_target, *catalogue.targets[1:]))
    # then validation refuses it
    with pytest.raises(CatalogueError, match="no-such-indicator"):
        validate(broken)


def test_a_dangling_parent_document_is_a_catalogue_error(catalogue: Catalogue) -> None:
    # given a document whose parent is unknown
    orphan = dataclasses.replace(catalogue.documents[0], parents=("99-NQ-TW",))
    broken = dataclasses.replace(catalogue, documents=(orphan, *catalogue.documents[1:]))
    # then validation refuses it
    with pytest.raises(CatalogueError, match="99-NQ-TW"):
        validate(broken)


def test_a_duplicate_agency_code_is_a_catalogue_error(catalogue: Catalogue) -> None:
    # given an agency listed twice
    broken = dataclasses.replace(catalogue, agencies=(*catalogue.agencies, catalogue.agencies[0]))
    # then validation refuses it
    with pytest.raises(CatalogueError, match="appears twice"):
        validate(broken)


def test_read_quote_without_the_corpus_is_none(tmp_path: Path) -> None:
    # given a span into a file that is not in the folder
    span = SourceSpan("001_012ec14e7a871695.txt", 0, 10)
    # then there is nothing to read
    assert read_quote(span, tmp_path) is None


def test_read_quote_reads_nfc_text(tmp_path: Path) -> None:
    # given a decomposed source file
    (tmp_path / "doc.txt").write_text("Sở Y te\u0302\u0301 tỉnh", encoding="utf-8")
    # when a span is read
    text = read_quote(SourceSpan("doc.txt", 3, 8), tmp_path)
    # then it is taken from the composed text
    assert text == "Y tế "


def test_load_catalogue_is_cached() -> None:
    # then two loads are the same object
    assert load_catalogue() is load_catalogue()


def test_every_monitored_target_has_an_agency_in_the_merged_province(catalogue: Catalogue) -> None:
    # given every target with a responsible agency, and its indicator's function area
    domains = {i.code: str(i.domain) for i in catalogue.indicators}
    provinces = {d.doc_id: d.province for d in catalogue.documents}
    # when the responsible agency is asked for on 01/01/2026
    responsible = {
        (t.doc_id, t.key): agency_responsible_on(
            agency.code,
            domains[str(t.indicator_code)],
            date(2026, 1, 1),
            catalogue.agency_successions,
            catalogue.agencies,
        )
        for t in catalogue.targets
        if t.responsible
        and (agency := resolve_agency_name(t.responsible, provinces[t.doc_id], catalogue.agencies))
    }
    # then each is an agency that exists then, and the Kiên Giang departments are An Giang's
    assert len(responsible) == 61
    assert all(a.exists_on(date(2026, 1, 1)) for a in responsible.values())
    assert responsible[("KG-219-KH-UBND", "t6")].name == "Sở Giáo dục và Đào tạo tỉnh An Giang"
    assert responsible[("KG-219-KH-UBND", "t1")].name == "Sở Nội vụ tỉnh An Giang"
    assert responsible[("KG-219-KH-UBND", "t11")].name == "Sở Y tế tỉnh An Giang"
    assert responsible[("KG-219-KH-UBND", "t37")].name == "Sở Khoa học và Công nghệ tỉnh An Giang"
    assert responsible[("KG-219-KH-UBND", "t56")].name == "Sở Nông nghiệp và Môi trường tỉnh An Giang"


def test_kien_giang_has_its_fifteen_districts_until_the_merger(catalogue: Catalogue) -> None:
    # given the district-level units of Kiên Giang
    districts = [u for u in catalogue.units if u.parent == "kien-giang" and u.level.value == "district"]
    # then there are 15, all ending on 30/6/2025
    assert len(districts) == 15
    assert {u.valid_to for u in districts} == {date(2025, 6, 30)}


def test_former_provinces_continue_as_areas_of_the_merged_ones(catalogue: Catalogue) -> None:
    # given the former Kiên Giang and Long An
    # when their territories and successors are looked up
    kien_giang = [u.code for u in territory_units("kien-giang", catalogue.units)]
    long_an = [u.code for u in territory_units("long-an", catalogue.units)]
    successors = {
        code: [
            u.code
            for u in unit_successors(code, date(2026, 1, 1), catalogue.unit_successions, catalogue.units)
        ]
        for code in ("kien-giang", "an-giang-cu", "long-an", "tay-ninh-cu")
    }
    # then each has its area in the merged province and the merged province as successor
    assert kien_giang == ["kien-giang", "dia-ban-kien-giang"]
    assert long_an == ["long-an", "dia-ban-long-an"]
    assert successors == {
        "kien-giang": ["an-giang"],
        "an-giang-cu": ["an-giang"],
        "long-an": ["tay-ninh"],
        "tay-ninh-cu": ["tay-ninh"],
    }


def test_communes_of_the_former_kien_giang_are_the_three_special_zones(catalogue: Catalogue) -> None:
    communes = communes_of_former_unit("kien-giang", catalogue.unit_successions, catalogue.units)
    assert [u.name for u in communes] == ["Đặc khu Kiên Hải", "Đặc khu Phú Quốc", "Đặc khu Thổ Châu"]


def test_the_unit_lists_say_they_are_partial() -> None:
    assert read_data_file("units.json")["is_complete"] is False
    assert read_data_file("unit_successions.json")["is_complete"] is False
