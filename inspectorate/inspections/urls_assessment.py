"""The assessment page of a framework and its forms (namespace `assessment`, under /inspections/)."""

from __future__ import annotations

from django.urls import path

from . import views_assessment as views

app_name = "assessment"
urlpatterns = [
    path("<int:pk>/assessment/<slug:framework_key>/", views.framework_page, name="framework"),
    path("<int:pk>/assessment/<slug:framework_key>/criteria/<str:code>/", views.assess, name="assess"),
    path("<int:pk>/assessment/<slug:framework_key>/final-grade/", views.final_grade, name="final_grade"),
    path("<int:pk>/assessment/<slug:framework_key>/excellence/", views.excellence, name="excellence"),
    path("<int:pk>/assessment/<slug:framework_key>/derive/", views.derive, name="derive"),
]
