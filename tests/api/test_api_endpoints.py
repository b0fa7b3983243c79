"""The REST API: public reads, and force responses written only by the force's own liaison officer."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from inspectorate.inspections.models import Recommendation
from inspectorate.practice.models import DevelopingPractice
from inspectorate.recommendations.models import FollowUp, ForceResponse, ResponseEvidence

pytestmark = pytest.mark.django_db


def _rec(inspection: Any, number: int = 1) -> Recommendation:
    return Recommendation.objects.get(inspection=inspection, number=number)


@pytest.fixture
def csrf_client(users: dict[str, Any]) -> Client:
    """A liaison officer's session with CSRF checks on, as a browser or script would meet them."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["liaison"])
    client.get("/opendata/")  # any page: the CSRF cookie is set on demand below
    from django.middleware.csrf import _get_new_csrf_string

    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    client.defaults["HTTP_X_CSRFTOKEN"] = token
    return client


def test_schema_and_documentation(reference: Any, client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "inspectorate open data API"
    assert "/api/v1/recommendations/{id}/responses" in schema["paths"]
    html = client.get("/opendata/docs/").content.decode()
    assert "POST /api/v1/recommendations/{id}/responses" in html
    assert "cdn" not in html.lower() and "unpkg" not in html  # nothing loaded from elsewhere


def test_public_reads(reference: Any, published: dict[str, Any], client: Client) -> None:
    summary = client.get("/api/v1/programmes/2007/national-summary").json()
    np = summary[0]
    assert np["framework"] == "neighbourhood-policing"
    assert np["published"] == {"excellent": 6, "good": 14, "fair": 21, "poor": 2}
    assert np["computed"]["poor"] == 1 and np["coverage"] == "grades held for 1 of 43 forces"
    assert client.get("/api/v1/programmes/nope/national-summary").status_code == 404
    judgements = client.get("/api/v1/judgements", {"force": "bedfordshire-police"}).json()
    assert judgements["count"] == 6
    page = client.get("/api/v1/recommendations", {"status": "open", "limit": 5, "offset": 10}).json()
    assert page["count"] == 18 and len(page["items"]) == 5
    detail = client.get(f"/api/v1/recommendations/{_rec(published['fenshire']).pk}").json()
    assert detail["status"] == "open" and detail["synthetic"] is True
    assert detail["history"][0]["text"] == "Follow-up opened: status Open."
    assert len(client.get("/api/v1/forces").json()) == 45


def test_wrong_types_get_specific_errors(reference: Any, client: Client) -> None:
    response = client.get("/api/v1/recommendations", {"status": "closed"})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["query", "status"]
    response = client.get("/api/v1/recommendations", {"limit": "many"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "limit"]
    assert client.get("/api/v1/recommendations/abc").status_code in {404, 422}
    assert client.get(f"/api/v1/recommendations/{2**40}").status_code == 422
    assert client.get("/api/v1/practice", {"offset": 10**30}).status_code == 422


def test_response_needs_a_session(published: dict[str, Any], client: Client) -> None:
    url = f"/api/v1/recommendations/{_rec(published['fenshire']).pk}/responses"
    assert client.post(url, {"text": "Done."}).status_code == 401
    assert not ForceResponse.objects.exists()


def test_response_needs_the_csrf_token(published: dict[str, Any], users: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["liaison"])
    response = client.post(f"/api/v1/recommendations/{_rec(published['fenshire']).pk}/responses", {"text": "Done."})
    assert response.status_code == 403
    assert not ForceResponse.objects.exists()


def test_liaison_records_a_response_through_the_api(published: dict[str, Any], csrf_client: Client) -> None:
    rec = _rec(published["fenshire"])
    evidence = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    response = csrf_client.post(f"/api/v1/recommendations/{rec.pk}/responses", {
        "text": "Plan approved.", "responded_on": "2007-06-01", "claimed_status": "in_progress", "evidence": evidence,
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status_after"] == "in_progress" and body["responded_on"] == "2007-06-01"
    assert body["evidence"][0]["name"] == "plan.pdf"
    assert FollowUp.objects.get(recommendation=rec).status == "in_progress"
    listed = csrf_client.get(f"/api/v1/recommendations/{rec.pk}/responses").json()
    assert [r["text"] for r in listed] == ["Plan approved."]


def test_liaison_cannot_respond_for_another_force(published: dict[str, Any], csrf_client: Client) -> None:
    rec = _rec(published["wealdmoor"])
    response = csrf_client.post(f"/api/v1/recommendations/{rec.pk}/responses", {"text": "Not ours."})
    assert response.status_code == 403
    assert csrf_client.get(f"/api/v1/recommendations/{rec.pk}/responses").status_code == 403
    assert not ForceResponse.objects.exists()


@pytest.mark.parametrize(
    ("data", "loc", "message"),
    [
        ({"text": "   "}, ["form", "text"], "cannot be empty"),
        ({"text": "x", "responded_on": "yesterday"}, ["form", "responded_on"], "date"),
        ({"text": "x", "claimed_status": "discharged"}, ["form", "claimed_status"], "in_progress"),
        ({"text": "x", "evidence": SimpleUploadedFile("virus.exe", b"MZ")}, ["form", "evidence"],
         "“virus.exe” is a .exe file, which is not accepted as evidence"),
        ({}, ["form", "text"], "required"),
    ],
)
def test_bad_response_is_refused_and_writes_nothing(
    published: dict[str, Any], csrf_client: Client, data: dict[str, Any], loc: list[str], message: str
) -> None:
    rec = _rec(published["fenshire"])
    response = csrf_client.post(f"/api/v1/recommendations/{rec.pk}/responses", data)
    assert response.status_code == 422, response.content
    problems = response.json()["detail"]
    assert any(p["loc"] == loc and message in p["msg"] for p in problems), problems
    assert not ForceResponse.objects.exists() and not ResponseEvidence.objects.exists()
    assert not FollowUp.objects.filter(recommendation=rec).exclude(status="open").exists()


def test_practice_search_through_the_api(published: dict[str, Any], client: Client) -> None:
    inspection = published["wealdmoor"]
    example = DevelopingPractice.objects.create(
        force=inspection.force, inspection=inspection, framework=inspection.programme.frameworks.first(),
        title="Missing from care protocol", problem="Care homes.", solution="s", outcomes="o",
    )
    page = client.get("/api/v1/practice", {"q": "care"}).json()
    assert page["count"] == 1 and page["items"][0]["independently_evaluated"] is False
    assert client.get(f"/api/v1/practice/{example.pk}").json()["title"] == "Missing from care protocol"
    assert client.get("/api/v1/practice/999999").status_code == 404
