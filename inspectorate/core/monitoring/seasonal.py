"""Seasonal adjustment: each indicator's national seasonal pattern, taken out before charting.

Monthly crime counts swing with the seasons (violence peaks in summer, burglary in the dark
months). An XmR chart's limits come from month-to-month moving ranges, which a smooth seasonal
swing barely moves, so on raw monthly counts every summer would break the limits: the chart
would cry wolf every year. So, for each indicator, the seasonal pattern is estimated from all
forces together, and each value is divided by its season's factor before it is charted.

- The season is the calendar month of a ``YYYY-MM`` period or the quarter of a ``2017/18 Q1``
  period; an indicator with any other period, or with a season seen fewer than
  ``MIN_OBSERVATIONS`` times across forces and years, is not adjusted (its factors are all 1).
- Each series' values are divided by the series' own mean (series whose mean is not positive
  are left out of the estimate); a season's factor is the median of these ratios over every
  force and year, and the factors are scaled to average 1. The median keeps a few forces with
  genuine changes from bending the national pattern.

The pattern is assumed to be shared by all forces: the adjustment removes the national
seasonal swing, not a force's own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np

from inspectorate.core.monitoring.periods import month_of, quarter_of
from inspectorate.core.monitoring.series import Series

MIN_OBSERVATIONS = 20

SeasonalPattern = Mapping[str, float]


def season_of(period: str) -> str | None:
    """The season of a period: ``"03"`` for ``2017-03``, ``"Q1"`` for ``2017/18 Q1``, else None."""
    if month := month_of(period):
        return f"{month:02d}"
    if quarter := quarter_of(period):
        return f"Q{quarter}"
    return None


def estimate_patterns(series: Sequence[Series]) -> dict[str, dict[str, float]]:
    """Each indicator's seasonal factors by season; indicators that cannot be adjusted are left out."""
    ratios: dict[str, dict[str, list[np.ndarray]]] = {}
    unusable: set[str] = set()
    for one in series:
        seasons = _seasons(one.periods)
        if seasons is None:
            unusable.add(one.indicator)
            continue
        values = np.asarray(one.values, dtype=np.float64)
        mean = values.mean() if len(values) else 0.0
        if mean <= 0:
            continue
        by_season = ratios.setdefault(one.indicator, {})
        for season, positions in seasons.items():
            by_season.setdefault(season, []).append(values[positions] / mean)
    patterns = {}
    for indicator, by_season in ratios.items():
        if indicator in unusable:
            continue
        pooled = {season: np.concatenate(parts) for season, parts in by_season.items()}
        full_cycle = 12 if all(len(season) == 2 for season in pooled) else 4
        if len(pooled) < full_cycle or min(len(values) for values in pooled.values()) < MIN_OBSERVATIONS:
            continue
        medians = {season: float(np.median(values)) for season, values in pooled.items()}
        scale = sum(medians.values()) / len(medians)
        if min(medians.values()) <= 0:
            continue
        patterns[indicator] = {season: medians[season] / scale for season in sorted(medians)}
    return patterns


def factors_for(series: Series, pattern: SeasonalPattern | None) -> tuple[float, ...]:
    """The factor each of the series' values is divided by (all 1.0 without a pattern)."""
    if not pattern:
        return (1.0,) * len(series.periods)
    return _factors(series.periods, tuple(sorted(pattern.items())))


@lru_cache(maxsize=256)
def _factors(periods: tuple[str, ...], pattern: tuple[tuple[str, float], ...]) -> tuple[float, ...]:
    by_season = dict(pattern)
    return tuple(by_season.get(season_of(period) or "", 1.0) for period in periods)


@lru_cache(maxsize=256)
def _seasons(periods: tuple[str, ...]) -> dict[str, np.ndarray] | None:
    """The positions of each season in a run of periods; None if any period has no season."""
    seasons = [season_of(period) for period in periods]
    if None in seasons:
        return None
    keys = np.array(seasons)
    return {str(season): np.flatnonzero(keys == season) for season in sorted(set(keys))}
