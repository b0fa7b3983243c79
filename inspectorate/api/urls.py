"""The API itself (v1) under /api/.

The open-data pages were once served here (``/api/``, ``/api/docs/``, ``/api/downloads/...``); they
live under /opendata/ now, and the old addresses redirect permanently so that no bookmark or
script breaks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import path
from django.views.generic import RedirectView

from .api import api


def _moved(pattern_name: str) -> Callable[..., Any]:
    return RedirectView.as_view(pattern_name=pattern_name, permanent=True, query_string=True)


urlpatterns = [
    path("", _moved("opendata:index")),
    path("docs/", _moved("opendata:api_docs")),
    path("downloads/<slug:dataset>.<str:fmt>", _moved("opendata:download")),
    path("v1/", api.urls),
]
