"""One service moves an inspection along its lifecycle, says exactly what blocks a step, and audits it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from world import World

from inspectorate.audit.models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.errors import TransitionBlocked
from inspectorate.inspections.lifecycle import (
    approve_publication,
    blocking_messages,
    change_state,
    request_publication,
)
from inspectorate.inspections.models import CriterionAssessment, Judgement, State


def test_fieldwork_needs_a_lead(world: World) -> None:
    world.set_state(State.PLANNED)
    world.a.lead = None
    world.a.save()
    with pytest.raises(TransitionBlocked) as refused:
        change_state(inspection=world.a, to=State.FIELDWORK, by=world.admin)
    assert refused.value.messages == ["Cannot start fieldwork: no lead inspector is assigned."]


def test_each_framework_without_a_final_grade_is_named(world: World) -> None:
    world.set_state(State.MODERATION)
    world.grade_everything(world.a)
    Judgement.objects.filter(inspection=world.a, framework__key="domestic-violence").update(final_grade="")
    assert blocking_messages(world.a, State.FACTUAL_ACCURACY) == [
        "Cannot send the draft to the force: Domestic violence has no final grade."
    ]
    with pytest.raises(TransitionBlocked, match="Domestic violence has no final grade"):
        change_state(inspection=world.a, to=State.FACTUAL_ACCURACY, by=world.lead)
    world.a.refresh_from_db()
    assert world.a.state == State.MODERATION


def test_a_state_change_is_audited_with_before_and_after(world: World) -> None:
    world.grade_everything(world.a)
    change_state(inspection=world.a, to=State.MODERATION, by=world.lead, note="Ready for the moderators.")
    world.a.refresh_from_db()
    assert world.a.state == State.MODERATION
    event = AuditEvent.objects.filter(inspection=world.a, action="inspection.state_changed").get()
    assert event.actor == world.lead
    assert event.before == {"state": "drafting"}
    assert event.after == {"state": "moderation", "note": "Ready for the moderators."}


def test_a_step_that_does_not_follow_is_refused(world: World) -> None:
    with pytest.raises(TransitionBlocked, match="cannot move to published"):
        change_state(inspection=world.a, to=State.PUBLISHED, by=world.lead)


def _assess_on_unverified(world: World, code: str, key: str) -> None:
    framework = world.programme.frameworks.get(key=key)
    assessment = CriterionAssessment.objects.create(
        inspection=world.a, criterion=framework.criteria.get(code=code), value="partly_met", rationale="Seen."
    )
    assessment.evidence.set([world.extra[world.a.pk]["unverified"]])


def test_publication_names_every_blocker(world: World) -> None:
    world.set_state(State.FACTUAL_ACCURACY)
    world.grade_everything(world.a)
    _assess_on_unverified(world, "NP-F2", "neighbourhood-policing")
    _assess_on_unverified(world, "DV-G1", "domestic-violence")
    finding = world.extra[world.a.pk]["afi"]
    for text in ("Wrong figure.", "Wrong name.", "Out of date."):
        services.add_comment(inspection=world.a, by=world.liaison_a, text=text, finding=finding)
    assert blocking_messages(world.a, State.PUBLISHED) == [
        "Cannot publish: 2 assessments rest on unverified evidence: NP-F2, DV-G1.",
        "Cannot publish: 3 factual-accuracy comments are unresolved.",
        "Cannot publish: the lead inspector has not requested publication.",
    ]


def test_publication_needs_the_request_then_a_moderators_approval(world: World) -> None:
    world.set_state(State.FACTUAL_ACCURACY)
    world.grade_everything(world.a)
    comment = services.add_comment(inspection=world.a, by=world.liaison_a, text="The BCU is called J division.",
                                   location="Force overview")
    with pytest.raises(TransitionBlocked) as refused:
        request_publication(inspection=world.a, by=world.lead)
    assert refused.value.messages == ["Cannot request publication: 1 factual-accuracy comment is unresolved."]
    services.resolve_comment(comment=comment, by=world.inspector, note="Corrected in the overview.")
    request_publication(inspection=world.a, by=world.lead)
    world.a.refresh_from_db()
    assert blocking_messages(world.a, State.PUBLISHED) == [
        "Cannot publish: a moderator has not approved publication."
    ]
    approve_publication(inspection=world.a, by=world.moderator)
    world.a.refresh_from_db()
    assert blocking_messages(world.a, State.PUBLISHED) == []
    actions = set(AuditEvent.objects.filter(inspection=world.a).values_list("action", flat=True))
    assert {"comment.added", "comment.resolved", "publication.requested", "publication.approved"} <= actions


def test_the_web_form_shows_the_blockers_and_changes_nothing(world: World) -> None:
    world.set_state(State.MODERATION)
    client = world.client_for("lead")
    response = client.post(reverse("inspections:change_state", args=[world.a.pk, State.FACTUAL_ACCURACY]),
                           follow=True)
    html = response.content.decode()
    assert "Cannot send the draft to the force: Neighbourhood Policing has no final grade." in html
    assert "Cannot send the draft to the force: Domestic violence has no final grade." in html
    world.a.refresh_from_db()
    assert world.a.state == State.MODERATION


def test_the_lead_moves_the_inspection_on_the_web(world: World) -> None:
    world.grade_everything(world.a)
    client = world.client_for("lead")
    response = client.post(reverse("inspections:change_state", args=[world.a.pk, State.MODERATION]),
                           {"note": "Draft complete."}, follow=True)
    assert "The inspection is now at moderation" in response.content.decode()
    world.a.refresh_from_db()
    assert world.a.state == State.MODERATION


def test_a_moderator_may_return_a_draft_and_the_approval_lapses(world: World) -> None:
    world.set_state(State.MODERATION)
    change_state(inspection=world.a, to=State.DRAFTING, by=world.moderator, note="Recheck the DV grade.")
    world.a.refresh_from_db()
    assert world.a.state == State.DRAFTING
    assert world.a.publication_requested_at is None and world.a.publication_approved_at is None
