"""The sign-in, second-factor and API-token forms report a mistake as every other form does: GOV.UK's error
summary (which takes the focus), an inline "Error:" message tied to its field, and "Error:" in the title."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from world import make_user, signed_in_client

from inspectorate.accounts.models import Role

pytestmark = pytest.mark.django_db


def _assert_govuk_error(html: str, field_id: str) -> None:
    assert re.search(r"<title>Error: ", html)
    summary = html[html.index('class="govuk-error-summary"'):]
    assert summary.startswith('class="govuk-error-summary" data-module="govuk-error-summary"')
    assert f'href="#{field_id}"' in summary[: summary.index("</div>\n</div>")]
    message = re.search(rf'<p class="govuk-error-message" id="{field_id}-error"><span class="govuk-visually-hidden">'
                        r"Error:</span> [^<]+</p>", html)
    assert message, html
    field = re.search(rf'<input [^>]*id="{field_id}"[^>]*>', html)
    assert field and "govuk-input--error" in field.group(0) and f'aria-describedby="{field_id}-error"' in field.group(0)
    assert "maxlength=" in field.group(0)
    assert 'class="error-summary"' not in html


def test_a_wrong_password(client: Client) -> None:
    make_user("lee_lead", Role.LEAD_INSPECTOR)
    response = client.post(reverse("login"), {"username": "lee_lead", "password": "not it"})
    assert response.status_code == 200
    _assert_govuk_error(response.content.decode(), "id_username")


def test_an_api_token_without_a_name() -> None:
    client = signed_in_client(make_user("lee_lead", Role.LEAD_INSPECTOR))
    response = client.post(reverse("api_tokens"), {"name": ""})
    assert response.status_code == 400
    _assert_govuk_error(response.content.decode(), "id_name")


@pytest.mark.parametrize("view", ["two_factor_setup"])
def test_a_wrong_second_factor_code(view: str, settings: Any) -> None:
    client = signed_in_client(make_user("lee_lead", Role.LEAD_INSPECTOR))
    setup = client.get(reverse(view)).content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', setup))
    response = client.post(reverse(view), {**hidden, "code": "12"})
    _assert_govuk_error(response.content.decode(), "id_code")
