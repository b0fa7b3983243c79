"""Public pages and API lists cost what they show: their query counts stay flat as the data grow,
the report page answers a conditional GET with 304, and the national summary is one query."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from inspectorate.core.errors import SYSTEM
from inspectorate.forces.models import Force
from inspectorate.inspections.models import Inspection, Judgement, Recommendation, State
from inspectorate.national.models import Programme
from inspectorate.national.selectors import national_summary
from inspectorate.opendata import kept
from inspectorate.practice.models import DevelopingPractice
from inspectorate.recommendations.services import open_follow_ups
from inspectorate.reports.models import PublishedReport

pytestmark = pytest.mark.django_db

GRADES = ["Good", "Fair", "Poor", "Excellent"]


def _grow(programme: Programme, start: int, count: int) -> None:
    """``count`` more made-up forces, each with a published, frozen inspection: grades, recommendations
    with their follow-ups, a developing practice example."""
    frameworks = list(programme.frameworks.filter(graded=True).order_by("order"))
    for n in range(start, start + count):
        force = Force.objects.create(name=f"Costshire {n} Police", slug=f"costshire-{n}", country="England",
                                     is_synthetic=True)
        inspection = Inspection.objects.create(force=force, programme=programme, state=State.PUBLISHED)
        for i, framework in enumerate(frameworks):
            Judgement.objects.create(inspection=inspection, framework=framework, final_grade=GRADES[(n + i) % 4])
        for number, framework in enumerate(frameworks[:3], 1):
            Recommendation.objects.create(inspection=inspection, number=number, framework=framework,
                                          text=f"That the force does thing {number}.")
        open_follow_ups(inspection=inspection, by=SYSTEM)
        DevelopingPractice.objects.create(force=force, inspection=inspection, framework=frameworks[0],
                                          title=f"Example {n}", problem="A problem.", solution="A solution.",
                                          outcomes="Outcomes.", contact="A contact.")
        json = {"frameworks": [{"key": f.key, "grade": GRADES[(n + i) % 4]} for i, f in enumerate(frameworks)],
                "recommendations": [{"number": k, "text": f"That the force does thing {k}."} for k in (1, 2, 3)]}
        PublishedReport.objects.create(inspection=inspection, version=1, html="<html><body><p>Report</p></body></html>",
                                       text="Report", json=json, pdf=b"%PDF-" + b"x" * 100_000, sha256="ab" * 32)


PAGES = [
    "/", "/forces/costshire-1/", "/reports/costshire-1/2007/", "/opendata/downloads/judgements.csv",
    "/opendata/downloads/recommendations.csv", "/opendata/downloads/national.json", "/national/2007/", "/practice/",
    "/api/v1/judgements", "/api/v1/recommendations", "/api/v1/practice", "/api/v1/programmes/2007/national-summary",
]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)


@pytest.mark.parametrize("url", PAGES)
def test_query_counts_stay_flat_as_the_data_grow(reference: Programme, client: Client, url: str,
                                                  django_assert_max_num_queries: Any) -> None:
    _grow(reference, 1, 2)
    client.get(url)
    if "/downloads/" in url:
        kept.forget()  # a download is built once per version and then sent as kept: compare its builds
    few = _queries(client, url)
    _grow(reference, 3, 10)
    with django_assert_max_num_queries(few):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200


def test_the_downloads_hold_every_row_as_the_data_grow(reference: Programme, client: Client) -> None:
    _grow(reference, 1, 12)
    lines = b"".join(client.get("/opendata/downloads/judgements.csv").streaming_content).decode().splitlines()
    made_up = [line for line in lines if ",costshire-" in line]
    assert all(",true," in line for line in made_up)  # each says its force is made up
    assert len(made_up) == 12 * reference.frameworks.filter(graded=True).count()
    lines = b"".join(client.get("/opendata/downloads/recommendations.csv").streaming_content).decode().splitlines()
    assert sum(",costshire-" in line for line in lines) == 12 * 3


def test_the_report_page_answers_a_conditional_get_with_304(reference: Programme, client: Client) -> None:
    _grow(reference, 1, 1)
    first = client.get("/reports/costshire-1/2007/")
    assert first.status_code == 200 and "ab" * 32 in first["ETag"] and first["Last-Modified"]
    again = client.get("/reports/costshire-1/2007/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get("/reports/costshire-1/2007/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    report = PublishedReport.objects.get(inspection__force__slug="costshire-1")
    PublishedReport.objects.create(inspection=report.inspection, version=2, html=report.html, json=report.json,
                                   sha256="cd" * 32, change_note="A correction.")
    # A new version changes the page (it links the latest): the old ETag no longer holds.
    assert client.get("/reports/costshire-1/2007/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_report_page_reads_neither_the_pdf_nor_the_json(reference: Programme, client: Client) -> None:
    _grow(reference, 1, 1)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/reports/costshire-1/2007/").status_code == 200
    reads = [q["sql"] for q in captured if 'FROM "reports_publishedreport"' in q["sql"]]
    assert reads and not any('"reports_publishedreport"."pdf",' in sql or '"reports_publishedreport"."json"' in sql
                             for sql in reads)


def test_the_national_summary_is_one_query(reference: Programme, django_assert_num_queries: Any) -> None:
    _grow(reference, 1, 3)
    with django_assert_num_queries(1):
        rows = national_summary(reference)
    assert sum(row.synthetic_forces for row in rows) == 3 * len(rows)
