"""Publishing a report as a frozen artefact (SPEC section 3): what the public reads never changes.

Each published version stores the report's HTML, PDF, text and JSON as rendered at that moment,
with a SHA-256 over all four. A correction is a new version with a change note; earlier versions
stay as they were.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.db.models import Max

from inspectorate.audit.services import record_event
from inspectorate.inspections.errors import ServiceError
from inspectorate.inspections.models import Inspection, State

from .models import PublishedReport


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def report_digest(*, html: str, pdf: bytes, text: str, data: Any) -> str:
    """SHA-256 over the four renderings, each preceded by its name and length so none can bleed into the next.

    In order: html, pdf, text, json (canonical: sorted keys, no spaces, UTF-8).
    """
    digest = hashlib.sha256()
    for name, payload in (("html", html.encode("utf-8")), ("pdf", bytes(pdf)), ("text", text.encode("utf-8")),
                          ("json", canonical_json(data))):
        digest.update(f"{name}:{len(payload)}:".encode("ascii"))
        digest.update(payload)
    return digest.hexdigest()


def stored_digest_holds(report: PublishedReport) -> bool:
    """Whether a stored version still matches its SHA-256 (nothing has been altered since)."""
    return report_digest(html=report.html, pdf=bytes(report.pdf), text=report.text, data=report.json) == report.sha256


def freeze_report(*, inspection: Inspection, by: Any, change_note: str = "") -> PublishedReport:
    """Render the report in every format and store it as the next version. Call inside a transaction.

    The first version needs no change note; every later one (a correction) does.
    """
    from .rendering import render_inspection  # the report-rendering module; imported late, it is heavy

    change_note = change_note.strip()
    latest = PublishedReport.objects.filter(inspection=inspection).aggregate(n=Max("version"))["n"] or 0
    if latest and not change_note:
        raise ServiceError("Cannot publish a correction: a change note is required for every version after the first.")
    html = render_inspection(inspection, "html")
    pdf = render_inspection(inspection, "pdf")
    text = render_inspection(inspection, "text")
    data = render_inspection(inspection, "json")
    report = PublishedReport.objects.create(
        inspection=inspection, version=latest + 1, published_by=by if getattr(by, "is_authenticated", False) else None,
        change_note=change_note, html=html, pdf=pdf, text=text, json=data,
        sha256=report_digest(html=html, pdf=pdf, text=text, data=data),
    )
    record_event(
        actor=by, action="report.published", obj=report, inspection=inspection,
        summary=f"Report version {report.version} published" + (f": {change_note}" if change_note else ""),
        before={"version": latest or None},
        after={"version": report.version, "sha256": report.sha256, "change_note": change_note},
    )
    return report


@transaction.atomic
def publish_report(*, inspection: Inspection, by: Any, change_note: str = "") -> PublishedReport:
    """Publish the report: the first time through the lifecycle's checks, afterwards as a correction.

    An inspection at the factual-accuracy check is published by `change_state` (which says what
    blocks it); a published one gets a new version, which needs a change note. A report imported
    as already published and never frozen gets its first version.
    """
    from inspectorate.inspections.lifecycle import change_state

    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.state == State.PUBLISHED:
        return freeze_report(inspection=inspection, by=by, change_note=change_note)
    change_state(inspection=inspection, to=State.PUBLISHED, by=by, note=change_note)
    return PublishedReport.objects.filter(inspection=inspection).order_by("-version").first()  # type: ignore[return-value]
