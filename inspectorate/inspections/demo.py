"""Demo data for the workspace: made-up inspections in progress of the made-up forces.

Everything here is invented (SPEC section 13): the programme, the forces' circumstances, the
evidence, the assessments, the findings and the recommendations. Every page that shows them says
they are made-up demonstration data. Fenshire Constabulary's inspection is at the force's
factual-accuracy check (so its liaison officer can comment), with one comment still open and one
assessment resting on evidence nobody has verified, so the publication page shows what blocks
it; Wealdmoor Police's is in fieldwork. Both are built through the services, so their audit
trails read as the work would.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import transaction

from inspectorate.accounts.models import User
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.national.models import Programme

from . import services
from .judgement.services import assess_criterion, set_final_grade
from .lifecycle import change_state
from .models import Category, EvidenceItem, Inspection, Judgement, State
from .peel_demo import load_peel_demo

PROGRAMME_SLUG = "demo-2009"
PROGRAMME = {
    "title": "2009 demonstration programme (made-up forces)",
    "assessment_start": datetime.date(2008, 4, 1),
    "assessment_end": datetime.date(2009, 7, 1),
    "publication_month": datetime.date(2009, 10, 1),
}
FRAMEWORKS = ["neighbourhood-policing", "performance-management", "pvp-overview", "child-abuse",
              "domestic-violence", "public-protection", "missing-persons"]

FENSHIRE_OVERVIEW = [
    {"title": "Geography and demography (made up)", "paragraphs": [
        "Fenshire is a made-up county of low-lying farmland, two market towns and the port city of Saltby. "
        "About 612,000 people live there; the city holds nearly half of them.",
        "The force has two basic command units: Saltby (S division) and Fenshire County (F division).",
    ]},
    {"title": "Strategic priorities (made up)", "paragraphs": [
        "The force's plan puts neighbourhood policing, protecting vulnerable people and reducing burglary first.",
    ]},
]

# framework key -> how many Good criteria are met (the rest partly met); every Fair criterion is met.
GOOD_MET = {"neighbourhood-policing": 1, "performance-management": 99, "child-abuse": 2,
            "domestic-violence": 1, "public-protection": 99, "missing-persons": 2}

FINDINGS: dict[str, list[tuple[str, str, str | None]]] = {
    # framework key -> (category, text, recommendation raised from it or None)
    "neighbourhood-policing": [
        (Category.CONTEXT, "The force finished moving every neighbourhood team to the new ward boundaries in "
                           "January, two months into fieldwork.", None),
        (Category.STRENGTH, "Residents in both divisions could name their neighbourhood officer, and ward "
                            "priorities were set at public meetings that the teams attended.", None),
        (Category.WORK_IN_PROGRESS, "A new system for recording ward priorities is being tested in Saltby.",
         "That the force evaluates the ward priorities system before extending it to the county."),
        (Category.AREA_FOR_IMPROVEMENT, "Problem solving with partners was seldom recorded, so the force could "
                                        "not tell which joint work had reduced calls for service.",
         "That the force records joint problem solving with partners and reviews its results each quarter."),
    ],
    "performance-management": [
        (Category.STRENGTH, "Every sergeant the inspectors met knew the ward figures they were accountable for.",
         None),
        (Category.AREA_FOR_IMPROVEMENT, "Management information on anti-social behaviour arrived six weeks after "
                                        "the month it covered.",
         "That the force produces anti-social behaviour figures within two weeks of the month's end."),
    ],
    "pvp-overview": [
        (Category.CONTEXT, "Protecting vulnerable people is led by one assistant chief constable, with a "
                           "specialist unit in each division.", None),
    ],
    "child-abuse": [
        (Category.STRENGTH, "Joint investigations with children's services began within a day in every case "
                            "sampled.", None),
    ],
    "domestic-violence": [
        (Category.STRENGTH, "Every incident attended carried a completed risk assessment.", None),
        (Category.AREA_FOR_IMPROVEMENT, "High-risk cases waited up to five days for review by specialist staff.",
         "That the force reviews every high-risk domestic violence case within one working day."),
    ],
    "public-protection": [
        (Category.STRENGTH, "Visits to registered sex offenders were made on time in every case sampled.", None),
    ],
    "missing-persons": [
        (Category.WORK_IN_PROGRESS, "A protocol with the county's children's homes was agreed in March.", None),
    ],
}


def _programme() -> Programme:
    programme, _ = Programme.objects.update_or_create(slug=PROGRAMME_SLUG, defaults=PROGRAMME)
    programme.frameworks.set([Framework.objects.get(key=key, is_current=True) for key in FRAMEWORKS])
    return programme


def _evidence(inspection: Inspection, *, by: User, verifier: User | None, kind: str, summary: str,
              day: int, criteria: Any) -> EvidenceItem:
    item = services.record_evidence(inspection=inspection, by=by, source_kind=kind, summary=summary,
                                    date=datetime.date(2009, 3, day), criteria=list(criteria))
    if verifier is not None:
        item = services.verify_evidence(evidence=item, by=verifier)
    return item


def _assess_framework(inspection: Inspection, framework: Framework, *, lead: User, inspector: User) -> None:
    criteria = list(framework.criteria.order_by("order"))
    documents = _evidence(inspection, by=inspector, verifier=lead, kind="document", day=9,
                          summary=f"{framework.display_title}: the force's policy, plans and minutes of the "
                                  "last four meetings that oversee it (made up).", criteria=criteria)
    audit = _evidence(inspection, by=lead, verifier=inspector, kind="record_audit", day=18,
                      summary=f"{framework.display_title}: dip sample of 30 records from both divisions "
                              "(made up).", criteria=criteria)
    good_left = GOOD_MET[framework.key]
    for criterion in criteria:
        items = [documents.pk, audit.pk]
        if criterion.level == "fair":
            value = "met"
        elif criterion.level == "good" and good_left > 0:
            value, good_left = "met", good_left - 1
        else:
            value = "partly_met"
        assess_criterion(inspection=inspection, criterion=criterion, value=value,
                         rationale="Seen in the documents and the dip sample (made-up demonstration assessment).",
                         evidence_ids=items, by=inspector, revision=0)


def _final_grades(inspection: Inspection, lead: User) -> None:
    for judgement in Judgement.objects.filter(inspection=inspection).select_related("framework"):
        grade = judgement.derived_grade or "Fair"
        rationale = "" if judgement.derived_grade else "Made-up demonstration judgement."
        set_final_grade(judgement=judgement, grade=grade, rationale=rationale, by=lead, revision=judgement.revision)


def _write_report(inspection: Inspection, *, lead: User, inspector: User) -> None:
    for key, findings in FINDINGS.items():
        framework = inspection.programme.frameworks.get(key=key)
        for category, text, recommendation in findings:
            finding = services.add_finding(inspection=inspection, framework=framework, category=category,
                                           text=text, by=inspector)
            if recommendation:
                services.raise_recommendation(finding=finding, text=recommendation, by=lead)


def _fenshire(programme: Programme, lead: User, inspector: User, liaison: User | None) -> Inspection:
    force = Force.objects.get(slug="fenshire-constabulary", is_synthetic=True)
    inspection = Inspection.objects.create(force=force, programme=programme, lead=lead, overview=FENSHIRE_OVERVIEW)
    inspection.team.set([inspector])
    inspection = change_state(inspection=inspection, to=State.FIELDWORK, by=lead,
                              note="Fieldwork weeks agreed with the force.")
    _evidence(
        inspection, by=inspector, verifier=lead, kind="interview", day=3,
        summary="Interview with the Saltby neighbourhood inspector about ward priorities (made up).",
        criteria=programme.frameworks.get(key="neighbourhood-policing").criteria.filter(level="fair")[:3])
    _evidence(inspection, by=lead, verifier=inspector, kind="focus_group", day=4,
              summary="Focus group with eight PCSOs from F division (made up).",
              criteria=programme.frameworks.get(key="neighbourhood-policing").criteria.filter(level="good")[:2])
    for key in GOOD_MET:
        _assess_framework(inspection, programme.frameworks.get(key=key), lead=lead, inspector=inspector)
    inspection = change_state(inspection=inspection, to=State.DRAFTING, by=lead)
    # Evidence that arrived late and is not yet verified, which an assessment already cites: the
    # publication page will say so.
    criterion = programme.frameworks.get(key="domestic-violence").criteria.filter(level="good").order_by("order")[1]
    late = _evidence(inspection, by=inspector, verifier=None, kind="data_return", day=27,
                     summary="The force's return on repeat domestic violence victims, January to March (made up).",
                     criteria=[criterion])
    current = inspection.assessments.get(criterion=criterion)
    assess_criterion(inspection=inspection, criterion=criterion, value=current.value, rationale=current.rationale,
                     evidence_ids=[*current.evidence.values_list("pk", flat=True), late.pk], by=inspector,
                     revision=current.revision)
    _write_report(inspection, lead=lead, inspector=inspector)
    _final_grades(inspection, lead)
    inspection = change_state(inspection=inspection, to=State.MODERATION, by=lead, note="Draft complete.")
    inspection = change_state(inspection=inspection, to=State.FACTUAL_ACCURACY, by=lead,
                              note="Sent to the force for checking.")
    if liaison is not None:
        finding = inspection.findings.get(text__startswith="High-risk cases waited")
        services.add_comment(inspection=inspection, by=liaison, finding=finding,
                             text="Our records show a longest wait of three days, not five (made-up comment).")
        settled = services.add_comment(inspection=inspection, by=liaison, location="Force overview, first paragraph",
                                       text="Saltby holds just under half of the population (made-up comment).")
        services.resolve_comment(comment=settled, by=inspector, note="Agreed: the draft already says nearly half.")
    return inspection


def _wealdmoor(programme: Programme, lead: User, inspector: User) -> Inspection:
    force = Force.objects.get(slug="wealdmoor-police", is_synthetic=True)
    inspection = Inspection.objects.create(force=force, programme=programme, lead=lead)
    inspection.team.set([inspector])
    inspection = change_state(inspection=inspection, to=State.FIELDWORK, by=lead)
    np = programme.frameworks.get(key="neighbourhood-policing")
    _evidence(inspection, by=inspector, verifier=lead, kind="reality_check", day=11,
              summary="Unannounced visit to the Wealdmoor town front counter on a Saturday (made up).",
              criteria=np.criteria.filter(level="fair")[:2])
    _evidence(inspection, by=inspector, verifier=None, kind="interview", day=12,
              summary="Interview with the head of the public protection unit (made up).",
              criteria=programme.frameworks.get(key="public-protection").criteria.filter(level="fair")[:2])
    services.add_finding(inspection=inspection, framework=np, category=Category.STRENGTH, by=inspector,
                         text="The front counter was open and staffed as advertised (made-up finding).")
    return inspection


@transaction.atomic
def load_demo(write: Callable[[str], Any]) -> None:
    programme = _programme()
    lead = User.objects.filter(username="lead").first()
    inspector = User.objects.filter(username="inspector").first()
    if lead is None or inspector is None:
        write("Workspace: the demo lead inspector and inspector are missing; no inspection in progress loaded.")
        return
    liaison = User.objects.filter(username="liaison").first()
    if not Inspection.objects.filter(programme=programme, force__slug="fenshire-constabulary").exists():
        _fenshire(programme, lead, inspector, liaison)
    if not Inspection.objects.filter(programme=programme, force__slug="wealdmoor-police").exists():
        _wealdmoor(programme, lead, inspector)
    write(f"Workspace: made-up inspections in progress in the {PROGRAMME['title']}: Fenshire Constabulary "
          "(factual-accuracy check) and Wealdmoor Police (fieldwork)")
    load_peel_demo(write, lead=lead, inspector=inspector)
