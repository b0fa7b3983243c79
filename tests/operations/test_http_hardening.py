"""The web's production guards: health check, CSP, no-store when signed in, body limit, request ids in logs."""

from __future__ import annotations

import io
import logging
import re
from typing import Any
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import DatabaseError
from django.test import Client
from django.urls import path

from inspectorate.accounts.models import Role, User
from inspectorate.operations.requestid import RequestIdFilter
from inspectorate.urls import urlpatterns as site_urls

pytestmark = pytest.mark.django_db


def _boom(request: Any) -> Any:
    raise RuntimeError("a deliberate failure")


urlpatterns = [path("boom/", _boom), *site_urls]  # this module is the URLconf of the 500 test


@pytest.fixture
def user(settings: Any) -> User:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return User.objects.create_user("indira_inspector", "indira@example.org", "pw-2007-inspect",
                                    role=Role.INSPECTOR)


@pytest.fixture
def log_lines() -> Any:
    """What the configured stderr handler would print, for the loggers that matter here."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(django_settings.LOGGING["formatters"]["line"]["format"]))
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(n) for n in ("django.request", "django.contrib.auth", "inspectorate")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: stream.getvalue().splitlines()
    for logger in loggers:
        logger.removeHandler(handler)


def test_health_check_answers_ok_when_the_database_does(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_check_is_503_when_the_database_does_not(client: Client) -> None:
    with mock.patch("inspectorate.operations.views.connection.cursor", side_effect=DatabaseError("gone")):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["status"] == "unavailable"


def test_pages_carry_a_content_security_policy_without_unsafe_inline(client: Client) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_template_has_an_inline_script_or_an_unnonced_style() -> None:
    from pathlib import Path

    templates = Path(django_settings.BASE_DIR) / "inspectorate" / "templates"
    offending = []
    for template in templates.rglob("*.html"):
        text = template.read_text()
        offending += [f"{template.name}: {m}" for m in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text)]
        offending += [f"{template.name}: {m}" for m in re.findall(r"<style(?![^>]*\bnonce=)[^>]*>", text)]
        offending += [f"{template.name}: style attribute" for _ in re.findall(r"\sstyle=\"", text)]
        offending += [f"{template.name}: {m}" for m in re.findall(r"\son[a-z]+=\"", text)]
    assert offending == []


def test_signed_in_pages_are_not_stored_and_public_pages_may_be(client: Client, user: User) -> None:
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    client.force_login(user)
    assert "no-store" in client.get("/")["Cache-Control"]
    assert "no-store" in client.get("/inspections/")["Cache-Control"]


def test_a_body_over_the_limit_is_refused_before_it_is_read(client: Client, settings: Any) -> None:
    too_big = settings.REQUEST_BODY_MAX_BYTES + 1
    response = client.generic("POST", "/accounts/login/", b"x", content_type="application/octet-stream",
                              CONTENT_LENGTH=str(too_big))
    assert response.status_code == 413
    assert "The request is too large" in response.content.decode()
    assert f"at most {settings.REQUEST_BODY_MAX_BYTES / (1024 * 1024):g} MB" in response.content.decode()
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2 * 1024 * 1024


def test_a_request_body_limit_leaves_room_for_five_evidence_files(settings: Any) -> None:
    assert settings.REQUEST_BODY_MAX_BYTES > 5 * settings.EVIDENCE_UPLOAD_MAX_BYTES


def test_every_response_has_a_request_id_and_keeps_a_plain_one_from_the_proxy(client: Client) -> None:
    assert re.fullmatch(r"[0-9a-f]{16}", client.get("/healthz")["X-Request-ID"])
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234")["X-Request-ID"] == "lb-1234"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id\n")["X-Request-ID"] != "bad id\n"


def test_a_server_error_is_logged_with_the_request_id(settings: Any, log_lines: Any) -> None:
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_X_REQUEST_ID="req-500")
    assert response.status_code == 500
    errors = [line for line in log_lines() if " ERROR " in line]
    assert errors and errors[0].split(" ERROR ", 1)[1].startswith("[req-500] django.request: Internal Server Error")


class _FailingBackend:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("no mail server")


def test_a_failed_password_reset_email_is_logged(client: Client, user: User, settings: Any, log_lines: Any) -> None:
    settings.EMAIL_BACKEND = f"{__name__}._FailingBackend"
    response = client.post("/accounts/password/reset/", {"email": "indira@example.org"}, HTTP_X_REQUEST_ID="req-mail")
    assert response.status_code == 302  # the person is told nothing of it: the log is where it shows
    logged = [line for line in log_lines() if "[req-mail]" in line and "password reset" in line.lower()]
    assert logged and " ERROR " in logged[0]


@pytest.mark.parametrize(("url", "status"), [("/practice/?q=care%00home", 400), ("/api/v1/practice?q=%00", 422)])
def test_a_nul_in_a_search_is_a_clear_refusal_on_every_database(client: Client, url: str, status: int) -> None:
    # The API answers in its documented shape for invalid parameters (422 with a list of details).
    response = client.get(url)
    assert response.status_code == status
    assert "null character" in response.content.decode()
