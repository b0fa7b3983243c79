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

from inspectorate.access import Acting, person
from inspectorate.audit.services import record_event
from inspectorate.core.errors import SYSTEM, check_permission
from inspectorate.inspections.errors import ServiceError, TransitionBlocked
from inspectorate.inspections.models import Inspection, State
from inspectorate.inspections.transitions import blocking_messages, lock, record_move, transition_for
from inspectorate.recommendations.services import open_follow_ups

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


def freeze_report(*, inspection: Inspection, by: Acting | None, change_note: str = "") -> PublishedReport:
    """Render the report once in every format and store it as the next version. Call inside a transaction.

    The report model is built from the database once; HTML, PDF, text and JSON are rendered from
    that one model. The first version needs no change note; every later one (a correction) does.
    """
    from .rendering import render_report, report_for  # the report-rendering module; imported late, it is heavy

    change_note = change_note.strip()
    latest = PublishedReport.objects.filter(inspection=inspection).aggregate(n=Max("version"))["n"] or 0
    if latest and not change_note:
        raise ServiceError("Cannot publish a correction: a change note is required for every version after the first.")
    model = report_for(inspection)
    synthetic = inspection.force.is_synthetic
    html = render_report(model, "html", synthetic=synthetic)
    pdf = render_report(model, "pdf", synthetic=synthetic)
    text = render_report(model, "text", synthetic=synthetic)
    data = render_report(model, "json", synthetic=synthetic)
    report = PublishedReport.objects.create(
        inspection=inspection, version=latest + 1, published_by=person(by),
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
def publish_report(*, inspection: Inspection, by: Acting | None, change_note: str = "") -> PublishedReport:
    """Publish the report, in one transaction: check who is acting and what blocks it, move the
    inspection to published, freeze every format once, open the recommendations' follow-ups and
    write the audit trail.

    An inspection at the factual-accuracy check is published for the first time (the lead
    inspector, once a moderator has approved exactly this content); a published one gets a new
    version, a correction, which needs a change note. A report imported as already published and
    never frozen gets its first version. Commands acting for the system pass ``SYSTEM``.
    """
    inspection = lock(inspection)
    if inspection.state == State.PUBLISHED:
        first = not PublishedReport.objects.filter(inspection=inspection).exists()
        if not (first and by is SYSTEM):
            check_permission(by, "inspections.publish_correction", inspection, "publish a correction of this report")
        report = freeze_report(inspection=inspection, by=by, change_note=change_note)
    else:
        messages = blocking_messages(inspection, State.PUBLISHED)
        if messages:
            raise TransitionBlocked(messages)
        transition = transition_for(inspection, State.PUBLISHED)
        assert transition is not None  # no blocker means the step exists
        check_permission(by, transition.perm, inspection, transition.doing)
        assert by is not None  # check_permission refuses when nobody acts
        record_move(inspection=inspection, to=State.PUBLISHED, by=by, note=change_note)
        report = freeze_report(inspection=inspection, by=by, change_note=change_note)
    assert by is not None  # SYSTEM, or someone check_permission allowed
    open_follow_ups(inspection=inspection, by=by)
    return report
