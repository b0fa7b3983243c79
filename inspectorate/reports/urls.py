from __future__ import annotations

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("<slug:force_slug>/<slug:programme_slug>/", views.report, name="report"),
    path("<slug:force_slug>/<slug:programme_slug>/versions/", views.versions, name="versions"),
    path("<slug:force_slug>/<slug:programme_slug>/v<int:version>/", views.report, name="report_version"),
    path("<slug:force_slug>/<slug:programme_slug>/v<int:version>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:force_slug>/<slug:programme_slug>/v<int:version>/report.txt", views.report_text, name="report_text"),
    path("<slug:force_slug>/<slug:programme_slug>/v<int:version>/report.json", views.report_json,
         name="report_json"),
    path("<slug:force_slug>/<slug:programme_slug>/v<int:version>/report.css", views.report_css, name="report_css"),
]
