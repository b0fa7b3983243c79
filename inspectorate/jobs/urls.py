"""Jobs under /jobs/: a job's status, and the pages that import files as jobs."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("<uuid:pk>/", views.status, name="status"),
    path("import-report/", views.import_report, name="import_report"),
    path("load-observations/", views.load_observations, name="load_observations"),
]
