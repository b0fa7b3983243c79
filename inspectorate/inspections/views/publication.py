"""Moving an inspection along its lifecycle, and publishing its report (first and corrected versions)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from inspectorate.reports.rendering import glossary_warnings, pending_correction
from inspectorate.reports.services import publish_report

from .. import lifecycle
from ..access import get_inspection_for_user, require_perm
from ..approval import changes_since_approval
from ..errors import ServiceError
from ..forms import CorrectionForm, TransitionForm
from ..models import State
from .common import report_errors, workspace_context


@login_required
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.view_publication")
    context = workspace_context(
        request, inspection, "publication",
        versions=inspection.published_versions.select_related("published_by").order_by("-version"),
        publish_blockers=lifecycle.blocking_messages(inspection, State.PUBLISHED)
        if inspection.state == State.FACTUAL_ACCURACY else [],
        unresolved=lifecycle.unresolved_comment_count(inspection),
        correction_form=CorrectionForm() if inspection.state == State.PUBLISHED else None,
        transition_form=TransitionForm(),
        glossary_warnings=glossary_warnings(inspection),
        changes_since_approval=changes_since_approval(inspection) if inspection.state == State.FACTUAL_ACCURACY
        else None,
        pending_correction=pending_correction(inspection) if inspection.state == State.PUBLISHED else [],
    )
    return render(request, "inspections/publication.html", context)


@login_required
@require_POST
def change_state(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.view_inspection")
    transition = lifecycle.transition_for(inspection, to)
    if transition is None:
        raise Http404("No such step from this state.")
    require_perm(request, transition.perm, inspection)
    form = TransitionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        lifecycle.change_state(inspection=inspection, to=to, by=request.user, note=note)
    except ServiceError as error:
        report_errors(request, error)
    else:
        messages.success(request, f"{transition.label}: done. The inspection is now at "
                                  f"{State(to).label.lower()}.")
    if to == State.PUBLISHED:
        return redirect("inspections:publication", pk=pk)
    return redirect("inspections:overview", pk=pk)


@login_required
@require_POST
def request_publication(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.request_publication")
    try:
        lifecycle.request_publication(inspection=inspection, by=request.user)
    except ServiceError as error:
        report_errors(request, error)
    else:
        messages.success(request, "Publication requested: a moderator will be asked to approve it.")
    return redirect("inspections:publication", pk=pk)


@login_required
@require_POST
def approve_publication(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.approve_publication")
    try:
        lifecycle.approve_publication(inspection=inspection, by=request.user)
    except ServiceError as error:
        report_errors(request, error)
    else:
        messages.success(request, "Publication approved: the lead inspector may now publish the report.")
    return redirect("inspections:publication", pk=pk)


@login_required
@require_POST
def publish_correction(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.publish_correction")
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("change_note", []):
            messages.error(request, error)
        return redirect("inspections:publication", pk=pk)
    try:
        report = publish_report(inspection=inspection, by=request.user, change_note=form.cleaned_data["change_note"])
    except ServiceError as error:
        report_errors(request, error)
    else:
        messages.success(request, f"Version {report.version} published. Earlier versions stay available.")
    return redirect("inspections:publication", pk=pk)
