from __future__ import annotations

from django.urls import path

from . import views

app_name = "practice"
urlpatterns = [
    path("", views.library, name="list"),
    path("<int:pk>/", views.example, name="detail"),
]
