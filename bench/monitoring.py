"""Benchmark of the monitoring core at national scale, on SYNTHETIC data (made-up forces, not real police data).

43 made-up forces x 100 indicators (95 crime rates and percentages, 5 rare-offence rates that are
zero for years and then a single case) x 60 months, 20 seeds. For each seed and each size of
decline (1.5, 2 and 3 sigma, and 35%), one randomly chosen force's randomly chosen indicator
declines over the last 6 months; the benchmark prints the declining force's rank in the risk
ranking, whether the decline raised a CUSUM alarm (the signal that reaches the risk register),
the chance alarm rate on all the other series (the in-control average run length), and, on a
second set of declines starting anywhere in the window, the detection delay. Sigma is the
series' own standard deviation over the 54 months before the step, after the national seasonal
pattern is taken out. A last part adds a national drift of +1% a year.

Run: ``.venv/bin/python bench/monitoring.py`` (``--seeds N`` for fewer seeds, ``--workers N``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

from inspectorate.core.monitoring.evidence import EvidenceConfig, assess, national_index
from inspectorate.core.monitoring.monitor import MonitorResult, monitor
from inspectorate.core.monitoring.seasonal import estimate_patterns, factors_for
from inspectorate.core.monitoring.series import SPC_RULES, Series
from inspectorate.core.monitoring.synthetic import generate

SEEDS = range(1001, 1021)
INDICATORS, RARE, MONTHS, DECLINE_MONTHS = 95, 5, 60, 6
SIZES: tuple[tuple[str, float, str], ...] = (
    ("1.5 sigma", 1.5, "sigma"), ("2 sigma", 2.0, "sigma"), ("3 sigma", 3.0, "sigma"), ("35%", 0.35, "relative"))
DELAY_SERIES = 60  # declines per size and seed that start anywhere in the window
WINDOW_START = 12


@dataclass
class SeedResult:
    seed: int
    ranks: dict[str, int] = field(default_factory=dict)
    flagged: dict[str, bool] = field(default_factory=dict)
    chance_alarms: int = 0
    chance_months: int = 0
    mdc_alarms: int = 0
    delays: dict[str, list[int | None]] = field(default_factory=dict)
    late_delays: dict[str, list[int | None]] = field(default_factory=dict)
    seconds: float = 0.0


def _step(one: Series, size: float, unit: str, start: int, sigma: float, level: float) -> Series:
    """The series with a step from ``start`` on: ``size`` relative, or ``size`` sigma (relative for a rate)."""
    values = np.asarray(one.values, dtype=np.float64)
    sign = 1.0 if one.polarity == "lower_is_better" else -1.0
    stepped = values.copy()
    if unit == "relative":
        stepped[start:] *= 1 + sign * size
    elif one.indicator.endswith("people"):  # a rate: the seasons scale the step too
        stepped[start:] *= 1 + sign * size * sigma / level
    else:
        stepped[start:] += sign * size * sigma
    return replace(one, values=tuple(np.round(stepped, 4).tolist()))


def _noise(one: Series, pattern: Mapping[str, float] | None, before: int) -> tuple[float, float]:
    """The series' standard deviation and mean before ``before``, seasonal pattern taken out."""
    adjusted = np.asarray(one.values, dtype=np.float64) / np.asarray(factors_for(one, pattern))
    return float(adjusted[:before].std(ddof=1)), float(adjusted[:before].mean())


def _deterioration_alarms(result: MonitorResult, rule: str = "cusum") -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for signal in result.signals:
        wanted = signal.rule == rule or (rule == "mdc" and signal.rule in SPC_RULES)
        if signal.direction == "deterioration" and wanted:
            found.setdefault((signal.force, signal.indicator), []).append(signal.period)
    return found


def run_seed(seed: int) -> SeedResult:
    started = time.perf_counter()
    out = SeedResult(seed)
    data = generate(seed, months=MONTHS, indicators=INDICATORS, rare_indicators=RARE, injections=[])
    rng = np.random.default_rng(seed + 5000)
    patterns = estimate_patterns(data.series)
    periods = data.series[0].periods
    start = MONTHS - DECLINE_MONTHS
    ordinary = [i for i, one in enumerate(data.series) if "rare offence" not in one.indicator]
    rates = [i for i in ordinary if data.series[i].indicator.endswith("people")]
    for label, size, unit in SIZES:
        chosen = int(rng.choice(rates if unit == "relative" else ordinary))
        target = data.series[chosen]
        series = list(data.series)
        series[chosen] = _step(target, size, unit, start, *_noise(target, patterns.get(target.indicator), start))
        result = monitor(series, data.groups)
        rank = next(n for n, risk in enumerate(result.ranking, start=1) if risk.force == target.force)
        out.ranks[label] = rank
        alarms = _deterioration_alarms(result)
        found = alarms.get((target.force, target.indicator), [])
        out.flagged[label] = any(period >= periods[start] for period in found)
        mdc = _deterioration_alarms(result, "mdc")
        for one in series:
            key = (one.force, one.indicator)
            if key == (target.force, target.indicator):
                continue
            out.chance_alarms += len(alarms.get(key, []))
            out.mdc_alarms += len(mdc.get(key, []))
            out.chance_months += MONTHS - WINDOW_START
    # detection delay: declines starting anywhere from month 25 to month 54, several series at once
    picks = rng.choice(ordinary, size=DELAY_SERIES * 3, replace=False)
    series = list(data.series)
    starts: dict[int, tuple[str, int]] = {}
    for n, chosen in enumerate(picks.tolist()):
        label, size, unit = SIZES[n % 3]
        # half over the last 6 months (as in the ranking), half from anywhere in months 25 to 55
        first = MONTHS - DECLINE_MONTHS if n % 2 else int(rng.integers(24, MONTHS - DECLINE_MONTHS + 1))
        target = series[chosen]
        series[chosen] = _step(target, size, unit, first, *_noise(target, patterns.get(target.indicator), first))
        starts[chosen] = (label, first)
    evidence = assess(series, EvidenceConfig(), patterns, national=national_index(series))
    for chosen, (label, first) in starts.items():
        fired = [periods.index(s.period) for s in evidence[chosen].signals
                 if s.direction == "deterioration" and periods.index(s.period) >= first]
        into = out.late_delays if first == MONTHS - DECLINE_MONTHS else out.delays
        into.setdefault(label, []).append(min(fired) - first if fired else None)
    out.seconds = time.perf_counter() - started
    return out


