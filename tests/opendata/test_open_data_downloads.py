"""Open data downloads: CSV and JSON of judgements, distributions, recommendations and practice."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client

from inspectorate.inspections.models import Inspection, Judgement, Recommendation, State
from inspectorate.practice.models import DevelopingPractice
from inspectorate.recommendations import services

pytestmark = pytest.mark.django_db


def _csv(client: Client, dataset: str) -> list[dict[str, str]]:
    response = client.get(f"/opendata/downloads/{dataset}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="inspectorate-{dataset}.csv"'
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def _json(client: Client, dataset: str) -> dict[str, Any]:
    response = client.get(f"/opendata/downloads/{dataset}.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    return dict(json.loads(response.content))


def test_page_lists_every_download(reference: Any, client: Client) -> None:
    html = client.get("/opendata/").content.decode()
    for dataset in ["judgements", "national", "recommendations", "practice"]:
        for fmt in ["csv", "json"]:
            assert f'href="/opendata/downloads/{dataset}.{fmt}"' in html
    assert 'href="/opendata/docs/"' in html and 'href="/api/v1/openapi.json"' in html


def test_judgements_are_published_ones_only(reference: Any, published: dict[str, Any], client: Client) -> None:
    programme = published["fenshire"].programme
    Judgement.objects.create(inspection=published["fenshire"], framework=programme.frameworks.get(key="child-abuse"),
                             final_grade="Good")
    draft = Inspection.objects.create(force=published["fenshire"].force, programme=reference, state=State.DRAFTING)
    Judgement.objects.create(inspection=draft, framework=reference.frameworks.get(key="child-abuse"),
                             final_grade="Poor")
    rows = _csv(client, "judgements")
    bedfordshire = [r for r in rows if r["force"] == "bedfordshire-police"]
    assert {(r["framework"], r["grade"]) for r in bedfordshire} == {
        ("neighbourhood-policing", "Poor"), ("performance-management", "Fair"), ("child-abuse", "Fair"),
        ("domestic-violence", "Poor"), ("public-protection", "Fair"), ("missing-persons", "Fair"),
    }
    assert all(r["published"] == "2007-10" and r["synthetic"] == "false" for r in bedfordshire)
    made_up = [r for r in rows if r["force"] == "fenshire"]
    assert made_up == [made_up[0]] and made_up[0]["synthetic"] == "true" and made_up[0]["grade"] == "Good"
    assert len(rows) == 7
    assert len(_json(client, "judgements")["rows"]) == 7


def test_national_distributions_say_what_they_rest_on(reference: Any, client: Client) -> None:
    rows = [r for r in _csv(client, "national") if r["framework"] == "domestic-violence"]
    assert [(r["source"], r["excellent"], r["good"], r["fair"], r["poor"], r["forces_counted"], r["forces_total"])
            for r in rows] == [
        ("published", "1", "13", "27", "2", "43", "43"),
        ("computed from published grades held", "0", "0", "0", "1", "1", "43"),
    ]
    body = _json(client, "national")
    assert "made-up demonstration forces" in body["synthetic_note"]


def test_recommendations_with_status(reference: Any, published: dict[str, Any], users: dict[str, Any],
                                     client: Client) -> None:
    rec = Recommendation.objects.get(inspection=published["fenshire"], number=2)
    follow_up = services.follow_up_for(rec)
    services.change_status(follow_up=follow_up, by=users["inspector"], status="superseded", note="Replaced.")
    rows = _csv(client, "recommendations")
    assert len(rows) == 18
    row = next(r for r in rows if r["id"] == str(rec.pk))
    assert (row["status"], row["synthetic"], row["overdue"], row["number"]) == ("superseded", "true", "false", "2")
    assert sum(r["force"] == "bedfordshire-police" and r["status"] == "open" for r in rows) == 12
    body = _json(client, "recommendations")
    assert body["columns"][:3] == ["id", "programme", "force"]


def test_practice_and_spreadsheet_formulas(published: dict[str, Any], client: Client) -> None:
    inspection = published["fenshire"]
    DevelopingPractice.objects.create(
        force=inspection.force, inspection=inspection, framework=inspection.programme.frameworks.first(),
        title="=HYPERLINK(\"http://example.org\")", problem="p", solution="s", outcomes="o",
    )
    (row,) = _csv(client, "practice")
    assert row["title"] == "'=HYPERLINK(\"http://example.org\")"
    assert row["independently_evaluated"] == "false"
    (item,) = _json(client, "practice")["rows"]
    assert item["title"] == "=HYPERLINK(\"http://example.org\")"  # JSON keeps the text as it is


def test_unknown_dataset_or_format(reference: Any, client: Client) -> None:
    assert client.get("/opendata/downloads/grades.csv").status_code == 404
    assert client.get("/opendata/downloads/national.xlsx").status_code == 404
