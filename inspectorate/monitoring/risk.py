"""The risk score that ranks forces for the next inspection programme.

A force's score is a sum over its deterioration signals of

    weight(rule) x length x 0.5 ** (periods_ago / half_life)

- ``weight``: shift 3 (a sustained change is what a significant decline means), outside_limits
  2, peer_outlier_998 3, two_of_three 1, trend 1, peer_outlier_95 0 (at 95% one force in
  twenty is an outlier by chance, so only the 99.8% limits count);
- ``length``: for a shift, its number of points / 7, at most 3 (a run of 21 points is far
  stronger evidence than a run of 7, which chance gives about once in 64 runs); 1 otherwise;
- ``periods_ago`` counts from the pattern's last point, so a shift still going on keeps its
  full weight while a blip fades (half-life 3 periods).

Only the latest signal of each rule on each indicator counts, so an indicator that keeps
breaching one rule adds its weight once. Improvements never add risk. Forces are ranked by
score, highest first, then by name. The weights were chosen on synthetic data (seeds 0 to 11
and 100 to 105); ``bench/monitoring.py`` measures them on other seeds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from inspectorate.monitoring.series import Rule, Signal

RULE_WEIGHTS: Mapping[Rule, float] = MappingProxyType({
    "shift": 3.0,
    "outside_limits": 2.0,
    "peer_outlier_998": 3.0,
    "two_of_three": 1.0,
    "trend": 1.0,
    "peer_outlier_95": 0.0,
})
HALF_LIFE_PERIODS = 3.0
SHIFT_POINTS = 7
MAX_LENGTH_FACTOR = 3.0


@dataclass(frozen=True)
class RiskConfig:
    """The weight of each rule, the half-life (in periods) of a signal's contribution and the
    cap on a long shift's length factor."""

    weights: Mapping[Rule, float] = field(default_factory=lambda: RULE_WEIGHTS)
    half_life_periods: float = HALF_LIFE_PERIODS
    max_length_factor: float = MAX_LENGTH_FACTOR


@dataclass(frozen=True)
class ForceRisk:
    """A force's risk score and the signals that make it up (largest contribution first)."""

    force: str
    score: float
    contributions: tuple[tuple[Signal, float], ...]

    def as_dict(self) -> dict[str, object]:
        """The ranking entry of ``inspectorate monitor`` (SPEC section 11)."""
        return {"force": self.force, "score": self.score}


def contribution(signal: Signal, config: RiskConfig | None = None) -> float:
    """What one signal adds to its force's score (0 for an improvement)."""
    config = config or RiskConfig()
    if signal.direction != "deterioration":
        return 0.0
    length = min(signal.points / SHIFT_POINTS, config.max_length_factor) if signal.rule == "shift" else 1.0
    decay = 0.5 ** (signal.periods_ago / config.half_life_periods)
    return float(config.weights.get(signal.rule, 0.0) * length * decay)


def rank_forces(signals: Iterable[Signal], forces: Iterable[str], config: RiskConfig | None = None) -> list[ForceRisk]:
    """Every force (those with no signal score 0), ranked by risk score then by name."""
    config = config or RiskConfig()
    latest: dict[tuple[str, str, Rule], Signal] = {}
    for signal in signals:
        if signal.direction != "deterioration":
            continue
        key = (signal.force, signal.indicator, signal.rule)
        if key not in latest or signal.periods_ago < latest[key].periods_ago:
            latest[key] = signal
    parts: dict[str, list[tuple[Signal, float]]] = {force: [] for force in forces}
    for (force, _, _), signal in latest.items():
        parts.setdefault(force, []).append((signal, contribution(signal, config)))
    ranking = []
    for force, contributions in parts.items():
        contributions.sort(key=lambda part: (-part[1], part[0].indicator, part[0].rule))
        score = round(sum(value for _, value in contributions), 3)
        ranking.append(ForceRisk(force, score, tuple(contributions)))
    ranking.sort(key=lambda risk: (-risk.score, risk.force))
    return ranking
