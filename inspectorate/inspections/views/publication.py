"""Moving an inspection along its lifecycle, and publishing its report (first and corrected versions)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inspectorate.access import AuthenticatedRequest, require_perm
from inspectorate.jobs import services as jobs
from inspectorate.jobs import tasks
from inspectorate.jobs.models import Kind
from inspectorate.jobs.selectors import job_for_page
from inspectorate.reports.rendering import glossary_warnings, pending_correction

from .. import lifecycle
from ..access import get_inspection_for_user
from ..approval import changes_since_approval
from ..errors import ServiceError, TransitionBlocked
from ..forms import CorrectionForm, TransitionForm
from ..models import Inspection, State
from .common import report_errors, workspace_context


@login_required
def publication(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.view_publication")
    return _publication_page(request, inspection)


def _publication_page(request: AuthenticatedRequest, inspection: Inspection,
                      correction_form: CorrectionForm | None = None) -> HttpResponse:
    """The publication page; with a correction form that was refused, that form with its errors (status 400)."""
    if correction_form is None and inspection.state == State.PUBLISHED:
        correction_form = CorrectionForm()
    refused = correction_form is not None and correction_form.is_bound
    context = workspace_context(
        request, inspection, "publication",
        versions=inspection.published_versions.select_related("published_by").order_by("-version"),
        publish_blockers=lifecycle.blocking_messages(inspection, State.PUBLISHED)
        if inspection.state == State.FACTUAL_ACCURACY else [],
        unresolved=lifecycle.unresolved_comment_count(inspection),
        correction_form=correction_form,
        # base.html puts "Error:" in the title of a page whose form was refused.
        form=correction_form if refused else None,
        transition_form=TransitionForm(),
        glossary_warnings=glossary_warnings(inspection),
        job=job_for_page(request, kind=Kind.PUBLICATION, inspection=inspection),
        changes_since_approval=changes_since_approval(inspection) if inspection.state == State.FACTUAL_ACCURACY
        else None,
        pending_correction=pending_correction(inspection) if inspection.state == State.PUBLISHED else [],
    )
    return render(request, "inspections/publication.html", context, status=400 if refused else 200)


@login_required
@require_POST
def change_state(request: AuthenticatedRequest, pk: int, to: str) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.view_inspection")
    transition = lifecycle.transition_for(inspection, to)
    if transition is None:
        raise Http404("No such step from this state.")
    require_perm(request, transition.perm, inspection)
    form = TransitionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if to == State.PUBLISHED:
        return _publish(request, inspection, note, first=True)
    try:
        lifecycle.change_state(inspection=inspection, to=to, by=request.user, note=note)
    except ServiceError as error:
        report_errors(request, error)
    else:
        messages.success(request, f"{transition.label}: done. The inspection is now at "
                                  f"{State(to).label.lower()}.")
    return redirect("inspections:overview", pk=pk)


def _publish(request: AuthenticatedRequest, inspection: Inspection, note: str, *, first: bool) -> HttpResponse:
    """Rendering and freezing the report takes longer than a request should: it runs as a job.

    What blocks a first publication is said at once; the job checks again as it publishes.
    """
    blockers = lifecycle.blocking_messages(inspection, State.PUBLISHED) if first else []
    if blockers:
        report_errors(request, TransitionBlocked(blockers))
        return redirect("inspections:publication", pk=inspection.pk)
    job = jobs.active_job(kind=Kind.PUBLICATION, inspection=inspection) or jobs.start(
        kind=Kind.PUBLICATION, title="Publishing the report" if first else "Publishing the correction",
        by=request.user, task=tasks.publish, inspection=inspection, params={"change_note": note})
    return redirect(f"{reverse('inspections:publication', args=[inspection.pk])}?job={job.pk}")


@login_required
@require_POST
def request_publication(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
def approve_publication(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
def publish_correction(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.publish_correction")
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _publication_page(request, inspection, form)
    return _publish(request, inspection, form.cleaned_data["change_note"], first=False)
