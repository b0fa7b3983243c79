"""The assessment page of one framework: criteria, assessments, the derived grade and the judgement.

Thin views: permissions come from django-rules (`rules.py`), every write goes through
`judgement/services.py`. With htmx a form posts on change and the response swaps only a
status line, the grade panel and the judgement summary (out of band), never the fields the user
is typing in; without JavaScript the same forms post and redirect back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from inspectorate.access import AuthenticatedRequest, HtmxRequest
from inspectorate.ids import MalformedId, bad_id_response, parse_id, parse_ids
from inspectorate.national import grading

from ..access import get_inspection_for_user
from ..errors import ServiceError, StaleEdit
from ..judgement.pages import CriterionRow, TypedAssessment, criterion_rows, grade_panel, row_for
from ..judgement.selectors import (
    excellence_evidence_ids,
    framework_for_page,
    graded_frameworks,
    judgement_of,
    verified_evidence,
)
from ..judgement.services import (
    assess_criterion,
    record_excellence_evidence,
    refresh_derived_grade,
    set_final_grade,
)
from ..models import AssessmentValue, Inspection
from .common import workspace_context

TEMPLATES = "inspections/assessment/"
_Request = TypeVar("_Request", bound=HttpRequest)
_P = ParamSpec("_P")


def _framework(inspection: Inspection, key: str) -> Any:
    framework = framework_for_page(inspection, key)
    if framework is None or not framework.graded:
        raise Http404("This inspection grades no such framework.")
    return framework


def _ids(values: list[str]) -> list[int]:
    return parse_ids(values, "evidence id")


def _revision(request: HttpRequest) -> int:
    """The revision the form was made from; -1 (stale) when it is missing; MalformedId when it is not a number."""
    value = request.POST.get("revision", "").strip()
    if not value:
        return -1
    revision = parse_id(value) if value != "0" else 0
    if revision is None:
        raise MalformedId(value, "revision")
    return revision


def refuses_malformed_ids(
    view: Callable[Concatenate[_Request, _P], HttpResponse],
) -> Callable[Concatenate[_Request, _P], HttpResponse]:
    """A view whose form carries ids: a malformed one (such as “²” or 2^63) is a 400 saying so."""
    @wraps(view)
    def wrapped(request: _Request, /, *args: _P.args, **kwargs: _P.kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except MalformedId as error:
            return bad_id_response(error)
    return wrapped


def _page_url(inspection: Inspection, key: str, anchor: str = "") -> str:
    url = reverse("assessment:framework", kwargs={"pk": inspection.pk, "framework_key": key})
    return f"{url}#{anchor}" if anchor else url


def _context(request: HtmxRequest, inspection: Inspection, framework: Any, **extra: Any) -> dict[str, Any]:
    """Everything the page and its partials read; `extra` overrides (a refused row, typed values)."""
    panel = grade_panel(inspection, framework)
    context = {
        "inspection": inspection,
        "framework": framework,
        "panel": panel,
        "judgement": panel.judgement,
        "may_assess": request.user.has_perm("inspections.assess_criteria", inspection),
        "may_decide": request.user.has_perm("inspections.set_final_grade", inspection),
        "values": AssessmentValue.choices,
        "grades": [(name, name) for name in grading.grade_names(inspection.programme)],
        "judgement_error": "",
        "typed_grade": None,
        "typed_rationale": None,
    }
    context.update(extra)
    judgement = panel.judgement
    typed_grade, typed_rationale = context["typed_grade"], context["typed_rationale"]
    context["chosen_grade"] = typed_grade if typed_grade is not None else (
        (judgement.final_grade or judgement.derived_grade) if judgement else "")
    context["chosen_rationale"] = typed_rationale if typed_rationale is not None else (
        judgement.rationale if judgement else "")
    beacon, innovation = excellence_evidence_ids(judgement)
    context["excellence_groups"] = [
        ("beacon", "Beacon: other forces have imported the force's practice", beacon),
        ("innovation", "Innovation introduced and evaluated", innovation),
    ]
    return context


@require_GET
def framework_page(request: HtmxRequest, pk: int, framework_key: str) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.view_grades")
    framework = _framework(inspection, framework_key)
    return _full_page(request, inspection, framework)


def _full_page(request: HtmxRequest, inspection: Inspection, framework: Any, *, status: int = 200,
               row: CriterionRow | None = None, **extra: Any) -> HttpResponse:
    rows = criterion_rows(inspection, framework)
    if row is not None:
        rows = [row if r.criterion.pk == row.criterion.pk else r for r in rows]
    context = workspace_context(request, inspection, "frameworks") | _context(
        request, inspection, framework, rows=rows, graded=graded_frameworks(inspection),
        verified=verified_evidence(inspection), **extra,
    )
    return render(request, TEMPLATES + "page.html", context, status=status)


@require_POST
@refuses_malformed_ids
def assess(request: AuthenticatedRequest, pk: int, framework_key: str, code: str) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.assess_criteria")
    framework = _framework(inspection, framework_key)
    criterion = get_object_or_404(framework.criteria, code=code)
    typed: TypedAssessment = {
        "value": request.POST.get("value", ""),
        "rationale": request.POST.get("rationale", ""),
        "evidence_ids": _ids(request.POST.getlist("evidence")),
    }
    status, saved = 200, False
    try:
        assess_criterion(inspection=inspection, criterion=criterion, by=request.user,
                         revision=_revision(request), **typed)
        row, saved = row_for(inspection, criterion), True
    except StaleEdit as stale:
        row, status = row_for(inspection, criterion, error=stale.message, stale=True), 409
    except ServiceError as refused:
        row, status = row_for(inspection, criterion, typed=typed, error=refused.message), 400
    if request.htmx:
        # htmx swaps only 2xx responses: the refusal travels in the body.
        context = _context(request, inspection, framework, row=row, saved=saved)
        return render(request, TEMPLATES + "_assessed.html", context)
    if saved:
        messages.success(request, f"{criterion.code} saved: {row.value_label.lower()}.")
        return redirect(_page_url(inspection, framework.key, row.dom_id))
    return _full_page(request, inspection, framework, status=status, row=row)


@require_POST
@refuses_malformed_ids
def final_grade(request: AuthenticatedRequest, pk: int, framework_key: str) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.set_final_grade")
    framework = _framework(inspection, framework_key)
    grade, rationale = request.POST.get("grade", ""), request.POST.get("rationale", "")
    judgement = judgement_of(inspection, framework.key)
    status, error = 200, ""
    try:
        if judgement is None:
            raise ServiceError(f"The rules have not derived a grade for {framework.display_title} yet: "
                               "assess its criteria first.")
        set_final_grade(judgement=judgement, grade=grade, rationale=rationale, by=request.user,
                        revision=_revision(request))
    except StaleEdit as stale:
        status, error = 409, stale.message
    except ServiceError as refused:
        status, error = 400, refused.message
    if request.htmx:
        context = _context(request, inspection, framework, judgement_error=error, decided=not error)
        return render(request, TEMPLATES + "_decided.html", context)
    if not error:
        messages.success(request, f"Final grade of {framework.display_title} set: {grade}.")
        return redirect(_page_url(inspection, framework.key, "judgement"))
    return _full_page(request, inspection, framework, status=status, judgement_error=error,
                      typed_grade=grade, typed_rationale=rationale)


@require_POST
@refuses_malformed_ids
def excellence(request: AuthenticatedRequest, pk: int, framework_key: str) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.assess_criteria")
    framework = _framework(inspection, framework_key)
    error = ""
    try:
        record_excellence_evidence(
            inspection=inspection, framework=framework, by=request.user,
            beacon_ids=_ids(request.POST.getlist("beacon")), innovation_ids=_ids(request.POST.getlist("innovation")),
        )
    except ServiceError as refused:
        error = refused.message
    if request.htmx:
        context = _context(request, inspection, framework, excellence_error=error, excellence_saved=not error)
        return render(request, TEMPLATES + "_excellence_saved.html", context)
    if not error:
        messages.success(request, "Evidence for Excellent saved.")
        return redirect(_page_url(inspection, framework.key, "excellence"))
    return _full_page(request, inspection, framework, status=400, excellence_error=error)


@require_POST
def derive(request: AuthenticatedRequest, pk: int, framework_key: str) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.assess_criteria")
    framework = _framework(inspection, framework_key)
    error = ""
    try:
        refresh_derived_grade(inspection=inspection, framework=framework, by=request.user)
    except ServiceError as refused:
        error = refused.message
    if request.htmx:
        context = _context(request, inspection, framework, derive_error=error)
        return render(request, TEMPLATES + "_derived.html", context)
    if error:
        messages.error(request, error)
    return redirect(_page_url(inspection, framework.key, "grade-panel"))
