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
from inspectorate.inspections.judgement.services import assess_criterion, set_final_grade
from inspectorate.inspections.lifecycle import change_state
from inspectorate.inspections.models import Inspection, Judgement, State
from inspectorate.inspections.services import record_evidence, verify_evidence
from inspectorate.national.models import Programme

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
    """Two made-up inspections taken to moderation through the same services the web pages use."""
    programme = _programme()
    lead = User.objects.get(username="lead")
    inspector = User.objects.get(username="inspector")
    judged = 0
    for slug, frameworks in PROFILES.items():
        force = Force.objects.get(slug=slug, is_synthetic=True)
        inspection, created = Inspection.objects.get_or_create(
            force=force, programme=programme, defaults={"state": State.PLANNED, "lead": lead}
        )
        if not created:
            continue  # loaded on an earlier run
        inspection.team.add(inspector)
        change_state(inspection=inspection, to=State.FIELDWORK, by=lead)
        for key, (kind, final, rationale) in frameworks.items():
            framework = programme.frameworks.get(key=key)
            criteria = list(framework.criteria.order_by("order"))
            item = record_evidence(
                inspection=inspection, by=inspector, source_kind="record_audit", date=date(2008, 3, 10),
                summary=f"{framework.display_title}: dip sample of 25 records (made up).", criteria=criteria,
            )
            item = verify_evidence(evidence=item, by=lead)
            values = _profile(kind, criteria)
            for criterion in criteria:
                assess_criterion(
                    inspection=inspection, criterion=criterion, value=values[criterion.code],
                    rationale="Made-up demonstration assessment.", evidence_ids=[item.pk], by=inspector, revision=0,
                )
            judgement = Judgement.objects.get(inspection=inspection, framework=framework)
            set_final_grade(judgement=judgement, grade=final, rationale=rationale, by=lead, revision=judgement.revision)
            judged += 1
        change_state(inspection=inspection, to=State.DRAFTING, by=lead)
        change_state(inspection=inspection, to=State.MODERATION, by=lead)
    write(f"Moderation: {judged} made-up judgement(s) in the {PROGRAMME['title']}, awaiting moderation")
