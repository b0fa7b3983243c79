"""The second factor for inspectorate staff (TOTP through django-otp, with backup codes).

``INSPECTORATE_REQUIRE_SECOND_FACTOR`` (on in production) makes every member of staff who has signed
in with a password finish with a code before any page but the second-factor pages themselves: the
enrolment page the first time, the code page after that. Force liaison officers are not asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp.plugins.otp_totp.models import TOTPDevice

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

# Pages an unverified member of staff may still reach.
OPEN_URL_NAMES = {"two_factor_setup", "two_factor_verify", "logout", "login"}


def second_factor_required(user: User | AnonymousUser) -> bool:
    return bool(settings.INSPECTORATE_REQUIRE_SECOND_FACTOR and getattr(user, "is_authenticated", False)
                and getattr(user, "is_inspectorate_staff", False))


def needs_second_factor(user: User | AnonymousUser) -> bool:
    """Signed in with a password but not yet with the second factor that is required of them."""
    # OTPMiddleware gives the request's user is_verified(); django-otp declares no type for it.
    return second_factor_required(user) and not user.is_verified()  # type: ignore[union-attr]


def has_authenticator(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


class SecondFactorMiddleware:
    """Sends staff who still owe a second factor to enrol or to enter a code, keeping where they were going."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.url_name in OPEN_URL_NAMES or "api" in match.namespaces:
            return None  # the API's own session authentication refuses an unverified session
        if not request.user.is_authenticated or not needs_second_factor(request.user):
            return None
        target = "two_factor_verify" if has_authenticator(request.user) else "two_factor_setup"
        response = redirect(target)
        response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response
