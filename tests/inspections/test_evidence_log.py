"""The evidence log: record with criteria, attach a file (whitelist, 10 MB), verify (never by the collector)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from world import World

from inspectorate.audit.models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.errors import ServiceError
from inspectorate.inspections.models import EvidenceItem, State

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _post(world: World, who: str, **fields: Any) -> Any:
    np = world.programme.frameworks.get(key="neighbourhood-policing")
    data = {"source_kind": "focus_group", "summary": "Focus group with PCSOs in the north.",
            "date": "2008-04-02", "criteria": [np.criteria.get(code="NP-F3").pk], **fields}
    return world.client_for(who).post(reverse("inspections:evidence", args=[world.a.pk]), data)


def test_an_inspector_records_evidence_with_a_file(world: World, media: Any) -> None:
    response = _post(world, "inspector", attachment=SimpleUploadedFile("notes.pdf", PDF, "application/pdf"))
    assert response.status_code == 302
    item = EvidenceItem.objects.get(summary="Focus group with PCSOs in the north.")
    assert item.collected_by == world.inspector and not item.is_verified
    assert [c.code for c in item.criteria.all()] == ["NP-F3"]
    assert item.attachment.name.endswith(".pdf")
    assert AuditEvent.objects.filter(action="evidence.recorded", object_id=str(item.pk)).exists()
    download = world.client_for("colleague").get(
        reverse("inspections:evidence_attachment", args=[world.a.pk, item.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert world.client_for("liaison_a").get(
        reverse("inspections:evidence_attachment", args=[world.a.pk, item.pk])).status_code == 404


@pytest.mark.parametrize(("name", "content", "message"), [
    ("tool.exe", b"MZ...", "“tool.exe” is a .exe file, which is not accepted as evidence. Accepted types: "
                           ".pdf, .docx, .xlsx, .odt, .ods, .csv, .txt, .png, .jpg, .jpeg."),
    ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1),
     "“big.pdf” is 10.0 MB; an evidence file may be at most 10.0 MB."),
    ("fake.pdf", b"<html>not a pdf</html>", "“fake.pdf” is named as a PDF but its content is not one."),
    ("notes.csv", b"a,b\n\xff\xfe\n", "“notes.csv” is named as CSV but is not readable text (UTF-8)."),
    ("empty.csv", b"", "The file you chose is empty."),
])
def test_a_file_outside_the_rules_is_refused_with_a_specific_message(
    world: World, media: Any, name: str, content: bytes, message: str
) -> None:
    before = EvidenceItem.objects.count()
    response = _post(world, "inspector", attachment=SimpleUploadedFile(name, content))
    assert response.status_code == 400
    html = response.content.decode()
    assert message.replace("“", "&ldquo;") in html or message in html.replace("&#x27;", "'")
    assert "There is a problem" in html
    assert EvidenceItem.objects.count() == before


def test_missing_fields_are_named(world: World) -> None:
    response = _post(world, "inspector", summary="", date="", source_kind="")
    html = response.content.decode()
    assert response.status_code == 400
    for message in ("Choose the kind of source.", "Enter a summary of the evidence.",
                    "Enter the date the evidence was gathered."):
        assert message in html
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = _post(world, "inspector", date=tomorrow)
    assert "The date of the evidence cannot be in the future." in response.content.decode()


def test_the_collector_may_not_verify_their_own_evidence(world: World) -> None:
    item = world.extra[world.a.pk]["unverified"]
    with pytest.raises(ServiceError, match="You collected this evidence, so another inspector must verify it."):
        services.verify_evidence(evidence=item, by=world.inspector)
    response = world.client_for("inspector").post(reverse("inspections:verify_evidence", args=[world.a.pk, item.pk]))
    assert response.status_code == 403
    item.refresh_from_db()
    assert not item.is_verified


def test_a_colleague_verifies_and_it_is_audited(world: World) -> None:
    item = world.extra[world.a.pk]["unverified"]
    response = world.client_for("colleague").post(
        reverse("inspections:verify_evidence", args=[world.a.pk, item.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Verified" in response.content.decode() and "<tr" in response.content.decode()
    item.refresh_from_db()
    assert item.verified_by == world.colleague
    event = AuditEvent.objects.get(action="evidence.verified", object_id=str(item.pk))
    assert event.before["verified_by"] is None and event.after["verified_by"] == str(world.colleague)
    with pytest.raises(ServiceError, match="already verified by Cal Colleague"):
        services.verify_evidence(evidence=item, by=world.lead)


def test_no_evidence_once_published_or_before_fieldwork(world: World) -> None:
    for state in (State.PLANNED, State.PUBLISHED):
        world.set_state(state)
        with pytest.raises(ServiceError, match="Recording evidence is possible only during fieldwork"):
            services.record_evidence(inspection=world.a, by=world.inspector, source_kind="interview",
                                     summary="Late.", date=datetime.date(2008, 5, 1))


def test_a_second_verification_is_refused_in_the_row(world: World) -> None:
    item = world.extra[world.a.pk]["unverified"]
    url = reverse("inspections:verify_evidence", args=[world.a.pk, item.pk])
    assert world.client_for("colleague").post(url, HTTP_HX_REQUEST="true").status_code == 200
    again = world.client_for("lead").post(url, HTTP_HX_REQUEST="true")
    row = again.content.decode()
    assert again.status_code == 200 and row.lstrip().startswith("<tr")
    assert 'role="alert"' in row and "This evidence was already verified by Cal Colleague" in row


def test_the_audit_trail_page_shows_who_did_what_with_before_and_after(world: World) -> None:
    item = world.extra[world.a.pk]["unverified"]
    services.verify_evidence(evidence=item, by=world.colleague)
    page = world.client_for("moderator").get(reverse("inspections:audit", args=[world.a.pk])).content.decode()
    assert "Evidence verified: Domestic violence policy, version 3." in page
    assert "Cal Colleague" in page and "<dt>verified by</dt><dd>—</dd>" in page
