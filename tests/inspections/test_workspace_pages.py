"""Every workspace page renders for the people who use it, with exactly one h1 and labelled fields."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from world import World

from inspectorate.inspections.models import State


def _pages(world: World) -> list[str]:
    a = world.a
    extra = world.extra[a.pk]
    return [
        reverse("inspections:mine"),
        reverse("inspections:board"),
        reverse("inspections:overview", args=[a.pk]),
        reverse("inspections:evidence", args=[a.pk]),
        reverse("inspections:findings", args=[a.pk, "neighbourhood-policing"]),
        reverse("inspections:findings", args=[a.pk, "pvp-overview"]),
        reverse("inspections:edit_finding", args=[a.pk, extra["afi"].pk]),
        reverse("inspections:raise_recommendation", args=[a.pk, extra["afi"].pk]),
        reverse("inspections:edit_recommendation", args=[a.pk, extra["rec"].pk]),
        reverse("inspections:attach_evidence_file", args=[a.pk, extra["verified"].pk]),
        reverse("inspections:draft", args=[a.pk]),
        reverse("inspections:comments", args=[a.pk]),
        reverse("inspections:audit", args=[a.pk]),
        reverse("inspections:publication", args=[a.pk]),
    ]


def _check_page(html: str, url: str) -> None:
    assert len(re.findall(r"<h1[\s>]", html)) == 1, f"{url} must have exactly one h1"
    for field_id in re.findall(r'<(?:input|textarea|select)[^>]*\bid="([^"]+)"', html):
        if 'type="hidden"' in html.split(f'id="{field_id}"')[0].rsplit("<", 1)[-1]:
            continue
        assert f'for="{field_id}"' in html, f"{url}: the field {field_id} has no label"
    assert "made-up demonstration data" in html.lower() or url.endswith(("/inspections/", "/board/")), url


@pytest.mark.parametrize("state", [State.FIELDWORK, State.DRAFTING])
def test_the_lead_sees_every_workspace_page(world: World, state: str) -> None:
    world.set_state(state)
    client = world.client_for("lead")
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        _check_page(response.content.decode(), url)


def test_the_liaison_sees_the_draft_without_grades_during_the_check(world: World) -> None:
    world.set_state(State.FACTUAL_ACCURACY)
    world.grade_everything(world.a, "Poor")
    client = world.client_for("liaison_a")
    response = client.get(reverse("inspections:draft", args=[world.a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    _check_page(html, "draft")
    assert "Problem solving with partners is not yet routine." in html
    assert "Recommendation 1" in html
    assert "Poor" not in html and "grade-poor" not in html
    assert "Comment on this paragraph" in html
    assert client.get(reverse("inspections:add_comment", args=[world.a.pk])).status_code == 200


def test_every_criteria_and_grade_link_of_the_overview_leads_to_a_page(world: World) -> None:
    world.set_state(State.DRAFTING)
    client = world.client_for("lead")
    html = client.get(reverse("inspections:overview", args=[world.a.pk])).content.decode()
    links = re.findall(r'<a href="([^"]+)">Criteria and grade<span class="visually-hidden"> of ([^<]+)</span>', html)
    assert links and not any("Overview" in title for _, title in links)  # the ungraded PVP overview has none
    for url, title in links:
        assert client.get(url).status_code == 200, title


def test_no_publish_button_while_publication_is_blocked(world: World) -> None:
    from inspectorate.inspections.models import FactualAccuracyComment, State

    world.set_state(State.FACTUAL_ACCURACY)
    FactualAccuracyComment.objects.create(inspection=world.a, finding=world.extra[world.a.pk]["afi"],
                                          text="The figure is wrong.", author=world.liaison_a)
    url = reverse("inspections:publication", args=[world.a.pk])
    for role in ("lead", "moderator", "admin"):
        html = world.client_for(role).get(url).content.decode()
        assert "What still blocks publication" in html, role
        assert "Publish the report" not in html, role
    # The lead may publish, and is told what must happen first instead of being offered the button.
    assert 'id="publish-blocked"' in world.client_for("lead").get(url).content.decode()


def test_the_liaisons_my_force_page_is_titled_so_and_leads_to_its_recommendations(world: World) -> None:
    html = world.client_for("liaison_a").get(reverse("inspections:mine")).content.decode()
    assert f"<title>My force: {world.force_a.name}" in html
    assert f'href="/recommendations/?force={world.force_a.slug}"' in html
