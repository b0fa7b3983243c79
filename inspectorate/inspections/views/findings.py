"""The findings editor of one framework: add, edit, reorder, delete; recommendations raised from findings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inspectorate.access import AuthenticatedRequest, HtmxRequest
from inspectorate.frameworks.models import Framework

from .. import services
from ..access import get_inspection_for_user
from ..errors import ServiceError, StaleEdit
from ..forms import FindingForm, RecommendationForm
from ..models import Finding, Inspection, Recommendation
from ..selectors import categories_of, framework_of, report_sections
from .common import rebind, report_errors, workspace_context


def _framework(inspection: Inspection, key: str) -> Framework:
    framework = framework_of(inspection, key)
    if framework is None:
        raise Http404("This inspection does not report on that framework.")
    return framework


def _section_context(request: HttpRequest, inspection: Inspection, framework: Framework,
                     **extra: object) -> dict[str, Any]:
    section = next(s for s in report_sections(inspection) if s.framework.key == framework.key)
    return workspace_context(
        request, inspection, "frameworks", framework=framework, section=section,
        recommendation_categories=sorted(services.recommending(inspection)), **extra,
    )


def _panel_or_redirect(request: HtmxRequest, inspection: Inspection, framework: Framework) -> HttpResponse:
    if request.htmx:
        return render(request, "inspections/_findings_panel.html", _section_context(request, inspection, framework))
    return redirect("inspections:findings", pk=inspection.pk, framework_key=framework.key)


@login_required
def findings(request: AuthenticatedRequest, pk: int, framework_key: str) -> HttpResponse:
    perm = "inspections.change_report" if request.method == "POST" else "inspections.view_inspection"
    inspection = get_inspection_for_user(request, pk, perm)
    framework = _framework(inspection, framework_key)
    form = FindingForm(request.POST or None, prefix="new", categories=categories_of(inspection.programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_finding(inspection=inspection, framework=framework, category=form.cleaned_data["category"],
                                 text=form.cleaned_data["text"], by=request.user)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Finding added.")
            return redirect("inspections:findings", pk=pk, framework_key=framework.key)
    context = _section_context(request, inspection, framework, form=form)
    return render(request, "inspections/findings.html", context, status=400 if request.method == "POST" else 200)


def _finding(request: HttpRequest, pk: int, finding_pk: int, perm: str) -> Finding:
    inspection = get_inspection_for_user(request, pk, perm)
    return get_object_or_404(Finding.objects.select_related("framework", "inspection"), pk=finding_pk,
                             inspection=inspection)


@login_required
def edit_finding(request: AuthenticatedRequest, pk: int, finding_pk: int) -> HttpResponse:
    finding = _finding(request, pk, finding_pk, "inspections.edit_report_text")
    inspection = finding.inspection
    initial = {"category": finding.category, "text": finding.text, "revision": finding.revision}
    form = FindingForm(request.POST or None, initial=initial, categories=categories_of(inspection.programme))
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_finding(finding=finding, text=data["text"], category=data["category"],
                                    revision=data["revision"] or 0, by=request.user)
        except StaleEdit as error:
            stale = error.current
            form = rebind(form, stale.revision)
            form.add_service_error(error)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Finding saved.")
            return redirect("inspections:findings", pk=pk, framework_key=finding.framework.key)
    context = workspace_context(request, inspection, "frameworks", framework=finding.framework, finding=finding,
                                form=form, stale=stale)
    return render(request, "inspections/edit_finding.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def move_finding(request: AuthenticatedRequest, pk: int, finding_pk: int, direction: str) -> HttpResponse:
    finding = _finding(request, pk, finding_pk, "inspections.change_report")
    try:
        services.move_finding(finding=finding, direction=direction, by=request.user)
    except ServiceError as error:
        report_errors(request, error)
    return _panel_or_redirect(request, finding.inspection, finding.framework)


@login_required
@require_POST
def delete_finding(request: AuthenticatedRequest, pk: int, finding_pk: int) -> HttpResponse:
    finding = _finding(request, pk, finding_pk, "inspections.change_report")
    try:
        services.delete_finding(finding=finding, by=request.user)
    except ServiceError as error:
        report_errors(request, error)
    else:
        messages.success(request, "Finding deleted.")
    return _panel_or_redirect(request, finding.inspection, finding.framework)


@login_required
def raise_recommendation(request: AuthenticatedRequest, pk: int, finding_pk: int) -> HttpResponse:
    finding = _finding(request, pk, finding_pk, "inspections.change_report")
    form = RecommendationForm(request.POST or None, initial={"text": "That the force "})
    if request.method == "POST" and form.is_valid():
        try:
            rec = services.raise_recommendation(finding=finding, text=form.cleaned_data["text"], by=request.user)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Recommendation {rec.number} raised.")
            return redirect("inspections:findings", pk=pk, framework_key=finding.framework.key)
    context = workspace_context(request, finding.inspection, "frameworks", framework=finding.framework,
                                finding=finding, form=form)
    return render(request, "inspections/raise_recommendation.html", context,
                  status=400 if request.method == "POST" else 200)


def _recommendation(request: HttpRequest, pk: int, rec_pk: int, perm: str) -> Recommendation:
    inspection = get_inspection_for_user(request, pk, perm)
    return get_object_or_404(Recommendation.objects.select_related("framework", "finding", "inspection"),
                             pk=rec_pk, inspection=inspection)


@login_required
def edit_recommendation(request: AuthenticatedRequest, pk: int, rec_pk: int) -> HttpResponse:
    rec = _recommendation(request, pk, rec_pk, "inspections.edit_report_text")
    form = RecommendationForm(request.POST or None, initial={"text": rec.text, "revision": rec.revision})
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_recommendation(recommendation=rec, text=form.cleaned_data["text"],
                                           revision=form.cleaned_data["revision"] or 0, by=request.user)
        except StaleEdit as error:
            stale = error.current
            form = rebind(form, stale.revision)
            form.add_service_error(error)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Recommendation {rec.number} saved.")
            return redirect("inspections:findings", pk=pk, framework_key=rec.framework.key)
    context = workspace_context(request, rec.inspection, "frameworks", framework=rec.framework,
                                recommendation=rec, form=form, stale=stale)
    return render(request, "inspections/edit_recommendation.html", context,
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def delete_recommendation(request: AuthenticatedRequest, pk: int, rec_pk: int) -> HttpResponse:
    rec = _recommendation(request, pk, rec_pk, "inspections.change_report")
    number = rec.number
    try:
        services.delete_recommendation(recommendation=rec, by=request.user)
    except ServiceError as error:
        report_errors(request, error)
    else:
        messages.success(request, f"Recommendation {number} deleted; the others were renumbered.")
    return _panel_or_redirect(request, rec.inspection, rec.framework)
