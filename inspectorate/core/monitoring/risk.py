"""Risk (SPEC section 8): the strength of the evidence of a sustained deterioration, the ranking of
forces, and the register's likelihood x impact. This is the one place risk is scored; the Django
app calls it.

**A series' evidence** is the strength of a sustained deterioration still going on: for a
``cusum`` signal (``evidence``) whose alarm is open at the latest period, the sum of the
standardised values from its change point divided by the square root of their number, i.e.
the mean shift in sigma x sqrt(points). It grows with the size of the change and with its
length; a stable series has none, except for the chance alarms the CUSUM's in-control run
length allows (about 0.1% of series-months). The Making Data Count signals and the peer
outliers are reported, and are prompts to look, but add nothing: on a hundred indicators they
fire by chance every month.

**A force's evidence** in a set of indicators (all of them for ``inspectorate monitor``; a
framework's in the register) combines its series' contributions, each ``harm x evidence``
(harm 1 unless given), as the largest plus a twentieth of the sum of the others. One strong decline
therefore counts in full, a second adds a little, and a hundred indicators with a chance alarm
here and there cannot add up to outweigh one real decline.

**The ranking score** of ``inspectorate monitor`` is that evidence times the grade factor of
the force's past grade (Poor 1.25, Fair 1.1, Good 1, Excellent 0.8, none 1); forces are ranked
by score, highest first, then by name; a force with no evidence scores 0.

**The register** (``assess_area``), per force and framework: ``likelihood = (1 + 4 x (1 -
e^(-E / 6))) x grade factor`` (1 with no evidence, towards 5 as evidence grows), ``impact`` the
framework's harm weight (1 to 5), ``score = likelihood x impact``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from inspectorate.core.monitoring.series import EVIDENCE_RULE, Signal

GRADE_FACTORS: Mapping[str, float] = MappingProxyType({"Poor": 1.25, "Fair": 1.1, "Good": 1.0, "Excellent": 0.8})
OTHERS_SHARE = 0.05
LIKELIHOOD_SCALE = 6.0


@dataclass(frozen=True)
class RiskConfig:
    """Harm weights by indicator (1 where not given), past grades by force, and the share of a
    force's other contributions that adds to its largest."""

    harm: Mapping[str, float] = field(default_factory=dict)
    default_harm: float = 1.0
    grades: Mapping[str, str] = field(default_factory=dict)
    others_share: float = OTHERS_SHARE


@dataclass(frozen=True)
class ForceRisk:
    """A force's score, the evidence it rests on (largest contribution first) and a sentence on it."""

    force: str
    score: float
    contributions: tuple[tuple[Signal, float], ...]
    summary: str = ""
    evidence: float = 0.0
    grade: str = ""

    def as_dict(self) -> dict[str, object]:
        """The ranking entry of ``inspectorate monitor`` (SPEC section 11; ``summary`` added)."""
        return {"force": self.force, "score": self.score, "summary": self.summary}


@dataclass(frozen=True)
class Assessment:
    """One risk-register entry's figures: likelihood x impact."""

    evidence: float
    grade_factor: float
    likelihood: float
    impact: float
    score: float


def grade_factor(grade: str | None) -> float:
    """How a past grade scales the likelihood (1 with no grade)."""
    return GRADE_FACTORS.get(grade or "", 1.0)


def counts(signal: Signal) -> bool:
    """True for the signals that carry evidence: a sustained deterioration still going on."""
    return signal.rule == EVIDENCE_RULE and signal.direction == "deterioration" and signal.evidence > 0


def contribution(signal: Signal, config: RiskConfig | None = None) -> float:
    """What one signal contributes: harm x evidence for a sustained deterioration still going on, else 0."""
    config = config or RiskConfig()
    if not counts(signal):
        return 0.0
    return float(config.harm.get(signal.indicator, config.default_harm) * signal.evidence)


