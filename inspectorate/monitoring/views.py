"""Monitoring pages for inspectorate staff: signals, the risk register, the proposed programme and a
force's charts. Thin views over ``performance.selectors`` and ``performance.services``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from inspectorate.access import AuthenticatedRequest, HtmxRequest, require_perm
from inspectorate.core import csvsafe
from inspectorate.core.charts import SYNTHETIC_NOTE
from inspectorate.core.errors import ServiceError
from inspectorate.core.monitoring.periods import label as label_period
from inspectorate.forces.models import Force
from inspectorate.jobs import services as job_services
from inspectorate.jobs import tasks
from inspectorate.jobs.models import Kind
from inspectorate.jobs.selectors import job_for_page
from inspectorate.national.models import Programme

from . import selectors, services
from .models import (
    REBASE_REASON_MAX_LENGTH,
    Direction,
    Indicator,
    Observation,
    ProposedInspection,
    Rule,
    Signal,
    SignalStatus,
)

PAGE_SIZE = 50
VIEW = "performance.view_monitoring"


class SignalFilterForm(forms.Form):
    force = forms.ChoiceField(required=False)
    indicator = forms.ChoiceField(required=False)
    rule = forms.ChoiceField(required=False, choices=[("", "Any rule"), *Rule.choices])
    direction = forms.ChoiceField(required=False, choices=[("", "Either direction"), *Direction.choices])
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *SignalStatus.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = selectors.filter_choices()
        cast(forms.ChoiceField, self.fields["force"]).choices = [("", "Any force"), *choices["forces"]]
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [("", "Any indicator"), *choices["indicators"]]


def _signal_filters(request: HttpRequest) -> tuple[SignalFilterForm, selectors.SignalFilters | None]:
    chosen = any(name in request.GET for name in SignalFilterForm.base_fields)
    form = SignalFilterForm(request.GET if chosen else None, initial={"direction": Direction.DETERIORATION})
    if not form.is_bound:
        return form, {"direction": Direction.DETERIORATION}  # what needs acting on, until asked otherwise
    if not form.is_valid():
        return form, None
    return form, cast(selectors.SignalFilters, {name: value for name, value in form.cleaned_data.items() if value})


def signal_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, VIEW)
    form, filters = _signal_filters(request)
    if filters is None:
        return render(request, "monitoring/signals.html", {"form": form, "page": None}, status=400)
    queryset = selectors.signals(**filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "monitoring/signals.html", {
        "form": form,
        "filtered": form.is_bound and bool(filters),
        "page": page,
        "query": query.urlencode(),
        "can_act": request.user.has_perm("performance.act_on_signal"),
        "synthetic": queryset.filter(force__is_synthetic=True).exists()
        or queryset.filter(indicator__is_synthetic=True).exists(),
        "latest_run": selectors.latest_run(),
        "here": request.get_full_path(),
    })


def signal_export(request: HttpRequest) -> HttpResponse:
    """The signals list, with the same filters, as CSV; synthetic rows say so in their ``data`` column."""
    require_perm(request, VIEW)
    _form, filters = _signal_filters(request)
    if filters is None:
        return HttpResponse("Unknown filter value.", status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="monitoring-signals.csv"'
    writer = csvsafe.writer(response, lineterminator="\n")
    writer.writerow(["force", "indicator", "rule", "direction", "start_period", "period", "end_period", "points",
                     "value", "detail", "status", "note", "data"])
    for signal in selectors.signals(**filters).iterator(chunk_size=1000):
        writer.writerow([signal.force.name, signal.indicator.name, signal.rule, signal.direction,
                         signal.start_period, signal.period, signal.end_period, signal.points, f"{signal.value:g}",
                         signal.detail, signal.status, signal.note,
                         SYNTHETIC_NOTE if signal.is_synthetic else ""])
    return response


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _act(request: HtmxRequest, pk: int, write: Callable[[Signal, str], Any], done: str) -> HttpResponse:
    require_perm(request, "performance.act_on_signal")
    signal = get_object_or_404(Signal.objects.select_related("force", "indicator"), pk=pk)
    error = ""
    try:
        write(signal, request.POST.get("note", ""))
    except ServiceError as refused:
        error = " ".join(refused.messages)
    if request.htmx:
        # htmx swaps only 2xx responses: a refusal travels in the row.
        return render(request, "monitoring/_signal_row.html", {
            "signal": signal, "can_act": True, "error": error, "done": "" if error else done,
            "here": request.POST.get("next", ""),
        })
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"{signal.force} / {signal.indicator}: {done}")
    return redirect(_back(request, reverse("performance:signals")))


@require_POST
def review_signal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda s, note: services.review_signal(signal=s, by=request.user, note=note),
                "marked reviewed.")


@require_POST
def dismiss_signal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda s, note: services.dismiss_signal(signal=s, by=request.user, note=note),
                "dismissed; it no longer counts in the risk register.")


@require_POST
def escalate_signal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda s, note: services.escalate_signal(signal=s, by=request.user, note=note),
                "escalated.")


def risk_register(request: HttpRequest) -> HttpResponse:
    require_perm(request, VIEW)
    register = selectors.risk_register(sort=request.GET.get("sort", "score"))
    return render(request, "monitoring/risk_register.html", {
        "register": register,
        "synthetic": any(row.force.is_synthetic for row in register.rows),
        "latest_run": selectors.latest_run(),
        "can_run": request.user.has_perm("performance.run_monitoring"),
        "job": job_for_page(request, kind=Kind.MONITORING),
    })


@require_POST
def run_monitoring(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request, "performance.run_monitoring")
    # A national run takes longer than a request may: it runs as a job, one at a time.
    job = job_services.active_job(kind=Kind.MONITORING) or job_services.start(
        kind=Kind.MONITORING, title="Monitoring run", by=request.user, task=tasks.run_monitoring)
    return redirect(f"{reverse('performance:risk')}?job={job.pk}")


def _programme(request: HttpRequest, slug: str | None) -> Programme | None:
    if slug:
        return get_object_or_404(Programme, slug=slug)
    return Programme.objects.order_by("-publication_month").first()


def programme(request: HttpRequest) -> HttpResponse:
    require_perm(request, VIEW)
    chosen = _programme(request, request.GET.get("programme"))
    proposals = list(selectors.proposals(programme=chosen)) if chosen else []
    return render(request, "monitoring/programme.html", {
        "programme": chosen,
        "programmes": Programme.objects.order_by("-publication_month"),
        "proposals": proposals,
        "synthetic": any(p.force.is_synthetic for p in proposals),
        "can_propose": request.user.has_perm("performance.propose_programme"),
        "can_decide": request.user.has_perm("performance.decide_proposal"),
        "latest_run": selectors.latest_run(),
    })


@require_POST
def propose(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request, "performance.propose_programme")
    chosen = get_object_or_404(Programme, slug=request.POST.get("programme", ""))
    url = f"{reverse('performance:programme')}?programme={chosen.slug}"
    try:
        top = int(request.POST.get("top", "10"))
        made = services.propose_programme(programme=chosen, top=top, by=request.user)
    except (ValueError, ServiceError):
        messages.error(request, "Give the number of inspections to propose, 1 or more.")
        return redirect(url)
    messages.success(request, f"{len(made)} inspections proposed for {chosen.title}, ranked by risk.")
    return redirect(url)


def _decide(request: AuthenticatedRequest, pk: int, accept: bool) -> HttpResponse:
    require_perm(request, "performance.decide_proposal")
    proposal = get_object_or_404(ProposedInspection.objects.select_related("force", "framework", "programme"), pk=pk)
    error = ""
    try:
        if accept:
            services.accept_proposal(proposal=proposal, by=request.user)
        else:
            services.decline_proposal(proposal=proposal, by=request.user, note=request.POST.get("note", ""))
    except ServiceError as refused:
        error = " ".join(refused.messages)
    if request.htmx:
        return render(request, "monitoring/_proposal_row.html", {
            "proposal": proposal, "can_decide": True, "error": error,
        })
    if error:
        messages.error(request, error)
    else:
        verb = "accepted: a planned inspection is in the programme" if accept else "declined"
        messages.success(request, f"{proposal.framework.display_title} at {proposal.force}: {verb}.")
    return redirect(f"{reverse('performance:programme')}?programme={proposal.programme.slug}")


@require_POST
def accept_proposal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accept=True)


@require_POST
def decline_proposal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accept=False)


def force_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, VIEW)
    forces = list(selectors.monitored_forces())
    return render(request, "monitoring/forces.html", {
        "forces": forces, "synthetic": any(force.is_synthetic for force in forces),
    })


class RebaseForm(forms.Form):
    """A person's new baseline for one force's indicator: from which period, and why."""

    period = forms.ChoiceField(label="First period of the new baseline",
                               help_text="The CUSUM and its reference start again here; earlier points no longer "
                                         "count against later ones.",
                               error_messages={"required": "Choose the first period of the new baseline.",
                                               "invalid_choice": "Choose a period that the force reported."})
    reason = forms.CharField(label="Why a new baseline starts here", widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=REBASE_REASON_MAX_LENGTH,
                             help_text="For example a change in how offences are recorded, or a boundary change. "
                                       f"At most {REBASE_REASON_MAX_LENGTH:,} characters.",
                             error_messages={"required": "Say why a new baseline starts here.",
                                             "max_length": "The reason may be at most %(limit_value)s characters "
                                                           "long; it is %(show_value)s."})

    def __init__(self, *args: Any, periods_held: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["period"]).choices = [("", "Choose a period"),
                                         *[(period, label_period(period)) for period in periods_held]]


def rebase(request: AuthenticatedRequest, slug: str, key: str) -> HttpResponse:
    """Start a new baseline for a force's indicator (GET shows the form; POST records the decision)."""
    require_perm(request, "performance.rebase_series")
    force = get_object_or_404(Force, slug=slug)
    indicator = get_object_or_404(Indicator, key=key)
    held = sorted(Observation.objects.filter(force=force, indicator=indicator).values_list("period", flat=True))
    if not held:
        raise Http404("This force reports no figures for this indicator.")
    form = RebaseForm(request.POST or None, periods_held=held)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                made = services.rebase_series(force=force, indicator=indicator, period=form.cleaned_data["period"],
                                              reason=form.cleaned_data["reason"], by=request.user)
            except ServiceError as refused:
                for field, problems in refused.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(request, f"{indicator} at {force}: a new baseline starts in "
                                          f"{label_period(made.period)}; its signals have been worked out again.")
                return redirect(f"{reverse('performance:force', args=[force.slug])}#indicator-{indicator.key}")
        status = 400
        for name in form.errors:  # the govuk_field tag names the hint and the error in aria-describedby
            if name in form.fields:
                form.fields[name].widget.attrs["aria-invalid"] = "true"
    return render(request, "monitoring/rebase.html", {
        "force": force, "indicator": indicator, "form": form,
        "rebases": indicator.rebases.filter(force=force).select_related("by").order_by("period"),
        "first": label_period(held[0]), "last": label_period(held[-1]),
    }, status=status)


def force_page(request: HttpRequest, slug: str) -> HttpResponse:
    require_perm(request, VIEW)
    force = get_object_or_404(Force, slug=slug)
    force_charts = selectors.charts_for_force(force, with_signals=True, page=request.GET.get("page"))
    return render(request, "monitoring/force.html", {
        "force": force,
        "force_charts": force_charts,
        "groups": selectors.group_names_for(force),
        "entries": force.risk_entries.select_related("framework").order_by("-score"),
        "can_rebase": request.user.has_perm("performance.rebase_series"),
        "open_signals": selectors.signals(force=force.slug).filter(
            status__in=[SignalStatus.NEW, SignalStatus.REVIEWED], direction=Direction.DETERIORATION).count(),
    })
