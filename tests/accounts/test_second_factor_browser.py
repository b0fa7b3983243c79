"""Two-factor sign-in in Chromium: a lead inspector enrols an authenticator app (the secret read from the
page as text, the code computed here as the app would) and later signs in with password and code."""

from __future__ import annotations

from base64 import b32decode
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import Page, expect
from world import PASSWORD, make_user

from inspectorate.accounts.models import Role


def _code(secret_text: str, steps_ahead: int = 0) -> str:
    return f"{totp(b32decode(secret_text.replace(' ', '')), drift=steps_ahead):06d}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enrol_and_sign_in_with_a_totp_code(live_server: Any, page: Page, sign_in: Any, settings: Any) -> None:
    settings.INSPECTORATE_REQUIRE_SECOND_FACTOR = True
    lead = make_user("lena_lead", Role.LEAD_INSPECTOR)
    mine = live_server.url + reverse("inspections:mine")

    # Password first: a member of staff with no authenticator is sent to set one up.
    sign_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(mine)
    expect(page.locator("h1")).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name="QR code of the secret shown below as text")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text()
    assert len(secret.replace(" ", "")) == 32

    page.get_by_label("Code from your authenticator app").fill("not a code")
    page.get_by_role("button", name="Finish setting up").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the 6-digit code")

    page.get_by_label("Code from your authenticator app").fill(_code(secret))
    page.get_by_role("button", name="Finish setting up").click()
    expect(page.locator("h1")).to_have_text("Backup codes")
    expect(page.get_by_role("list", name="Your backup codes").get_by_role("listitem")).to_have_count(10)
    page.get_by_role("link", name="Continue").click()
    assert page.url == mine
    expect(page.locator("h1")).not_to_have_text("Enter your code")

    # Next time: password, then the code the app shows (the next one: a code is never accepted twice).
    sign_in(page, live_server.url, lead.username, PASSWORD)
    page.goto(mine)
    expect(page.locator("h1")).to_have_text("Enter your code")
    page.get_by_label("Code from your authenticator app, or a backup code").fill(_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    assert page.url == mine
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
