from __future__ import annotations

from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "public"
urlpatterns = [
    path("forces/<slug:slug>/", views.force_page, name="force"),
    path("accessibility/", TemplateView.as_view(template_name="public/accessibility.html"), name="accessibility"),
    path("privacy/", TemplateView.as_view(template_name="public/privacy.html"), name="privacy"),
    path("cookies/", TemplateView.as_view(template_name="public/cookies.html"), name="cookies"),
]
