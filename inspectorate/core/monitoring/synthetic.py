"""Synthetic monitoring data: 43 made-up forces, monthly indicators, known injected changes.

SYNTHETIC DATA. Every force here is invented ("Fenshire Constabulary" and 42 others; none is
a real force) and every figure is drawn from a random generator (SPEC section 13). It exists to
demonstrate and benchmark the monitoring core, and says so in every output: the groups are
named "Made-up MSF group N", the ground-truth file carries ``"synthetic": true``, and the
command prints a warning.

How the data are made (all seeded, so a seed always gives the same data):

- each force has an invented population (0.35 to 4 million); most-similar-force groups are
  forces of similar size, 6 or 7 to a group;
- crime and anti-social behaviour are rates per 1,000 people: Poisson counts drawn around
  population x a monthly rate x the force's own level (+/-15%), with a summer peak (seasonal
  amplitude per indicator) and 3% extra month-to-month noise, divided by the population (rates,
  not counts, so that forces of different sizes can be compared with their peers);
- percentages (charge rate, victim satisfaction, 999 calls answered) are binomial draws from a
  monthly sample, around a force level, with a small seasonal swing;
- there is no underlying trend, so a series without an injection is stable throughout;
- injections are step changes that start in the monitoring window (month 25 to 48 of 60) and
  last to the end: deteriorations (rates up 5-35%, percentages down 1-8 points on
  ``higher_is_better`` indicators) on some series, improvements (the opposite) on others. The
  ground truth is returned, so a benchmark can measure recall and false alarms.

Run ``python -m inspectorate.core.monitoring.synthetic --out FILE.csv --seed N`` to write the
observations (``force,indicator,period,value,polarity``), ``FILE-groups.csv`` and
``FILE-truth.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from inspectorate.core import csvsafe
from inspectorate.core.monitoring.series import Direction, Polarity, Series

FORCES: tuple[str, ...] = (
    "Fenshire Constabulary", "Ambervale Police", "Brackenmoor Constabulary", "Caldermere Police",
    "Dunholt Constabulary", "Eastwold Police", "Fallowdene Constabulary", "Glenharrow Police",
    "Harrowmarsh Constabulary", "Ivywold Police", "Kestrelshire Constabulary", "Larkmoor Police",
    "Marrowdale Constabulary", "Nethershire Police", "Oakenfold Constabulary", "Pennmarch Police",
    "Quarrydale Constabulary", "Ravenshire Police", "Saltmere Constabulary", "Thistlewold Police",
    "Underfell Constabulary", "Vellumshire Police", "Wealdmarsh Constabulary", "Yarrowdale Police",
    "Westmarch Constabulary", "Northmoor Police", "Southfen Police", "Greyfell Constabulary",
    "Ashmere Constabulary", "Brambleshire Police", "Copperdale Constabulary", "Deepvale Police",
    "Elmshire Constabulary", "Foxmarsh Police", "Goldwater Constabulary", "Heronshire Police",
    "Ironmoor Constabulary", "Junipervale Police", "Kingsfen Constabulary", "Lindenshire Police",
    "Mistledale Constabulary", "Otterwold Police", "Greater Ambermouth Police",
)
GROUP_COUNT = 7
FIRST_MONTH = (2019, 4)
MONTHS = 60
# Injected steps start this many months in (the 12-month baseline plus a year) at the earliest,
# and at least a year before the end.
EARLIEST_START = 24
LATEST_START_FROM_END = 12

Kind = Literal["rate", "percentage"]
Unit = Literal["relative", "points", "sigma"]
# Rare offences: about one case per force in five years.
RARE_LEVEL = 2e-5
LOGNORMAL_NOISE = 0.03
PERCENTAGE_NOISE = 0.4


@dataclass(frozen=True)
class IndicatorProfile:
    """How one synthetic indicator behaves: ``level`` per 1,000 people a month, or a percentage;
    ``step`` the range of injected step sizes (relative for a rate, points for a percentage)."""

    name: str
    polarity: Polarity
    kind: Kind
    level: float
    seasonal_amplitude: float
    step: tuple[float, float]


PROFILES: tuple[IndicatorProfile, ...] = (
    IndicatorProfile("All crime per 1,000 people", "lower_is_better", "rate", 7.5, 0.08, (0.05, 0.25)),
    IndicatorProfile("Burglary per 1,000 people", "lower_is_better", "rate", 0.45, 0.10, (0.10, 0.35)),
    IndicatorProfile("Violence against the person per 1,000 people", "lower_is_better", "rate", 2.6, 0.10,
                     (0.08, 0.30)),
    IndicatorProfile("Vehicle offences per 1,000 people", "lower_is_better", "rate", 0.6, 0.06, (0.10, 0.35)),
    IndicatorProfile("Anti-social behaviour incidents per 1,000 people", "lower_is_better", "rate", 2.4, 0.20,
                     (0.10, 0.30)),
    IndicatorProfile("Charge or summons rate (%)", "higher_is_better", "percentage", 7.0, 0.3, (1.0, 3.0)),
    IndicatorProfile("Victim satisfaction (%)", "higher_is_better", "percentage", 76.0, 1.0, (2.0, 8.0)),
    IndicatorProfile("999 calls answered within 10 seconds (%)", "higher_is_better", "percentage", 86.0,
                     1.5, (2.0, 8.0)),
)


@dataclass(frozen=True)
class Injection:
    """A known change: a step from ``start_period`` to the end of the series. ``unit`` "sigma"
    sizes the step in the series' own noise standard deviation (``noise_sd``)."""

    force: str
    indicator: str
    start_period: str
    direction: Direction
    size: float
    unit: Unit


