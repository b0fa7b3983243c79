"""API tokens for scripted clients: a token acts as its user with that user's role and permissions,
is stored only as a hash, is created and revoked by its user or an administrator with an audit trail,
and is a security scheme in the OpenAPI schema."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.accounts import services
from inspectorate.accounts.models import ApiToken
from inspectorate.audit.models import AuditEvent
from inspectorate.inspections.errors import ServiceError
from inspectorate.inspections.models import Recommendation
from inspectorate.recommendations.models import ForceResponse

pytestmark = pytest.mark.django_db


def _responses_url(inspection: Any) -> str:
    return f"/api/v1/recommendations/{Recommendation.objects.get(inspection=inspection, number=1).pk}/responses"


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_token_acts_as_its_user_with_that_users_permissions(published: dict[str, Any], users: dict[str, Any]) -> None:
    liaison = users["liaison"]
    _token, raw = services.create_api_token(user=liaison, by=liaison, name="Fenshire response script")
    client = Client(enforce_csrf_checks=True)  # a script: no cookies, no CSRF token
    assert client.get("/api/v1/me", **_bearer(raw)).json() == {
        "username": "liaison-f", "name": "liaison-f", "role": "force_liaison", "force": "fenshire"}
    created = client.post(_responses_url(published["fenshire"]), {"text": "Posted by a script."}, **_bearer(raw))
    assert created.status_code == 201, created.content
    assert ForceResponse.objects.get().responded_by == liaison
    # The same permissions as the user: not another force's recommendation.
    refused = client.post(_responses_url(published["wealdmoor"]), {"text": "Not ours."}, **_bearer(raw))
    assert refused.status_code == 403 and ForceResponse.objects.count() == 1

    # An inspector's token reads responses but may not write one.
    inspector = users["inspector"]
    _token, staff_raw = services.create_api_token(user=inspector, by=inspector, name="Reporting")
    assert client.get(_responses_url(published["fenshire"]), **_bearer(staff_raw)).status_code == 200
    assert client.post(_responses_url(published["fenshire"]), {"text": "x"}, **_bearer(staff_raw)).status_code == 403


def test_tokens_are_stored_hashed_and_stop_working_when_revoked(users: dict[str, Any]) -> None:
    liaison = users["liaison"]
    token, raw = services.create_api_token(user=liaison, by=liaison, name="Nightly export")
    assert raw.startswith("insp_") and len(raw) > 40
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest() and token.prefix == raw[:12]
    assert not ApiToken.objects.filter(key_hash__contains=raw[5:]).exists()
    assert all(raw not in str(e.summary) + str(e.after) for e in AuditEvent.objects.all())
    client = Client()
    assert client.get("/api/v1/me", **_bearer(raw)).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None
    assert client.get("/api/v1/me", **_bearer(raw[:-1] + ("A" if raw[-1] != "A" else "B"))).status_code == 401
    services.revoke_api_token(token=token, by=liaison)
    assert client.get("/api/v1/me", **_bearer(raw)).status_code == 401
    with pytest.raises(ServiceError, match="already revoked"):
        services.revoke_api_token(token=token, by=liaison)
    assert list(AuditEvent.objects.filter(object_type="accounts.ApiToken").values_list("action", flat=True)
                .order_by("id")) == ["api_token.created", "api_token.revoked"]


def test_an_inactive_users_token_does_not_work(users: dict[str, Any]) -> None:
    liaison = users["liaison"]
    _token, raw = services.create_api_token(user=liaison, by=liaison, name="Script")
    liaison.is_active = False
    liaison.save()
    assert Client().get("/api/v1/me", **_bearer(raw)).status_code == 401


def test_only_the_user_or_an_administrator_creates_or_revokes(users: dict[str, Any]) -> None:
    liaison, other, admin = users["liaison"], users["other_liaison"], users["admin_user"]
    with pytest.raises(ServiceError, match="Only liaison-f or an administrator"):
        services.create_api_token(user=liaison, by=other, name="Sneaky")
    token, _raw = services.create_api_token(user=liaison, by=admin, name="Set up for the force")
    assert token.created_by == admin
    with pytest.raises(ServiceError, match="Only liaison-f or an administrator"):
        services.revoke_api_token(token=token, by=other)
    services.revoke_api_token(token=token, by=admin)
    event = AuditEvent.objects.get(action="api_token.revoked")
    assert event.actor == admin and "liaison-f" in event.summary
    with pytest.raises(ServiceError, match="Give the token a name"):
        services.create_api_token(user=liaison, by=liaison, name="   ")
    with pytest.raises(ServiceError, match="at most 100"):
        services.create_api_token(user=liaison, by=liaison, name="x" * 101)


def test_the_tokens_page_shows_a_new_token_once_and_revokes(users: dict[str, Any]) -> None:
    liaison = users["liaison"]
    client = Client()
    client.force_login(liaison)
    page = client.post(reverse("api_tokens"), {"name": "Response script"})
    html = page.content.decode()
    raw = html.split('id="new-token" class="secret">')[1].split("<")[0]
    assert services.user_for_token(raw) == liaison
    assert raw not in client.get(reverse("api_tokens")).content.decode()
    assert client.post(reverse("api_tokens"), {"name": ""}).status_code == 400
    token = ApiToken.objects.get()
    other = Client()
    other.force_login(users["other_liaison"])
    other.post(reverse("revoke_api_token", args=[token.pk]))
    assert services.user_for_token(raw) == liaison  # not theirs to revoke
    client.post(reverse("revoke_api_token", args=[token.pk]))
    assert services.user_for_token(raw) is None


def test_the_openapi_schema_documents_both_security_schemes(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["ApiToken"]["type"] == "http" and schemes["ApiToken"]["scheme"] == "bearer"
    assert schemes["StaffSession"]["type"] == "apiKey" and schemes["StaffSession"]["in"] == "cookie"
    post = schema["paths"]["/api/v1/recommendations/{id}/responses"]["post"]
    assert {"ApiToken": []} in post["security"] and {"StaffSession": []} in post["security"]


def test_an_administrator_revokes_anyones_token_in_the_admin(users: dict[str, Any]) -> None:
    liaison, admin = users["liaison"], users["admin_user"]
    token, raw = services.create_api_token(user=liaison, by=liaison, name="Old script")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    assert "Old script" in client.get(reverse("api_tokens")).content.decode()  # everyone's live tokens
    response = client.post(reverse("admin:accounts_apitoken_changelist"),
                           {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    assert "Revoked 1 tokens." in response.content.decode()
    assert services.user_for_token(raw) is None
    assert AuditEvent.objects.get(action="api_token.revoked").actor == admin
