"""The recommendation tracker: thin views over followup.selectors and followup.services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from inspectorate.access import AuthenticatedRequest, require_perm
from inspectorate.addresses import address_of
from inspectorate.core.errors import ServiceError
from inspectorate.inspections.models import Recommendation
from inspectorate.public.templatetags.govuk import follow_up_tag_class
from inspectorate.reports.links import report_url
from inspectorate.reports.selectors import PublishedWording

from . import selectors, services
from .forms import FilterForm, ResponseForm, StatusForm, TargetDateForm
from .models import FollowUp, ResponseEvidence, Status

PAGE_SIZE = 50
FORCES_PER_PAGE = 25


def _filter_form(request: HttpRequest) -> FilterForm:
    return FilterForm(request.GET or None, find_force=selectors.find_force, frameworks=selectors.frameworks(),
                      programmes=selectors.programmes())


def tracker(request: HttpRequest) -> HttpResponse:
    require_perm(request, "followup.view_tracker")
    form = _filter_form(request)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v and k != "force"}
        if "overdue" in filters:
            filters["overdue"] = filters["overdue"] == "yes"
    elif form.is_bound:
        return render(request, "recommendations/tracker.html", {"form": form, "page": None}, status=400)
    match = form.force_match
    queryset = selectors.follow_ups(force_match=match, **filters)
    totals = selectors.totals(queryset)
    paginator = Paginator(selectors.rows(queryset), PAGE_SIZE)
    paginator.count = totals.count  # counted with the totals: no second COUNT
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = _shown(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    other_than_forces = request.GET.copy()
    other_than_forces.pop("forces", None)
    one_force = match is not None and bool(match.slug)
    return render(request, "recommendations/tracker.html", {
        "form": form,
        "filtered": bool(filters or match),
        "page": page,
        "query": query.urlencode(),
        "totals": [(value, label, totals.by_status[value]) for value, label in Status.choices],
        "overdue_total": totals.overdue,
        "by_force": (selectors.summary_page(queryset, by="force", number=request.GET.get("forces"),
                                            per_page=FORCES_PER_PAGE) if not one_force else None),
        "forces_query": other_than_forces.urlencode(),
        "by_framework": selectors.summary_by(queryset, by="framework") if "framework" not in filters else [],
        "statuses": Status.choices,
        "has_synthetic": totals.synthetic > 0,
    })


def _shown(found: Any) -> list[Any]:
    """A page of the tracker's rows as it shows them: plain values, each recommendation in its published
    words (one query for the page's inspections), each address built from one reversed pattern, each
    status's label and tag found here rather than by an included template per row."""
    items = selectors.row_dicts(found)
    wording = PublishedWording()
    wording.load(item["inspection_id"] for item in items)
    detail = address_of("followup:detail", pk=999_999_999)
    labels = dict(Status.choices)
    for item in items:
        text = wording.text_of(item["inspection_id"], item["number"], item["text"])
        item["text"] = Truncator(text).words(18)
        item["url"] = detail(pk=item["pk"])
        item["number"] = str(item["number"])
        item["framework"] = item["framework_short_title"] or item["framework_title"]
        item["status_label"] = labels.get(item["status"], item["status"])
        item["status_tag"] = follow_up_tag_class(item["status"])
        target = item["target_date"]
        item["target"] = f"{target.day} {target:%B %Y}" if target else ""
    return items


def _follow_up(pk: int) -> FollowUp:
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("inspection__force", "inspection__programme", "framework"), pk=pk
    )
    try:
        return services.follow_up_for(recommendation)
    except FollowUp.DoesNotExist as error:
        raise Http404("This recommendation is not in a published report.") from error


def detail(request: HttpRequest, pk: int, forms: dict[str, Form] | None = None, status: int = 200) -> HttpResponse:
    follow_up = _follow_up(pk)
    require_perm(request, "followup.view_follow_up", follow_up)
    user = request.user
    forms = forms or {}
    can = {
        "respond": user.has_perm("followup.respond", follow_up),
        "change_status": user.has_perm("followup.change_status", follow_up),
        "set_target_date": user.has_perm("followup.set_target_date", follow_up),
        "view_responses": user.has_perm("followup.view_responses", follow_up),
    }
    recommendation = PublishedWording().recommendation(follow_up.recommendation)
    return render(request, "recommendations/detail.html", {
        "staff": request.user.has_perm("inspections.view_inspection", recommendation.inspection),
        "follow_up": follow_up,
        "recommendation": recommendation,
        "inspection": recommendation.inspection,
        "report_url": report_url(recommendation.inspection),
        "overdue": selectors.is_overdue(follow_up),
        "deadline": selectors.response_deadline(follow_up),
        "history": selectors.history(follow_up, with_responses=can["view_responses"]),
        "can": can,
        "response_form": forms.get("response") or ResponseForm(),
        "status_form": forms.get("status") or StatusForm(initial={"status": follow_up.status}),
        "target_form": forms.get("target") or TargetDateForm(initial={"target_date": follow_up.target_date}),
    }, status=status)


def _add_service_errors(form: Form, error: ServiceError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(None if field == "__all__" or field not in form.fields else field, messages_)


def _post(request: HttpRequest, pk: int, *, perm: str, form: Form, key: str,
          write: Callable[[FollowUp, dict[str, Any]], str]) -> HttpResponse:
    """Check the permission, parse the form, call the service; on success say so and go back to the page,
    else show the page again with the form's errors (status 400)."""
    follow_up = _follow_up(pk)
    require_perm(request, perm, follow_up)
    if form.is_valid():
        try:
            message = write(follow_up, form.cleaned_data)
        except ServiceError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("followup:detail", pk=pk)
    return detail(request, pk, forms={key: form}, status=400)


@require_POST
def respond(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def write(follow_up: FollowUp, data: dict[str, Any]) -> str:
        services.record_response(follow_up=follow_up, by=request.user, **data)
        return "The force's response has been recorded."

    return _post(request, pk, perm="followup.respond", form=ResponseForm(request.POST, request.FILES),
                 key="response", write=write)


@require_POST
def change_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def write(follow_up: FollowUp, data: dict[str, Any]) -> str:
        services.change_status(follow_up=follow_up, by=request.user, **data)
        return f"Status changed to {Status(data['status']).label}."

    return _post(request, pk, perm="followup.change_status", form=StatusForm(request.POST), key="status",
                 write=write)


@require_POST
def set_target_date(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def write(follow_up: FollowUp, data: dict[str, Any]) -> str:
        services.set_target_date(follow_up=follow_up, by=request.user, **data)
        return "The target date has been saved."

    return _post(request, pk, perm="followup.set_target_date", form=TargetDateForm(request.POST), key="target",
                 write=write)


def evidence(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(ResponseEvidence.objects.select_related("response__follow_up__recommendation__inspection"),
                             pk=pk)
    require_perm(request, "followup.view_evidence", item)
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name,
                            content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
