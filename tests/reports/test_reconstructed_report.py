"""A report rebuilt from the published facts (its text not held) says it is one wherever it appears:
the page, the PDF, the CSV and the API; its summary tables name frameworks' groups by title."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from inspectorate.core.report.model import RECONSTRUCTED

pytestmark = pytest.mark.django_db

WORDING = re.compile(r"Recommendation (\d+) \(([^)]+)\): wording not held; import the published report to add it\.")


@pytest.fixture
def reconstructed(reference: None, tmp_path: Path) -> None:
    from inspectorate.reports import demo

    demo.load_demo(lambda line: None, seed_report=tmp_path / "absent.txt")


def test_the_report_page_says_it_is_reconstructed_and_dates_it_by_its_publication_month(reconstructed: None) -> None:
    from inspectorate.reports.models import PublishedReport

    version = PublishedReport.objects.get(inspection__force__name="Bedfordshire Police")
    page = Client().get("/reports/bedfordshire-police/2007/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Report Published October 2007, reconstructed from the published facts" in text
    assert f"This version Version 1, added {version.published_at:%-d %B %Y}" in text
    assert f"This report is {RECONSTRUCTED}." in page
    numbered = WORDING.findall(page)
    assert [int(n) for n, _ in numbered][:3] == [1, 2, 3] and ("8", "Domestic violence") in numbered
    assert "of the published report (import" not in page
    # The summary tables name the group by its title, never by its key.
    groups = re.findall(r'<tr class="group-row"><th scope="rowgroup" colspan="\d">([^<]*)</th>', page)
    assert groups == ["Protecting Vulnerable People"] * 2  # the national and the force summaries
    assert version.json["reconstructed"] is True


def test_the_pdf_says_it_is_reconstructed(reconstructed: None, tmp_path: Path) -> None:
    from inspectorate.reports.models import PublishedReport

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    version = PublishedReport.objects.get(inspection__force__name="Bedfordshire Police")
    (tmp_path / "report.pdf").write_bytes(bytes(version.pdf))
    text = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert f"This report is {RECONSTRUCTED}." in flat
    assert "Recommendation 8 (Domestic violence): wording not held; import the published report to add it." in flat
    assert "protecting-vulnerable-people" not in flat and "Protecting Vulnerable People" in flat


def test_the_csv_and_the_api_say_where_the_wording_comes_from(reconstructed: None) -> None:
    client = Client()
    download = client.get("/opendata/downloads/recommendations.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    bedfordshire = [row for row in rows if row["force"] == "bedfordshire-police"]
    assert bedfordshire and all(row["source"] == RECONSTRUCTED for row in bedfordshire)
    assert all(WORDING.fullmatch(row["text"]) for row in bedfordshire)
    items = client.get("/api/v1/recommendations?force=bedfordshire-police").json()["items"]
    assert items and all(item["source"] == RECONSTRUCTED and WORDING.fullmatch(item["text"]) for item in items)


def test_an_imported_report_is_not_called_reconstructed(reference: None, seed_report: Path) -> None:
    from django.core.management import call_command

    from inspectorate.inspections.models import Inspection
    from inspectorate.reports.rendering import is_reconstructed, report_for

    call_command("import_report", str(seed_report))
    inspection = Inspection.objects.get(force__name="Bedfordshire Police", programme__slug="2007")
    assert not is_reconstructed(inspection) and "reconstructed" not in report_for(inspection).to_json()
