from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from inspectorate.inspections.urls import assessment_urlpatterns
from inspectorate.operations.views import healthz
from inspectorate.public import views as public_views

urlpatterns = [
    path("", public_views.home, name="home"),
    path("", include("inspectorate.public.urls")),
    path("inspections/", include("inspectorate.inspections.urls")),
    path("inspections/", include((assessment_urlpatterns, "assessment"))),
    path("reports/", include("inspectorate.reports.urls")),
    path("recommendations/", include("inspectorate.recommendations.urls")),
    path("practice/", include("inspectorate.practice.urls")),
    path("monitoring/", include("inspectorate.monitoring.urls")),
    path("national/", include("inspectorate.national.urls")),
    path("moderation/", include("inspectorate.moderation.urls")),
    path("opendata/", include("inspectorate.opendata.urls")),
    path("jobs/", include("inspectorate.jobs.urls")),
    path("api/", include("inspectorate.api.urls")),
    path("accounts/", include("inspectorate.accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
