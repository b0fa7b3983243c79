"""The job machinery itself, on the database backend: a page queues a job and answers at once; the
status region says it is waiting, then (once a worker has run it) what came of it, and stops polling."""

from __future__ import annotations

import io
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from inspectorate.accounts.models import Role, User
from inspectorate.forces.models import Force
from inspectorate.inspections import lifecycle
from inspectorate.inspections.models import Inspection, State
from inspectorate.jobs import services, tasks
from inspectorate.jobs.models import Job, Kind, Status
from inspectorate.monitoring.models import MonitoringRun
from inspectorate.national.models import Programme
from inspectorate.reports.models import PublishedReport

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def work_off() -> str:
    """Run the worker until the queue is empty, as ``inspectorate worker --batch`` does."""
    out = io.StringIO()
    # The worker closes connections that are not in autocommit; inside a test's transaction that would
    # close the test's own connection (SQLite's in-memory test database ignores it, PostgreSQL does not).
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, startup_delay=False, reload=False, stdout=out, stderr=out)
    return out.getvalue()


def signed_in(role: str, username: str | None = None) -> tuple[Client, User]:
    user = User.objects.create_user(username=username or role, password="pw", role=role)
    client = Client()
    client.force_login(user)
    return client, user


def test_a_monitoring_run_is_queued_and_the_page_answers_before_it_runs(queued: None) -> None:
    client, moderator = signed_in(Role.MODERATOR)
    response = client.post(reverse("performance:run"))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"?job={job.pk}")
    assert job.status == Status.QUEUED and job.started_by == moderator
    assert not MonitoringRun.objects.exists()  # nothing ran inside the request
    assert DBTaskResult.objects.get(id=job.task_id).task_path == "inspectorate.jobs.tasks.run_monitoring"

    page = client.get(response["Location"])
    assert 'role="status"' in page.text and f'hx-get="{reverse("jobs:status", args=[job.pk])}"' in page.text
    assert "Waiting for a worker" in page.text
    poll = client.get(reverse("jobs:status", args=[job.pk]), **HTMX)
    assert poll.status_code == 200 and "Waiting for a worker" in poll.text

    work_off()
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED and job.finished_at is not None
    assert MonitoringRun.objects.get().by == moderator
    poll = client.get(reverse("jobs:status", args=[job.pk]), **HTMX)
    assert poll.status_code == 286  # htmx stops polling
    assert "Done" in poll.text and "Risk register:" in poll.text
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


def test_a_second_run_asked_for_while_one_waits_follows_the_first(queued: None) -> None:
    client, _ = signed_in(Role.MODERATOR)
    first = client.post(reverse("performance:run"))["Location"]
    second = client.post(reverse("performance:run"))["Location"]
    assert first == second and Job.objects.count() == 1 == DBTaskResult.objects.count()


def _inspection(state: str) -> Inspection:
    force = Force.objects.create(name="Fenshire Constabulary", slug="fenshire", country="England", is_synthetic=True)
    programme = Programme.objects.create(slug="made-up-2030", title="Made-up 2030 programme",
                                         assessment_start="2029-04-01", assessment_end="2029-12-01",
                                         publication_month="2030-06-01")
    return Inspection.objects.create(force=force, programme=programme, state=state)


def test_a_publication_the_lifecycle_refuses_fails_with_its_reasons(queued: None) -> None:
    inspection = _inspection(State.DRAFTING)
    _, lead = signed_in(Role.LEAD_INSPECTOR)
    job = services.start(kind=Kind.PUBLICATION, title="Publishing the report", by=lead, task=tasks.publish,
                         inspection=inspection)
    work_off()
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.error == "\n".join(lifecycle.blocking_messages(inspection, State.PUBLISHED))
    assert "cannot move to published" in job.error
    assert not PublishedReport.objects.exists()
    inspection.refresh_from_db()
    assert inspection.state == State.DRAFTING


def test_an_unexpected_error_is_recorded_and_the_task_marked_failed(queued: None) -> None:
    job = Job.objects.create(kind=Kind.MONITORING, title="Monitoring run")

    def broken(job: Job, progress: Any) -> str:
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        services.run(str(job.pk), broken)
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.error == services.UNEXPECTED
    assert "disk on fire" not in job.error  # the traceback goes to the log, not to the page


def test_a_job_runs_once_even_if_its_task_is_delivered_twice() -> None:
    job = Job.objects.create(kind=Kind.MONITORING, title="Monitoring run")
    calls = []
    services.run(str(job.pk), lambda job, progress: calls.append(1) or "done")
    services.run(str(job.pk), lambda job, progress: calls.append(1) or "done")
    assert calls == [1]


def test_progress_reads_as_a_count_and_is_seen_by_the_page() -> None:
    job = Job.objects.create(kind=Kind.MONITORING, title="Monitoring run", status=Status.RUNNING)
    services.Progress(job)(stage="finding signals", done=3, total=43, unit="forces")
    stored = Job.objects.get(pk=job.pk)
    assert stored.progress_text == "Running: 3 of 43 forces (finding signals)."
    client, _ = signed_in(Role.INSPECTOR)
    poll = client.get(reverse("jobs:status", args=[job.pk]), **HTMX)
    assert poll.status_code == 200 and "Running: 3 of 43 forces" in poll.text


def test_a_job_whose_worker_died_mid_task_is_shown_as_failed(queued: None) -> None:
    client, _ = signed_in(Role.MODERATOR)
    client.post(reverse("performance:run"))
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status=Status.RUNNING)
    DBTaskResult.objects.filter(id=job.task_id).update(status="FAILED")
    poll = client.get(reverse("jobs:status", args=[job.pk]), **HTMX)
    assert poll.status_code == 286 and "unexpected error" in poll.text
    assert Job.objects.get(pk=job.pk).status == Status.FAILED


def test_only_those_who_may_see_the_work_follow_a_job() -> None:
    job = Job.objects.create(kind=Kind.MONITORING, title="Monitoring run")
    liaison, _ = signed_in(Role.FORCE_LIAISON)
    assert liaison.get(reverse("jobs:status", args=[job.pk])).status_code == 403
    assert Client().get(reverse("jobs:status", args=[job.pk])).status_code == 302  # to sign in
    inspector, _ = signed_in(Role.INSPECTOR)
    assert inspector.get(reverse("jobs:status", args=[job.pk])).status_code == 200
