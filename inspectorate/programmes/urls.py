"""The national picture: summaries of each programme and, for moderators, moderation."""

from __future__ import annotations

from django.urls import path

from inspectorate.moderation import views as moderation_views

from . import views

app_name = "national"
urlpatterns = [
    path("", views.programme_list, name="index"),
    path("<slug:slug>/", views.summary, name="summary"),
    path("<slug:slug>/moderation/", moderation_views.decisions, name="moderation"),
    path("<slug:slug>/moderation/inconsistencies/", moderation_views.inconsistencies, name="inconsistencies"),
    path("<slug:slug>/moderation/comparison/", moderation_views.comparison, name="comparison"),
]
