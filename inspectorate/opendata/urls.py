from __future__ import annotations

from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("docs/", views.api_docs, name="api_docs"),
    path("downloads/<slug:dataset>.<str:fmt>", views.download, name="download"),
]
