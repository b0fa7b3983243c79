"""The baseline: where the limits come from, what it may not signal, series too short to chart."""

from __future__ import annotations

import pytest

from inspectorate.core.monitoring.series import Series
from inspectorate.core.monitoring.spc import SpcConfig, chart, scan
from inspectorate.core.monitoring.synthetic import month_periods


def series(values: list[float], force: str = "Fenshire Constabulary") -> Series:
    return Series(force, "Burglary", "lower_is_better", month_periods(len(values), (2020, 1)), tuple(values))


def test_patterns_inside_the_baseline_raise_nothing() -> None:
    # mean 11, MR-bar 6 / 11: the six 14s lie beyond the upper limit (12.45) and make a run,
    # but all inside the baseline; the window's points sit on the mean
    made = chart(series([8.0] * 6 + [14.0] * 6 + [11.0] * 3))
    assert made.upper_limit == pytest.approx(11 + 2.66 * 6 / 11)
    assert made.signals == ()


def test_a_breach_that_began_in_the_baseline_is_reported_at_the_first_window_point() -> None:
    [signal] = [s for s in chart(series([8.0] * 6 + [14.0] * 6 + [14.0, 11.0])).signals if s.rule == "outside_limits"]
    assert (signal.period, signal.start_period, signal.end_period) == ("2021-01", "2020-07", "2021-01")


def test_only_the_baseline_sets_the_limits() -> None:
    made = chart(series([12.0, 10.0] * 6 + [100.0, 100.0]))
    assert made.mean == pytest.approx(11.0)
    assert made.moving_range_mean == pytest.approx(2.0)


def test_a_longer_baseline_can_be_configured() -> None:
    made = chart(series([12.0, 10.0] * 7 + [11.0]), SpcConfig(baseline_points=14))
    assert made.baseline_points == 14
    assert made.mean == pytest.approx(11.0)
    assert made.moving_range_mean == pytest.approx(2.0)
    assert not made.too_short


def test_a_baseline_shorter_than_twelve_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 12"):
        SpcConfig(baseline_points=11)


def test_a_series_of_exactly_the_baseline_is_too_short_but_has_limits() -> None:
    made = chart(series([12.0, 10.0] * 6))
    assert made.too_short
    assert made.signals == ()
    assert made.upper_limit == pytest.approx(16.32)


def test_a_series_shorter_than_the_baseline_has_no_limits() -> None:
    made = chart(series([12.0, 100.0] * 5))
    assert made.too_short
    assert (made.mean, made.lower_limit, made.upper_limit, made.centre_line(), made.limit_lines()) == (
        None, None, None, None, None)
    assert made.signals == ()


def test_thirteen_points_are_enough_for_a_signal() -> None:
    [signal] = chart(series([12.0, 10.0] * 6 + [30.0])).signals
    assert (signal.rule, signal.period, signal.periods_ago) == ("outside_limits", "2021-01", 0)


def test_scanning_many_series_at_once_matches_charting_each() -> None:
    many = [
        series([12.0, 10.0] * 6 + [12.0] * 8, "Fenshire Constabulary"),
        series([12.0, 10.0] * 6 + [30.0], "Wealdmarsh Constabulary"),
        series([12.0, 10.0] * 5, "Ambervale Police"),
        series([11.0, 13.0] * 6 + [9.0, 20.0, 11.0, 10.0], "Larkmoor Police"),
    ]
    assert scan(many) == [chart(one) for one in many]


def test_seasonal_factors_scale_the_lines_drawn_on_raw_values() -> None:
    pattern = {f"{month:02d}": (1.2 if month in (6, 7, 8) else 1.0) for month in range(1, 13)}
    values = [12.0, 10.0] * 6 + [11.0] * 12
    values[17] = 11.0 * 1.2  # June 2021: a summer value that adjustment brings back to the mean
    made = chart(series(values), pattern=pattern)
    assert made.seasonally_adjusted
    assert made.seasonal_factors[17] == 1.2
    assert made.adjusted_values[17] == pytest.approx(11.0)
    centre = made.centre_line()
    assert centre is not None and centre[17] == pytest.approx(made.mean * 1.2)  # type: ignore[operator]


def test_two_of_three_with_one_point_in_the_baseline_fires_at_the_window_point() -> None:
    # mean 139 / 12 = 11.583, MR-bar 25 / 11 = 2.273: 2 sigma at 15.61, the limit at 17.63
    values = [12.0, 10.0] * 5 + [12.0, 17.0] + [12.0, 16.5, 11.0]  # 17, 12, 16.5 all above the mean
    made = chart(series(values))
    assert made.upper_two_sigma == pytest.approx(139 / 12 + 2 * 2.66 / 3 * 25 / 11)
    [signal] = made.signals
    assert (signal.rule, signal.period, signal.start_period, signal.end_period) == (
        "two_of_three", "2021-02", "2020-12", "2021-02")
