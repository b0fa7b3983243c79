"""The risk score and the ranking of forces: only sustained deteriorations still going on count."""

from __future__ import annotations

import math

import pytest

from inspectorate.core.monitoring.risk import (
    RiskConfig,
    assess_area,
    combine,
    contribution,
    likelihood,
    rank_forces,
)
from inspectorate.core.monitoring.series import Direction, Rule, Signal


def signal(force: str, rule: Rule = "cusum", *, direction: Direction = "deterioration", evidence: float = 0.0,
           points: int = 6, indicator: str = "Burglary") -> Signal:
    return Signal(force, indicator, "2024-03", rule, direction, 1.0, "2023-10", "2024-03", points, 0, "", evidence)


def test_only_a_sustained_deterioration_with_evidence_contributes() -> None:
    assert contribution(signal("A", evidence=7.5)) == 7.5
    assert contribution(signal("A", evidence=0.0)) == 0.0  # an alarm that is over
    assert contribution(signal("A", direction="improvement", evidence=7.5)) == 0.0
    for rule in ("outside_limits", "shift", "trend", "two_of_three", "peer_outlier_998"):
        assert contribution(signal("A", rule, evidence=7.5)) == 0.0  # prompts to look, not evidence


def test_harm_weights_the_contribution() -> None:
    config = RiskConfig(harm={"Burglary": 4.0})
    assert contribution(signal("A", evidence=2.5), config) == 10.0
    assert contribution(signal("A", evidence=2.5, indicator="Violence"), config) == 2.5


def test_the_largest_contribution_counts_in_full_the_others_a_twentieth() -> None:
    assert combine([3.0, 8.0, 2.0]) == pytest.approx(8.25)
    assert combine([]) == 0.0
    # a hundred indicators with chance alarms of strength 4 do not outweigh one decline of strength 45
    assert combine([4.0] * 100) < combine([45.0])


def test_ranking_by_score_then_name_includes_forces_without_evidence() -> None:
    signals = [signal("Wealdmarsh", evidence=4.0), signal("Fenshire", evidence=9.0),
               signal("Ambervale", evidence=4.0), signal("Larkmoor", direction="improvement", evidence=20.0),
               signal("Oakenfold", "outside_limits")]
    ranking = rank_forces(signals, ["Ambervale", "Fenshire", "Larkmoor", "Oakenfold", "Wealdmarsh"])
    assert [(r.force, r.score) for r in ranking] == [
        ("Fenshire", 9.0), ("Ambervale", 4.0), ("Wealdmarsh", 4.0), ("Larkmoor", 0.0), ("Oakenfold", 0.0)]
    assert ranking[0].as_dict()["score"] == 9.0
    assert ranking[0].summary.startswith("Burglary: a sustained deterioration since 2023-10 (6 points, 3.7 sigma")
    assert ranking[-1].summary.startswith("No indicator shows a sustained deterioration")


def test_a_past_grade_scales_the_score_and_the_summary_says_so() -> None:
    ranking = rank_forces([signal("A", evidence=8.0), signal("B", evidence=8.0)], ["A", "B"],
                          RiskConfig(grades={"A": "Poor", "B": "Excellent"}))
    assert [(r.force, r.score) for r in ranking] == [("A", 10.0), ("B", 6.4)]
    assert "Past grade Poor raises it (x1.25)" in ranking[0].summary


def test_the_register_is_likelihood_times_impact() -> None:
    assert likelihood(0.0) == 1.0
    assert likelihood(6.0) == pytest.approx(1 + 4 * (1 - math.exp(-1)))
    assert likelihood(6.0, "Poor") == pytest.approx(1.25 * likelihood(6.0))
    entry = assess_area(6.0, "Fair", 3)
    assert (entry.likelihood, entry.impact, entry.score) == (round(1.1 * likelihood(6.0), 2), 3,
                                                             round(round(1.1 * likelihood(6.0), 2) * 3, 2))
