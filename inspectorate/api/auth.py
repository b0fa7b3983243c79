"""How the API knows who is calling: a signed-in session (browsers) or an API token (scripts)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from inspectorate.accounts.services import user_for_token
from inspectorate.accounts.two_factor import needs_second_factor


class StaffSession(SessionAuth):
    """Django's session with its CSRF check; a member of staff who still owes a second factor is refused."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or needs_second_factor(user):
            return None
        return user


class ApiToken(HttpBearer):
    """``Authorization: Bearer insp_...``: a token made on the API tokens page. It acts as its user,
    with that user's role and permissions, until it is revoked."""

    openapi_bearerFormat = "inspectorate API token"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user


session_auth = StaffSession()
token_auth = ApiToken()
SIGNED_IN = [token_auth, session_auth]
