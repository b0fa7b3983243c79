"""Known answers for each XmR rule and its exact boundary, on hand-computed series.

Every series starts with the same 12-point baseline, 12, 10, 12, 10, ...: mean 11, every
moving range 2, so MR-bar = 2, the limits are 11 +/- 2.66 x 2 = 5.68 and 16.32, sigma is
2.66 / 3 x 2 = 1.7733 and the 2-sigma lines are 7.4533 and 14.5467. The baseline ends on 10,
below the mean, so a run above the mean starts in the monitoring window.
"""

from __future__ import annotations

import pytest

from inspectorate.core.monitoring.series import Polarity, Series, Signal
from inspectorate.core.monitoring.spc import chart
from inspectorate.core.monitoring.synthetic import month_periods

BASELINE = [12.0, 10.0] * 6


def series(window: list[float], polarity: Polarity = "lower_is_better") -> Series:
    values = BASELINE + window
    return Series("Fenshire Constabulary", "Burglary", polarity, month_periods(len(values), (2020, 1)), tuple(values))


def fired(window: list[float], rule: str | None = None) -> list[Signal]:
    signals = chart(series(window)).signals
    return [signal for signal in signals if rule is None or signal.rule == rule]


def test_the_baseline_gives_the_hand_computed_limits() -> None:
    made = chart(series([11.0]))
    assert made.mean == pytest.approx(11.0)
    assert made.moving_range_mean == pytest.approx(2.0)
    assert made.lower_limit == pytest.approx(5.68)
    assert made.upper_limit == pytest.approx(16.32)
    assert made.sigma == pytest.approx(1.773333, abs=1e-6)
    assert made.lower_two_sigma == pytest.approx(7.453333, abs=1e-6)
    assert made.upper_two_sigma == pytest.approx(14.546667, abs=1e-6)
    assert made.signals == ()


@pytest.mark.parametrize("value", [16.32, 5.68])
def test_a_point_exactly_on_a_limit_is_not_beyond_it(value: float) -> None:
    assert fired([11.0, value, 11.0], "outside_limits") == []


@pytest.mark.parametrize(("value", "direction"), [(16.33, "deterioration"), (5.67, "improvement")])
def test_a_point_just_beyond_a_limit_is_a_signal(value: float, direction: str) -> None:
    [signal] = fired([11.0, value, 11.0], "outside_limits")
    assert (signal.period, signal.direction, signal.value) == ("2021-02", direction, value)
    assert (signal.start_period, signal.end_period, signal.points) == ("2021-02", "2021-02", 1)


def test_points_beyond_a_limit_in_a_row_are_one_signal() -> None:
    [signal] = fired([11.0, 17.0, 17.0, 17.0, 11.0], "outside_limits")
    assert (signal.period, signal.start_period, signal.end_period, signal.points) == (
        "2021-02", "2021-02", "2021-04", 3)


def test_two_separate_breaches_are_two_signals() -> None:
    assert [s.period for s in fired([17.0, 11.0, 17.0], "outside_limits")] == ["2021-01", "2021-03"]


def test_six_points_above_the_mean_are_not_a_shift() -> None:
    assert fired([12.0] * 6 + [11.0]) == []


def test_the_seventh_point_above_the_mean_completes_a_shift() -> None:
    [signal] = fired([12.0] * 7 + [11.0])
    assert (signal.rule, signal.period, signal.direction) == ("shift", "2021-07", "deterioration")
    assert (signal.start_period, signal.end_period, signal.points) == ("2021-01", "2021-07", 7)


def test_a_longer_shift_is_still_one_signal_at_its_seventh_point() -> None:
    [signal] = fired([12.0] * 10)
    assert (signal.period, signal.end_period, signal.points, signal.periods_ago) == ("2021-07", "2021-10", 10, 0)


def test_a_point_on_the_mean_breaks_a_run() -> None:
    assert fired([12.0] * 3 + [11.0] + [12.0] * 4) == []


