"""Public pages: anyone may read them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from inspectorate.forces.models import Force
from inspectorate.inspections.models import Inspection, State
from inspectorate.programmes.models import Programme
from inspectorate.programmes.selectors import national_summary


def home(request: HttpRequest) -> HttpResponse:
    programme = Programme.objects.filter(inspections__state=State.PUBLISHED).distinct().first()
    programme = programme or Programme.objects.first()
    featured = None
    featured_judgements: list[object] = []
    if programme is not None:
        featured = (
            Inspection.objects.filter(programme=programme, state=State.PUBLISHED, force__is_synthetic=False)
            .select_related("force")
            .first()
        )
        if featured is not None:
            featured_judgements = list(
                featured.judgements.filter(framework__graded=True).select_related("framework")
                .order_by("framework__order")
            )
    return render(
        request,
        "public/home.html",
        {
            "programme": programme,
            "summary": national_summary(programme) if programme else [],
            "forces": Force.objects.filter(is_synthetic=False),
            "featured": featured,
            "featured_judgements": featured_judgements,
        },
    )
