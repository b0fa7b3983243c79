"""A URL that fails, for the test of the 500 page (the project's own URLs after it)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a failure for the test of the 500 page")


urlpatterns = [path("fails/", fails), path("", include("inspectorate.urls"))]