def combine(contributions: Iterable[float], others_share: float = OTHERS_SHARE) -> float:
    """A force's evidence from its contributions: the largest plus ``others_share`` of the rest."""
    ordered = sorted((value for value in contributions if value > 0), reverse=True)
    if not ordered:
        return 0.0
    return ordered[0] + others_share * sum(ordered[1:])


def likelihood(evidence: float, grade: str | None = None) -> float:
    """The register's likelihood: 1 with no evidence, rising towards 5, times the grade factor."""
    return (1 + 4 * (1 - math.exp(-max(evidence, 0.0) / LIKELIHOOD_SCALE))) * grade_factor(grade)


def assess_area(evidence: float, grade: str | None, harm: float) -> Assessment:
    """A force's risk in one framework: likelihood from its evidence and past grade, impact its harm."""
    chance = round(likelihood(evidence, grade), 2)
    return Assessment(round(evidence, 3), grade_factor(grade), chance, harm, round(chance * harm, 2))


def rank_forces(signals: Iterable[Signal], forces: Iterable[str], config: RiskConfig | None = None) -> list[ForceRisk]:
    """Every force (those with no evidence score 0), ranked by score then by name."""
    config = config or RiskConfig()
    parts: dict[str, list[tuple[Signal, float]]] = {force: [] for force in forces}
    for signal in signals:
        value = contribution(signal, config)
        if value > 0:
            parts.setdefault(signal.force, []).append((signal, value))
    ranking = []
    for force, contributions in parts.items():
        contributions.sort(key=lambda part: (-part[1], part[0].indicator))
        evidence = combine((value for _, value in contributions), config.others_share)
        grade = config.grades.get(force, "")
        score = round(evidence * grade_factor(grade), 3)
        risk = ForceRisk(force, score, tuple(contributions), evidence=round(evidence, 3), grade=grade)
        ranking.append(ForceRisk(force, score, risk.contributions, describe(risk), risk.evidence, grade))
    ranking.sort(key=lambda risk: (-risk.score, risk.force))
    return ranking


def describe(risk: ForceRisk, period_label: Callable[[str], str] = str, grade_source: str = "") -> str:
    """A sentence naming what drives a force's evidence (``period_label`` formats a period;
    ``grade_source`` names where the past grade comes from, such as its programme)."""
    if not risk.contributions:
        text = "No indicator shows a sustained deterioration still going on (no CUSUM alarm open)."
    else:
        signal, value = risk.contributions[0]
        sigma = signal.evidence / math.sqrt(signal.points) if signal.points else 0.0
        text = (f"{signal.indicator}: a sustained deterioration since {period_label(signal.start_period)} "
                f"({signal.points} points, {sigma:.1f} sigma from its baseline) gives strength "
                f"{signal.evidence:.1f}")
        if value != signal.evidence:
            text += f" x harm {value / signal.evidence:g}"
        rest = risk.contributions[1:]
        if rest:
            others = sum(part for _, part in rest)
            text += (f"; {len(rest)} other indicator{'s' if len(rest) > 1 else ''} "
                     f"add{'s' if len(rest) == 1 else ''} a twentieth of {others:.1f}")
        text += f" (evidence {risk.evidence:.1f})."
    if risk.grade:
        factor = grade_factor(risk.grade)
        effect = "raises" if factor > 1 else "lowers" if factor < 1 else "leaves"
        source = f" ({grade_source})" if grade_source else ""
        text += f" Past grade {risk.grade}{source} {effect} it (x{factor:g})."
    return text


def describe_area(risk: ForceRisk, assessment: Assessment, *, area: str,
                  period_label: Callable[[str], str] = str, grade_source: str = "") -> str:
    """The rationale of a register entry: what drives the evidence, then likelihood x impact in ``area``."""
    return (f"{describe(risk, period_label, grade_source)} Likelihood {assessment.likelihood:.2f} x impact "
            f"{assessment.impact:g} (harm weight of {area}).")
