"""Rotating SECRET_KEY: the old key in SECRET_KEY_FALLBACKS keeps reset links (and sessions) valid."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.tokens import default_token_generator

from inspectorate.accounts.models import Role, User

REPO = Path(__file__).resolve().parents[2]


def test_fallbacks_come_from_the_environment() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "inspectorate.settings", "SECRET_KEY_FALLBACKS": "old-one,older"}
    code = "from django.conf import settings as s; print(s.SECRET_KEY_FALLBACKS)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.stdout.strip() == "['old-one', 'older']", result.stderr


def test_a_link_made_with_the_old_key_works_only_with_the_fallback(db: Any, settings: Any) -> None:
    user = User.objects.create_user("indira_inspector", password="a-long-passphrase-2007", role=Role.INSPECTOR)
    settings.SECRET_KEY = "the-old-key-" + "o" * 40
    token = default_token_generator.make_token(user)
    settings.SECRET_KEY = "the-new-key-" + "n" * 40
    settings.SECRET_KEY_FALLBACKS = []
    assert not default_token_generator.check_token(user, token)
    settings.SECRET_KEY_FALLBACKS = ["the-old-key-" + "o" * 40]
    assert default_token_generator.check_token(user, token)
