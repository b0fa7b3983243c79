"""Monitoring pages under /monitoring/ (inspectorate staff only; see docs/performance.md)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "performance"
urlpatterns = [
    path("", views.signal_list, name="signals"),
    path("signals.csv", views.signal_export, name="signals_csv"),
    path("signals/<int:pk>/review/", views.review_signal, name="review_signal"),
    path("signals/<int:pk>/dismiss/", views.dismiss_signal, name="dismiss_signal"),
    path("signals/<int:pk>/escalate/", views.escalate_signal, name="escalate_signal"),
    path("risk/", views.risk_register, name="risk"),
    path("run/", views.run_monitoring, name="run"),
    path("programme/", views.programme, name="programme"),
    path("programme/propose/", views.propose, name="propose"),
    path("proposals/<int:pk>/accept/", views.accept_proposal, name="accept_proposal"),
    path("proposals/<int:pk>/decline/", views.decline_proposal, name="decline_proposal"),
    path("forces/", views.force_list, name="forces"),
    path("forces/<slug:slug>/", views.force_page, name="force"),
    path("forces/<slug:slug>/<slug:key>/new-baseline/", views.rebase, name="rebase"),
]
