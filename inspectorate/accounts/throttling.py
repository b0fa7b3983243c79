"""Login throttling: per username and address, and per address across every username.

django-axes counts failures for each entry of ``AXES_LOCKOUT_PARAMETERS`` and compares the largest
count with one limit. One limit does not suit both: five wrong passwords for one account is a
forgetful person or a guess, but five wrong passwords from one office's address, spread over its
staff, is an ordinary morning. So failures from an address across usernames are scaled, locking the
address at ``INSPECTORATE_ADDRESS_FAILURE_LIMIT`` (a password sprayed over many usernames), while one
username from one address is still locked at ``AXES_FAILURE_LIMIT``.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

ADDRESS_ONLY = ("ip_address", ["ip_address"])


def _is_address_only(parameters: Any) -> bool:
    return parameters in ADDRESS_ONLY


# django-axes gives no types, so its handler is Any to mypy and subclassing it needs the ignore.
class AddressThrottlingHandler(AxesDatabaseHandler):  # type: ignore[misc]
    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        limit = int(settings.AXES_FAILURE_LIMIT)
        address_limit = int(settings.INSPECTORATE_ADDRESS_FAILURE_LIMIT)
        counts = []
        for parameters, attempts in zip(settings.AXES_LOCKOUT_PARAMETERS,
                                        self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            # Scaled onto the one limit axes compares with: the address is locked at address_limit.
            counts.append(failures * limit // address_limit if _is_address_only(parameters) else failures)
        return max(counts, default=0)

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """A successful sign-in clears that username's failures only: signing in to one account of
        one's own must not wipe the address's count of failures against everyone else's."""
        count = 0
        for parameters, attempts in zip(settings.AXES_LOCKOUT_PARAMETERS,
                                        self.filter_user_attempts(request, credentials), strict=True):
            if not _is_address_only(parameters):
                count += attempts.delete()[0]
        return count
