"""Whether a secret key will do for production (read by the settings, so nothing here imports Django)."""

from __future__ import annotations

# The key development uses when SECRET_KEY is unset: it is in the public repository.
DEVELOPMENT_SECRET_KEY = "development-only-not-secret-" + "x" * 40
MINIMUM_SECRET_KEY_LENGTH = 50


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` will not do as a production secret key, or None if it will."""
    if not key:
        return "SECRET_KEY is not set"
    if key == DEVELOPMENT_SECRET_KEY or key.startswith("development-only"):
        return "SECRET_KEY is the public development key"
    if len(key) < MINIMUM_SECRET_KEY_LENGTH or len(set(key)) < 5:
        return f"SECRET_KEY is too weak (use at least {MINIMUM_SECRET_KEY_LENGTH} random characters)"
    return None


def refusal(problem: str) -> str:
    """The one line production mode stops with."""
    return (f"{problem}: INSPECTORATE_PRODUCTION=1 needs a real secret key; set SECRET_KEY to the output of "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'")
