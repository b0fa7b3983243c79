"""Demo data: one made-up PEEL inspection of a made-up force, beside the 2007 material.

Everything here is invented (SPEC section 13): the programme, Wealdmoor Police's circumstances,
the evidence, the assessments, the findings and the recommendation. The programme grades by the
PEEL model (library/models/peel-2025.yaml) against the two made-up core questions of
library/peel/. Its report is published, with a cause of concern and its recommendation, so the
recommendations pages show the force's response falling due 56 days after publication, and the
force has answered it. Every page that shows it says it is made-up demonstration data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from inspectorate.accounts.models import User
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.frameworks.services import LIBRARY_DIR, load_library
from inspectorate.national.models import Programme
from inspectorate.recommendations.services import follow_up_for, record_response
from inspectorate.reports.services import publish_report

from . import services
from .judgement.services import assess_criterion, set_final_grade
from .lifecycle import approve_publication, change_state, request_publication
from .models import Category, Inspection, Judgement, State

PEEL_LIBRARY = LIBRARY_DIR / "peel"
PROGRAMME_SLUG = "peel-demo-2026"
PROGRAMME = {
    "title": "PEEL 2026 demonstration programme (made-up force)",
    "assessment_start": datetime.date(2025, 4, 1),
    "assessment_end": datetime.date(2026, 3, 1),
    "publication_month": datetime.date(2026, 10, 1),
    "grading_model": "peel-2025",
}
CORE_QUESTIONS = ["peel-responding-to-the-public", "peel-protecting-vulnerable-people"]
OVERVIEW = [
    {"title": "About the force (made up)", "paragraphs": [
        "Wealdmoor is a made-up county of moorland villages and one cathedral city, policed from three "
        "stations. Every figure and finding in this inspection is invented for the demonstration.",
    ]},
]
# core question -> one letter a characteristic of good: m shown (met), p partly, n not shown.
STATES = {"peel-responding-to-the-public": "mmmmn", "peel-protecting-vulnerable-people": "mmmp"}
FINDINGS: dict[str, list[tuple[str, str, str | None]]] = {
    "peel-responding-to-the-public": [
        (Category.AREA_FOR_IMPROVEMENT, "Callers waiting for an officer were not told when to expect one, and "
         "were seldom told when that changed (made-up finding).", None),
        (Category.INNOVATIVE_PRACTICE, "Call handlers can open a live video call to see a scene before "
         "deciding how urgently to attend (made-up finding).", None),
    ],
    "peel-protecting-vulnerable-people": [
        (Category.CAUSE_OF_CONCERN, "High-risk domestic abuse cases waited up to five working days for a "
         "specialist review, leaving victims without a safeguarding plan (made-up finding).",
         "That the force, within three months, makes sure every high-risk domestic abuse case is reviewed "
         "by specialist staff within one working day."),
    ],
}


def _programme() -> Programme:
    load_library(directory=PEEL_LIBRARY)
    programme, _ = Programme.objects.update_or_create(slug=PROGRAMME_SLUG, defaults=PROGRAMME)
    programme.frameworks.set([Framework.objects.get(key=key, is_current=True) for key in CORE_QUESTIONS])
    return programme


def _assess(inspection: Inspection, framework: Framework, *, lead: User, inspector: User) -> None:
    criteria = list(framework.criteria.order_by("order"))
    item = services.record_evidence(
        inspection=inspection, by=inspector, source_kind="record_audit", date=datetime.date(2026, 2, 9),
        summary=f"{framework.display_title}: dip sample of 40 incidents and their records (made up).",
        criteria=criteria)
    item = services.verify_evidence(evidence=item, by=lead)
    names = {"m": "met", "p": "partly_met", "n": "not_met"}
    for criterion, state in zip(criteria, STATES[framework.key], strict=True):
        assess_criterion(inspection=inspection, criterion=criterion, value=names[state],
                         rationale="Seen in the dip sample (made-up demonstration assessment).",
                         evidence_ids=[item.pk], by=inspector, revision=0)


def _inspect(programme: Programme, lead: User, inspector: User, moderator: User) -> Inspection:
    force = Force.objects.get(slug="wealdmoor-police", is_synthetic=True)
    inspection = Inspection.objects.create(force=force, programme=programme, lead=lead, overview=OVERVIEW)
    inspection.team.set([inspector])
    inspection = change_state(inspection=inspection, to=State.FIELDWORK, by=lead,
                              note="PEEL fieldwork agreed with the force (made up).")
    for key in CORE_QUESTIONS:
        framework = programme.frameworks.get(key=key)
        _assess(inspection, framework, lead=lead, inspector=inspector)
        for category, text, recommendation in FINDINGS[key]:
            finding = services.add_finding(inspection=inspection, framework=framework, category=category,
                                           text=text, by=inspector)
            if recommendation:
                services.raise_recommendation(finding=finding, text=recommendation, by=lead)
    inspection = change_state(inspection=inspection, to=State.DRAFTING, by=lead)
    for judgement in Judgement.objects.filter(inspection=inspection).select_related("framework"):
        set_final_grade(judgement=judgement, grade=judgement.derived_grade, rationale="", by=lead,
                        revision=judgement.revision)
    inspection = change_state(inspection=inspection, to=State.MODERATION, by=lead, note="Draft complete.")
    inspection = change_state(inspection=inspection, to=State.FACTUAL_ACCURACY, by=lead,
                              note="Sent to the force for checking.")
    inspection = request_publication(inspection=inspection, by=lead)
    inspection = approve_publication(inspection=inspection, by=moderator)
    publish_report(inspection=inspection, by=lead)
    return inspection


def _respond(inspection: Inspection, liaison: User | None) -> None:
    if liaison is None:
        return
    for recommendation in inspection.recommendations.order_by("number"):
        record_response(
            follow_up=follow_up_for(recommendation), by=liaison, claimed_status="in_progress",
            text="The force has moved two specialist reviewers to the daytime rota and reviews high-risk "
                 "cases the next working day; the backlog is cleared (made-up response).")


def load_peel_demo(write: Callable[[str], Any], *, lead: User, inspector: User) -> None:
    """Load the made-up PEEL inspection once: published, with the force's response recorded."""
    programme = _programme()
    if Inspection.objects.filter(programme=programme).exists():
        return
    moderator = User.objects.filter(username="moderator").first()
    if moderator is None:
        write("PEEL: the demo moderator is missing; no PEEL inspection loaded.")
        return
    inspection = _inspect(programme, lead, inspector, moderator)
    _respond(inspection, User.objects.filter(username="liaison-wealdmoor").first())
    write(f"PEEL: a made-up PEEL inspection of Wealdmoor Police in the {PROGRAMME['title']}, published, "
          "with a cause of concern and the force's response, due within 56 days")
