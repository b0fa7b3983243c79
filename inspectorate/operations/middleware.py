"""Middleware for production: a request id on every log line, a body size limit, no caching of signed-in pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

from .requestid import current_request_id, new_request_id

Handler = Callable[[HttpRequest], HttpResponse]


class RequestIdMiddleware:
    """Gives each request an id (or keeps the proxy's X-Request-ID), logs with it and returns it."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_request_id(request.headers.get("X-Request-ID"))
        # Django's HttpRequest declares no request_id: this middleware gives every request one.
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class RequestBodyLimitMiddleware:
    """Refuses, before reading it, a request whose Content-Length is over REQUEST_BODY_MAX_BYTES."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(settings.REQUEST_BODY_MAX_BYTES)
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            return HttpResponse("The request's Content-Length is not a number.", status=400,
                                content_type="text/plain; charset=utf-8")
        if length > limit:
            return HttpResponse(
                f"The request is too large ({_megabytes(length)}): at most {_megabytes(limit)} may be sent at once.",
                status=413, content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class RefuseNulInAddressMiddleware:
    """A NUL in the address or its query (``?q=%00``) is a 400: PostgreSQL cannot even search for one."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            message = ("The address contains a null character (\\x00), which is never part of a search or a "
                       "page: remove it and try again.")
            if request.path.startswith("/api/"):
                # The API's documented shape for input it refuses (422, as for any invalid parameter).
                return JsonResponse({"detail": [{"type": "null_character", "loc": ["query"], "msg": message}]},
                                    status=422)
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class NoStoreWhenSignedInMiddleware:
    """A page served to a signed-in user is never stored by the browser or a shared cache."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
