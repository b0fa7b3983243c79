"""The developing practice library: search, filters, and each example with a link to its report."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import Truncator

from inspectorate.access import require_perm
from inspectorate.addresses import address_of
from inspectorate.reports.links import report_url, report_urls

from . import selectors
from .models import DevelopingPractice

PAGE_SIZE = 20


def library(request: HttpRequest) -> HttpResponse:
    require_perm(request, "practice.view_library")
    query = request.GET.get("q", "").strip()[:200]
    framework = request.GET.get("framework", "")
    force = " ".join(request.GET.get("force", "").split())
    frameworks = selectors.frameworks()
    errors = []
    if framework and framework not in dict(frameworks):
        errors.append("There is no example under that framework: choose one from the list.")
        framework = ""
    force_match = selectors.find_force(force) if force else None
    if force and force_match is None:
        errors.append(f"There is no example from that force: no force with examples is called “{force}” or has "
                      "those words in its name.")
    examples = selectors.library(query=query, framework=framework, force_match=force_match)
    page = Paginator(examples, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _shown(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "practice/library.html", {
        "query": query,
        "framework": framework,
        "force": force,
        "frameworks": frameworks,
        "page": page,
        "params": params.urlencode(),
        "searched": bool(query or framework or force),
        "errors": errors,
    }, status=400 if errors else 200)


def _shown(examples: Any) -> list[Any]:
    """A page of examples as the list shows them: plain values, each address built from one reversed
    pattern, the problem cut to its first 40 words."""
    items = selectors.rows(examples, report=True)
    detail = address_of("practice:detail", pk=999_999_999)
    report = report_urls()
    for item in items:
        item["url"] = detail(pk=item["id"])
        item["framework_display"] = item["framework_short_title"] or item["framework_title"]
        item["problem"] = Truncator(item["problem"]).words(40)
        item["report_link"] = report(item["report_force"], item["programme"]) if item["has_report"] else None
    return items


def example(request: HttpRequest, pk: int) -> HttpResponse:
    examples = selectors.with_report(DevelopingPractice.objects.all())
    item: selectors.ExampleWithReport = get_object_or_404(examples, pk=pk)
    require_perm(request, "practice.view_example", item)
    return render(request, "practice/example.html",
                  {"example": item, "report_url": report_url(item.inspection, has_report=item.has_report)})
