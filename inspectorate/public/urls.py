from __future__ import annotations

from django.urls import path  # noqa: F401

app_name = "public"
urlpatterns: list = []  # type: ignore[type-arg]
