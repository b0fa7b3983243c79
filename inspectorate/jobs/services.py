"""Starting a job and running it: the one way long work gets into the background.

A view calls ``start(...)``: it writes the ``Job`` row and hands the job to the task engine, which a
worker (``inspectorate worker``) takes it from. The task calls ``run(job_id, work)``: it marks the job
running, calls the same service function the shell command calls, and records the outcome. A refusal
the user can act on (a blocked publication, a bad file) is recorded as the job's error, in the
service's own words; anything unexpected is recorded as such, logged with its traceback, and raised
again so the task engine marks the task failed too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError
from django.utils import timezone

from inspectorate.access import Acting, person
from inspectorate.inspections.errors import ServiceError

from .models import ACTIVE, Job, Kind, Status

if TYPE_CHECKING:
    from inspectorate.inspections.models import Inspection

logger = logging.getLogger(__name__)

UNEXPECTED = ("The job stopped on an unexpected error, recorded in the worker's log; the service writes in one "
              "transaction, so nothing of it was saved. Try again, or tell an administrator if it happens again.")
NOT_QUEUED = "The job could not be handed to the background worker; nothing was done. Try again."
# Progress is written at most this often (seconds), and always when a count is complete.
PROGRESS_INTERVAL = 0.5


class JobRefused(Exception):
    """Work that cannot be done as asked; its lines are shown to the user as they stand."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = list(lines)
        super().__init__(" ".join(self.lines))


class Progress:
    """How far a job has got, written to its row for the page that polls it.

    Written through its own short update, so it must be called outside the service's transaction
    to be seen by other connections before the job ends (docs/jobs.md).
    """

    def __init__(self, job: Job) -> None:
        self.job = job
        self._written = 0.0

    def __call__(self, *, stage: str = "", done: int | None = None, total: int | None = None,
                 unit: str = "") -> None:
        fields: dict[str, Any] = {"stage": stage[:200]}
        if total is not None:
            fields.update(done=done or 0, total=total, unit=unit[:40])
        now = time.monotonic()
        finished_count = total is not None and done == total
        if stage == self.job.stage and not finished_count and now - self._written < PROGRESS_INTERVAL:
            return
        for name, value in fields.items():
            setattr(self.job, name, value)
        Job.objects.filter(pk=self.job.pk).update(**fields)
        self._written = now


def active_job(*, kind: str, inspection: Any = None) -> Job | None:
    """The job of this kind (about this inspection) waiting or running now, if there is one."""
    jobs = Job.objects.filter(kind=kind, status__in=ACTIVE)
    if inspection is not None:
        jobs = jobs.filter(inspection=inspection)
    return jobs.order_by("created_at").first()


def store_upload(upload: UploadedFile, *, kind: str) -> str:
    """Keep an uploaded file where every worker can read it (the default storage, as evidence files are)."""
    name = (upload.name or "upload").rsplit("/", 1)[-1][:100]
    return default_storage.save(f"jobs/{kind}/{name}", upload)


def start(*, kind: str, title: str, by: Acting | None, task: Any, inspection: Inspection | None = None,
          params: dict[str, Any] | None = None, upload: str = "") -> Job:
    """Record a job and queue its task (``task`` takes the job's id); returns the job as it stands.

    With the immediate task backend (the tests) the job has already run when this returns.
    """
    job = Job.objects.create(kind=kind, title=title[:200], started_by=person(by),
                             inspection=inspection, params=params or {}, upload=upload)
    try:
        result = task.enqueue(str(job.pk))
    except DatabaseError:
        logger.exception("Job %s could not be queued", job.pk)
        _finish(job, Status.FAILED, error=NOT_QUEUED)
        return job
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def run(job_id: str, work: Callable[[Job, Progress], str]) -> str:
    """Do a job's work once, recording its progress and its outcome; returns the outcome's text."""
    claimed = Job.objects.filter(pk=job_id, status=Status.QUEUED).update(status=Status.RUNNING,
                                                                       started_at=timezone.now())
    job = Job.objects.select_related("started_by", "inspection").get(pk=job_id)
    if not claimed:
        return f"Job {job_id} was already {job.get_status_display().lower()}; not run again."
    try:
        message = work(job, Progress(job))
    except JobRefused as refusal:
        return _finish(job, Status.FAILED, error="\n".join(refusal.lines))
    except ServiceError as refusal:
        return _finish(job, Status.FAILED, error="\n".join(refusal.messages))
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.title)
        _finish(job, Status.FAILED, error=UNEXPECTED)
        raise
    finally:
        _remove_upload(job)
    return _finish(job, Status.SUCCEEDED, result=message)


def _finish(job: Job, status: str, *, result: str = "", error: str = "") -> str:
    job.status, job.result, job.error, job.finished_at = status, result[:4000], error[:4000], timezone.now()
    job.save(update_fields=["status", "result", "error", "finished_at"])
    return error or result


def _remove_upload(job: Job) -> None:
    if job.upload:
        try:
            default_storage.delete(job.upload)
        except OSError:
            logger.warning("Could not remove the uploaded file %s of job %s", job.upload, job.pk)


def notice_lost(job: Job) -> Job:
    """A job still marked running whose task the engine says has ended (its worker died mid-task)."""
    if not job.is_active or not job.task_id:
        return job
    from django_tasks import TaskResultStatus, default_task_backend
    from django_tasks.exceptions import TaskResultDoesNotExist

    if not default_task_backend.supports_get_result:
        return job
    try:
        status = default_task_backend.get_result(job.task_id).status
    except TaskResultDoesNotExist:
        return job
    if status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
        job.refresh_from_db()
        if job.is_active:
            _finish(job, Status.FAILED, error=UNEXPECTED)
    return job


KIND_LABELS = dict(Kind.choices)
