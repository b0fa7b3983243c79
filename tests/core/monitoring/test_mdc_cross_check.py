"""The Making Data Count rules, checked rule by rule on random series against an independent
implementation: pyqicharts' ``xmr_signals`` (a test-only dependency), given the same mean and limits.

pyqicharts marks every point that takes part in a pattern anywhere in the series; our charts
report patterns that reach the monitoring window, and mark their points. So the comparison is
on the window's points, for series where neither marks a baseline point (no pattern straddles the
window's start). One reading differs and is left out: pyqicharts lets a point exactly on the mean
neither add to nor break a shift, where ours breaks it, so series with such a point are skipped.
Both use 7-point shifts and trends.
"""

from __future__ import annotations

import numpy as np
import pytest

from inspectorate.core.monitoring.series import Series
from inspectorate.core.monitoring.spc import chart
from inspectorate.core.monitoring.synthetic import month_periods

pd = pytest.importorskip("pandas")
pyqicharts = pytest.importorskip("pyqicharts")

BASELINE = 12
OURS_TO_THEIRS = {"outside_limits": ("outside_ucl", "outside_lcl"), "shift": ("shift",), "trend": ("trend",),
                  "two_of_three": ("two_sigma",)}


def _random_series(rng: np.random.Generator, whole: bool) -> list[float]:
    values = rng.normal(20, 3, 40)
    if rng.random() < 0.5:  # a step part-way through, so shifts and breaches happen
        values[int(rng.integers(14, 36)):] += rng.choice([-1, 1]) * rng.uniform(2, 9)
    if rng.random() < 0.4:  # a run of steady moves one way, so trends happen
        first, length = int(rng.integers(12, 30)), int(rng.integers(6, 10))
        moves = rng.choice([-1, 1]) * rng.uniform(0.6, 1.5, length)
        values[first:first + length] = values[first] + np.cumsum(moves)[:len(values[first:first + length])]
    values = np.round(values) if whole else np.round(values, 2)
    return values.tolist()


def _marks(values: list[float]) -> tuple[tuple[tuple[str, ...], ...], list[set[str]], float]:
    made = chart(Series("Fenshire Constabulary", "Burglary", "lower_is_better", month_periods(len(values)),
                        tuple(values)))
    assert made.mean is not None and made.lower_limit is not None and made.upper_limit is not None
    theirs = pyqicharts.xmr_signals(pd.Series(values), made.mean, made.lower_limit, made.upper_limit,
                                    config=pyqicharts.XmrRuleConfig(shift_points=7, trend_points=7))
    other = [{rule for rule, columns in OURS_TO_THEIRS.items() if any(bool(theirs.at[i, c]) for c in columns)}
             for i in range(len(values))]
    return made.marks(), other, made.mean


def _compare(values: list[float], marks: tuple[tuple[tuple[str, ...], ...], list[set[str]], float] | None = None
             ) -> list[str]:
    ours, theirs, _ = marks or _marks(values)
    return [f"{rule} at point {i}: ours {rule in ours[i]}, pyqicharts {rule in theirs[i]}"
            for rule in OURS_TO_THEIRS for i in range(BASELINE, len(values))
            if (rule in ours[i]) != (rule in theirs[i])]


@pytest.mark.parametrize("whole", [False, True], ids=["decimals", "whole-numbers-with-repeats"])
def test_the_rules_agree_with_pyqicharts_on_random_series(whole: bool) -> None:
    rng = np.random.default_rng(13 if whole else 12)
    checked, fired = 0, {rule: 0 for rule in OURS_TO_THEIRS}
    for _ in range(60):
        values = _random_series(rng, whole)
        marks = _marks(values)
        ours, theirs, mean = marks
        if any(abs(value - mean) < 1e-9 for value in values):
            continue  # a point on the mean: the one reading that differs (see above)
        if any(ours[:BASELINE]) or any(theirs[:BASELINE]):
            continue  # a pattern reaching back into the baseline
        assert _compare(values, marks) == [], values
        for rules in ours[BASELINE:]:
            for rule in rules:
                fired[rule] += 1
        checked += 1
    assert checked > 20
    assert all(count > 5 for count in fired.values()), fired  # every rule was exercised


def test_a_repeat_inside_a_trend_agrees_with_pyqicharts() -> None:
    values = [12.0, 10.0] * 5 + [12.0, 11.0] + [9.5, 10.0, 10.5, 10.5, 12.0, 12.5, 13.0, 13.2, 11.0]
    assert _compare(values) == []
    assert any("trend" in rules for rules in chart(Series("F", "B", "lower_is_better", month_periods(len(values)),
                                                           tuple(values))).marks())


def test_a_single_case_after_a_baseline_of_zeros_is_not_beyond_the_limits() -> None:
    made = chart(Series("Fenshire Constabulary", "Firearms offences", "lower_is_better", month_periods(24),
                        tuple([0.0] * 20 + [1.0, 0.0, 0.0, 0.0])))
    assert made.moving_range_mean == 0 and made.sigma == 1.0
    assert made.signals == ()
    burst = chart(Series("Fenshire Constabulary", "Firearms offences", "lower_is_better", month_periods(24),
                         tuple([0.0] * 20 + [4.0, 0.0, 0.0, 0.0])))
    assert [signal.rule for signal in burst.signals] == ["outside_limits"]
