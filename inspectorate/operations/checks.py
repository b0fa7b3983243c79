"""System checks for a production deployment (``inspectorate check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

from .secretkey import secret_key_problem


@register(Tags.security)
def check_production_secret_key(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """In production mode the secret key must be a real one, never the development key."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    problem = secret_key_problem(settings.SECRET_KEY)
    if problem is None:
        return []
    return [Error(f"{problem}: production mode needs a real secret key.",
                  hint="Set SECRET_KEY to the output of python3 -c 'import secrets; print(secrets.token_urlsafe(50))'",
                  id="inspectorate.E001")]
