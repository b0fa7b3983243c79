"""A job's status region (polled with htmx) and the two pages that start imports as jobs."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from inspectorate.access import AuthenticatedRequest, HtmxRequest, require_perm

from . import services, tasks
from .forms import ObservationLoadForm, ReportImportForm
from .models import Job, Kind
from .selectors import job_for_page

# htmx stops polling when a poll is answered with this status (its documented "stop polling" code).
STOP_POLLING = 286


def status(request: HtmxRequest, pk: str) -> HttpResponse:
    """The job's status: the region's contents for htmx, or a page of its own."""
    job = get_object_or_404(Job.objects.select_related("inspection", "started_by"), pk=pk)
    require_perm(request, "jobs.view_job", job)
    job = services.notice_lost(job)
    if request.htmx:
        return render(request, "jobs/_status_body.html", {"job": job},
                      status=200 if job.is_active else STOP_POLLING)
    return render(request, "jobs/job.html", {"job": job})


def import_report(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request, "jobs.import_report")
    form = ReportImportForm(request.POST, request.FILES) if request.method == "POST" else ReportImportForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        source = (upload.name or "report").rsplit("/", 1)[-1][:200]
        job = services.start(kind=Kind.REPORT_IMPORT, title=f"Importing {source}", by=request.user,
                             task=tasks.import_report, params={"source": source},
                             upload=services.store_upload(upload, kind=Kind.REPORT_IMPORT))
        return redirect(f"{reverse('jobs:import_report')}?job={job.pk}")
    return render(request, "jobs/import_report.html", {
        "form": form, "job": job_for_page(request, kind=Kind.REPORT_IMPORT),
    }, status=400 if form.errors else 200)


def load_observations(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request, "jobs.load_observations")
    form = ObservationLoadForm(request.POST, request.FILES) if request.method == "POST" else ObservationLoadForm()
    if form.is_bound and form.is_valid():
        observations, groups = form.cleaned_data["observations"], form.cleaned_data["groups"]
        params = {"observations": (observations.name or "observations.csv").rsplit("/", 1)[-1][:200],
                  "groups_set": form.cleaned_data["groups_set"]}
        if groups:
            params["groups"] = (groups.name or "groups.csv").rsplit("/", 1)[-1][:200]
            params["groups_upload"] = services.store_upload(groups, kind=Kind.OBSERVATION_LOAD)
        job = services.start(kind=Kind.OBSERVATION_LOAD, title=f"Loading {params['observations']}", by=request.user,
                             task=tasks.load_observations, params=params,
                             upload=services.store_upload(observations, kind=Kind.OBSERVATION_LOAD))
        return redirect(f"{reverse('jobs:load_observations')}?job={job.pk}")
    return render(request, "jobs/load_observations.html", {
        "form": form, "job": job_for_page(request, kind=Kind.OBSERVATION_LOAD),
    }, status=400 if form.errors else 200)
