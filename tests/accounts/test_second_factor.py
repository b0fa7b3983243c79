"""A second factor (TOTP) for inspectorate staff: required when the setting is on, as in production."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from world import PASSWORD, make_user

from inspectorate.accounts import services
from inspectorate.accounts.models import Role
from inspectorate.audit.models import AuditEvent
from inspectorate.inspections.errors import ServiceError

REPO = Path(__file__).resolve().parents[2]


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


@pytest.fixture
def required(settings: Any) -> Any:
    settings.INSPECTORATE_REQUIRE_SECOND_FACTOR = True
    return settings


def _password(client: Client, username: str, next_url: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": PASSWORD, "next": next_url})


def test_off_by_default_outside_production(db: Any) -> None:
    from inspectorate import settings as project_settings

    assert project_settings.INSPECTORATE_REQUIRE_SECOND_FACTOR is False
    make_user("indira_inspector", Role.INSPECTOR)
    client = Client()
    assert _password(client, "indira_inspector", reverse("inspections:mine")).status_code == 302
    assert client.get(reverse("inspections:mine")).status_code == 200


def test_production_requires_it() -> None:
    env = {**os.environ, "INSPECTORATE_PRODUCTION": "1", "SECRET_KEY": secrets.token_urlsafe(50)[:50],
           "ALLOWED_HOSTS": "example.org", "DJANGO_SETTINGS_MODULE": "inspectorate.settings"}
    code = "from django.conf import settings as s; print(s.INSPECTORATE_REQUIRE_SECOND_FACTOR)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.stdout.strip() == "True", result.stderr


def test_enrol_then_sign_in_with_a_code_or_a_backup_code(db: Any, required: Any) -> None:
    user = make_user("indira_inspector", Role.INSPECTOR)
    client = Client()
    mine = reverse("inspections:mine")
    assert _password(client, user.username, mine)["Location"] == mine
    # A password alone reaches no staff page: the first time, it is the set-up page.
    page = client.get(mine)
    assert page.status_code == 302 and page["Location"].startswith(reverse("two_factor_setup"))
    setup = client.get(page["Location"])
    html = setup.content.decode()
    assert setup.status_code == 200 and "<svg" in html and 'id="totp-secret"' in html
    assert not TOTPDevice.objects.filter(user=user).exists()  # showing the set-up page writes nothing
    from base64 import b32decode
    shown = html.split('id="totp-secret" class="secret">')[1].split("<")[0]
    device = TOTPDevice(user=user, key=b32decode(shown.replace(" ", "")).hex())
    carried = html.split('name="setup" value="')[1].split('"')[0]

    stale = client.post(reverse("two_factor_setup"), {"code": code_for(device), "setup": "forged", "next": mine})
    assert stale.status_code == 400 and "expired" in stale.content.decode()
    wrong = client.post(reverse("two_factor_setup"), {"code": "000000" if code_for(device) != "000000" else "111111",
                                                      "setup": carried, "next": mine})
    assert wrong.status_code == 400 and "not the one your authenticator app shows" in wrong.content.decode()
    done = client.post(reverse("two_factor_setup"), {"code": code_for(device), "setup": carried, "next": mine})
    assert done.status_code == 200 and "Backup codes" in done.content.decode()
    codes = [c.split("</code>")[0] for c in done.content.decode().split("<li><code>")[1:]]
    assert len(codes) == services.BACKUP_CODES
    assert client.get(mine).status_code == 200  # verified in this session
    assert AuditEvent.objects.filter(action="account.second_factor_enrolled", object_id=str(user.pk)).exists()

    # Next time: password, then a code.
    client = Client()
    _password(client, user.username, mine)
    page = client.get(mine)
    assert page["Location"].startswith(reverse("two_factor_verify"))
    refused = client.post(reverse("two_factor_verify"), {"code": "12345x", "next": mine})
    assert refused.status_code == 400 and "That code is not right" in refused.content.decode()
    # A wrong code makes the next try wait (django-otp's throttling); this test is not about waiting.
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0)
    device = TOTPDevice.objects.get(user=user, confirmed=True)  # stored only once confirmed
    # The enrolment's code cannot be used twice: a phone would show the next one.
    ok = client.post(reverse("two_factor_verify"), {"code": code_for(device, offset=1), "next": mine})
    assert ok.status_code == 302 and ok["Location"] == mine
    assert client.get(mine).status_code == 200

    # Or with a backup code, once.
    for attempt, expected in ((codes[0], 302), (codes[0], 400)):
        client = Client()
        _password(client, user.username, mine)
        assert client.post(reverse("two_factor_verify"), {"code": attempt, "next": mine}).status_code == expected
    assert AuditEvent.objects.filter(action="account.backup_code_used").count() == 1


def test_wrong_codes_are_throttled(db: Any, required: Any) -> None:
    user = make_user("indira_inspector", Role.INSPECTOR)
    device = services.pending_authenticator(user)
    services.confirm_authenticator(user=user, device=device, code=code_for(device))
    client = Client()
    _password(client, user.username, "/")
    client.post(reverse("two_factor_verify"), {"code": "000001" if code_for(device, 1) != "000001" else "000002"})
    # Straight after a wrong code even the right one is refused for a moment.
    assert client.post(reverse("two_factor_verify"), {"code": code_for(device, offset=1)}).status_code == 400


def test_force_liaison_officers_are_not_asked(reference: Any, required: Any) -> None:
    from inspectorate.forces.models import Force

    make_user("liam_liaison", Role.FORCE_LIAISON, force=Force.objects.order_by("pk").first())
    client = Client()
    _password(client, "liam_liaison", reverse("inspections:mine"))
    assert client.get(reverse("inspections:mine")).status_code == 200


def test_the_api_refuses_a_session_without_its_second_factor(db: Any, required: Any) -> None:
    user = make_user("indira_inspector", Role.INSPECTOR)
    client = Client()
    _password(client, user.username, "/")
    assert client.get("/api/v1/me").status_code == 401


def test_only_an_administrator_resets_a_second_factor(db: Any) -> None:
    user = make_user("indira_inspector", Role.INSPECTOR)
    other = make_user("ian_inspector", Role.INSPECTOR)
    admin = make_user("ada_admin", Role.ADMIN)
    device = services.pending_authenticator(user)
    services.confirm_authenticator(user=user, device=device, code=code_for(device))
    with pytest.raises(ServiceError, match="Only an administrator"):
        services.reset_second_factor(user=user, by=other)
    services.reset_second_factor(user=user, by=admin)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="account.second_factor_reset", actor=admin).exists()
    with pytest.raises(ServiceError, match="Only Indira"):
        services.regenerate_backup_codes(user=user, by=other)


def test_an_administrator_resets_a_second_factor_in_the_admin(db: Any) -> None:
    user = make_user("indira_inspector", Role.INSPECTOR)
    device = services.pending_authenticator(user)
    services.confirm_authenticator(user=user, device=device, code=code_for(device))
    admin = make_user("ada_admin", Role.ADMIN, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    response = client.post(reverse("admin:accounts_user_changelist"),
                           {"action": "reset_second_factor", "_selected_action": [user.pk]}, follow=True)
    assert "Reset the second factor of 1 people." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.get(action="account.second_factor_reset").actor == admin
