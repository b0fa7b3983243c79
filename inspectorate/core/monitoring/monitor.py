"""One monitoring run: SPC charts, the peer comparison and the risk ranking together."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from inspectorate.core.monitoring.evidence import EvidenceConfig, SeriesEvidence, assess
from inspectorate.core.monitoring.peers import Z_95, Z_998, PeerComparison, compare_with_peers
from inspectorate.core.monitoring.risk import ForceRisk, RiskConfig, rank_forces
from inspectorate.core.monitoring.seasonal import estimate_patterns
from inspectorate.core.monitoring.series import Series, Signal
from inspectorate.core.monitoring.spc import SpcChart, SpcConfig, scan


@dataclass(frozen=True)
class MonitorResult:
    """Everything a run found: charts to draw, peer comparisons, signals to act on, the ranking."""

    charts: tuple[SpcChart, ...]
    peer_comparisons: tuple[PeerComparison, ...]
    signals: tuple[Signal, ...]
    ranking: tuple[ForceRisk, ...]
    seasonal_patterns: Mapping[str, Mapping[str, float]]
    evidence: tuple[SeriesEvidence, ...] = ()

    @property
    def too_short(self) -> tuple[SpcChart, ...]:
        """Charts whose series ends within the baseline, so they raised no signal."""
        return tuple(one for one in self.charts if one.too_short)

    def as_json(self) -> dict[str, object]:
        """The JSON document ``inspectorate monitor`` prints (SPEC section 11)."""
        document: dict[str, object] = {
            "signals": [signal.as_dict() for signal in self.signals],
            "ranking": [risk.as_dict() for risk in self.ranking],
        }
        funnel = [_funnel_point(one) for one in self.peer_comparisons if one.denominator is not None]
        if funnel:  # only when the input gave denominators: a new field, the others keep their shape
            document["funnel"] = funnel
        return document


def _funnel_point(one: PeerComparison) -> dict[str, object]:
    """One force on its indicator's rate funnel, as ``inspectorate monitor`` prints it."""
    low_95, high_95 = one.limits(Z_95)
    low_998, high_998 = one.limits(Z_998)
    return {"force": one.force, "indicator": one.indicator, "period": one.period, "rate": round(one.value, 6),
            "denominator": one.denominator, "national_rate": round(one.peer_mean, 6),
            "dispersion": round(one.dispersion, 6), "z": round(one.z_score, 4),
            "limits_95": [round(max(low_95, 0.0), 6), round(high_95, 6)],
            "limits_998": [round(max(low_998, 0.0), 6), round(high_998, 6)]}


def monitor(
    series: Sequence[Series],
    groups: Mapping[str, Sequence[str]] | None = None,
    *,
    spc_config: SpcConfig | None = None,
    risk_config: RiskConfig | None = None,
    seasonal_adjustment: bool = True,
    evidence_config: EvidenceConfig | None = None,
    rebase_at: Mapping[tuple[str, str], Sequence[str]] | None = None,
) -> MonitorResult:
    """Chart every series, compare each force with its peers (when groups are given) and rank forces.

    With ``seasonal_adjustment`` each indicator's national seasonal pattern is estimated from
    all the series and taken out before charting (``seasonal``); the peer comparison uses raw
    values, since peers share a period and so a season. Each series' CUSUM evidence (``evidence``)
    adds its ``cusum`` signals; only they score in the ranking (``risk``). ``rebase_at`` maps
    (force, indicator) to the periods at which a user started a new baseline.
    """
    patterns = estimate_patterns(series) if seasonal_adjustment else {}
    charts = scan(series, spc_config, patterns)
    comparisons = compare_with_peers(series, groups) if groups else []
    signals = [signal for one in charts for signal in one.signals]
    signals += [signal for comparison in comparisons if (signal := comparison.signal()) is not None]
    evidence = assess(series, evidence_config, patterns if seasonal_adjustment else None,
                      national=None if seasonal_adjustment else {}, rebase_at=rebase_at)
    signals += [signal for one in evidence for signal in one.signals]
    signals.sort(key=lambda s: (s.force, s.indicator, s.period, s.rule))
    forces = sorted({one.force for one in series})
    ranking = rank_forces(signals, forces, risk_config)
    return MonitorResult(tuple(charts), tuple(comparisons), tuple(signals), tuple(ranking), patterns,
                         tuple(evidence))
