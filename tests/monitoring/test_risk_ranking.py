"""The risk score and the ranking of forces."""

from __future__ import annotations

import pytest

from inspectorate.monitoring.risk import RiskConfig, contribution, rank_forces
from inspectorate.monitoring.series import Direction, Rule, Signal


def signal(force: str, rule: Rule, *, direction: Direction = "deterioration", periods_ago: int = 0,
           points: int = 1, indicator: str = "Burglary") -> Signal:
    return Signal(force, indicator, "2024-03", rule, direction, 1.0, "2024-03", "2024-03", points, periods_ago, "")


def test_contribution_is_the_weight_decayed_by_age() -> None:
    assert contribution(signal("A", "outside_limits")) == 2.0
    assert contribution(signal("A", "outside_limits", periods_ago=3)) == pytest.approx(1.0)
    assert contribution(signal("A", "outside_limits", periods_ago=6)) == pytest.approx(0.5)
    assert contribution(signal("A", "peer_outlier_998")) == 3.0
    assert contribution(signal("A", "peer_outlier_95")) == 0.0
    assert contribution(signal("A", "trend")) == 1.0


def test_a_longer_shift_weighs_more_up_to_three_times() -> None:
    assert contribution(signal("A", "shift", points=7)) == pytest.approx(3.0)
    assert contribution(signal("A", "shift", points=14)) == pytest.approx(6.0)
    assert contribution(signal("A", "shift", points=40)) == pytest.approx(9.0)


def test_improvements_never_add_risk() -> None:
    assert contribution(signal("A", "outside_limits", direction="improvement")) == 0.0
    [risk] = rank_forces([signal("A", "shift", direction="improvement", points=30)], ["A"])
    assert risk.score == 0.0


def test_only_the_latest_signal_of_a_rule_on_an_indicator_counts() -> None:
    signals = [signal("A", "outside_limits", periods_ago=3), signal("A", "outside_limits", periods_ago=0),
               signal("A", "outside_limits", periods_ago=0, indicator="Violence")]
    [risk] = rank_forces(signals, ["A"])
    assert risk.score == 4.0
    assert [part[1] for part in risk.contributions] == [2.0, 2.0]


def test_ranking_by_score_then_name_includes_forces_without_signals() -> None:
    signals = [signal("Wealdmarsh", "outside_limits"), signal("Fenshire", "shift", points=7),
               signal("Ambervale", "outside_limits"), signal("Larkmoor", "shift", direction="improvement")]
    ranking = rank_forces(signals, ["Ambervale", "Fenshire", "Larkmoor", "Oakenfold", "Wealdmarsh"])
    assert [(r.force, r.score) for r in ranking] == [
        ("Fenshire", 3.0), ("Ambervale", 2.0), ("Wealdmarsh", 2.0), ("Larkmoor", 0.0), ("Oakenfold", 0.0)]
    assert ranking[0].as_dict() == {"force": "Fenshire", "score": 3.0}


def test_weights_can_be_configured() -> None:
    config = RiskConfig(weights={"trend": 5.0}, half_life_periods=1.0)
    assert contribution(signal("A", "trend", periods_ago=1), config) == 2.5
    assert contribution(signal("A", "shift", points=7), config) == 0.0
