"""Reading judgements: what the rules are fed from the database, and what they make of it.

An assessment counts as `met` only when at least one verified evidence item supports it; beacon
and innovation evidence count only when verified; the thresholds are the programme's policy.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from inspectorate.frameworks.models import Framework
from inspectorate.grading import Criterion as GradingCriterion
from inspectorate.grading import Outcome, Policy, derive_grade, parse_policy

from ..models import CriterionAssessment, EvidenceItem, Inspection, Judgement, State

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


def engine_policy(policy: dict[str, Any]) -> Policy:
    """The engine's exact thresholds from a programme's policy (`Programme.grading_policy()`).

    A programme keeps its thresholds to six decimal places and hands a third over as the float
    nearest 1/3; the nearest fraction with a denominator up to a million recovers each exactly,
    so the reasons say "1/3" and 1 of 3 sits exactly on the boundary, as with `inspectorate grade`.
    """
    return parse_policy({key: Fraction(repr(float(value))).limit_denominator(10**6) for key, value in policy.items()})


def live_derivation(inspection: Inspection, framework: Framework, judgement: Judgement | None) -> dict[str, Any]:
    """What the rules make of the framework's assessments now, under the programme's current policy."""
    policy = inspection.programme.grading_policy()
    beacon, innovation = _excellence_evidence(judgement)
    outcome = derive_grade(
        criteria=engine_criteria(framework),
        assessments=counted_assessments(inspection, framework),
        beacon=beacon,
        innovation=innovation,
        policy=engine_policy(policy),
    )
    return _derivation(outcome, framework, policy)


def _derivation(outcome: Outcome, framework: Framework, policy: dict[str, Any]) -> dict[str, Any]:
    return {
        "framework": f"{framework.key} v{framework.version}",
        "framework_id": framework.pk,
        "policy": policy,
        **outcome.to_json(),
    }


def stored_derivation(judgement: Judgement) -> dict[str, Any] | None:
    """The derivation a judgement holds, in the shape `live_derivation` returns (None if never derived)."""
    if not judgement.derived_decision:
        return None
    return {
        "framework": f"{judgement.framework.key} v{judgement.framework.version}",
        "framework_id": judgement.framework_id,
        "policy": judgement.policy,
        "grade": judgement.derived_grade or None,
        "decided": judgement.derived_decision,
        "candidates": list(judgement.derived_candidates),
        "missing": list(judgement.derived_missing),
        "reasons": list(judgement.derived_reasons),
        "counts": dict(judgement.derived_counts),
    }


def describe(derivation: dict[str, Any]) -> str:
    if derivation["decided"] == "incomplete":
        return f"none yet (waiting for {', '.join(derivation['missing'])})"
    if derivation["decided"] == "judgement_required":
        return f"judgement required ({' or '.join(derivation['candidates'])})"
    return str(derivation["grade"])


def judgement_of(inspection: Inspection, key: str, *, lock: bool = False) -> Judgement | None:
    judgements = Judgement.objects.select_related("framework")
    if lock:
        judgements = judgements.select_for_update()
    return judgements.filter(inspection=inspection, framework__key=key).first()


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

