"""Login throttling per address across usernames, as well as per username and address (django-axes)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from world import PASSWORD, make_user

from inspectorate.accounts.models import Role


def _attempt(username: str, password: str, address: str) -> Any:
    return Client(REMOTE_ADDR=address).post(reverse("login"), {"username": username, "password": password})


def test_one_password_sprayed_across_many_usernames_is_throttled(db: Any, settings: Any) -> None:
    victim = make_user("valerie_victim", Role.LEAD_INSPECTOR)
    sprayed = "Summer2007!"
    limit = settings.INSPECTORATE_ADDRESS_FAILURE_LIMIT
    # Each username is tried once only, far below the per-username limit of five.
    for n in range(limit - 1):
        refused = _attempt(f"officer{n:02d}", sprayed, "203.0.113.9")
        assert refused.status_code == 200 and "There is a problem" in refused.content.decode()
    assert _attempt(f"officer{limit:02d}", sprayed, "203.0.113.9").status_code == 429  # the limit-th failure
    # The address is now locked: even the right password for a real account is refused from it ...
    locked = _attempt(victim.username, PASSWORD, "203.0.113.9")
    assert locked.status_code == 429 and "Too many attempts to sign in" in locked.content.decode()
    # ... while the same person signs in from another address.
    assert _attempt(victim.username, PASSWORD, "198.51.100.4").status_code == 302


def test_fewer_failures_than_the_address_limit_leave_the_address_open(db: Any, settings: Any) -> None:
    user = make_user("indira_inspector", Role.INSPECTOR)
    for n in range(settings.INSPECTORATE_ADDRESS_FAILURE_LIMIT - 1):
        _attempt(f"colleague{n:02d}", "typo", "192.0.2.1")
    assert _attempt(user.username, PASSWORD, "192.0.2.1").status_code == 302


def test_signing_in_to_ones_own_account_does_not_clear_the_address_count(db: Any, settings: Any) -> None:
    """An attacker with one real account cannot reset the address's count by signing in to it."""
    own = make_user("mallory_inspector", Role.INSPECTOR)
    limit = settings.INSPECTORATE_ADDRESS_FAILURE_LIMIT
    for n in range(limit - 1):
        _attempt(f"officer{n:02d}", "Summer2007!", "203.0.113.7")
    assert _attempt(own.username, PASSWORD, "203.0.113.7").status_code == 302
    _attempt("officer99", "Summer2007!", "203.0.113.7")
    assert _attempt(own.username, PASSWORD, "203.0.113.7").status_code == 429


def test_five_failures_for_one_username_from_one_address_still_lock_it(db: Any) -> None:
    user = make_user("indira_inspector", Role.INSPECTOR)
    for _ in range(5):
        _attempt(user.username, "wrong", "192.0.2.50")
    assert _attempt(user.username, PASSWORD, "192.0.2.50").status_code == 429
    assert _attempt(user.username, PASSWORD, "192.0.2.51").status_code == 302
