from __future__ import annotations

from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("forces/<slug:slug>/", views.force_page, name="force"),
]
