"""Published reports, for everyone: each version exactly as it was frozen, with its PDF, text and data."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
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


# The validators of a report page, read on every request (a repeat visit costs this and sending the kept page).
# One plain statement: building the same query through the ORM costs several times what running it does.
# tests/reports/test_report_page_cache.py holds it to the ORM's answer.
_VERSIONS_SQL = (
    "SELECT r.version, r.sha256, r.published_at FROM reports_publishedreport r"
    " JOIN inspections_inspection i ON i.id = r.inspection_id"
    " JOIN forces_force f ON f.id = i.force_id JOIN programmes_programme p ON p.id = i.programme_id"
    " WHERE f.slug = %s AND p.slug = %s ORDER BY r.version DESC"
)


def report_versions(force_slug: str, programme_slug: str) -> list[tuple[int, str, datetime]]:
    """The number, SHA-256 and publication time of each published version of the inspection, latest first."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSIONS_SQL, [force_slug, programme_slug])
        rows = cursor.fetchall()
    # SQLite hands back naive datetimes (stored in UTC); PostgreSQL aware ones.
    return [(number, sha256, published_at if timezone.is_aware(published_at)
             else timezone.make_aware(published_at, UTC)) for number, sha256, published_at in rows]


def _frozen(request: HttpRequest, force_slug: str, programme_slug: str, version: int | None) -> dict[str, Any] | None:
    """What a report page's validators need, in one small query per request: no frozen file is read."""
    if not hasattr(request, "_frozen_report"):
        versions = report_versions(force_slug, programme_slug)
        found = next(({"sha256": sha256, "published_at": published_at, "latest": len(versions)}
                      for number, sha256, published_at in versions if version in (None, number)), None)
        # Kept on the request for the rest of it (HttpRequest declares no such attribute).
        request._frozen_report = found  # type: ignore[attr-defined]
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


def _shared_page_key(request: HttpRequest, frozen: dict[str, Any] | None) -> str | None:
    """Where the rendered page is kept for anyone who is not signed in, or None where it is not shared.

    An anonymous reader's page holds nothing of the request (no CSRF token, no nonce, no name in the
    header), so it depends only on the address and the version's validators: its SHA-256, the number
    of versions (the page links the latest) and its publication time. A page with a message waiting
    to be shown is rendered for that request alone.
    """
    if frozen is None or request.user.is_authenticated or get_messages(request):
        return None
    return f"report-page:{request.path}:{frozen['sha256']}:{frozen['latest']}:{frozen['published_at'].isoformat()}"


@condition(etag_func=_etag, last_modified_func=_last_modified)
def report(request: HttpRequest, force_slug: str, programme_slug: str, version: int | None = None) -> HttpResponse:
    """A version of a published report: its frozen HTML as stored, inside the site's page.

    Answers a conditional GET with 304 Not Modified from the version's SHA-256 and publication time;
    reads the stored HTML and never the PDF, text or JSON. The page an anonymous reader gets is
    rendered once per version and process and then sent as kept (the ``report_pages`` cache); the
    report's own stylesheet is its own address (``report_css``), so the page carries no nonce.
    """
    # Everyone may read the published record (reports/rules.py); the check stays for the day that changes.
    require_perm(request, "reports.view_published_report")
    pages = caches["report_pages"]
    key = _shared_page_key(request, _frozen(request, force_slug, programme_slug, version))
    if key is not None and (page := pages.get(key)) is not None:
        return HttpResponse(page)
    published = _version(request, force_slug, programme_slug, version,
                         PublishedReport.objects.defer("pdf", "text", "json").annotate(pdf_size=Length("pdf")))
    inspection = published.inspection
    versions = versions_of(inspection)
    body, styles = frozen_parts(published.html)
    response = render(request, "reports/report.html", {
        "report": published,
        "inspection": inspection,
        "latest": versions[0],
        "versions": versions,
        # The frozen HTML is the system's own rendering, stored at publication; it is shown as stored.
        "body": mark_safe(body),  # noqa: S308
        "has_stylesheet": bool(styles.strip()),
        "says_synthetic": "synthetic-banner" in body,
        # The stored page carries the report's own note where it was rebuilt from the published facts.
        "reconstructed": RECONSTRUCTED if 'class="reconstruction-note"' in body else "",
    })
    if key is not None:
        pages.set(key, response.content)
    return response


def _stylesheet_etag(request: HttpRequest, force_slug: str, programme_slug: str, version: int) -> str | None:
    frozen = _frozen(request, force_slug, programme_slug, version)
    return f'"{frozen["sha256"]}-css"' if frozen else None


@condition(etag_func=_stylesheet_etag, last_modified_func=_last_modified)
def report_css(request: HttpRequest, force_slug: str, programme_slug: str, version: int) -> HttpResponse:
    """A version's own stylesheet, as frozen in its HTML: the report page links it rather than inlining it.

    A version never changes, so browsers may keep it for a year without asking again. A version frozen
    without a stylesheet (the page links none) has an empty one.
    """
    published = _version(request, force_slug, programme_slug, version, PublishedReport.objects.only("html"))
    _, styles = frozen_parts(published.html)
    response = HttpResponse(styles, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


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
