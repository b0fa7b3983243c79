"""The second-factor pages (set up an authenticator app, enter a code, backup codes) and API tokens."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from inspectorate.access import AuthenticatedRequest
from inspectorate.inspections.errors import ServiceError

from . import services
from .models import ApiToken, Role
from .two_factor import has_authenticator, needs_second_factor


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return "/"
    return target


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code, the same secret as text, and a code to confirm it.

    Showing the page writes nothing: the secret travels, signed, in the form, and the device is stored
    only when the person confirms it with a code.
    """
    if has_authenticator(request.user):
        return redirect("two_factor_verify" if needs_second_factor(request.user) else "backup_codes")
    error = ""
    key = random_hex(20)
    if request.method == "POST":
        carried = _carried_key(request)
        if carried is None:
            error = "This set-up has expired or was not started here: scan the new QR code and enter its code."
        else:
            key = carried
            device = services.pending_authenticator(request.user, key=key)
            try:
                codes = services.confirm_authenticator(user=request.user, device=device,
                                                       code=request.POST.get("code", ""))
            except ServiceError as refusal:
                error = refusal.message
            else:
                django_otp.login(request, TOTPDevice.objects.get(pk=device.pk))
                return render(request, "registration/backup_codes.html",
                              {"codes": codes, "next": _next(request), "new": True})
    shown = TOTPDevice(user=request.user, name=services.AUTHENTICATOR_NAME, key=key)
    secret = b32encode(shown.bin_key).decode("ascii")
    qr = segno.make(shown.config_url, error="m").svg_inline(
        scale=4, title="QR code of the secret shown below as text", border=2)
    return render(request, "registration/two_factor_setup.html", {
        "qr": qr, "secret": _grouped(secret), "digits": shown.digits, "step": shown.step,
        "setup": signing.dumps({"user": request.user.pk, "key": key}, salt=SETUP_SALT),
        "error": error, "next": _next(request),
    }, status=400 if error else 200)


SETUP_SALT = "inspectorate.accounts.two-factor-setup"
SETUP_MAX_AGE = 30 * 60  # seconds: a set-up left longer than half an hour starts again


def _carried_key(request: HttpRequest) -> str | None:
    """The secret the set-up page showed this person, from its signed form field; None if missing or stale."""
    try:
        carried = signing.loads(request.POST.get("setup", ""), salt=SETUP_SALT, max_age=SETUP_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(carried, dict) or carried.get("user") != request.user.pk:
        return None
    key = carried.get("key")
    return key if isinstance(key, str) else None


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app, or one backup code."""
    if not needs_second_factor(request.user):
        return redirect(_next(request))
    if not has_authenticator(request.user):
        return redirect("two_factor_setup")
    error = ""
    if request.method == "POST":
        code = request.POST.get("code", "").strip().replace(" ", "").lower()
        device = _verify(request.user, code) if code else None
        if device is not None:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                services.used_backup_code(user=request.user)
            return redirect(_next(request))
        error = ("Enter the code your authenticator app shows now, or one of your backup codes." if not code else
                 "That code is not right. Enter the newest code from your authenticator app, or a backup code. "
                 "After several wrong codes you must wait a little before trying again.")
    return render(request, "registration/two_factor_verify.html", {"error": error, "next": _next(request)},
                  status=400 if error else 200)


def _verify(user: Any, code: str) -> Any:
    devices: list[Any] = [*TOTPDevice.objects.filter(user=user, confirmed=True)] if code.isdigit() else []
    devices += list(StaticDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


@login_required
@require_http_methods(["GET", "POST"])
def backup_codes(request: AuthenticatedRequest) -> HttpResponse:
    """How many backup codes are left, and a button for new ones."""
    if request.method == "POST":
        try:
            codes = services.regenerate_backup_codes(user=request.user, by=request.user)
        except ServiceError as refusal:
            return render(request, "registration/backup_codes.html", {"error": refusal.message}, status=400)
        return render(request, "registration/backup_codes.html", {"codes": codes, "next": "/"})
    left = sum(d.token_set.count() for d in StaticDevice.objects.filter(user=request.user))
    return render(request, "registration/backup_codes.html",
                  {"left": left, "enrolled": has_authenticator(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedRequest) -> HttpResponse:
    """Your API tokens: create one (shown once) or revoke one. An administrator sees and revokes everyone's."""
    user = request.user
    created, error = "", ""
    if request.method == "POST":
        try:
            _token, created = services.create_api_token(user=user, by=user,
                                                        name=request.POST.get("name", ""))
        except ServiceError as refusal:
            error = refusal.message
    tokens = ApiToken.objects.select_related("user")
    tokens = tokens.filter(revoked_at__isnull=True) if user.role == Role.ADMIN else tokens.filter(user=user)
    return render(request, "registration/api_tokens.html",
                  {"tokens": tokens, "created": created, "error": error, "name": request.POST.get("name", "")},
                  status=400 if error else 200)


@login_required
@require_POST
def revoke_api_token(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk)
    try:
        services.revoke_api_token(token=token, by=request.user)
    except ServiceError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
    return redirect("api_tokens")
