"""Seasonal adjustment: the national pattern of an indicator, estimated across forces."""

from __future__ import annotations

import pytest

from inspectorate.core.monitoring.seasonal import estimate_patterns, factors_for, season_of
from inspectorate.core.monitoring.series import Series
from inspectorate.core.monitoring.synthetic import month_periods


@pytest.mark.parametrize(("period", "season"), [
    ("2017-03", "03"), ("2017/18 Q1", "Q1"), ("2017-13", None), ("2017", None), ("Q1 2017", None)])
def test_season_of(period: str, season: str | None) -> None:
    assert season_of(period) == season


def summer_peak(force: str, level: float, years: int = 2) -> Series:
    periods = month_periods(12 * years, (2020, 1))
    values = tuple(level * (1.5 if period[5:] in ("06", "07", "08") else 1.0) for period in periods)
    return Series(force, "Violence", "lower_is_better", periods, values)


def test_the_pattern_is_the_median_ratio_to_each_series_mean_scaled_to_average_one() -> None:
    # every force: 1.5 x its level in June to August, its level otherwise; the series mean is
    # level x (9 + 4.5) / 12, so the ratios are 1.5 / 1.125 and 1 / 1.125, which average 1 already
    series = [summer_peak(f"Force {n}", 10.0 * (n + 1)) for n in range(10)]
    [(indicator, pattern)] = estimate_patterns(series).items()
    assert indicator == "Violence"
    assert pattern["07"] == pytest.approx(1.5 / 1.125)
    assert pattern["01"] == pytest.approx(1 / 1.125)
    assert sum(pattern.values()) / 12 == pytest.approx(1.0)
    assert factors_for(series[0], pattern)[:7] == tuple(pytest.approx(f) for f in [1 / 1.125] * 5 + [1.5 / 1.125] * 2)


def test_too_few_observations_leave_an_indicator_unadjusted() -> None:
    # 9 forces x 2 years = 18 observations a month, fewer than 20
    assert estimate_patterns([summer_peak(f"Force {n}", 10.0) for n in range(9)]) == {}


def test_periods_without_a_season_leave_an_indicator_unadjusted() -> None:
    series = [summer_peak(f"Force {n}", 10.0) for n in range(12)]
    odd = Series("Force X", "Violence", "lower_is_better", ("P1", "P2"), (1.0, 2.0))
    assert estimate_patterns([*series, odd]) == {}


def test_without_a_pattern_every_factor_is_one() -> None:
    assert factors_for(summer_peak("Force A", 10.0, 1), None) == (1.0,) * 12
