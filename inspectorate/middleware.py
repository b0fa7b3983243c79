"""Turning a service's refusal into a response, in one place for every view.

A view may catch ``ServiceError`` itself to show the refusal beside a form. Whatever it does not
catch arrives here: someone the permissions do not allow gets 403 (or is sent to sign in); any
other refusal goes back to the page the request came from with the refusal as an error message,
or, where there is no such page, a 400 page that says it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from inspectorate.core.errors import NotPermitted, ServiceError


class ServiceErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ServiceError):
            return None
        if isinstance(exception, NotPermitted):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return render(request, "403.html", {"reasons": exception.messages}, status=403)
        back = request.META.get("HTTP_REFERER", "")
        if request.method == "POST" and back and url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            for message in exception.messages:
                messages.error(request, message)
            return HttpResponseRedirect(back)
        return render(request, "refused.html", {"reasons": exception.messages}, status=400)
