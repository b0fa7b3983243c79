"""Published reports, for everyone: each version exactly as it was frozen, with its PDF, text and data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Length
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import condition

from inspectorate.access import require_perm
from inspectorate.core.report.changes import report_changes
from inspectorate.core.report.model import RECONSTRUCTED

from .models import PublishedReport
from .selectors import frozen_parts, published_inspection, version_of, versions_of


def _filename(report: PublishedReport, extension: str) -> str:
    inspection = report.inspection
    return f"inspection-report-{inspection.force.slug}-{inspection.programme.slug}-v{report.version}.{extension}"


def _version(request: HttpRequest, force_slug: str, programme_slug: str, version: int | None,
             reports: QuerySet[PublishedReport] | None = None) -> PublishedReport:
    inspection = published_inspection(force_slug, programme_slug)
    report = version_of(inspection, version, reports)
    report.inspection = inspection
    require_perm(request, "reports.view_published_report", report)
    return report


def _frozen(request: HttpRequest, force_slug: str, programme_slug: str, version: int | None) -> dict[str, Any] | None:
    """What a report page's validators need, in one small query per request: no frozen file is read."""
    if not hasattr(request, "_frozen_report"):
        reports = PublishedReport.objects.filter(inspection__force__slug=force_slug,
                                                 inspection__programme__slug=programme_slug)
        if version is not None:
            reports = reports.filter(version=version)
        count = (PublishedReport.objects.filter(inspection=OuterRef("inspection")).order_by().values("inspection")
                 .annotate(n=Count("pk")).values("n"))
        # Kept on the request for the rest of it (HttpRequest declares no such attribute).
        request._frozen_report = (  # type: ignore[attr-defined]
            reports.annotate(latest=Subquery(count)).order_by("-version")
            .values("sha256", "published_at", "latest").first())
    return request._frozen_report  # type: ignore[attr-defined, no-any-return]


def _etag(request: HttpRequest, force_slug: str, programme_slug: str, version: int | None = None) -> str | None:
    """The version's SHA-256, with the number of versions (the page links the latest) and the signed-in
    user (the page's header names them)."""
    frozen = _frozen(request, force_slug, programme_slug, version)
    if frozen is None:
        return None
    user = request.user.pk if request.user.is_authenticated else 0
    return f'"{frozen["sha256"]}-{frozen["latest"]}-{user}"'


def _last_modified(request: HttpRequest, force_slug: str, programme_slug: str,
                   version: int | None = None) -> datetime | None:
    frozen = _frozen(request, force_slug, programme_slug, version)
    return frozen["published_at"] if frozen else None


@condition(etag_func=_etag, last_modified_func=_last_modified)
def report(request: HttpRequest, force_slug: str, programme_slug: str, version: int | None = None) -> HttpResponse:
    """A version of a published report: its frozen HTML as stored, inside the site's page.

    Answers a conditional GET with 304 Not Modified from the version's SHA-256 and publication time;
    reads the stored HTML and never the PDF, text or JSON.
    """
    published = _version(request, force_slug, programme_slug, version,
                         PublishedReport.objects.defer("pdf", "text", "json").annotate(pdf_size=Length("pdf")))
    inspection = published.inspection
    versions = versions_of(inspection)
    body, styles = frozen_parts(published.html)
    return render(request, "reports/report.html", {
        "report": published,
        "inspection": inspection,
        "latest": versions[0],
        "versions": versions,
        # The frozen HTML is the system's own rendering, stored at publication; it is shown as stored.
        "body": mark_safe(body),  # noqa: S308
        "styles": mark_safe(styles),  # noqa: S308
        "says_synthetic": "synthetic-banner" in body,
        # The stored page carries the report's own note where it was rebuilt from the published facts.
        "reconstructed": RECONSTRUCTED if 'class="reconstruction-note"' in body else "",
    })


def report_pdf(request: HttpRequest, force_slug: str, programme_slug: str, version: int) -> HttpResponse:
    published = _version(request, force_slug, programme_slug, version)
    response = HttpResponse(bytes(published.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(published, "pdf")}"'
    return response


def report_text(request: HttpRequest, force_slug: str, programme_slug: str, version: int) -> HttpResponse:
    published = _version(request, force_slug, programme_slug, version)
    response = HttpResponse(published.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{_filename(published, "txt")}"'
    return response


def report_json(request: HttpRequest, force_slug: str, programme_slug: str, version: int) -> JsonResponse:
    published = _version(request, force_slug, programme_slug, version)
    response = JsonResponse(published.json, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'inline; filename="{_filename(published, "json")}"'
    return response


def versions(request: HttpRequest, force_slug: str, programme_slug: str) -> HttpResponse:
    inspection = published_inspection(force_slug, programme_slug)
    require_perm(request, "reports.view_published_report", inspection)
    listed = versions_of(inspection)
    frozen = dict(PublishedReport.objects.filter(inspection=inspection).values_list("version", "json"))
    for version in listed:
        earlier = frozen.get(version.version - 1)
        version.changes = report_changes(earlier, frozen[version.version]) if earlier is not None else []
    return render(request, "reports/versions.html", {"inspection": inspection, "versions": listed})
