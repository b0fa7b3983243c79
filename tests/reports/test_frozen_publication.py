"""Publication as a frozen artefact: HTML, PDF, text and JSON with a SHA-256; corrections as new versions."""

from __future__ import annotations

import html as html_lib
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from world import World

from inspectorate.audit.models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.errors import ServiceError
from inspectorate.inspections.lifecycle import change_state
from inspectorate.inspections.models import Recommendation, State
from inspectorate.reports.models import PublishedReport
from inspectorate.reports.services import publish_report, stored_digest_holds


def _ready(world: World) -> None:
    world.approve_for_publication(world.a)


def _urls(world: World, version: int | None = None) -> dict[str, str]:
    args = [world.force_a.slug, world.programme.slug]
    urls = {"report": reverse("reports:report", args=args), "versions": reverse("reports:versions", args=args)}
    if version:
        for name in ("report_version", "report_pdf", "report_text", "report_json"):
            urls[name] = reverse(f"reports:{name}", args=[*args, version])
    return urls


def test_nothing_is_public_before_publication(world: World) -> None:
    for url in _urls(world, 1).values():
        assert Client().get(url).status_code == 404


def _counting(calls: Counter[str], name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    """``real``, counting its calls under ``name``: it still does the work."""
    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return real(*args, **kwargs)
    return counted


def test_publishing_freezes_every_format(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint import HTML

    from inspectorate.core.report import html, model, pdf, text
    from inspectorate.reports import rendering

    _ready(world)
    # WeasyPrint itself, not the suite's once-per-document layout (tests/conftest.py).
    monkeypatch.setattr(pdf, "pdf_of", getattr(pdf.pdf_of, "__wrapped__", pdf.pdf_of))
    calls: Counter[str] = Counter()
    for owner, name in ((rendering, "report_for"), (html, "render_html"), (pdf, "print_document"),
                        (pdf, "render_pdf"), (text, "render_text"), (model.Report, "to_json"),
                        (HTML, "write_pdf")):
        monkeypatch.setattr(owner, name, _counting(calls, name, getattr(owner, name)))
    report = publish_report(inspection=world.a, by=world.lead)
    # One report model, and each format rendered from it once: the PDF is laid out by WeasyPrint once.
    assert calls == Counter(report_for=1, render_html=1, print_document=1, render_pdf=1, render_text=1,
                            to_json=1, write_pdf=1)
    world.a.refresh_from_db()
    assert world.a.state == State.PUBLISHED
    assert report.version == 1 and report.change_note == ""
    assert "Fenshire Constabulary" in report.html and "<html" in report.html
    assert bytes(report.pdf).startswith(b"%PDF")
    assert "Fenshire Constabulary" in report.text
    assert report.json["force"] == "Fenshire Constabulary"
    assert len(report.sha256) == 64 and stored_digest_holds(report)
    assert AuditEvent.objects.filter(action="report.published", inspection=world.a).count() == 1

    anonymous = Client()
    urls = _urls(world, 1)
    page = anonymous.get(urls["report"])
    assert page.status_code == 200
    text = html_lib.unescape(page.content.decode())
    assert "Problem solving with partners is not yet routine." in text
    assert "Made-up demonstration data" in text
    pdf = anonymous.get(urls["report_pdf"])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    assert anonymous.get(urls["report_json"]).json()["force"] == "Fenshire Constabulary"


def test_the_public_read_the_frozen_version_and_corrections_add_versions(world: World) -> None:
    _ready(world)
    change_state(inspection=world.a, to=State.PUBLISHED, by=world.lead)
    first = PublishedReport.objects.get(inspection=world.a)
    afi = world.extra[world.a.pk]["afi"]
    # The lead corrects the live text: the public still read version 1.
    services.update_finding(finding=afi, text="Problem solving with partners is now routine in two areas.",
                            category=afi.category, revision=afi.revision, by=world.lead)
    urls = _urls(world, 1)
    assert "not yet routine" in Client().get(urls["report"]).content.decode()
    with pytest.raises(ServiceError, match="a change note is required for every version after the first"):
        publish_report(inspection=world.a, by=world.lead)
    response = world.client_for("lead").post(reverse("inspections:publish_correction", args=[world.a.pk]),
                                             {"change_note": "Paragraph on problem solving corrected."}, follow=True)
    assert "Version 2 published." in response.content.decode()
    second = PublishedReport.objects.get(inspection=world.a, version=2)
    assert second.sha256 != first.sha256
    assert "now routine in two areas" in Client().get(urls["report"]).content.decode()
    # Version 1 is still there, unchanged.
    old = Client().get(urls["report_version"]).content.decode()
    assert "not yet routine" in old and "This is not the latest version." in old
    first.refresh_from_db()
    assert stored_digest_holds(first)
    versions = Client().get(urls["versions"]).content.decode()
    assert "Paragraph on problem solving corrected." in versions and "First publication" in versions
    # Numbers stay as published.
    assert list(Recommendation.objects.filter(inspection=world.a).values_list("number", flat=True)) == [1]


def test_the_lead_publishes_on_the_web_once_approved(world: World) -> None:
    world.set_state(State.FACTUAL_ACCURACY, world.a)
    world.grade_everything(world.a, "Good")
    lead, moderator = world.client_for("lead"), world.client_for("moderator")
    publication = reverse("inspections:publication", args=[world.a.pk])
    page = lead.get(publication).content.decode()
    assert "Cannot publish: the lead inspector has not requested publication." in page
    lead.post(reverse("inspections:request_publication", args=[world.a.pk]))
    assert "Approve publication" in moderator.get(publication).content.decode()
    assert lead.post(reverse("inspections:approve_publication", args=[world.a.pk])).status_code == 403
    moderator.post(reverse("inspections:approve_publication", args=[world.a.pk]))
    response = lead.post(reverse("inspections:change_state", args=[world.a.pk, State.PUBLISHED]), follow=True)
    assert "Version 1" in response.content.decode()
    assert PublishedReport.objects.filter(inspection=world.a, version=1).exists()


def test_a_correction_without_a_change_note_is_refused_on_its_form(world: World) -> None:
    _ready(world)
    change_state(inspection=world.a, to=State.PUBLISHED, by=world.lead)
    for note in ("", "x" * 5001):
        response = world.client_for("lead").post(reverse("inspections:publish_correction", args=[world.a.pk]),
                                                 {"change_note": note})
        assert response.status_code == 400
        html = response.content.decode()
        assert "<title>Error: Publication" in html
        assert 'class="govuk-error-summary" data-module="govuk-error-summary"' in html
        assert 'href="#id_change_note"' in html
        assert 'class="govuk-error-message" id="id_change_note-error"' in html
        assert note in html  # what was typed stays in its box
    assert PublishedReport.objects.filter(inspection=world.a).count() == 1
