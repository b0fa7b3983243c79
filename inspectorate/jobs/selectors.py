"""Which job a page shows in its status region."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from .models import ACTIVE, Job
from .services import notice_lost


def job_for_page(request: HttpRequest, *, kind: str, inspection: Any = None) -> Job | None:
    """The job named by ``?job=`` (if the user may follow it), else one of this kind still waiting or running."""
    jobs = Job.objects.select_related("inspection", "started_by").filter(kind=kind)
    if inspection is not None:
        jobs = jobs.filter(inspection=inspection)
    job = None
    if request.GET.get("job"):
        try:
            job = jobs.filter(pk=request.GET["job"]).first()
        except ValidationError:
            job = None
    if job is None:
        job = jobs.filter(status__in=ACTIVE).order_by("created_at").first()
    if job is None or not request.user.has_perm("jobs.view_job", job):
        return None
    return notice_lost(job)
