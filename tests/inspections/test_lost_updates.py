"""No lost updates: two people editing the same finding or recommendation; the second is told, nothing is lost."""

from __future__ import annotations

import html as html_lib

import pytest
from django.urls import reverse
from world import World

from inspectorate.inspections import services
from inspectorate.inspections.errors import StaleEdit
from inspectorate.inspections.models import Finding, Recommendation


def _revision(page: str) -> str:
    return page.split('name="revision" value="', 1)[1].split('"', 1)[0]


def test_two_sessions_edit_the_same_finding(world: World) -> None:
    finding = world.extra[world.a.pk]["afi"]
    url = reverse("inspections:edit_finding", args=[world.a.pk, finding.pk])
    first, second = world.client_for("inspector"), world.client_for("colleague")
    first_revision = _revision(first.get(url).content.decode())
    second_revision = _revision(second.get(url).content.decode())
    assert first_revision == second_revision

    saved = first.post(url, {"category": finding.category, "text": "Partners are rarely involved in problem solving.",
                             "revision": first_revision})
    assert saved.status_code == 302

    refused = second.post(url, {"category": finding.category, "text": "Problem solving is done alone.",
                                "revision": second_revision})
    page = html_lib.unescape(refused.content.decode())
    assert refused.status_code == 400
    assert "This finding was changed by Indira Inspector" in page and "while you were editing it" in page
    assert "Partners are rarely involved in problem solving." in page   # the current text is shown
    assert "Problem solving is done alone." in page                     # and what they typed is kept
    finding.refresh_from_db()
    assert finding.text == "Partners are rarely involved in problem solving."

    # Having seen the current text, the second person may save theirs knowingly.
    again = second.post(url, {"category": finding.category, "text": "Problem solving is done alone.",
                              "revision": _revision(refused.content.decode())})
    assert again.status_code == 302
    finding.refresh_from_db()
    assert finding.text == "Problem solving is done alone." and finding.revision == 3


def test_two_sessions_edit_the_same_recommendation(world: World) -> None:
    rec = world.extra[world.a.pk]["rec"]
    url = reverse("inspections:edit_recommendation", args=[world.a.pk, rec.pk])
    first, second = world.client_for("lead"), world.client_for("inspector")
    revision = _revision(first.get(url).content.decode())
    assert _revision(second.get(url).content.decode()) == revision
    assert first.post(url, {"text": "That the force makes problem solving routine.", "revision": revision}
                      ).status_code == 302
    refused = second.post(url, {"text": "That the force trains partners.", "revision": revision})
    assert refused.status_code == 400
    assert "That the force makes problem solving routine." in html_lib.unescape(refused.content.decode())
    rec.refresh_from_db()
    assert rec.text == "That the force makes problem solving routine."


def test_the_service_refuses_a_stale_revision(world: World) -> None:
    finding: Finding = world.extra[world.a.pk]["strength"]
    services.update_finding(finding=finding, text="New words.", category=finding.category, revision=1, by=world.lead)
    with pytest.raises(StaleEdit) as stale:
        services.update_finding(finding=finding, text="Other words.", category=finding.category, revision=1,
                                by=world.inspector)
    assert stale.value.current.text == "New words."
    rec: Recommendation = world.extra[world.a.pk]["rec"]
    services.update_recommendation(recommendation=rec, text="That the force acts.", revision=1, by=world.lead)
    with pytest.raises(StaleEdit):
        services.update_recommendation(recommendation=rec, text="That the force waits.", revision=1, by=world.lead)
