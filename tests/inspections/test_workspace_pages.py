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
    assert "synthetic demonstration data" in html.lower() or url.endswith(("/inspections/", "/board/")), url


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
