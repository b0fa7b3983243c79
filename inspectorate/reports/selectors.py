"""Reading the published record: frozen versions only, never live data."""

from __future__ import annotations

import re

from django.shortcuts import get_object_or_404

from inspectorate.inspections.models import Inspection

from .models import PublishedReport

_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)
_SKIP_LINK = re.compile(r'<a[^>]*class="[^"]*skip[^"]*"[^>]*>.*?</a>', re.S | re.I)
_MAIN = re.compile(r"<(/?)main\b", re.I)
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)


def published_inspection(force_slug: str, programme_slug: str) -> Inspection:
    return get_object_or_404(
        Inspection.objects.select_related("force", "programme").filter(published_versions__isnull=False).distinct(),
        force__slug=force_slug, programme__slug=programme_slug,
    )


def versions_of(inspection: Inspection) -> list[PublishedReport]:
    return list(
        PublishedReport.objects.filter(inspection=inspection)
        .defer("html", "pdf", "text", "json").order_by("-version")
    )


def version_of(inspection: Inspection, version: int | None) -> PublishedReport:
    reports = PublishedReport.objects.filter(inspection=inspection)
    if version is None:
        return get_object_or_404(reports.order_by("-version")[:1])
    return get_object_or_404(reports, version=version)


def frozen_parts(html: str) -> tuple[str, str]:
    """The frozen report's content and its own stylesheet, to sit inside the site's page.

    The stored document is a whole page; the site's page keeps its own header, skip link and
    ``<main>``, so those of the stored page are left out. The text itself is as frozen.
    """
    match = _BODY.search(html)
    body = match.group(1) if match else html
    body = _SKIP_LINK.sub("", body)
    body = _MAIN.sub(r"<\1div", body)
    head = html[: match.start()] if match else ""
    return body, "\n".join(_STYLE.findall(head))
