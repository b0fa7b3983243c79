"""Public pages: anyone may read them."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from inspectorate.forces.models import Force
from inspectorate.inspections.models import Inspection, Judgement, State
from inspectorate.monitoring.models import Observation
from inspectorate.monitoring.selectors import charts_for_force
from inspectorate.national.models import Programme
from inspectorate.national.selectors import national_summary
from inspectorate.recommendations.selectors import follow_ups
from inspectorate.reports.models import PublishedReport
from inspectorate.reports.selectors import PublishedWording


def home(request: HttpRequest) -> HttpResponse:
    # The newest programme with a real force's report published: a demonstration programme of made-up
    # forces (published later, as the demo's are) is not "the 43 Home Office forces ... as published".
    # Each an EXISTS per programme (by the index on a programme's inspections by state and force), not a
    # DISTINCT over every published inspection.
    published = Inspection.objects.filter(programme=OuterRef("pk"), state=State.PUBLISHED)
    programme = (Programme.objects.filter(Exists(published.filter(force__is_synthetic=False))).first()
                 or Programme.objects.filter(Exists(published)).first() or Programme.objects.first())
    featured = None
    featured_judgements: list[object] = []
    if programme is not None:
        featured = (
            Inspection.objects.filter(programme=programme, state=State.PUBLISHED, force__is_synthetic=False)
            .select_related("force")
            .first()
        )
        if featured is not None:
            featured_judgements = PublishedWording().judgements(
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
            "latest_reports": latest_reports(),
        },
    )


def latest_reports(limit: int = 10) -> list[PublishedReport]:
    """The newest version of each published report, real forces first, most recent programme first.

    One query of at most ``limit`` rows, without the frozen HTML, PDF, text or JSON.
    """
    newest = PublishedReport.objects.filter(inspection=OuterRef("inspection")).order_by("-version").values("version")
    return list(
        PublishedReport.objects.filter(version=Subquery(newest[:1]))
        .select_related("inspection__force", "inspection__programme")
        .only("version", "inspection__force__slug", "inspection__force__name", "inspection__force__is_synthetic",
              "inspection__programme__slug", "inspection__programme__title",
              "inspection__programme__publication_month")
        .order_by("inspection__force__is_synthetic", "-inspection__programme__publication_month",
                  "inspection__force__name", "inspection_id")[:limit]
    )


def force_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A force's public page: its published grades by programme, its reports and their versions,
    its recommendations and their status, and its performance charts where data are held."""
    force = get_object_or_404(Force, slug=slug)
    graded = (Judgement.objects.filter(framework__graded=True).exclude(final_grade="")
              .select_related("framework").order_by("framework__order"))
    versions = PublishedReport.objects.only("inspection_id", "version", "published_at", "change_note").order_by(
        "-version")
    inspections = list(
        Inspection.objects.filter(force=force, state=State.PUBLISHED)
        .select_related("programme").order_by("-programme__publication_month")
        .prefetch_related(Prefetch("judgements", queryset=graded, to_attr="graded"),
                          Prefetch("published_versions", queryset=versions, to_attr="versions"))
    )
    wording = PublishedWording()
    wording.load(inspection.pk for inspection in inspections)
    published = [
        {"inspection": inspection, "judgements": wording.judgements(inspection.graded),
         "versions": inspection.versions}
        for inspection in inspections
    ]
    charts = (charts_for_force(force, page=request.GET.get("page"))
              if Observation.objects.filter(force=force).exists() else None)
    return render(
        request,
        "public/force.html",
        {
            "force": force,
            "population": f"{force.population:,}" if force.population else "",
            "households": f"{force.households:,}" if force.households else "",
            "published": published,
            "follow_ups": wording.follow_ups(follow_ups(force=force.slug)),
            "force_charts": charts,
        },
    )
