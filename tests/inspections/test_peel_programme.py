"""A programme graded by PEEL (library/models/peel-2025.yaml) in the web application's services.

Five grades explained by the model's rules, the finding types of the model (a cause of concern
forces Inadequate and carries its recommendation; an area for improvement stands alone), final
grades from the model's scale, and the 56-day response as each follow-up's target date.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from world import World, build_peel_world

from inspectorate.audit.models import AuditEvent
from inspectorate.frameworks.models import Framework
from inspectorate.inspections import services
from inspectorate.inspections.errors import ServiceError
from inspectorate.inspections.judgement.pages import grade_panel
from inspectorate.inspections.judgement.services import assess_criterion, set_final_grade
from inspectorate.inspections.models import Category, EvidenceItem, Judgement, State
from inspectorate.inspections.selectors import report_sections
from inspectorate.recommendations.models import FollowUp
from inspectorate.recommendations.selectors import follow_ups, is_overdue
from inspectorate.recommendations.services import open_follow_ups

pytestmark = pytest.mark.django_db

RP, PV = "peel-responding-to-the-public", "peel-protecting-vulnerable-people"


@pytest.fixture
def peel() -> World:
    return build_peel_world(State.FIELDWORK)


def core_question(world: World, key: str) -> Framework:
    return world.programme.frameworks.get(key=key)


def assess_all(world: World, key: str, states: str) -> Judgement:
    """`states` one letter a characteristic, in order: m met, p partly met, n not met."""
    framework = core_question(world, key)
    criteria = list(framework.criteria.order_by("order"))
    item = EvidenceItem.objects.create(
        inspection=world.a, source_kind="record_audit", summary=f"Dip sample for {framework.display_title} (made up).",
        date=datetime.date(2026, 3, 2), collected_by=world.inspector, verified_by=world.colleague,
        verified_at=timezone.now(),
    )
    item.criteria.set(criteria)
    names = {"m": "met", "p": "partly_met", "n": "not_met"}
    for criterion, state in zip(criteria, states, strict=True):
        assess_criterion(inspection=world.a, criterion=criterion, value=names[state],
                         rationale="Seen in the dip sample (made up).", evidence_ids=[item.pk],
                         by=world.inspector, revision=0)
    return Judgement.objects.get(inspection=world.a, framework=framework)


def test_a_peel_core_question_is_graded_by_the_five_tier_scale_with_its_reasons(peel: World) -> None:
    judgement = assess_all(peel, RP, "mmmmn")
    assert judgement.derived_grade == "Good"
    assert judgement.derived_reasons[0] == "Good: 4 of 5 characteristics of good are shown, at least 80%."
    assert judgement.derived_reasons[1].startswith("Outstanding not reached:")
    panel = grade_panel(peel.a, core_question(peel, RP))
    assert [grade.name for grade in panel.scale] == [
        "Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
    assert ("Characteristics of good met", "4 of 5") in panel.counts
    assert panel.policy_words == "substantially all: 80%; some: 50%"


def test_fewer_characteristics_shown_give_adequate_then_requires_improvement(peel: World) -> None:
    assert assess_all(peel, RP, "mmmnn").derived_grade == "Adequate"
    world = peel
    framework = core_question(world, PV)
    judgement = assess_all(world, PV, "mnnp")
    assert judgement.derived_grade == "Requires improvement", framework
    assert judgement.derived_reasons[1] == (
        "Adequate not reached: 1 of 4 characteristics of good shown, needs at least 50%.")


def test_a_cause_of_concern_makes_the_grade_inadequate_and_carries_its_recommendation(peel: World) -> None:
    assess_all(peel, PV, "mmmm")
    framework = core_question(peel, PV)
    concern = services.add_finding(
        inspection=peel.a, framework=framework, category=Category.CAUSE_OF_CONCERN, by=peel.inspector,
        text="High-risk domestic abuse cases wait days for a specialist review (made up).")
    judgement = Judgement.objects.get(inspection=peel.a, framework=framework)
    assert judgement.derived_grade == "Inadequate"
    assert judgement.derived_reasons == [
        "Inadequate: 1 cause of concern: CC1 (High-risk domestic abuse cases wait days for a specialist review "
        "(made up))."]
    recommendation = services.raise_recommendation(
        finding=concern, by=peel.lead,
        text="That the force reviews every high-risk case within one working day.")
    assert recommendation.finding == concern and recommendation.number == 1
    section = next(s for s in report_sections(peel.a) if s.framework.key == PV)
    assert [block.value for block in section.categories] == [
        "cause_of_concern", "accelerated_cause_of_concern", "area_for_improvement", "innovative_practice"]
    assert section.recommendations == [recommendation]
    # Deleting the cause of concern is refused while its recommendation stands; the grade stays.
    with pytest.raises(ServiceError, match="delete the recommendation first"):
        services.delete_finding(finding=concern, by=peel.inspector)
    assert AuditEvent.objects.filter(action="judgement.derived", summary__contains="Inadequate").exists()


def test_an_area_for_improvement_stands_alone_in_peel(peel: World) -> None:
    framework = core_question(peel, RP)
    area = services.add_finding(inspection=peel.a, framework=framework, category=Category.AREA_FOR_IMPROVEMENT,
                                text="Callers are seldom told when to expect the police (made up).", by=peel.inspector)
    with pytest.raises(ServiceError) as refused:
        services.raise_recommendation(finding=area, text="That the force tells callers.", by=peel.lead)
    assert refused.value.message == (
        "A recommendation is raised from a cause of concern or from an accelerated cause of concern.")


@pytest.mark.parametrize("category", [Category.STRENGTH, Category.WORK_IN_PROGRESS, "breach"])
def test_finding_types_come_from_the_model(peel: World, category: str) -> None:
    with pytest.raises(ServiceError, match="is not a category of finding"):
        services.add_finding(inspection=peel.a, framework=core_question(peel, RP), category=category,
                             text="A 2007 kind of finding (made up).", by=peel.inspector)


def test_an_area_for_improvement_limits_outstanding_to_good(peel: World) -> None:
    framework = core_question(peel, RP)
    assess_all(peel, RP, "mmmmm")
    services.add_finding(inspection=peel.a, framework=framework, category=Category.INNOVATIVE_PRACTICE,
                         text="Call handlers use live video to assess risk (made up).", by=peel.inspector)
    assert Judgement.objects.get(inspection=peel.a, framework=framework).derived_grade == "Outstanding"
    services.add_finding(inspection=peel.a, framework=framework, category=Category.AREA_FOR_IMPROVEMENT,
                         text="Callers are seldom told when to expect the police (made up).", by=peel.inspector)
    judgement = Judgement.objects.get(inspection=peel.a, framework=framework)
    assert judgement.derived_grade == "Good"
    assert judgement.derived_reasons[0].startswith("Good: limited from Outstanding: 1 area for improvement: AFI1")


def test_a_final_grade_is_one_of_the_models_grades(peel: World) -> None:
    judgement = assess_all(peel, RP, "mmmmn")
    with pytest.raises(ServiceError) as refused:
        set_final_grade(judgement=judgement, grade="Fair", rationale="", by=peel.lead, revision=judgement.revision)
    assert refused.value.message == (
        "Choose a final grade: Outstanding, Good, Adequate, Requires improvement or Inadequate.")
    decided = set_final_grade(judgement=judgement, grade="Requires improvement", by=peel.lead,
                              rationale="Response times fell in the last quarter (made up).",
                              revision=judgement.revision)
    decided.refresh_from_db()
    assert decided.final_grade == "Requires improvement"


def test_the_forces_response_is_due_56_days_after_publication(peel: World, settings: Any) -> None:
    framework = core_question(peel, PV)
    concern = services.add_finding(inspection=peel.a, framework=framework, category=Category.CAUSE_OF_CONCERN,
                                   text="Safeguarding plans are closed too early (made up).", by=peel.inspector)
    services.raise_recommendation(finding=concern, text="That the force closes a plan only when the risk is reduced.",
                                  by=peel.lead)
    peel.set_state(State.PUBLISHED, peel.a)
    assert open_follow_ups(inspection=peel.a) == 1
    follow_up = FollowUp.objects.get(recommendation__inspection=peel.a)
    today = timezone.localdate()
    assert follow_up.target_date == today + datetime.timedelta(days=56)
    assert not is_overdue(follow_up, today=today + datetime.timedelta(days=56))
    assert is_overdue(follow_up, today=today + datetime.timedelta(days=57))
    assert [f.pk for f in follow_ups(overdue=True, today=today + datetime.timedelta(days=57))] == [follow_up.pk]
    opened = AuditEvent.objects.get(action="followup.opened")
    assert "police and crime commissioner is to publish a response to the report within 56 days" in opened.summary


def test_the_report_prints_causes_of_concern_with_their_recommendations(peel: World) -> None:
    from inspectorate.reports.rendering import render_inspection, report_for

    assess_all(peel, PV, "mmmm")
    framework = core_question(peel, PV)
    concern = services.add_finding(inspection=peel.a, framework=framework, category=Category.CAUSE_OF_CONCERN,
                                   text="Safeguarding plans are closed too early (made up).", by=peel.inspector)
    services.add_finding(inspection=peel.a, framework=framework, category=Category.AREA_FOR_IMPROVEMENT,
                         text="Referrals reach partners a day late (made up).", by=peel.inspector)
    services.raise_recommendation(finding=concern, text="That the force closes a plan only when the risk is reduced.",
                                  by=peel.lead)
    judgement = Judgement.objects.get(inspection=peel.a, framework=framework)
    set_final_grade(judgement=judgement, grade="Inadequate", rationale="", by=peel.lead, revision=judgement.revision)
    report = report_for(peel.a)
    section = report.framework(PV)
    assert section.grade == "Inadequate"
    assert section.causes_of_concern == ("Safeguarding plans are closed too early (made up).",)
    assert section.areas_for_improvement == ("Referrals reach partners a day late (made up).",)
    document = next(f for f in report.to_json()["frameworks"] if f["key"] == PV)
    assert document["causes_of_concern"] == ["Safeguarding plans are closed too early (made up)."]
    assert "innovative_practice" not in document  # a model's categories are named only when they hold findings
    text = render_inspection(peel.a, "text")
    concern_at = text.index("Causes of concern")
    assert concern_at < text.index("Safeguarding plans are closed too early") < text.index(
        "That the force closes a plan only when the risk is reduced") < text.index("Areas for improvement")
    html = render_inspection(peel.a, "html")
    assert '<span class="grade grade-inadequate">Inadequate</span>' in html


def test_the_recommendation_page_says_when_the_response_is_due_and_whether_it_came_in_time(peel: World) -> None:
    from inspectorate.recommendations.selectors import response_deadline
    from inspectorate.recommendations.services import record_response

    framework = core_question(peel, PV)
    concern = services.add_finding(inspection=peel.a, framework=framework, category=Category.CAUSE_OF_CONCERN,
                                   text="Safeguarding plans are closed too early (made up).", by=peel.inspector)
    recommendation = services.raise_recommendation(
        finding=concern, text="That the force closes a plan only when the risk is reduced.", by=peel.lead)
    peel.set_state(State.PUBLISHED, peel.a)
    open_follow_ups(inspection=peel.a)
    follow_up = FollowUp.objects.get(recommendation=recommendation)
    deadline = response_deadline(follow_up)
    assert deadline is not None and deadline.answered == ""
    assert deadline.rule == ("The police and crime commissioner is to publish a response to the report within "
                             "56 days of publication of the report.")
    today = timezone.localdate()
    record_response(follow_up=follow_up, by=peel.liaison_a, text="Plans are now closed by a supervisor (made up).")
    deadline = response_deadline(follow_up)
    assert deadline is not None
    assert deadline.answered == f"Responded on {today.day} {today:%B %Y}, within the 56 days."
    page = peel.client_for("liaison_a").get(f"/recommendations/{recommendation.pk}/").content.decode()
    assert "within 56 days of publication of the report. Responded on" in page
    due = today + datetime.timedelta(days=56)
    assert f"{due.day} {due:%B %Y}" in page


def test_a_2007_follow_up_has_no_model_deadline(world: World) -> None:
    from inspectorate.recommendations.selectors import response_deadline

    world.set_state(State.PUBLISHED, world.a)
    open_follow_ups(inspection=world.a)
    follow_up = FollowUp.objects.get(recommendation__inspection=world.a)
    assert follow_up.target_date is None and response_deadline(follow_up) is None


def test_a_programme_names_a_shipped_grading_model(peel: World) -> None:
    from django.core.exceptions import ValidationError

    peel.programme.grading_model = "ofsted-2024"
    with pytest.raises(ValidationError) as refused:
        peel.programme.full_clean()
    assert refused.value.message_dict["grading_model"] == [
        "“ofsted-2024” is not a grading model: choose one of cqc-2023, hmic-2007, peel-2025 (library/models/)."]


def test_an_assessment_row_names_the_level_in_its_models_words(peel: World) -> None:
    from inspectorate.frameworks.models import Criterion

    characteristic = core_question(peel, RP).criteria.first()
    assert characteristic.level_label == "Characteristic of good"
    fair = Criterion.objects.filter(framework__key="neighbourhood-policing", level="fair").first()
    assert fair.level_label == "Fair criterion"
