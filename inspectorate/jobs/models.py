"""A job: long work (a monitoring run, a publication, a report import, an observation load) that a
worker does in the background, with its progress and outcome for the page that started it.

The task engine (django-tasks with its database backend, docs/jobs.md) queues and runs the work;
this row is what people read: what is being done, how far it has got, and what came of it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    MONITORING = "monitoring", "Monitoring run"
    PUBLICATION = "publication", "Publication"
    REPORT_IMPORT = "report_import", "Report import"
    OBSERVATION_LOAD = "observation_load", "Observation load"


class Status(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Done"
    FAILED = "failed", "Failed"


ACTIVE = (Status.QUEUED, Status.RUNNING)


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    title = models.CharField(max_length=200, help_text="What is being done, as the page says it.")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    inspection = models.ForeignKey("inspections.Inspection", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="jobs")
    params = models.JSONField(default=dict, blank=True)
    upload = models.CharField(max_length=300, blank=True,
                              help_text="The uploaded file the job reads, in the default storage; removed after.")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    unit = models.CharField(max_length=40, blank=True, help_text='What is counted: "forces", "rows".')
    stage = models.CharField(max_length=200, blank=True, help_text="What the job is doing now.")
    result = models.TextField(blank=True, max_length=4000)
    error = models.TextField(blank=True, max_length=4000)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "status"], name="job_kind_status_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display().lower()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def progress_text(self) -> str:
        """ "Running: 3 of 43 forces", or what it is doing; "Waiting for a worker" before it starts."""
        if self.status == Status.QUEUED:
            return "Waiting for a worker to start it."
        if self.total:
            counted = f"{self.done:,} of {self.total:,} {self.unit}".rstrip()
            return f"Running: {counted}" + (f" ({self.stage})" if self.stage else "") + "."
        return f"Running: {self.stage or 'started'}."