def test_seven_points_below_the_mean_are_a_shift_down() -> None:
    # the baseline's last point (10) is below the mean too: the run is complete at the 6th window point
    [signal] = fired([10.0] * 6 + [11.0])
    assert (signal.rule, signal.period, signal.start_period, signal.direction) == (
        "shift", "2021-06", "2020-12", "improvement")


def test_six_points_rising_are_not_a_trend() -> None:
    # 10 repeats the baseline's last value, so the rise is 10, 10.5, 11.5, 12, 12.5, 13: six points
    assert fired([10.0, 10.5, 11.5, 12.0, 12.5, 13.0, 12.0]) == []


def test_seven_points_rising_are_a_trend() -> None:
    [signal] = fired([9.5, 10.0, 10.5, 11.5, 12.0, 12.5, 13.0, 12.0])
    assert (signal.rule, signal.period, signal.direction) == ("trend", "2021-07", "deterioration")
    assert (signal.start_period, signal.end_period, signal.points) == ("2021-01", "2021-07", 7)


def test_a_repeated_value_neither_adds_to_nor_breaks_a_trend() -> None:
    # NHS England's guide: a repeat does not count as a move, and does not end the trend
    assert fired([9.5, 10.0, 10.5, 10.5, 12.0, 12.5, 13.0, 12.0], "trend") == []  # five rises and a repeat
    [signal] = fired([9.5, 10.0, 10.5, 10.5, 12.0, 12.5, 13.0, 13.2], "trend")  # six rises and a repeat
    assert (signal.period, signal.start_period, signal.end_period, signal.points) == (
        "2021-08", "2021-01", "2021-08", 8)
    marks = chart(series([9.5, 10.0, 10.5, 10.5, 12.0, 12.5, 13.0, 13.2])).marks()[12:]
    assert [("trend" in rules) for rules in marks] == [True, True, True, False, True, True, True, True]


def test_seven_points_falling_are_a_trend_down() -> None:
    [signal] = fired([12.5, 12.0, 11.5, 10.5, 10.0, 9.5, 9.0, 10.0])
    assert (signal.rule, signal.period, signal.direction) == ("trend", "2021-07", "improvement")


def test_two_of_three_beyond_two_sigma_on_one_side() -> None:
    [signal] = fired([11.0, 15.0, 12.0, 15.0, 11.0])
    assert (signal.rule, signal.period, signal.direction) == ("two_of_three", "2021-04", "deterioration")
    assert (signal.start_period, signal.end_period) == ("2021-02", "2021-04")


@pytest.mark.parametrize("middle", [10.0, 11.0, 7.0])
def test_two_of_three_needs_all_three_points_on_the_same_side_of_the_mean(middle: float) -> None:
    # the Making Data Count reading: 15, 9, 15 is not a signal (a point on the mean is on neither side)
    assert fired([11.0, 15.0, middle, 15.0, 11.0], "two_of_three") == []


def test_two_beyond_two_sigma_but_four_points_apart_are_not_two_of_three() -> None:
    assert fired([15.0, 11.0, 11.0, 15.0]) == []


def test_two_beyond_two_sigma_on_opposite_sides_are_not_two_of_three() -> None:
    assert fired([15.0, 11.0, 7.0, 11.0]) == []


def test_a_point_inside_two_sigma_does_not_count() -> None:
    assert fired([14.5, 14.5, 11.0]) == []


def test_only_the_points_beyond_two_sigma_are_marked_two_of_three() -> None:
    made = chart(series([15.0, 12.0, 15.0]))
    assert made.marks()[12:] == (("two_of_three",), (), ("two_of_three",))


def test_marks_show_which_points_took_part_in_which_rule() -> None:
    made = chart(series([11.0, 15.0, 12.0, 15.0, 17.0]))
    marks = made.marks()[12:]
    assert marks == ((), ("two_of_three",), (), ("two_of_three",), ("outside_limits", "two_of_three"))
