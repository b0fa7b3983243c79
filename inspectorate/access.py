"""What a view does when ``request.user.has_perm(...)`` says no.

Views ask the one permissions layer (django-rules, each app's ``rules.py``) and, when it refuses,
return ``denied(request)``: a visitor who has not signed in is sent to sign in; a signed-in user
who may not see the page gets 403 Forbidden.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def denied(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied
