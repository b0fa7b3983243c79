"""The one shape of access check a view makes: permitted, or refused by raising.

Views ask the one permissions layer (django-rules, each app's ``rules.py``) through
``require_perm``, in the manner of ``get_object_or_404``: it returns nothing when the user holds
the permission and raises ``NotPermitted`` when not. ``ServiceErrorMiddleware`` renders the
refusal: a visitor who has not signed in is sent to sign in; a signed-in user gets 403 Forbidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from django.http import HttpRequest

from inspectorate.core.errors import NotPermitted, SystemActor

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from inspectorate.accounts.models import User

#: Who acts in a service: a signed-in user, or ``SYSTEM`` when a command acts for the system.
Acting: TypeAlias = "User | SystemActor"


class HtmxRequest(HttpRequest):
    """A request as a view sees it once ``HtmxMiddleware`` has run (for type checking only)."""

    htmx: HtmxDetails


class AuthenticatedRequest(HtmxRequest):
    """A request a view behind ``login_required`` sees: its user has signed in (for type checking
    only)."""

    user: User


def person(by: Acting | None) -> User | None:
    """The person acting, for a record's "by" field: None when the system acts (``SYSTEM``)."""
    from inspectorate.accounts.models import User

    return by if isinstance(by, User) else None


def require_perm(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Refuse (NotPermitted) unless the user holds `perm`, on `obj` when given."""
    if not request.user.has_perm(perm, obj):
        raise NotPermitted()
