"""registry.synthetic: seeded, labelled illustrative, plausible, with valid unique ids."""

from datetime import date

import numpy as np
import pyarrow.compute as pc
import pytest

from planwatch.registry.assistance import monthly_assistance
from planwatch.registry.identity import check_personal_id
from planwatch.registry.poverty import LivingStandard, classify_columns
from planwatch.registry.rules import AreaType
from planwatch.registry.synthetic import synthetic_registry

COMMUNES = [("vn34-00001", AreaType.URBAN), ("vn34-00002", AreaType.RURAL), ("vn34-00003", AreaType.RURAL)]


@pytest.fixture(scope="module")
def registry():  # type: ignore[no-untyped-def]
    return synthetic_registry(COMMUNES, households=20_000, seed=7)


def test_the_same_seed_gives_the_same_tables_and_another_seed_others(registry) -> None:  # type: ignore[no-untyped-def]
    again = synthetic_registry(COMMUNES, households=20_000, seed=7)
    assert again.households.equals(registry.households)
    assert again.people.equals(registry.people)
    other = synthetic_registry(COMMUNES, households=20_000, seed=8)
    assert not other.households.equals(registry.households)


def test_both_tables_say_they_are_illustrative(registry) -> None:  # type: ignore[no-untyped-def]
    for table in (registry.households, registry.people):
        assert table.schema.metadata[b"planwatch.illustrative"] == b"true"
        assert "minh họa" in table.schema.metadata[b"planwatch.note"].decode()


def test_households_are_plausible(registry) -> None:  # type: ignore[no-untyped-def]
    households = registry.households
    members = households["members"].to_numpy()
    assert 3.5 < members.mean() < 3.9
    assert registry.people.num_rows == members.sum()
    assert set(pc.unique(households["commune_code"].combine_chunks().dictionary).to_pylist()) == {
        c for c, _ in COMMUNES
    }
    urban = pc.equal(households["area"].cast("string"), "do_thi").to_numpy(zero_copy_only=False)
    commune = households["commune_code"].cast("string").to_numpy(zero_copy_only=False)
    assert (urban == (commune == "vn34-00001")).all()
    mask = households["deprivation_mask"].to_numpy().astype(np.int64)
    count = households["deprivation_count"].to_numpy()
    assert (np.array([bin(m).count("1") for m in mask]) == count).all()
    assert registry.deprivations(int(mask[count.argmax()])) == frozenset(
        code for bit, code in enumerate(registry.indicator_codes) if int(mask[count.argmax()]) & (1 << bit)
    )
    assert len(registry.deprivations(int(mask[count.argmax()]))) == count.max() > 0
    codes = classify_columns(households["income_per_person_month"].to_numpy(), count, urban, 2025)
    poor_share = (codes == LivingStandard.POOR.code).mean() * 100
    near_share = (codes == LivingStandard.NEAR_POOR.code).mean() * 100
    assert 1 < poor_share < 6
    assert 0.5 < near_share < 6


def test_every_person_id_is_valid_for_their_birth_year_and_sex_and_unique(registry) -> None:  # type: ignore[no-untyped-def]
    people = registry.people
    ids = people["person_id"].to_pylist()
    assert len(set(ids)) == len(ids)
    births = people["birth_date"].to_pylist()
    sexes = people["sex"].cast("string").to_pylist()
    for person_id, born, sex in zip(ids[:5000], births[:5000], sexes[:5000], strict=True):
        assert check_personal_id(person_id, birth_date=born, sex=sex, today=date(2026, 1, 1)) == person_id
    assert 0.4 < sexes.count("nu") / len(sexes) < 0.6


def test_each_category_given_fits_the_person_age_on_the_reference_day(registry) -> None:  # type: ignore[no-untyped-def]
    people = registry.people
    given = [
        (codes, born)
        for codes, born in zip(
            people["categories"].to_pylist(), people["birth_date"].to_pylist(), strict=True
        )
        if codes
    ]
    assert 0.01 < len(given) / people.num_rows < 0.08
    assert len({c for codes, _ in given for c in codes}) >= 4
    for codes, born in given:
        assert monthly_assistance(codes, day=registry.reference_date, birth_date=born) is not None


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="ít nhất một xã"):
        synthetic_registry([], households=10)
    with pytest.raises(ValueError, match="'003'"):
        synthetic_registry(COMMUNES, households=10, id_province="003")
