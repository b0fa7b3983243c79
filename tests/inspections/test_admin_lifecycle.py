"""Nothing goes round the lifecycle through the Django admin.

Each test is an administrator (a superuser) POSTing a governed field to an admin view, as someone
trying to go round the rules would: the field is unchanged in the database, no public surface
changes, and the refusal is the admin's own (403, or the field shown read-only and ignored).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from world import World

from inspectorate.accounts.models import User
from inspectorate.audit.models import AuditEvent
from inspectorate.inspections.lifecycle import approve_publication, request_publication
from inspectorate.inspections.models import EvidenceItem, FactualAccuracyComment, Inspection, Judgement, State
from inspectorate.reports.models import PublishedReport
from inspectorate.reports.services import publish_report


def _public(world: World) -> dict[str, str]:
    """What the public reads about force A: the API's judgements, the open-data CSV and the force's page."""
    anonymous = Client()
    pages = {
        "api": f"/api/v1/judgements?force={world.force_a.slug}",
        "csv": "/opendata/downloads/judgements.csv",
        "force page": reverse("public:force", args=[world.force_a.slug]),
    }
    seen = {}
    for name, url in pages.items():
        response = anonymous.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        seen[name] = re.sub(r'"X-CSRFToken": "[^"]+"', "", body.decode())  # a fresh token each request
    return seen


def _published(world: World) -> Inspection:
    """Inspection A published through the lifecycle, every framework graded Fair."""
    world.set_state(State.FACTUAL_ACCURACY, world.a)
    world.grade_everything(world.a, "Fair")
    request_publication(inspection=world.a, by=world.lead)
    approve_publication(inspection=world.a, by=world.moderator)
    publish_report(inspection=world.a, by=world.lead)
    world.a.refresh_from_db()
    return world.a


def _change_url(obj: object) -> str:
    meta = obj._meta  # type: ignore[attr-defined]
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])  # type: ignore[attr-defined]


def test_final_grade_cannot_be_set_to_excellent_in_the_admin(world: World) -> None:
    inspection = _published(world)
    judgement = Judgement.objects.get(inspection=inspection, framework__key="neighbourhood-policing")
    before_public, before_events = _public(world), AuditEvent.objects.count()
    assert "Fair" in before_public["csv"] and "Excellent" not in before_public["api"]
    admin = world.client_for("admin")

    assert admin.get(_change_url(judgement)).status_code == 200  # it may be read
    response = admin.post(_change_url(judgement), {
        "inspection": inspection.pk, "framework": judgement.framework_id, "final_grade": "Excellent",
        "rationale": "Set in the admin.", "derived_grade": "Excellent", "derived_decision": "rule",
        "revision": judgement.revision, "_save": "Save",
    })

    assert response.status_code == 403
    judgement.refresh_from_db()
    assert (judgement.final_grade, judgement.rationale) == ("Fair", "")
    assert _public(world) == before_public
    assert AuditEvent.objects.count() == before_events
    add = reverse("admin:inspections_judgement_add")
    assert admin.post(add, {"inspection": inspection.pk, "framework": judgement.framework_id,
                            "final_grade": "Excellent"}).status_code == 403


def test_evidence_cannot_be_verified_in_the_admin(world: World) -> None:
    item = world.extra[world.a.pk]["unverified"]
    admin = world.client_for("admin")
    response = admin.post(_change_url(item), {
        "inspection": world.a.pk, "source_kind": item.source_kind, "summary": item.summary, "date": "2008-03-20",
        "collected_by": item.collected_by_id, "verified_by": world.admin.pk,
        "verified_at_0": "2008-03-21", "verified_at_1": "10:00:00", "_save": "Save",
    })
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.verified_by_id is None and item.verified_at is None
    assert not AuditEvent.objects.filter(action="evidence.verified", object_id=str(item.pk)).exists()
    # Nor can a verification be taken away by deleting the item.
    verified = world.extra[world.a.pk]["verified"]
    delete = reverse("admin:inspections_evidenceitem_delete", args=[verified.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    assert EvidenceItem.objects.filter(pk=verified.pk).exists()


def test_inspection_cannot_be_published_or_approved_in_the_admin(world: World) -> None:
    world.set_state(State.FACTUAL_ACCURACY, world.a)
    world.grade_everything(world.a, "Excellent")  # what the public must not see before publication
    before_public = _public(world)
    assert "Excellent" not in before_public["api"] and "Excellent" not in before_public["csv"]
    admin = world.client_for("admin")

    response = admin.post(_change_url(world.a), {
        "force": world.force_a.pk, "programme": world.programme.pk,
        "lead": world.lead.pk, "team": [world.inspector.pk, world.colleague.pk, world.inspector_b.pk],
        "overview": "[]", "state": State.PUBLISHED, "imported": "on",
        "publication_requested_by": world.lead.pk, "publication_approved_by": world.moderator.pk,
        "publication_approved_at_0": "2008-10-01", "publication_approved_at_1": "09:00:00", "_save": "Save",
    })

    assert response.status_code == 302, response.content.decode()[:2000]  # the team change is saved...
    inspection = Inspection.objects.get(pk=world.a.pk)
    assert inspection.state == State.FACTUAL_ACCURACY  # ...but nothing the lifecycle governs
    assert not inspection.imported
    assert inspection.publication_requested_by_id is None and inspection.publication_approved_by_id is None
    assert inspection.publication_approved_at is None
    assert set(inspection.team.values_list("pk", flat=True)) == {
        world.inspector.pk, world.colleague.pk, world.inspector_b.pk}
    assert not PublishedReport.objects.filter(inspection=inspection).exists()
    assert _public(world) == before_public
    event = AuditEvent.objects.get(action="inspection.changed_in_admin", object_id=str(inspection.pk))
    assert event.actor_id == world.admin.pk and "team" in event.summary
    assert not AuditEvent.objects.filter(action="inspection.state_changed", inspection=inspection).exists()
    assert admin.post(reverse("admin:inspections_inspection_delete", args=[inspection.pk]),
                      {"post": "yes"}).status_code == 403


def test_an_unresolved_comment_cannot_be_deleted_to_lift_its_block(world: World) -> None:
    world.set_state(State.FACTUAL_ACCURACY, world.a)
    comment = FactualAccuracyComment.objects.create(inspection=world.a, text="The date is wrong.",
                                                    author=world.liaison_a)
    admin = world.client_for("admin")
    url = reverse("admin:inspections_factualaccuracycomment_delete", args=[comment.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:inspections_factualaccuracycomment_changelist")
    response = admin.post(changelist, {"action": "delete_selected", "_selected_action": [comment.pk], "post": "yes"})
    assert response.status_code in {200, 302, 403}
    assert FactualAccuracyComment.objects.filter(pk=comment.pk, resolved_at=None).exists()


def test_published_versions_and_the_audit_trail_are_view_only(world: World) -> None:
    inspection = _published(world)
    report = PublishedReport.objects.get(inspection=inspection)
    event = AuditEvent.objects.filter(inspection=inspection).first()
    assert event is not None
    admin = world.client_for("admin")
    for obj in (report, event):
        meta = obj._meta
        assert admin.get(_change_url(obj)).status_code == 200
        assert admin.post(_change_url(obj), {"summary": "Rewritten.", "html": "<p>Rewritten.</p>",
                                              "sha256": "0" * 64}).status_code == 403
        assert admin.post(reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk]),
                          {"post": "yes"}).status_code == 403
        assert admin.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
    report.refresh_from_db()
    assert report.html.startswith("<!DOCTYPE html>") or "<html" in report.html
    assert AuditEvent.objects.get(pk=event.pk).summary == event.summary


def test_a_user_named_in_the_audit_trail_cannot_be_deleted(world: World) -> None:
    inspection = _published(world)
    assert AuditEvent.objects.filter(actor=world.lead).exists()
    admin = world.client_for("admin")
    response = admin.post(reverse("admin:accounts_user_delete", args=[world.lead.pk]), {"post": "yes"})
    # Django's admin shows which protected records stand in the way instead of deleting.
    assert response.status_code == 200
    assert "Cannot delete user" in response.content.decode()
    assert User.objects.filter(pk=world.lead.pk).exists()
    assert PublishedReport.objects.get(inspection=inspection).published_by_id == world.lead.pk


@pytest.mark.parametrize("model", ["criterionassessment", "finding", "recommendation"])
def test_the_report_text_and_assessments_change_only_in_the_workspace(world: World, model: str) -> None:
    admin = world.client_for("admin")
    assert admin.get(reverse(f"admin:inspections_{model}_add")).status_code == 403
    assert admin.get(reverse(f"admin:inspections_{model}_changelist")).status_code == 200


def test_an_inspection_created_in_the_admin_starts_planned(world: World) -> None:
    from inspectorate.forces.models import Force

    force = Force.objects.create(name="Marshby Police", slug="marshby-police", country="England", is_synthetic=True)
    admin = world.client_for("admin")
    response = admin.post(reverse("admin:inspections_inspection_add"), {
        "force": force.pk, "programme": world.programme.pk, "lead": world.lead.pk, "team": [world.inspector.pk],
        "overview": "[]", "state": State.PUBLISHED, "imported": "on", "_save": "Save",
    })
    assert response.status_code == 302
    inspection = Inspection.objects.get(force=force)
    assert inspection.state == State.PLANNED and not inspection.imported
    event = AuditEvent.objects.get(action="inspection.created_in_admin", inspection=inspection)
    assert event.actor_id == world.admin.pk and event.after["team"] == [str(world.inspector)]