def drift(seed: int) -> tuple[float, float, float]:
    """Chance alarms per series-month with +1% a year national drift: national index, seasonal only, MDC."""
    data = generate(seed, months=MONTHS, indicators=INDICATORS, rare_indicators=RARE, injections=[],
                    national_drift=0.01)
    patterns = estimate_patterns(data.series)
    months = len(data.series) * (MONTHS - WINDOW_START)
    rates = []
    for national in (None, {}):
        evidence = assess(data.series, EvidenceConfig(), patterns, national=national)
        rates.append(sum(1 for one in evidence for s in one.signals if s.direction == "deterioration") / months)
    result = monitor(data.series, data.groups)
    rates.append(sum(len(v) for v in _deterioration_alarms(result, "mdc").values()) / months)
    return rates[0], rates[1], rates[2]


def report(results: Sequence[SeedResult], drifts: Sequence[tuple[float, float, float]], wall: float) -> None:
    seeds = len(results)
    print(f"Ranking: the declining force's rank among 43 (1 = first), {seeds} seeds, one decline over the last "
          f"{DECLINE_MONTHS} months, {RARE} rare-offence indicators present:")
    for label, _, _ in SIZES:
        ranks = [one.ranks[label] for one in results]
        flagged = sum(one.flagged[label] for one in results)
        print(f"  {label:>9}: first in {sum(rank == 1 for rank in ranks)}/{seeds}, median rank "
              f"{statistics.median(ranks):g}, worst {max(ranks)}; the decline raised a CUSUM alarm in "
              f"{flagged}/{seeds}; ranks {ranks}")
    alarms = sum(one.chance_alarms for one in results)
    months = sum(one.chance_months for one in results)
    mdc = sum(one.mdc_alarms for one in results)
    print(f"Chance alarms on series without a decline ({months:,} series-months of monitoring window):")
    print(f"  CUSUM deterioration alarms (what reaches the risk register): {alarms:,} = {alarms / months:.3%} of "
          f"series-months, an in-control average run length of {months / max(alarms, 1):,.0f} months")
    print(f"  Making Data Count deterioration signals (reported, not scored): {mdc:,} = {mdc / months:.2%} of "
          f"series-months")
    for title, part in ((f"over the last {DECLINE_MONTHS} months", "late_delays"),
                        (f"starting anywhere in months 25-{MONTHS - DECLINE_MONTHS + 1}", "delays")):
        print(f"Detection of declines {title} ({DELAY_SERIES // 2} per size and seed, {DELAY_SERIES * 3 // 2} "
              f"series at once):")
        for label, _, _ in SIZES[:3]:
            delays = [d for one in results for d in getattr(one, part).get(label, [])]
            within = [d for d in delays if d is not None and d < DECLINE_MONTHS]
            found = [d for d in delays if d is not None]
            print(f"  {label:>9}: flagged within {DECLINE_MONTHS} months in {len(within)}/{len(delays)} = "
                  f"{len(within) / len(delays):.1%} of series; delay from the step to the alarm: median "
                  f"{statistics.median(found):g} months, 90th percentile {np.percentile(found, 90):g}")
    if drifts:
        national, seasonal, mdc_drift = (statistics.mean(part) for part in zip(*drifts, strict=True))
        print(f"National drift of +1% a year ({len(drifts)} seeds, no decline): CUSUM alarms on "
              f"{national:.3%} of series-months with the national index (the default), {seasonal:.2%} with the "
              f"seasonal pattern only; Making Data Count signals {mdc_drift:.2%}")
    print(f"Whole benchmark: {wall:.0f} s wall-clock on {os.cpu_count()} CPUs "
          f"(load average {os.getloadavg()[0]:.1f} at the end); per seed "
          f"{statistics.median(one.seconds for one in results):.1f} s (median)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=len(SEEDS))
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--drift-seeds", type=int, default=2)
    args = parser.parse_args(argv)
    print("SYNTHETIC DATA: every force and figure below is made up (inspectorate.core.monitoring.synthetic).")
    started = time.perf_counter()
    seeds = list(SEEDS)[:args.seeds]
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(run_seed, seeds))
        drifts = list(pool.map(drift, [2001 + n for n in range(args.drift_seeds)]))
    report(results, drifts, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