@dataclass(frozen=True)
class SyntheticDataset:
    """Synthetic series, most-similar-force groups and the ground truth of the injections."""

    series: tuple[Series, ...]
    groups: dict[str, tuple[str, ...]]
    injections: tuple[Injection, ...]
    metadata: dict[str, object] = field(default_factory=dict)
    populations: dict[str, float] = field(default_factory=dict)


def month_periods(count: int, first: tuple[int, int] = FIRST_MONTH) -> tuple[str, ...]:
    """``count`` monthly periods ``YYYY-MM`` from ``first`` (year, month)."""
    year, month = first
    return tuple(f"{year + (month - 1 + i) // 12}-{(month - 1 + i) % 12 + 1:02d}" for i in range(count))


def profiles(count: int) -> tuple[IndicatorProfile, ...]:
    """The first ``count`` indicators: the named ones, then numbered variants of them."""
    made = []
    for i in range(count):
        base = PROFILES[i % len(PROFILES)]
        name = base.name if i < len(PROFILES) else f"Made-up indicator {i + 1:03d} ({base.kind})"
        made.append(IndicatorProfile(name, base.polarity, base.kind, base.level, base.seasonal_amplitude,
                                     base.step))
    return tuple(made)


def generate(
    seed: int = 2007,
    *,
    months: int = MONTHS,
    first: tuple[int, int] = FIRST_MONTH,
    indicators: int = len(PROFILES),
    deteriorations: int = 12,
    improvements: int = 8,
    injections: Sequence[Injection] | None = None,
    rare_indicators: int = 0,
    national_drift: float = 0.0,
) -> SyntheticDataset:
    """A SYNTHETIC dataset of the 43 made-up forces (see the module docstring for the method).

    ``injections`` replaces the random ones when given (sizes as in ``Injection``); otherwise
    ``deteriorations`` and ``improvements`` series are picked at random. ``rare_indicators``
    adds that many rare-offence rates (about one case per force in five years: zero for years,
    then a single case), drawn after everything else so the other series do not change;
    ``national_drift`` moves every force's level by that share a year (0.01: +1% a year).
    ``first`` is the first month (year, month); the values do not depend on it.
    """
    rng = np.random.default_rng(seed)
    periods = month_periods(months, first)
    chosen = profiles(indicators)
    population = np.clip(rng.lognormal(np.log(1.2e6), 0.55, len(FORCES)), 3.5e5, 4.0e6)
    force_level = rng.uniform(0.85, 1.15, (len(FORCES), len(chosen)))
    planned = list(injections) if injections is not None else _random_injections(
        rng, chosen, periods, deteriorations, improvements)
    step = _steps(planned, chosen, periods, population, force_level)
    month_of_year = np.array([int(period[5:]) for period in periods])
    summer = np.cos(2 * np.pi * (month_of_year - 7) / 12)
    drift = (1 + national_drift) ** (np.arange(len(periods)) / 12)
    series = []
    for f, force in enumerate(FORCES):
        for k, profile in enumerate(chosen):
            values = _draw(rng, profile, float(population[f]), float(force_level[f, k]), summer,
                           step.get((force, profile.name)), drift)
            series.append(Series(force, profile.name, profile.polarity, periods, tuple(values)))
    for r in range(rare_indicators):
        name = f"Made-up rare offence {r + 1:02d} per 1,000 people"
        for f, force in enumerate(FORCES):
            thousands = float(population[f]) / 1000
            counts = rng.poisson(RARE_LEVEL * thousands * drift)
            series.append(Series(force, name, "lower_is_better", periods,
                                 tuple(round(float(count) / thousands, 6) for count in counts)))
    return SyntheticDataset(
        series=tuple(series),
        groups=_groups(population),
        injections=tuple(planned),
        metadata={"synthetic": True, "seed": seed, "forces": len(FORCES), "indicators": len(chosen) + rare_indicators,
                  "months": months, "note": "MADE-UP DATA: invented forces and figures, not real police data"},
        populations={force: round(float(population[f])) for f, force in enumerate(FORCES)},
    )


