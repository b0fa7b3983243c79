"""The developing practice library: search, filters, and each example with a link to its report."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from inspectorate.access import require_perm
from inspectorate.reports.links import report_url

from . import selectors
from .models import DevelopingPractice

PAGE_SIZE = 20


def library(request: HttpRequest) -> HttpResponse:
    require_perm(request, "practice.view_library")
    query = request.GET.get("q", "").strip()[:200]
    framework = request.GET.get("framework", "")
    force = request.GET.get("force", "")
    facets = selectors.facets()
    errors = []
    if framework and framework not in dict(facets["frameworks"]):
        errors.append("There is no example under that framework: choose one from the list.")
        framework = ""
    if force and force not in dict(facets["forces"]):
        errors.append("There is no example from that force: choose one from the list.")
        force = ""
    examples = selectors.library(query=query, framework=framework, force=force)
    page = Paginator(examples, PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.report_link = report_url(item.inspection, has_report=item.has_report)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "practice/library.html", {
        "query": query,
        "framework": framework,
        "force": force,
        "facets": facets,
        "page": page,
        "params": params.urlencode(),
        "searched": bool(query or framework or force),
        "errors": errors,
    }, status=400 if errors else 200)


def example(request: HttpRequest, pk: int) -> HttpResponse:
    examples = selectors.with_report(DevelopingPractice.objects.all())
    item: selectors.ExampleWithReport = get_object_or_404(examples, pk=pk)
    require_perm(request, "practice.view_example", item)
    return render(request, "practice/example.html",
                  {"example": item, "report_url": report_url(item.inspection, has_report=item.has_report)})
