"""Reading judgements: what the rules are fed from the database, and what they make of it.

An assessment counts as `met` only when at least one verified evidence item supports it; beacon
and innovation evidence count only when verified; the thresholds are the programme's policy. The
rules are those of the programme's grading model (HMIC 2007 unless it names another); a model
whose rules count findings (PEEL's causes of concern) is given the framework's findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

from inspectorate.core.grading import DEFAULT_MODEL, Decided, Outcome, derive_grade, parse_policy
from inspectorate.core.grading import Criterion as GradingCriterion
from inspectorate.frameworks.models import Framework
from inspectorate.national import grading

from ..models import CriterionAssessment, EvidenceItem, Finding, Inspection, Judgement, State

MET, PARTLY_MET, NOT_ASSESSED = "met", "partly_met", "not_assessed"


JUDGED = frozenset({"met", "partly_met", "not_met"})  # the values that need a rationale


def counted_value(value: str, evidence: Iterable[EvidenceItem]) -> str:
    """The value the rules count: `met` needs at least one verified item, else it counts as partly met.

    SPEC section 3: only verified evidence may support an assessment. An unverified `met` has not
    been shown to be met, nor shown to fall short, which is what `partly_met` means to the rules.
    """
    if value == MET and not any(item.is_verified for item in evidence):
        return PARTLY_MET
    return value


def engine_criteria(framework: Framework) -> list[GradingCriterion]:
    return [
        GradingCriterion(c.code, c.level, significant=c.significant, dominant=c.dominant)
        for c in framework.criteria.order_by("order")
    ]


def counted_assessments(inspection: Inspection, framework: Framework) -> dict[str, str]:
    """Criterion code -> the value the rules count, for every assessed criterion of the framework."""
    assessments = (
        CriterionAssessment.objects.filter(inspection=inspection, criterion__framework=framework)
        .select_related("criterion")
        .prefetch_related("evidence")
    )
    return {a.criterion.code: counted_value(a.value, a.evidence.all()) for a in assessments}


def _has_verified(items: Any) -> bool:
    return bool(items.filter(verified_at__isnull=False).exists())


def _excellence_evidence(judgement: Judgement | None) -> tuple[bool, bool]:
    if judgement is None or judgement.pk is None:
        return False, False
    return _has_verified(judgement.beacon_evidence), _has_verified(judgement.innovation_evidence)


def policy_text(policy: Mapping[str, Fraction]) -> dict[str, str]:
    """A policy as a judgement stores it: each threshold as its exact fraction's text ("1/3")."""
    return {key: str(value) for key, value in policy.items()}


def policy_from_text(stored: Mapping[str, Any]) -> dict[str, Fraction]:
    """A stored policy's thresholds as exact fractions."""
    return {key: Fraction(value) for key, value in stored.items()}


@dataclass(frozen=True)
class Derivation:
    """What the rules made of a framework's assessments: the core's typed `Outcome`, and the
    framework version and exact policy it was derived under."""

    outcome: Outcome
    framework: str  # "key vN"
    framework_id: int
    policy: Mapping[str, Fraction]

    def to_json(self) -> dict[str, Any]:
        """The derivation as the audit trail records it."""
        return {"framework": self.framework, "framework_id": self.framework_id,
                "policy": policy_text(self.policy), **self.outcome.to_json()}


def finding_label(name: str, number: int, text: str) -> str:
    """How the reasons name a finding: the initials of its type and its place, then its words.

    "CC1 (Calls wait too long)" for the first cause of concern; long words are cut at 80 characters.
    """
    initials = "".join(word[0] for word in name.split() if word != "of").upper()  # CC, ACC, AFI, IP
    words = " ".join(text.split()).rstrip(".")
    if len(words) > 80:
        words = words[:77].rstrip() + "..."
    return f"{initials}{number} ({words})"


