"""Demo data for moderation: a made-up programme in moderation, with the made-up forces' assessments.

It follows the real 2007 programme (``previous``), so its distributions can be set against the
2007 published counts. Everything in it is invented and about made-up forces only (SPEC section 13).
The grades are derived by the grading engine from the assessments, as in the workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction

from inspectorate.accounts.models import User
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.grading.engine import derive_grade
from inspectorate.grading.model import Criterion as GradingCriterion
from inspectorate.grading.model import Policy
from inspectorate.inspections.models import CriterionAssessment, Inspection, Judgement, State
from inspectorate.programmes.models import Programme

PROGRAMME_SLUG = "demo-2008"
PROGRAMME = {
    "title": "2008 demonstration programme (made-up forces)",
    "assessment_start": date(2007, 4, 1),
    "assessment_end": date(2008, 7, 1),
    "publication_month": date(2008, 10, 1),
}
FRAMEWORKS = ["neighbourhood-policing", "performance-management", "pvp-overview", "child-abuse",
              "domestic-violence", "public-protection", "missing-persons"]


def _profile(kind: str, criteria: list[Any]) -> dict[str, str]:
    """Assessment values for a kind of profile; see PROFILES for the grade each leads to."""
    values = {}
    good_seen = 0
    for criterion in criteria:
        if criterion.level == "fair":
            value = "met"
            if kind == "fair_weak" and not criterion.significant:
                value = "partly_met"
            if kind == "judgement" and criterion.significant and not criterion.dominant and criterion.code.endswith(
                "F2"
            ):
                value = "not_met"
        elif criterion.level == "good":
            good_seen += 1
            met = {"good": 4, "fair": 2}.get(kind, 0)
            value = "met" if good_seen <= met else "partly_met"
        else:
            value = "not_met"
        values[criterion.code] = value
    return values


# force -> framework -> (profile kind, final grade, rationale). "fair_weak" derives Fair with partly met
# non-significant Fair criteria; "judgement" leaves one significant Fair criterion not met.
PROFILES: dict[str, dict[str, tuple[str, str, str]]] = {
    "fenshire-constabulary": {
        "neighbourhood-policing": ("fair_weak", "Good",
                                   "Overridden to Good: the new neighbourhood model was in place in every area by "
                                   "the end of fieldwork, after the assessments were recorded."),
        "performance-management": ("good", "Good", ""),
        "child-abuse": ("fair", "Fair", ""),
        "domestic-violence": ("fair", "Fair", ""),
        "public-protection": ("good", "Good", ""),
        "missing-persons": ("fair", "Fair", ""),
    },
    "wealdmoor-police": {
        "neighbourhood-policing": ("fair", "Fair", ""),
        "performance-management": ("fair", "Fair", ""),
        "child-abuse": ("good", "Good", ""),
        "domestic-violence": ("judgement", "Poor",
                              "Poor rather than Fair: risk assessments were missing from a third of the records "
                              "sampled, and the force had no plan to put this right."),
        "public-protection": ("fair", "Fair", ""),
        "missing-persons": ("fair", "Fair", ""),
    },
}


def _programme() -> Programme:
    previous = Programme.objects.filter(slug="2007").first()
    programme, _ = Programme.objects.update_or_create(slug=PROGRAMME_SLUG, defaults=PROGRAMME | {"previous": previous})
    programme.frameworks.set([Framework.objects.get(key=key, is_current=True) for key in FRAMEWORKS])
    return programme


@transaction.atomic
def load_demo(write: Callable[[str], Any]) -> None:
    programme = _programme()
    policy = Policy(**programme.grading_policy())
    lead = User.objects.filter(username="lead").first()
    judged = 0
    for slug, frameworks in PROFILES.items():
        force = Force.objects.get(slug=slug, is_synthetic=True)
        inspection, _ = Inspection.objects.get_or_create(
            force=force, programme=programme, defaults={"state": State.MODERATION, "lead": lead}
        )
        for key, (kind, final, rationale) in frameworks.items():
            framework = programme.frameworks.get(key=key)
            if Judgement.objects.filter(inspection=inspection, framework=framework).exists():
                continue  # loaded on an earlier run
            criteria = list(framework.criteria.all())
            values = _profile(kind, criteria)
            for criterion in criteria:
                CriterionAssessment.objects.create(
                    inspection=inspection, criterion=criterion, value=values[criterion.code],
                    rationale="Made-up demonstration assessment.", assessed_by=lead,
                )
            outcome = derive_grade(
                criteria=[GradingCriterion(c.code, c.level, c.significant, c.dominant) for c in criteria],
                assessments=values, policy=policy,
            )
            Judgement.objects.create(
                inspection=inspection, framework=framework, derived_grade=outcome.grade or "",
                derived_decision=outcome.decided, derived_candidates=list(outcome.candidates),
                derived_reasons=list(outcome.reasons), derived_counts=dict(outcome.counts),
                policy=programme.grading_policy(), final_grade=final, rationale=rationale, decided_by=lead,
            )
            judged += 1
    write(f"Moderation: {judged} made-up judgement(s) in the {PROGRAMME['title']}, awaiting moderation")
