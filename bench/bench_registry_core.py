"""The registry's pure core at one province's scale (issue #18): generate, classify, rates, allowances.

What is measured (best of ``--repeat``; nothing is asserted): ``synthetic_registry`` for 600,000
households (≈ 2,2 million people) over the communes of one province (Hà Nội's 126 communes from the
units package, wards urban, the rest rural); ``classify_columns`` for 2025 and for 2027 (the line
change); ``poverty_rates`` per commune through the dictionary indices; ``beneficiaries_per_category``;
``monthly_assistance`` called once per beneficiary (plain Python, the path a payment cycle takes); and
``payment_summaries`` over one illustrative payment cycle of those beneficiaries. The last line adds
the steps and projects them linearly to the whole country (≈ 27 million households, × 45).

Run: ``.venv/bin/python bench/bench_registry_core.py [--households 600000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow.compute as pc

from planwatch.catalogue.country import load_country
from planwatch.domain.vocabulary import UnitLevel
from planwatch.registry.assistance import monthly_assistance
from planwatch.registry.indicators import beneficiaries_per_category, payment_summaries, poverty_rates
from planwatch.registry.poverty import classify_columns
from planwatch.registry.rules import AreaType
from planwatch.registry.synthetic import synthetic_registry

COUNTRY_HOUSEHOLDS = 27_000_000


def best(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=600_000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    repeat = arguments.repeat

    units = load_country().units
    communes = [
        (u.code, AreaType.of_unit(u.name))
        for u in units
        if u.level is UnitLevel.COMMUNE and u.parent == "vn34-01"
    ]
    print(f"Python {platform.python_version()}, numpy {np.__version__}, {len(communes)} communes of vn34-01")
    timings: dict[str, float] = {}

    timings["generate"], registry = best(
        lambda: synthetic_registry(communes, households=arguments.households, seed=42), repeat
    )
    households, people = registry.households, registry.people
    income = households["income_per_person_month"].to_numpy()
    count = households["deprivation_count"].to_numpy()
    urban = pc.equal(households["area"].cast("string"), AreaType.URBAN.value).to_numpy(zero_copy_only=False)
    timings["classify 2025"], codes = best(lambda: classify_columns(income, count, urban, 2025), repeat)
    timings["classify 2027"], codes_2027 = best(lambda: classify_columns(income, count, urban, 2027), repeat)
    commune_column = households["commune_code"].combine_chunks()
    commune_index = commune_column.indices.to_numpy()
    names = commune_column.dictionary.to_pylist()
    timings["poverty rates"], rates = best(
        lambda: poverty_rates(commune_index, codes, unit_names=names), repeat
    )

    lists = people["categories"].combine_chunks()
    holder = lists.value_parent_indices().to_numpy()
    person_commune = commune_index[people["household_id"].to_numpy()[holder] - 1]
    categories = lists.flatten().to_numpy(zero_copy_only=False)
    unit_of_beneficiary = np.asarray(names, dtype=object)[person_commune]
    timings["beneficiaries"], per_category = best(
        lambda: beneficiaries_per_category(unit_of_beneficiary, categories), repeat
    )

    births = people["birth_date"].take(holder).to_pylist()
    day = registry.reference_date

    def allowances() -> list[int]:
        return [
            a.amount if (a := monthly_assistance([c], day=day, birth_date=b)) else 0
            for c, b in zip(categories, births, strict=True)
        ]

    timings["allowances (Python)"], amounts = best(allowances, repeat)
    rng = np.random.default_rng(1)
    channel = rng.choice(["bank", "social_security_account", "cash"], size=len(amounts), p=[0.5, 0.2, 0.3])
    status = rng.choice(["paid", "failed", "returned"], size=len(amounts), p=[0.97, 0.02, 0.01])
    timings["payments"], payments = best(
        lambda: payment_summaries(unit_of_beneficiary, channel, status, np.asarray(amounts)), repeat
    )

    poor = sum(r.poor for r in rates) / households.num_rows * 100
    poor_2027 = (codes_2027 == 0).mean() * 100
    print(
        f"{households.num_rows:,} households, {people.num_rows:,} people, {len(categories):,} beneficiaries"
    )
    print(
        f"poor 2025 {poor:.2f} %, poor 2027 {poor_2027:.2f} %, {len(rates)} communes, "
        f"{len(per_category)} (commune, category) rows, {len(payments)} payment summaries"
    )
    for name, seconds in timings.items():
        print(f"{name:22}: {seconds * 1000:8.0f} ms")
    total = sum(timings.values())
    scale = COUNTRY_HOUSEHOLDS / households.num_rows
    print(
        f"{'total':22}: {total * 1000:8.0f} ms; linear projection to {COUNTRY_HOUSEHOLDS:,} households "
        f"(× {scale:.0f}): {total * scale:.0f} s"
    )


if __name__ == "__main__":
    main()
