"""The one shape of access check a view makes: permitted, or refused by raising.

Views ask the one permissions layer (django-rules, each app's ``rules.py``) through
``require_perm``, in the manner of ``get_object_or_404``: it returns nothing when the user holds
the permission and raises ``NotPermitted`` when not. ``ServiceErrorMiddleware`` renders the
refusal: a visitor who has not signed in is sent to sign in; a signed-in user gets 403 Forbidden.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from inspectorate.core.errors import NotPermitted


def require_perm(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Refuse (NotPermitted) unless the user holds `perm`, on `obj` when given."""
    if not request.user.has_perm(perm, obj):
        raise NotPermitted()
