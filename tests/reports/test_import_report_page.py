"""Importing a published report from its page: a job, with its outcome on the page that started it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from inspectorate.accounts.models import Role, User
from inspectorate.inspections.models import Inspection
from inspectorate.jobs.models import Job, Status

pytestmark = pytest.mark.django_db
REPORT = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "fenshire-constabulary-2008-03.txt"


@pytest.fixture
def admin_client(db: Any) -> Client:
    client = Client()
    client.force_login(User.objects.create_user(username="admin", password="pw", role=Role.ADMIN))
    return client


def _upload(client: Client, data: bytes, name: str) -> Any:
    return client.post(reverse("jobs:import_report"), {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_a_report_imports_as_a_job_and_is_frozen(admin_client: Client, made_up_programmes: None) -> None:
    page = _upload(admin_client, REPORT.read_bytes(), REPORT.name)
    job = Job.objects.get()
    assert job.status == Status.SUCCEEDED, job.error
    inspection = Inspection.objects.get(force__name="Fenshire Constabulary")
    version = inspection.published_versions.get()
    assert f"Frozen as published version 1 (SHA-256 {version.sha256})" in page.text
    assert f"Imported {REPORT.name}: {inspection}" in page.text


def test_a_report_the_record_cannot_take_fails_with_the_reason(admin_client: Client, reference: None) -> None:
    page = _upload(admin_client, REPORT.read_bytes(), REPORT.name)
    assert Job.objects.get().status == Status.FAILED
    assert f"{REPORT.name}: force &#x27;Fenshire Constabulary&#x27; is not known" in page.text
    assert not Inspection.objects.filter(force__name="Fenshire Constabulary").exists()


def test_a_file_that_is_not_a_report_fails_clearly(admin_client: Client) -> None:
    page = _upload(admin_client, b"Minutes of the meeting\n", "minutes.txt")
    job = Job.objects.get()
    assert job.status == Status.FAILED and job.error.startswith("minutes.txt: ")
    assert "It did not work" in page.text


def test_only_administrators_import_reports(db: Any) -> None:
    client = Client()
    client.force_login(User.objects.create_user(username="mod", password="pw", role=Role.MODERATOR))
    assert client.get(reverse("jobs:import_report")).status_code == 403


def test_the_page_lists_what_the_import_dropped_and_guessed(admin_client: Client, made_up_programmes: None) -> None:
    extracted = REPORT.parent / "extracted" / f"{REPORT.stem}.pdftotext.txt"
    page = _upload(admin_client, extracted.read_bytes(), extracted.name)
    assert Job.objects.get().status == Status.SUCCEEDED
    assert "Fenshire Constabulary – HMIC Inspection Report&quot; as a running header" in page.text
    assert "paragraph breaks, joins or hyphens guessed" in page.text
    result = Job.objects.get().result
    assert len(result) <= 4000 and "guessed" in result
    listed = [line for line in result.splitlines() if line.startswith("line ")]
    assert listed and result.splitlines()[-1].startswith("… and ") and "--explain” lists them all" in result
