"""Peer comparison with most-similar forces: funnel limits on hand-computed cases."""

from __future__ import annotations

import math

import pytest

from inspectorate.core.monitoring.peers import WINSOR_CONSISTENCY, Z_95, Z_998, compare_with_peers, peers_by_force
from inspectorate.core.monitoring.series import Polarity, Series

FORCES = [f"Force {letter}" for letter in "ABCDEFGHIJ"]


def latest(values: dict[str, float], polarity: Polarity = "lower_is_better",
           indicator: str = "Burglary") -> list[Series]:
    periods = ("2024-02", "2024-03")
    return [Series(force, indicator, polarity, periods, (value, value)) for force, value in values.items()]


def test_peers_are_the_other_members_of_every_group_a_force_is_in() -> None:
    groups = {"G1": ("Force A", "Force B", "Force C"), "G2": ("Force A", "Force D")}
    assert peers_by_force(groups) == {
        "Force A": ("Force B", "Force C", "Force D"),
        "Force B": ("Force A", "Force C"),
        "Force C": ("Force A", "Force B"),
        "Force D": ("Force A",),
    }


def test_a_count_far_above_its_peers_is_a_998_outlier() -> None:
    # nine forces record 100 burglaries, Force J 140. Force J's peers average 100: Poisson
    # sd 10, limits 100 +/- 30.9 at 99.8%. Each other force's peers average 940 / 9 = 104.44.
    # The over-dispersion estimate stays below 1 (Force J's z of 4 is winsorised), so the
    # limits are plain Poisson.
    values = dict.fromkeys(FORCES, 100.0) | {"Force J": 140.0}
    comparisons = {c.force: c for c in compare_with_peers(latest(values), {"MSF": tuple(FORCES)})}
    j = comparisons["Force J"]
    assert (j.peer_mean, j.standard_deviation, j.count_based, j.dispersion) == (100.0, 10.0, True, 1.0)
    assert j.limits(Z_998) == pytest.approx((69.0977, 130.9023), abs=1e-4)
    assert j.limits(Z_95) == pytest.approx((80.4004, 119.5996), abs=1e-4)
    signal = j.signal()
    assert signal is not None
    assert (signal.rule, signal.direction, signal.period, signal.value) == (
        "peer_outlier_998", "deterioration", "2024-03", 140.0)
    a = comparisons["Force A"]
    assert a.peer_mean == pytest.approx(104.4444, abs=1e-4)
    assert a.standard_deviation == pytest.approx(math.sqrt(940 / 9))
    assert a.signal() is None


def test_between_the_95_and_998_limits_is_a_95_outlier() -> None:
    values = dict.fromkeys(FORCES, 100.0) | {"Force J": 125.0}
    [signal] = [s for c in compare_with_peers(latest(values), {"MSF": tuple(FORCES)}) if (s := c.signal())]
    assert (signal.force, signal.rule) == ("Force J", "peer_outlier_95")


def test_below_peers_on_a_higher_is_better_indicator_is_a_deterioration() -> None:
    values = dict.fromkeys(FORCES, 100.0) | {"Force J": 60.0}
    [signal] = [s for c in compare_with_peers(latest(values, "higher_is_better"), {"MSF": tuple(FORCES)})
                if (s := c.signal())]
    assert (signal.force, signal.rule, signal.direction) == ("Force J", "peer_outlier_998", "deterioration")


def test_non_counts_use_the_winsorised_spread_of_the_peers() -> None:
    # satisfaction 70.5, 72.5, 74.5, 76.5: each force's residual from its peers' mean is
    # -4, -4/3, 4/3, 4; winsorised at the 10th/90th percentiles (+/-3.2) the mean square is
    # (3.2^2 + (4/3)^2) / 2, divided by the consistency factor 0.6787
    values = {"Force A": 70.5, "Force B": 72.5, "Force C": 74.5, "Force D": 76.5}
    comparisons = compare_with_peers(latest(values, "higher_is_better", "Satisfaction (%)"),
                                     {"MSF": tuple(values)})
    dispersion = (3.2**2 + (4 / 3) ** 2) / 2 / WINSOR_CONSISTENCY
    assert WINSOR_CONSISTENCY == pytest.approx(0.67865, abs=1e-5)
    assert [c.count_based for c in comparisons] == [False] * 4
    assert [c.standard_deviation for c in comparisons] == [pytest.approx(math.sqrt(dispersion))] * 4
    assert [c.peer_mean for c in comparisons] == [pytest.approx(v) for v in (74.5, 73.8333, 73.1667, 72.5)]
    assert all(c.signal() is None for c in comparisons)


def test_a_force_with_fewer_than_three_peers_reporting_is_not_compared() -> None:
    values = {"Force A": 100.0, "Force B": 100.0, "Force C": 300.0}
    assert compare_with_peers(latest(values), {"MSF": tuple(values)}) == []


def test_only_the_latest_period_is_compared() -> None:
    # Forces A to C and K report April 2024, the latest period; the others stop at March
    series = latest(dict.fromkeys(FORCES, 100.0))
    april = [Series(force, "Burglary", "lower_is_better", ("2024-03", "2024-04"), (100.0, value))
             for force, value in (("Force A", 100.0), ("Force B", 100.0), ("Force C", 100.0), ("Force K", 900.0))]
    series = [one for one in series if one.force not in {"Force A", "Force B", "Force C"}] + april
    comparisons = compare_with_peers(series, {"MSF": (*FORCES, "Force K")})
    assert {c.period for c in comparisons} == {"2024-04"}
    assert [c.force for c in comparisons] == ["Force A", "Force B", "Force C", "Force K"]
    assert comparisons[-1].peers == ("Force A", "Force B", "Force C")
