"""Holes 1 and 3 of issue 10: publishing what nobody approved, and live text leaking past the frozen version."""

from __future__ import annotations

import html as html_lib

import pytest
from django.test import Client
from django.urls import reverse
from world import World

from inspectorate.core.errors import NotPermitted, ServiceError
from inspectorate.inspections import services
from inspectorate.inspections.errors import TransitionBlocked
from inspectorate.inspections.lifecycle import approve_publication, change_state, request_publication
from inspectorate.inspections.models import Category, Finding, State
from inspectorate.reports.models import PublishedReport
from inspectorate.reports.services import publish_report


def _approved(world: World) -> None:
    world.grade_everything(world.a, "Fair")
    world.set_state(State.MODERATION, world.a)
    change_state(inspection=world.a, to=State.FACTUAL_ACCURACY, by=world.lead)
    request_publication(inspection=world.a, by=world.lead)
    approve_publication(inspection=world.a, by=world.moderator)
    world.a.refresh_from_db()


def _page(world: World, who: str, name: str) -> str:
    response = world.client_for(who).get(reverse(name, args=[world.a.pk]))
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


@pytest.mark.parametrize("edit, change", [
    ("edit_finding", "changed"), ("add_finding", "added"), ("delete_finding", "deleted"),
    ("edit_recommendation", "Recommendation 1 changed"),
])
def test_a_change_after_approval_voids_it(world: World, edit: str, change: str) -> None:
    _approved(world)
    extra = world.extra[world.a.pk]
    np = world.programme.frameworks.get(key="neighbourhood-policing")
    if edit == "edit_finding":
        afi = extra["afi"]
        services.update_finding(finding=afi, text="Problem solving is routine everywhere.", category=afi.category,
                                revision=afi.revision, by=world.inspector)
    elif edit == "add_finding":
        services.add_finding(inspection=world.a, framework=np, category=Category.STRENGTH,
                             text="A new strength nobody approved.", by=world.inspector)
    elif edit == "delete_finding":
        services.delete_finding(finding=extra["strength"], by=world.inspector)
    else:
        rec = extra["rec"]
        services.update_recommendation(recommendation=rec, text="That the force does something else.",
                                       revision=rec.revision, by=world.inspector)
    world.a.refresh_from_db()
    with pytest.raises(TransitionBlocked, match="changed since a moderator approved publication") as refused:
        publish_report(inspection=world.a, by=world.lead)
    assert change in refused.value.message and "a moderator must approve it again" in refused.value.message
    assert not PublishedReport.objects.filter(inspection=world.a).exists()
    page = _page(world, "lead", "inspections:publication")
    assert "Changed since a moderator approved publication" in page and change in page
    # The same through the web: the lead's publish is refused, nothing is frozen.
    world.client_for("lead").post(reverse("inspections:change_state", args=[world.a.pk, State.PUBLISHED]))
    assert not PublishedReport.objects.filter(inspection=world.a).exists()
    # The moderator approves the changed draft; then it publishes, with the change in it.
    approve_publication(inspection=world.a, by=world.moderator)
    with pytest.raises(ServiceError, match="already been approved, and the draft has not changed"):
        approve_publication(inspection=world.a, by=world.moderator)
    report = publish_report(inspection=world.a, by=world.lead)
    assert report.version == 1


def test_findings_are_named_by_number_and_framework(world: World) -> None:
    _approved(world)
    strength = world.extra[world.a.pk]["strength"]
    services.update_finding(finding=strength, text="Changed words.", category=strength.category,
                            revision=strength.revision, by=world.inspector)
    world.a.refresh_from_db()
    number = list(Finding.objects.filter(inspection=world.a, framework=strength.framework).order_by(
        "category").values_list("pk", flat=True))
    page = _page(world, "moderator", "inspections:publication")
    assert f"of {strength.framework.display_title} changed" in page
    assert "Approve publication" in page
    assert number  # the framework has findings to number


def test_only_the_lead_may_publish_and_the_service_itself_says_so(world: World) -> None:
    _approved(world)
    for who in ("inspector", "moderator", "admin", "liaison_a"):
        with pytest.raises(NotPermitted):
            publish_report(inspection=world.a, by=world.users[who])
    with pytest.raises(NotPermitted):
        approve_publication(inspection=world.a, by=world.lead)
    assert not PublishedReport.objects.filter(inspection=world.a).exists()


def test_the_force_sees_what_changed_since_it_last_saw_the_draft(world: World) -> None:
    world.grade_everything(world.a, "Fair")
    world.set_state(State.MODERATION, world.a)
    change_state(inspection=world.a, to=State.FACTUAL_ACCURACY, by=world.lead)
    world.a.refresh_from_db()
    page = _page(world, "liaison_a", "inspections:draft")
    assert "Changed since the force last saw the draft" not in page
    afi = world.extra[world.a.pk]["afi"]
    services.update_finding(finding=afi, text="Reworded after the force read it.", category=afi.category,
                            revision=afi.revision, by=world.inspector)
    page = _page(world, "liaison_a", "inspections:draft")
    assert "Changed since the force last saw the draft" in page and f"of {afi.framework.display_title} changed" in page
    # Commenting records that the force has seen the draft as it now stands.
    services.add_comment(inspection=world.a, by=world.liaison_a, text="Noted.", location="The whole draft")
    assert "Changed since the force last saw the draft" not in _page(world, "liaison_a", "inspections:draft")


def test_an_unpublished_correction_does_not_leak_to_any_public_surface(world: World) -> None:
    _approved(world)
    publish_report(inspection=world.a, by=world.lead)
    rec = world.extra[world.a.pk]["rec"]
    rec.refresh_from_db()
    published_words = rec.text
    secret = "That the force adopts wording nobody has published."
    services.update_recommendation(recommendation=rec, text=secret, revision=rec.revision, by=world.lead)
    public = Client()
    urls = [
        reverse("followup:list"),
        reverse("followup:detail", args=[rec.pk]),
        reverse("public:force", args=[world.force_a.slug]),
        "/api/v1/recommendations",
        f"/api/v1/recommendations/{rec.pk}",
        reverse("opendata:download", args=["recommendations", "csv"]),
        reverse("opendata:download", args=["recommendations", "json"]),
    ]
    for url in urls:
        response = public.get(url)
        assert response.status_code == 200, url
        body = html_lib.unescape(b"".join(response.streaming_content).decode() if response.streaming
                                 else response.content.decode())
        assert secret not in body, url
        assert published_words[:40] in body, url
    # Staff see that a correction is pending, marked as such.
    staff_page = _page(world, "lead", "inspections:publication")
    assert "Pending correction" in staff_page and "Recommendation 1 changed" in staff_page
    detail = html_lib.unescape(world.client_for("lead").get(reverse("followup:detail", args=[rec.pk])).content.decode())
    assert "Pending correction" in detail and secret in detail
    # Published with its change note, the new words are public, and the versions page says what changed.
    publish_report(inspection=world.a, by=world.lead, change_note="Recommendation 1 reworded.")
    assert secret in public.get(f"/api/v1/recommendations/{rec.pk}").json()["text"]
    versions = public.get(reverse("reports:versions", args=[world.force_a.slug, world.programme.slug]))
    assert "Recommendation 1 changed" in versions.content.decode()
