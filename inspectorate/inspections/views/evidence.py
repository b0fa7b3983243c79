"""The evidence log: add an item (with a file), attach a file, verify, download an attachment."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inspectorate.access import AuthenticatedRequest, require_perm

from .. import services
from ..access import get_inspection_for_user
from ..errors import ServiceError
from ..forms import AttachmentForm, EvidenceForm
from ..models import EvidenceItem
from ..selectors import evidence_log
from .common import workspace_context


@login_required
def evidence(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    perm = "inspections.record_evidence" if request.method == "POST" else "inspections.view_inspection"
    inspection = get_inspection_for_user(request, pk, perm)
    form = None
    if request.user.has_perm("inspections.record_evidence", inspection):
        form = EvidenceForm(request.POST or None, request.FILES or None, inspection=inspection)
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.record_evidence(
                inspection=inspection, by=request.user, source_kind=data["source_kind"],
                summary=data["summary"], date=data["date"], criteria=form.chosen_criteria(),
                attachment=data.get("attachment"),
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Evidence recorded: {item.summary[:80]}")
            return redirect("inspections:evidence", pk=inspection.pk)
    items = list(evidence_log(inspection))
    context = workspace_context(
        request, inspection, "evidence", form=form, items=items,
        unverified=sum(1 for i in items if not i.is_verified),
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "inspections/evidence.html", context, status=status)


def _evidence_item(request: HttpRequest, pk: int, evidence_pk: int) -> EvidenceItem:
    inspection = get_inspection_for_user(request, pk, "inspections.view_inspection")
    return get_object_or_404(
        EvidenceItem.objects.select_related("collected_by", "verified_by", "inspection"),
        pk=evidence_pk, inspection=inspection,
    )


@login_required
@require_POST
def verify(request: AuthenticatedRequest, pk: int, evidence_pk: int) -> HttpResponse:
    item = _evidence_item(request, pk, evidence_pk)
    require_perm(request, "inspections.verify_evidence", item)
    error_text = ""
    try:
        item = services.verify_evidence(evidence=item, by=request.user)
    except ServiceError as error:
        error_text = error.message
    if request.htmx:  # the row, in place; a refusal is said in the row itself
        item = _evidence_item(request, pk, evidence_pk)
        return render(request, "inspections/_evidence_row.html",
                      {"item": item, "inspection": item.inspection, "row_error": error_text})
    if error_text:
        messages.error(request, error_text)
    else:
        messages.success(request, f"Evidence verified: {item.summary[:80]}")
    return redirect("inspections:evidence", pk=pk)


@login_required
def attach(request: AuthenticatedRequest, pk: int, evidence_pk: int) -> HttpResponse:
    item = _evidence_item(request, pk, evidence_pk)
    require_perm(request, "inspections.record_evidence", item)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attach_evidence_file(evidence=item, upload=form.cleaned_data["attachment"], by=request.user)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "File attached.")
            return redirect("inspections:evidence", pk=pk)
    context = workspace_context(request, item.inspection, "evidence", form=form, item=item)
    return render(request, "inspections/attach.html", context, status=400 if request.method == "POST" else 200)


@login_required
def attachment(request: AuthenticatedRequest, pk: int, evidence_pk: int) -> FileResponse:
    item = _evidence_item(request, pk, evidence_pk)
    if not item.attachment:
        raise Http404("This evidence has no file attached.")
    name = PurePath(item.attachment.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(item.attachment.open("rb"), as_attachment=True, filename=name, content_type=content_type)
