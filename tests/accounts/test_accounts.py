"""Accounts: sign in and out, throttling, password change and reset, and the production settings."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse
from world import PASSWORD, make_user

from inspectorate.accounts.models import Role

REPO = Path(__file__).resolve().parents[2]


def test_sign_in_and_out(db: Any) -> None:
    make_user("indira_inspector", Role.INSPECTOR)
    client = Client()
    page = client.get(reverse("login"))
    assert page.status_code == 200 and 'for="id_username"' in page.content.decode()
    wrong = client.post(reverse("login"), {"username": "indira_inspector", "password": "nope"})
    assert "There is a problem" in wrong.content.decode()
    right = client.post(reverse("login"), {"username": "indira_inspector", "password": PASSWORD,
                                           "next": reverse("inspections:mine")})
    assert right.status_code == 302 and right["Location"] == reverse("inspections:mine")
    assert "Sign out" in client.get(reverse("inspections:mine")).content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("inspections:mine")).status_code == 302


def test_five_wrong_passwords_lock_the_account(db: Any) -> None:
    make_user("indira_inspector", Role.INSPECTOR)
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "indira_inspector", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "indira_inspector", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_change_password(db: Any) -> None:
    user = make_user("indira_inspector", Role.INSPECTOR)
    client = Client()
    client.force_login(user)
    url = reverse("password_change")
    refused = client.post(url, {"old_password": "not it", "new_password1": "x", "new_password2": "y"})
    html = refused.content.decode()
    assert refused.status_code == 200 and "There is a problem" in html and 'aria-invalid="true"' in html
    done = client.post(url, {"old_password": PASSWORD, "new_password1": "a-much-longer-passphrase-2008",
                             "new_password2": "a-much-longer-passphrase-2008"})
    assert done.status_code == 302 and done["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("a-much-longer-passphrase-2008")


def test_reset_password_by_email(db: Any) -> None:
    user = make_user("indira_inspector", Role.INSPECTOR)
    client = Client()
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "another-long-passphrase-2008",
                                                    "new_password2": "another-long-passphrase-2008"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase-2008")


def test_development_sends_mail_to_the_console(settings: Any) -> None:
    from inspectorate import settings as project_settings

    assert project_settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"


def test_check_deploy_is_clean_with_the_production_settings() -> None:
    env = {**os.environ, "INSPECTORATE_PRODUCTION": "1", "SECRET_KEY": secrets.token_urlsafe(50)[:50],
           "ALLOWED_HOSTS": "example.org"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' setting, never a deployment's
    result = subprocess.run([str(Path(sys.executable).parent / "inspectorate"), "check", "--deploy", "--fail-level",
                             "WARNING"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_turns_on_secure_cookies_and_headers() -> None:
    env = {**os.environ, "INSPECTORATE_PRODUCTION": "1", "SECRET_KEY": secrets.token_urlsafe(50)[:50],
           "ALLOWED_HOSTS": "example.org"}
    code = ("from django.conf import settings as s; import django; django.setup(); "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, "
            "s.SECURE_CONTENT_TYPE_NOSNIFF, s.X_FRAME_OPTIONS, s.DEBUG)")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                            env={**env, "DJANGO_SETTINGS_MODULE": "inspectorate.settings"})
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "DENY", "False"], result.stderr