def counted_findings(inspection: Inspection, framework: Framework) -> dict[str, tuple[str, ...]]:
    """Finding type (the model's key) -> the framework's findings of that type, as the reasons name them."""
    types = {t.category: t for t in grading.finding_types(inspection.programme)}
    found: dict[str, list[str]] = {}
    rows = Finding.objects.filter(inspection=inspection, framework=framework).order_by("category", "order", "id")
    for finding in rows:
        kind = types.get(finding.category)
        if kind is not None:
            labels = found.setdefault(kind.key, [])
            labels.append(finding_label(kind.name, len(labels) + 1, finding.text))
    return {key: tuple(labels) for key, labels in found.items()}


def live_derivation(inspection: Inspection, framework: Framework, judgement: Judgement | None) -> Derivation:
    """What the rules make of the framework's assessments now, under the programme's current policy."""
    programme = inspection.programme
    policy = grading.policy(programme)
    default = grading.is_default_model(programme)
    # Beacon and innovation evidence are 2007's; findings count only where the model's rules read them.
    beacon, innovation = _excellence_evidence(judgement) if default else (False, False)
    outcome = derive_grade(
        criteria=engine_criteria(framework),
        assessments=counted_assessments(inspection, framework),
        beacon=beacon,
        innovation=innovation,
        findings=counted_findings(inspection, framework) if grading.findings_decide(programme) else None,
        policy=parse_policy(policy) if default else policy,
        model=grading.model_of(programme),
    )
    return Derivation(outcome, f"{framework.key} v{framework.version}", framework.pk, policy)


def stored_derivation(judgement: Judgement) -> Derivation | None:
    """The derivation a judgement holds, as `live_derivation` returns it (None if never derived)."""
    if not judgement.derived_decision:
        return None
    outcome = Outcome(
        grade=judgement.derived_grade or None,
        decided=cast(Decided, judgement.derived_decision),  # stored from the core's own Outcome.decided
        candidates=tuple(judgement.derived_candidates),
        missing=tuple(judgement.derived_missing),
        reasons=tuple(judgement.derived_reasons),
        counts=dict(judgement.derived_counts),
        model=judgement.inspection.programme.grading_model or DEFAULT_MODEL,
    )
    return Derivation(outcome, f"{judgement.framework.key} v{judgement.framework.version}",
                      judgement.framework_id, policy_from_text(judgement.policy))


def describe(derivation: Derivation | None) -> str:
    """The rule-derived grade in words: the grade, "judgement required (...)" or "none yet (...)"."""
    if derivation is None:
        return "none yet (waiting for (not yet derived))"
    outcome = derivation.outcome
    if outcome.decided == "incomplete":
        return f"none yet (waiting for {', '.join(outcome.missing)})"
    if outcome.decided == "judgement_required":
        return f"judgement required ({' or '.join(outcome.candidates)})"
    return str(outcome.grade)


def judgement_of(inspection: Inspection, key: str, *, lock: bool = False) -> Judgement | None:
    """The inspection's judgement of a framework, holding `inspection` itself: reading its programme's
    grading model (`stored_derivation`) then costs no query for the inspection or the programme."""
    judgements = Judgement.objects.select_related("framework")
    if lock:
        judgements = judgements.select_for_update()
    judgement = judgements.filter(inspection=inspection, framework__key=key).first()
    if judgement is not None:
        judgement.inspection = inspection
    return judgement


def framework_for_page(inspection: Inspection, key: str) -> Framework | None:
    """The framework version the page shows: as graded, once published; else the programme's version."""
    if inspection.state == State.PUBLISHED:
        judgement = judgement_of(inspection, key)
        if judgement is not None:
            return judgement.framework
    return inspection.programme.frameworks.filter(key=key).first()


def graded_frameworks(inspection: Inspection) -> list[Framework]:
    return list(inspection.programme.frameworks.filter(graded=True).order_by("order", "key"))


def excellence_evidence_ids(judgement: Judgement | None) -> tuple[set[int], set[int]]:
    """The evidence recorded for Excellent: (beacon ids, innovation ids)."""
    if judgement is None:
        return set(), set()
    return (set(judgement.beacon_evidence.values_list("pk", flat=True)),
            set(judgement.innovation_evidence.values_list("pk", flat=True)))


def verified_evidence(inspection: Inspection) -> list[EvidenceItem]:
    return list(inspection.evidence.filter(verified_at__isnull=False).order_by("date", "id"))

