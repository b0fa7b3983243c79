"""Direction follows polarity: a rise is a deterioration only where lower is better."""

from __future__ import annotations

import pytest

from inspectorate.core.monitoring.series import Polarity, Series, direction_of
from inspectorate.core.monitoring.spc import chart
from inspectorate.core.monitoring.synthetic import month_periods

BASELINE = [12.0, 10.0] * 6
RISE = [12.0] * 7 + [20.0]
FALL = [10.0] * 7 + [2.0]


def directions(window: list[float], polarity: Polarity) -> set[str]:
    values = BASELINE + window
    made = chart(Series("Fenshire Constabulary", "An indicator", polarity, month_periods(len(values), (2020, 1)),
                        tuple(values)))
    assert made.signals, "the window should raise signals"
    return {signal.direction for signal in made.signals}


@pytest.mark.parametrize(("window", "polarity", "expected"), [
    (RISE, "lower_is_better", "deterioration"),
    (FALL, "lower_is_better", "improvement"),
    (RISE, "higher_is_better", "improvement"),
    (FALL, "higher_is_better", "deterioration"),
])
def test_every_signal_takes_its_direction_from_the_polarity(window: list[float], polarity: Polarity,
                                                             expected: str) -> None:
    assert directions(window, polarity) == {expected}


def test_an_improvement_is_never_reported_as_a_deterioration() -> None:
    # a lasting fall in crime and a lasting rise in satisfaction raise only improvements
    assert directions(FALL, "lower_is_better") == {"improvement"}
    assert directions(RISE, "higher_is_better") == {"improvement"}


def test_direction_of() -> None:
    assert direction_of("lower_is_better", went_up=True) == "deterioration"
    assert direction_of("higher_is_better", went_up=True) == "improvement"
    assert direction_of("higher_is_better", went_up=False) == "deterioration"
