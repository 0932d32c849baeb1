"""Throughput of the evaluation engine: targets x units x years evaluated per second.

What is measured: evaluate() on generated data, once per (target, unit, as-of year), with every
figure of the unit passed in and the engine cutting at the as-of year, as a report over several
years does. Targets mix the kinds of real plans (mostly state rates, some annual, maintain,
cumulative, level and qualitative). Also timed: explain() on every evaluation, and summarise()
over all of them. The best of ``--repeat`` runs is reported; nothing is asserted.

Run: ``.venv/bin/python bench/bench_evaluation.py [--targets 200] [--units 100] [--years 7]``
"""

import argparse
import platform
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from planwatch.domain.model import Observation
from planwatch.domain.vocabulary import Assessment, Comparator, TargetKind
from planwatch.evaluation import BaselinePoint, Evaluation, TargetSpec, evaluate, explain, summarise

FIRST_YEAR = 2024  # plans of 2024 (219/KH-UBND), baselines of 2023, targets for 2030
BASELINE_YEAR = 2023
TARGET_YEAR = 2030

# (kind, comparator, share of targets): roughly the mix of the corpus' plans
MIX = (
    (TargetKind.STATE, Comparator.GE, 0.25),
    (TargetKind.STATE, Comparator.LT, 0.15),
    (TargetKind.STATE, Comparator.EQ, 0.15),
    (TargetKind.STATE, Comparator.APPROX, 0.05),
    (TargetKind.ANNUAL, Comparator.GE, 0.10),
    (TargetKind.MAINTAIN, Comparator.LT, 0.10),
    (TargetKind.CUMULATIVE, Comparator.GE, 0.10),
    (TargetKind.LEVEL, Comparator.LEVEL, 0.05),
    (TargetKind.QUALITATIVE, Comparator.QUALITATIVE, 0.05),
)


@dataclass(frozen=True, slots=True)
class Case:
    spec: TargetSpec
    observations: tuple[Observation, ...]
    baseline: BaselinePoint | None


def generate(targets: int, units: int, years: int, seed: int) -> list[Case]:
    """One case per (target, unit): a target of the mix and a random walk of figures."""
    rng = random.Random(seed)
    kinds = rng.choices([(k, c) for k, c, _ in MIX], weights=[w for _, _, w in MIX], k=targets)
    return [_case(kind, comparator, years, rng) for kind, comparator in kinds for _ in range(units)]


def _case(kind: TargetKind, comparator: Comparator, years: int, rng: random.Random) -> Case:
    span = range(FIRST_YEAR, FIRST_YEAR + years)
    if kind is TargetKind.QUALITATIVE:
        spec = TargetSpec(comparator, None, TARGET_YEAR, kind=kind)
        return Case(spec, tuple(Observation(y, rng.choice(list(Assessment))) for y in span), None)
    if kind is TargetKind.LEVEL:
        spec = TargetSpec(comparator, 3.0, TARGET_YEAR, kind=kind)
        return Case(spec, tuple(Observation(y, float(rng.randint(1, 4))) for y in span), None)
    start = rng.uniform(1.0, 90.0)
    target = start * rng.uniform(0.5, 1.5)
    spec = TargetSpec(comparator, target, TARGET_YEAR, kind=kind, lower_limit=0.0, upper_limit=100.0)
    value, figures = start, []
    for year in span:
        value = max(0.0, value * rng.uniform(0.95, 1.06))
        figures.append(Observation(year, value if kind is not TargetKind.CUMULATIVE else value / 7))
    rng.shuffle(figures)  # the engine must not rely on order
    return Case(spec, tuple(figures), BaselinePoint(BASELINE_YEAR, start))


def best_of(repeat: int, run: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        timings.append(time.perf_counter() - began)
    return min(timings)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=200)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--years", type=int, default=7, help="as-of years evaluated per target and unit")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240708)
    args = parser.parse_args(argv)

    cases = generate(args.targets, args.units, args.years, args.seed)
    as_of_years = range(FIRST_YEAR, FIRST_YEAR + args.years)
    evaluations: list[Evaluation] = []

    def evaluate_all() -> None:
        evaluations.clear()
        evaluations.extend(
            evaluate(case.spec, case.observations, case.baseline, year)
            for case in cases
            for year in as_of_years
        )

    seconds = best_of(args.repeat, evaluate_all)
    specs = [case.spec for case in cases for _ in as_of_years]
    pairs = list(zip(specs, evaluations, strict=True))
    explained = best_of(args.repeat, lambda: [explain(spec, evaluation, "%") for spec, evaluation in pairs])
    summarised = best_of(args.repeat, lambda: summarise(evaluations))

    count = len(evaluations)
    print(f"python {platform.python_version()} on {platform.machine()} ({sys.platform})")
    print(f"{args.targets} targets x {args.units} units x {args.years} years = {count} evaluations")
    for name, spent in (("evaluate", seconds), ("explain", explained), ("summarise", summarised)):
        per_second, each = count / spent, spent / count * 1e6
        print(f"{name:9}: {spent:8.3f} s  {per_second:12,.0f} evaluations/s  {each:7.2f} µs each")
    statuses = summarise(evaluations).counts
    print("statuses : " + ", ".join(f"{status.value} {n}" for status, n in statuses.items()))


if __name__ == "__main__":
    main()