def noise_sd(profile: IndicatorProfile, population: float, level: float) -> float:
    """The standard deviation of one value of a stable series (seasons aside), in its own units."""
    if profile.kind == "rate":
        thousands = population / 1000
        count = profile.level * thousands * level
        return float(np.sqrt(count + (count * LOGNORMAL_NOISE) ** 2) / thousands)
    share = (profile.level + (level - 1) * 20) / 100
    sample = max(150, int(population / 4000))
    return float(np.sqrt(PERCENTAGE_NOISE**2 + 1e4 * share * (1 - share) / sample))


def _draw(rng: np.random.Generator, profile: IndicatorProfile, population: float, level: float,
          summer: np.ndarray, step: np.ndarray | None, drift: np.ndarray) -> list[float]:
    shift = np.zeros_like(summer) if step is None else step
    if profile.kind == "rate":
        thousands = population / 1000
        mean = profile.level * thousands * level * (1 + profile.seasonal_amplitude * summer) * (1 + shift) * drift
        noisy = mean * np.exp(rng.normal(0.0, LOGNORMAL_NOISE, summer.shape))
        return [round(rate, 4) for rate in (rng.poisson(noisy) / thousands).tolist()]
    centre = (profile.level + (level - 1) * 20 + profile.seasonal_amplitude * summer) * drift + shift
    share = np.clip((centre + rng.normal(0.0, PERCENTAGE_NOISE, summer.shape)) / 100, 0.001, 0.999)
    sample = max(150, int(population / 4000))
    return [round(share, 1) for share in (100 * rng.binomial(sample, share) / sample).tolist()]


