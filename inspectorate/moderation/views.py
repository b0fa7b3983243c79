"""Moderation pages (moderators only): decisions, inconsistencies, comparison with last year."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from inspectorate.access import denied
from inspectorate.programmes.models import Programme
from inspectorate.programmes.selectors import GRADES, compare_with_previous

from . import selectors


def _programme(request: HttpRequest, slug: str) -> Programme | HttpResponse:
    """The programme to moderate, or the refusal when the user may not moderate it."""
    programme = get_object_or_404(Programme, slug=slug)
    return programme if request.user.has_perm("moderation.view", programme) else denied(request)


def decisions(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    if isinstance(programme, HttpResponse):
        return programme
    found = selectors.decisions(programme)
    return render(request, "moderation/decisions.html", {
        "programme": programme,
        "decisions": found,
        "problems": sum(bool(d.problem) for d in found),
        "imported": selectors.imported_judgement_count(programme),
    })


def inconsistencies(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    if isinstance(programme, HttpResponse):
        return programme
    return render(request, "moderation/inconsistencies.html", {
        "programme": programme,
        "inconsistencies": selectors.inconsistencies(programme),
    })


def comparison(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    if isinstance(programme, HttpResponse):
        return programme
    return render(request, "moderation/comparison.html", {
        "programme": programme,
        "rows": compare_with_previous(programme),
        "grades": GRADES,
    })
