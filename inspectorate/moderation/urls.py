"""Moderation under /moderation/ (moderators only): a programme's decisions, inconsistencies and comparison."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("<slug:slug>/", views.decisions, name="decisions"),
    path("<slug:slug>/inconsistencies/", views.inconsistencies, name="inconsistencies"),
    path("<slug:slug>/comparison/", views.comparison, name="comparison"),
]
