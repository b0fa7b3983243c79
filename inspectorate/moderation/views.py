"""Moderation pages (moderators only): decisions, inconsistencies, comparison with last year."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from inspectorate.access import require_perm
from inspectorate.national import grading
from inspectorate.national.models import Programme
from inspectorate.national.selectors import compare_with_previous

from . import selectors


def _programme(request: HttpRequest, slug: str) -> Programme:
    """The programme to moderate: 404 when there is none, refused when the user may not moderate it."""
    programme = get_object_or_404(Programme, slug=slug)
    require_perm(request, "moderation.view", programme)
    return programme


def decisions(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    found = selectors.decisions(programme)
    return render(request, "moderation/decisions.html", {
        "programme": programme,
        "decisions": found,
        "problems": sum(bool(d.problem) for d in found),
        "imported": selectors.imported_judgement_count(programme),
    })


def inconsistencies(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    return render(request, "moderation/inconsistencies.html", {
        "programme": programme,
        "inconsistencies": selectors.inconsistencies(programme),
    })


def comparison(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    return render(request, "moderation/comparison.html", {
        "programme": programme,
        "rows": compare_with_previous(programme),
        "grades": grading.grade_keys(programme),
        "grade_names": grading.grade_names(programme),
    })
