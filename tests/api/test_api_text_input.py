"""The API's force response: a NUL byte or an over-long text is refused by the schema (422), nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from inspectorate.freetext import TEXT_MAX_LENGTH
from inspectorate.inspections.models import Recommendation
from inspectorate.recommendations.models import ForceResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client(users: dict[str, Any]) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["liaison"])
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    client.defaults["HTTP_X_CSRFTOKEN"] = token
    return client


@pytest.mark.parametrize(("text", "message"), [
    ("Plan approved.\x00", "contains a null character"),
    ("p" * (TEXT_MAX_LENGTH + 1), f"at most {TEXT_MAX_LENGTH}"),
])
def test_bad_text_is_refused_by_the_schema(published: dict[str, Any], csrf_client: Client, text: str,
                                           message: str) -> None:
    rec = Recommendation.objects.get(inspection=published["fenshire"], number=1)
    response = csrf_client.post(f"/api/v1/recommendations/{rec.pk}/responses", {"text": text})
    assert response.status_code == 422, response.content
    problems = response.json()["detail"]
    assert any(p["loc"] == ["form", "text"] and message in p["msg"] for p in problems), problems
    assert not ForceResponse.objects.exists()


def test_the_schema_documents_the_limit(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    body = schema["paths"]["/api/v1/recommendations/{id}/responses"]["post"]["requestBody"]
    properties = next(iter(body["content"].values()))["schema"]["properties"]
    assert properties["text"]["maxLength"] == TEXT_MAX_LENGTH
