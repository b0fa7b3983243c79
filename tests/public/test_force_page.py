"""A force's public page: published grades, reports, recommendations; never an unpublished grade."""

from __future__ import annotations

import re

from django.test import Client

from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.inspections.models import Inspection, Judgement, State
from inspectorate.national.models import Programme


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_bedfordshire_page_shows_its_published_grades_and_recommendations(reference: None, client: Client) -> None:
    response = client.get("/forces/bedfordshire-police/")
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "Population 573,800 in 236,974 households" in text
    assert re.search(r"Neighbourhood Policing Poor", text) and re.search(r"Domestic violence Poor", text)
    assert re.search(r"Missing persons Fair", text)
    statuses = re.findall(r'<td><strong class="govuk-tag [^"]+">(Open|In progress|Implemented|Discharged|Superseded)<',
                          response.content.decode())
    assert statuses == ["Open"] * 12  # the 12 published recommendations join the tracker, each open


def test_an_unpublished_grade_never_appears(reference: None, client: Client) -> None:
    force = Force.objects.create(name="Fenshire Constabulary", slug="fenshire-constabulary",
                                 country="England", is_synthetic=True)
    programme = Programme.objects.get(slug="2007")
    inspection = Inspection.objects.create(force=force, programme=programme, state=State.DRAFTING)
    Judgement.objects.create(inspection=inspection, framework=Framework.objects.get(key="child-abuse"),
                             final_grade="Excellent")
    text = _text(Client().get("/forces/fenshire-constabulary/").content.decode())
    assert "Excellent" not in text and "made-up force" in text
    assert "No published inspection of Fenshire Constabulary is held." in text


def test_an_unknown_force_is_not_found(reference: None, client: Client) -> None:
    assert client.get("/forces/no-such-force/").status_code == 404
