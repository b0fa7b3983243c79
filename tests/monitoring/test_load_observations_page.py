"""Loading observations from the monitoring pages: a job, with its outcome on the page that started it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from inspectorate.accounts.models import Role
from inspectorate.forces.models import Force
from inspectorate.jobs.models import Job, Status
from inspectorate.monitoring.models import Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(make_user: Any) -> Client:
    Force.objects.create(name="Fenshire Constabulary", slug="fenshire", country="England", is_synthetic=True)
    client = Client()
    client.force_login(make_user("moderator", Role.MODERATOR))
    return client


def _post(client: Client, text: str, name: str = "observations-2024.csv") -> Any:
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("jobs:load_observations"), {"observations": upload}, follow=True)


def test_a_file_loads_as_a_job_and_the_page_says_what_it_saved(moderator: Client) -> None:
    page = _post(moderator, "force,indicator,period,value\nFenshire Constabulary,Burglary,2024-01,12\n"
                            "Fenshire Constabulary,Burglary,2024-02,14\n")
    job = Job.objects.get()
    assert job.status == Status.SUCCEEDED
    assert page.redirect_chain[-1][0].endswith(f"?job={job.pk}")
    assert "Observations: 2 added, 0 changed, 0 unchanged." in page.text
    assert Observation.objects.count() == 2
    assert not default_storage.exists(job.upload)  # the upload is removed once loaded


def test_a_bad_row_is_named_by_its_file_and_line_and_nothing_is_saved(moderator: Client) -> None:
    page = _post(moderator, "force,indicator,period,value\nFenshire Constabulary,Burglary,2024-01,12\n"
                            "Fenshire Constabulary,Burglary,2024-02,lots\n")
    assert Job.objects.get().status == Status.FAILED
    assert "observations-2024.csv line 3: value &#x27;lots&#x27; is not a number" in page.text
    assert "1 bad row(s); nothing was written." in page.text
    assert "inspectorate-load-" not in page.text  # no temporary path leaks into the message
    assert not Observation.objects.exists()


def test_the_form_asks_for_a_file(moderator: Client) -> None:
    response = moderator.post(reverse("jobs:load_observations"), {})
    assert response.status_code == 400 and "Choose the observations CSV file." in response.text
    assert not Job.objects.exists()


def test_inspectors_may_not_load_observations(make_user: Any) -> None:
    client = Client()
    client.force_login(make_user("inspector", Role.INSPECTOR))
    assert client.get(reverse("jobs:load_observations")).status_code == 403
