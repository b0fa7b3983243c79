"""schemathesis against the live application (in-process, through WSGI): no request may cause a server error.

Every API operation is exercised with data that fits the schema and with data that does not,
anonymously and as a signed-in force liaison officer (session cookie and CSRF token), and the
write operation once more aimed at a real recommendation of the officer's force.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from inspectorate.inspections.models import Recommendation

pytestmark = pytest.mark.django_db

EXAMPLES = 30
# No server error, and every response as documented. Not "positive data acceptance": the services refuse
# some schema-valid input on purpose (empty text, a date in the future, an evidence file of a forbidden type).
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]


def _liaison_credentials(user: Any) -> tuple[dict[str, str], dict[str, str]]:
    client = Client()
    client.force_login(user)
    token = _get_new_csrf_string()
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
               settings.CSRF_COOKIE_NAME: token}
    return cookies, {"X-CSRFToken": token}


@pytest.fixture
def _keep_test_connection() -> Iterator[None]:
    """Django closes the database connection after each request it serves (CONN_MAX_AGE 0); inside a test's
    transaction that would end the test's connection, so keep it open as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_keep_test_connection")
def test_schemathesis_finds_no_server_error(
    reference: Any, published: dict[str, Any], users: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    cookies, headers = _liaison_credentials(users["liaison"])
    own = Recommendation.objects.filter(inspection=published["fenshire"]).first()
    assert own is not None
    calls: dict[str, int] = {}
    statuses: dict[int, int] = {}

    def exercise(operation: Any, mode: GenerationMode, *, signed_in: bool, path: dict[str, Any] | None) -> None:
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=path)

        @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                             suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def run(case: Any) -> None:
            response = case.call(cookies=cookies if signed_in else None, headers=headers if signed_in else None)
            calls[operation.label] = calls.get(operation.label, 0) + 1
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        except Unsatisfiable:
            # Nothing in the operation can be made invalid (no parameters, or only free text): no negative case.
            assert mode is GenerationMode.NEGATIVE

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for signed_in in (False, True):
                exercise(operation, mode, signed_in=signed_in, path=None)
        if "{id}/responses" in operation.path:
            exercise(operation, GenerationMode.POSITIVE, signed_in=True, path={"id": own.pk})

    total = sum(calls.values())
    assert len(calls) == len(operations) >= 10
    assert not any(status >= 500 for status in statuses)
    with capsys.disabled():
        print(f"\nschemathesis: {total} requests to {len(operations)} API operations, no server error; "
              f"status codes {dict(sorted(statuses.items()))}")
