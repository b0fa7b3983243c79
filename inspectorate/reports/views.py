"""Published reports, for everyone: each version exactly as it was frozen, with its PDF, text and data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from inspectorate.access import require_perm
from inspectorate.publication.changes import report_changes

from .models import PublishedReport
from .selectors import frozen_parts, published_inspection, version_of, versions_of


def _filename(report: PublishedReport, extension: str) -> str:
    inspection = report.inspection
    return f"inspection-report-{inspection.force.slug}-{inspection.programme.slug}-v{report.version}.{extension}"


def _version(request: HttpRequest, force_slug: str, programme_slug: str, version: int | None) -> PublishedReport:
    inspection = published_inspection(force_slug, programme_slug)
    report = version_of(inspection, version)
    report.inspection = inspection
    require_perm(request, "reports.view_published_report", report)
    return report


def report(request: HttpRequest, force_slug: str, programme_slug: str, version: int | None = None) -> HttpResponse:
    published = _version(request, force_slug, programme_slug, version)
    versions = versions_of(published.inspection)
    body, styles = frozen_parts(published.html)
    return render(request, "reports/report.html", {
        "report": published,
        "inspection": published.inspection,
        "latest": versions[0],
        "versions": versions,
        # The frozen HTML is the system's own rendering, stored at publication; it is shown as stored.
        "body": mark_safe(body),  # noqa: S308
        "styles": mark_safe(styles),  # noqa: S308
        "says_synthetic": "synthetic-banner" in body,
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
