from __future__ import annotations

from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("", views.tracker, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/status/", views.change_status, name="change_status"),
    path("<int:pk>/target-date/", views.set_target_date, name="set_target_date"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
]
