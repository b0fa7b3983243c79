"""Open data under /api/: the downloads page and files, the API's documentation, and the API itself (v1)."""

from __future__ import annotations

from django.urls import include, path

from .api import api

urlpatterns = [
    path("", include("inspectorate.opendata.urls")),
    path("v1/", api.urls),
]