def _random_injections(rng: np.random.Generator, chosen: Sequence[IndicatorProfile], periods: Sequence[str],
                       deteriorations: int, improvements: int) -> list[Injection]:
    cells = rng.choice(len(FORCES) * len(chosen), size=deteriorations + improvements, replace=False)
    made = []
    for n, cell in enumerate(cells):
        force, profile = FORCES[int(cell) // len(chosen)], chosen[int(cell) % len(chosen)]
        start = int(rng.integers(EARLIEST_START, len(periods) - LATEST_START_FROM_END))
        direction: Direction = "deterioration" if n < deteriorations else "improvement"
        size = round(float(rng.uniform(*profile.step)), 3)
        unit: Unit = "relative" if profile.kind == "rate" else "points"
        made.append(Injection(force, profile.name, periods[start], direction, size, unit))
    return sorted(made, key=lambda one: (one.force, one.indicator))


def _steps(planned: Sequence[Injection], chosen: Sequence[IndicatorProfile], periods: Sequence[str],
           population: np.ndarray, force_level: np.ndarray) -> dict[tuple[str, str], np.ndarray]:
    position = {profile.name: k for k, profile in enumerate(chosen)}
    steps = {}
    for injection in planned:
        profile = chosen[position[injection.indicator]]
        went_up = (injection.direction == "deterioration") == (profile.polarity == "lower_is_better")
        size = injection.size
        if injection.unit == "sigma":  # in the series' own noise: relative for a rate, points for a percentage
            f, k = FORCES.index(injection.force), position[injection.indicator]
            sd = noise_sd(profile, float(population[f]), float(force_level[f, k]))
            size *= sd / (profile.level * float(force_level[f, k])) if profile.kind == "rate" else sd
        step = np.zeros(len(periods))
        step[periods.index(injection.start_period):] = size if went_up else -size
        steps[(injection.force, injection.indicator)] = step
    return steps


def _groups(population: np.ndarray) -> dict[str, tuple[str, ...]]:
    order = np.argsort(population)
    groups = {}
    for n, members in enumerate(np.array_split(order, GROUP_COUNT), start=1):
        groups[f"Made-up MSF group {n}"] = tuple(sorted(FORCES[int(i)] for i in members))
    return groups


def write(dataset: SyntheticDataset, out: Path, groups_out: Path, truth_out: Path) -> None:
    """Write the observations CSV, the groups CSV and the ground truth (JSON, flagged synthetic)."""
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csvsafe.writer(handle, lineterminator="\n")
        writer.writerow(("force", "indicator", "period", "value", "polarity"))
        for one in dataset.series:
            for period, value in zip(one.periods, one.values, strict=True):
                writer.writerow((one.force, one.indicator, period, f"{value:g}", one.polarity))
    with groups_out.open("w", newline="", encoding="utf-8") as handle:
        writer = csvsafe.writer(handle, lineterminator="\n")
        writer.writerow(("force", "group"))
        for name, members in dataset.groups.items():
            writer.writerows((force, name) for force in members)
    truth = {**dataset.metadata, "injections": [asdict(injection) for injection in dataset.injections]}
    truth_out.write_text(json.dumps(truth, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write a synthetic dataset: ``--out FILE.csv --seed N`` (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m inspectorate.core.monitoring.synthetic",
                                     description="Write MADE-UP monitoring data for made-up forces.")
    parser.add_argument("--out", type=Path, required=True, help="observations CSV to write")
    parser.add_argument("--seed", type=int, default=2007)
    parser.add_argument("--months", type=int, default=MONTHS)
    parser.add_argument("--indicators", type=int, default=len(PROFILES))
    parser.add_argument("--groups-out", type=Path, help="groups CSV (default: OUT-groups.csv)")
    parser.add_argument("--truth-out", type=Path, help="ground truth JSON (default: OUT-truth.json)")
    args = parser.parse_args(argv)
    out: Path = args.out
    groups_out = args.groups_out or out.with_name(f"{out.stem}-groups.csv")
    truth_out = args.truth_out or out.with_name(f"{out.stem}-truth.json")
    dataset = generate(args.seed, months=args.months, indicators=args.indicators)
    write(dataset, out, groups_out, truth_out)
    print(f"MADE-UP DATA (invented forces, not real police data): wrote {out}, {groups_out}, {truth_out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
