"""Writes about accounts: the second factor and API tokens. Each checks who is acting and writes the audit trail."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from inspectorate.audit.services import record_event
from inspectorate.inspections.errors import ServiceError

from .models import ApiToken, Role, User

BACKUP_CODES = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"
TOKEN_PREFIX = "insp_"
TOKEN_NAME_MAX = 100
# A token's last use is written at most this often, so that reads do not each write.
LAST_USED_EVERY = timedelta(minutes=5)


def _is_admin(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.ADMIN)


def _self_or_admin(by: User, user: User, what: str) -> None:
    if not getattr(by, "is_authenticated", False) or not (by.pk == user.pk or _is_admin(by)):
        raise ServiceError(f"Only {user} or an administrator may {what}.")


# The second factor -------------------------------------------------------------------------------

def pending_authenticator(user: User, *, key: str | None = None) -> TOTPDevice:
    """The authenticator being set up for ``user``, not yet confirmed: the one holding ``key`` (the secret
    the set-up page showed), made on first asking; without a key, the oldest pending one or a new secret."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ServiceError("An authenticator app is already set up for this account. An administrator can "
                           "reset it if the phone is lost.")
    pending = TOTPDevice.objects.filter(user=user, confirmed=False)
    if key is not None:
        return pending.filter(key=key).first() or TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_NAME, key=key, confirmed=False)
    return pending.order_by("pk").first() or TOTPDevice.objects.create(
        user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def confirm_authenticator(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator with a code it shows; returns the new backup codes (shown once)."""
    code = code.strip().replace(" ", "")
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.user_id != user.pk or device.confirmed:
            raise ServiceError("This set-up has already been finished or is not yours: start again.")
        if not code.isdigit() or len(code) != device.digits:
            raise ServiceError(f"Enter the {device.digits}-digit code your authenticator app shows.")
        if not device.verify_token(code):
            raise ServiceError("That code is not the one your authenticator app shows now. Check the app's clock "
                               "is right and enter the newest code.")
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_backup_codes(user)
        record_event(actor=user, action="account.second_factor_enrolled", obj=user,
                     summary=f"{user} set up an authenticator app and {len(codes)} backup codes")
    return codes


def regenerate_backup_codes(*, user: User, by: User) -> list[str]:
    """New backup codes for ``user``; the old ones stop working."""
    _self_or_admin(by, user, "replace these backup codes")
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ServiceError("Set up an authenticator app first; backup codes come with it.")
    with transaction.atomic():
        codes = _replace_backup_codes(user)
        record_event(actor=by, action="account.backup_codes_replaced", obj=user,
                     summary=f"New backup codes for {user}; the old ones no longer work")
    return codes


def _replace_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def reset_second_factor(*, user: User, by: User) -> None:
    """An administrator removes ``user``'s authenticator and backup codes (a lost phone): they enrol again."""
    if not _is_admin(by):
        raise ServiceError("Only an administrator may reset someone's second factor.")
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
        record_event(actor=by, action="account.second_factor_reset", obj=user,
                     summary=f"{by} reset the second factor of {user} ({removed} records removed)")


def used_backup_code(*, user: User) -> None:
    record_event(actor=user, action="account.backup_code_used", obj=user,
                 summary=f"{user} signed in with a backup code")


# API tokens --------------------------------------------------------------------------------------

def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_api_token(*, user: User, by: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``, made by them or an administrator. Returns the record and the token itself,
    which is never stored and cannot be shown again."""
    _self_or_admin(by, user, "create an API token for this account")
    name = " ".join(name.split())
    if not name:
        raise ServiceError("Give the token a name saying what it is for.")
    if len(name) > TOKEN_NAME_MAX:
        raise ServiceError(f"A token's name can be at most {TOKEN_NAME_MAX} characters.")
    if not user.is_active:
        raise ServiceError(f"{user}'s account is not active, so it cannot have tokens.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=raw[:12], key_hash=hash_token(raw),
                                        created_by=by)
        record_event(actor=by, action="api_token.created", obj=token,
                     summary=f"API token “{name}” ({token.prefix}…) created for {user}",
                     after={"user": user.username, "name": name, "prefix": token.prefix})
    return token, raw


def revoke_api_token(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke a token, by its user or an administrator; it stops working at once."""
    _self_or_admin(by, token.user, "revoke this API token")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise ServiceError(f"The token “{token.name}” was already revoked on {token.revoked_at:%d %B %Y}.")
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
        record_event(actor=by, action="api_token.revoked", obj=token,
                     summary=f"API token “{token.name}” ({token.prefix}…) of {token.user} revoked",
                     before={"revoked": False}, after={"revoked": True})
    return token


def user_for_token(raw: str) -> User | None:
    """The active user a live token acts for, or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True).first())
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
