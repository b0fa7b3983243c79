"""The national picture: summaries of each programme.

Moderation was once served below a programme's summary (``/national/<slug>/moderation/``); those
addresses now redirect permanently to ``/moderation/<slug>/`` so that no bookmark breaks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import path
from django.views.generic import RedirectView

from . import views


def _moved(pattern_name: str) -> Callable[..., Any]:
    return RedirectView.as_view(pattern_name=pattern_name, permanent=True, query_string=True)


app_name = "national"
urlpatterns = [
    path("", views.programme_list, name="index"),
    path("<slug:slug>/", views.summary, name="summary"),
    path("<slug:slug>/moderation/", _moved("moderation:decisions")),
    path("<slug:slug>/moderation/inconsistencies/", _moved("moderation:inconsistencies")),
    path("<slug:slug>/moderation/comparison/", _moved("moderation:comparison")),
]
