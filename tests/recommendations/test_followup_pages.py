"""The recommendation tracker on the web: who sees what, who may answer, who may discharge."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from inspectorate.inspections.models import Recommendation
from inspectorate.recommendations import services
from inspectorate.recommendations.models import FollowUp, ForceResponse, ResponseEvidence, Status

pytestmark = pytest.mark.django_db


def _rec(inspection: Any, number: int = 1) -> Recommendation:
    return Recommendation.objects.get(inspection=inspection, number=number)


def test_tracker_lists_everything_published_to_anyone(reference: Any, published: dict[str, Any],
                                                      client: Client) -> None:
    response = client.get("/recommendations/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bedfordshire Police" in html and "Fenshire Constabulary" in html
    assert "made-up demonstration forces" in html
    assert response.context["page"].paginator.count == 18
    assert FollowUp.objects.count() == 18  # imported recommendations joined the tracker


@pytest.mark.parametrize(
    ("query", "count"),
    [("force=bedfordshire-police", 12), ("framework=domestic-violence", 4 + 2), ("status=open", 18),
     ("status=discharged", 0), ("programme=test-published", 6), ("force=fenshire&framework=domestic-violence", 1),
     ("overdue=yes", 0)],
)
def test_tracker_filters(reference: Any, published: dict[str, Any], client: Client, query: str, count: int) -> None:
    response = client.get(f"/recommendations/?{query}")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


def test_unknown_filter_value_is_an_error(reference: Any, client: Client) -> None:
    response = client.get("/recommendations/?status=closed")
    assert response.status_code == 400
    assert "Select a valid choice. closed is not one of the available choices." in response.content.decode()


def test_liaison_answers_for_own_force_with_evidence(published: dict[str, Any], users: dict[str, Any],
                                                     client: Client) -> None:
    rec = _rec(published["fenshire"])
    client.force_login(users["liaison"])
    page = client.get(f"/recommendations/{rec.pk}/").content.decode()
    assert 'id="response-form"' in page and 'id="status-form"' not in page
    evidence = SimpleUploadedFile("progress.txt", b"Progress so far.\n", content_type="text/plain")
    response = client.post(f"/recommendations/{rec.pk}/respond/", {
        "text": "Training complete.", "responded_on": "2007-05-01", "claimed_status": "implemented",
        "evidence": [evidence],
    })
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(recommendation=rec)
    assert follow_up.status == Status.IMPLEMENTED
    item = ResponseEvidence.objects.get()
    html = client.get(f"/recommendations/{rec.pk}/").content.decode()
    assert "Training complete." in html and "progress.txt" in html
    download = client.get(f"/recommendations/evidence/{item.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"Progress so far.\n"


def test_liaison_cannot_answer_for_another_force(published: dict[str, Any], users: dict[str, Any],
                                                 client: Client) -> None:
    rec = _rec(published["wealdmoor"])
    client.force_login(users["liaison"])
    assert 'id="response-form"' not in client.get(f"/recommendations/{rec.pk}/").content.decode()
    response = client.post(f"/recommendations/{rec.pk}/respond/", {"text": "Not ours."})
    assert response.status_code == 403
    assert not ForceResponse.objects.exists()


@pytest.mark.parametrize("name", ["inspector", "moderator", "lead"])
def test_staff_do_not_answer_for_a_force(published: dict[str, Any], users: dict[str, Any], client: Client,
                                         name: str) -> None:
    client.force_login(users[name])
    assert client.post(f"/recommendations/{_rec(published['fenshire']).pk}/respond/", {"text": "x"}).status_code == 403


def test_bad_response_on_the_web_says_why_and_writes_nothing(published: dict[str, Any], users: dict[str, Any],
                                                             client: Client) -> None:
    rec = _rec(published["fenshire"])
    client.force_login(users["liaison"])
    response = client.post(f"/recommendations/{rec.pk}/respond/", {"text": ""})
    assert response.status_code == 400
    assert "Write the force&#x27;s response: it cannot be empty." in response.content.decode()
    bad = SimpleUploadedFile("macro.xlsm", b"PK\x03\x04 macro")
    response = client.post(f"/recommendations/{rec.pk}/respond/", {"text": "See file.", "evidence": [bad]})
    assert response.status_code == 400
    assert "“macro.xlsm” is a .xlsm file, which is not accepted as evidence." in response.content.decode()
    assert not ForceResponse.objects.exists() and not ResponseEvidence.objects.exists()


def test_only_the_inspectorate_discharges(published: dict[str, Any], users: dict[str, Any], client: Client) -> None:
    rec = _rec(published["fenshire"])
    client.force_login(users["liaison"])
    assert client.post(f"/recommendations/{rec.pk}/status/", {"status": "discharged", "note": "x"}).status_code == 403
    client.force_login(users["inspector"])
    response = client.post(f"/recommendations/{rec.pk}/status/", {"status": "discharged", "note": ""})
    assert response.status_code == 400
    assert "a note is required" in response.content.decode()
    response = client.post(f"/recommendations/{rec.pk}/status/", {"status": "discharged", "note": "All done."})
    assert response.status_code == 302
    assert FollowUp.objects.get(recommendation=rec).status == Status.DISCHARGED
    client.logout()
    assert client.post(f"/recommendations/{rec.pk}/status/", {"status": "open"}).status_code == 302  # to sign in
    assert FollowUp.objects.get(recommendation=rec).status == Status.DISCHARGED


def test_target_date_marks_overdue(published: dict[str, Any], users: dict[str, Any], client: Client) -> None:
    rec = _rec(published["fenshire"])
    client.force_login(users["inspector"])
    past = timezone.localdate() - timedelta(days=30)
    assert client.post(f"/recommendations/{rec.pk}/target-date/", {"target_date": past.isoformat()}).status_code == 302
    assert client.post(f"/recommendations/{rec.pk}/target-date/", {"target_date": "31/31/2007"}).status_code == 400
    client.logout()
    html = client.get(f"/recommendations/{rec.pk}/").content.decode()
    assert "Overdue" in html
    assert client.get("/recommendations/?overdue=yes").context["page"].paginator.count == 1
    client.force_login(users["liaison"])
    assert client.post(f"/recommendations/{rec.pk}/target-date/", {"target_date": ""}).status_code == 403


def test_responses_and_evidence_are_private_to_the_force_and_inspectorate(
    published: dict[str, Any], users: dict[str, Any], client: Client
) -> None:
    rec = _rec(published["fenshire"])
    follow_up = services.follow_up_for(rec)
    services.record_response(follow_up=follow_up, by=users["liaison"], text="Confidential progress note.",
                             evidence=[SimpleUploadedFile("note.txt", b"secret")])
    item = ResponseEvidence.objects.get()
    url, evidence_url = f"/recommendations/{rec.pk}/", f"/recommendations/evidence/{item.pk}/"
    assert "Confidential progress note." not in client.get(url).content.decode()
    assert client.get(evidence_url).status_code == 302
    client.force_login(users["other_liaison"])
    assert "Confidential progress note." not in client.get(url).content.decode()
    assert client.get(evidence_url).status_code == 403
    for name in ["inspector", "moderator", "liaison"]:
        client.force_login(users[name])
        assert "Confidential progress note." in client.get(url).content.decode(), name
        assert client.get(evidence_url).status_code == 200, name


def test_unpublished_recommendation_is_not_in_the_tracker(reference: Any, published: dict[str, Any],
                                                          client: Client) -> None:
    inspection = published["fenshire"]
    inspection.state = "factual_accuracy"
    inspection.save()
    assert client.get(f"/recommendations/{_rec(inspection).pk}/").status_code == 404
    assert client.get("/recommendations/?force=fenshire").status_code == 400  # not a choice any more


@pytest.mark.parametrize(
    ("parts", "message"),
    [({"day": "31", "month": "2", "year": "2027"}, "Target date must be a real date"),
     ({"day": "", "month": "3", "year": "2027"}, "Target date must include a day"),
     ({"day": "1", "month": "March", "year": "2027"}, "Target date must be a real date, in numbers"),
     ({"day": "1", "month": "3", "year": "27"}, "four digits")],
)
def test_a_bad_target_date_is_refused_and_keeps_the_saved_one(
    published: dict[str, Any], users: dict[str, Any], client: Client, parts: dict[str, str], message: str
) -> None:
    rec = _rec(published["fenshire"])
    client.force_login(users["inspector"])
    saved = {"target_date-day": "31", "target_date-month": "3", "target_date-year": "2027"}
    assert client.post(f"/recommendations/{rec.pk}/target-date/", saved).status_code == 302
    bad = {f"target_date-{part}": value for part, value in parts.items()}
    response = client.post(f"/recommendations/{rec.pk}/target-date/", bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<title>Error: " in html and 'class="govuk-error-summary"' in html
    assert 'href="#target-target_date-day"' in html and 'id="target-target_date-day"' in html
    follow_up = FollowUp.objects.get(recommendation=rec)
    assert follow_up.target_date.isoformat() == "2027-03-31"
    assert "Target date removed" not in client.get(f"/recommendations/{rec.pk}/").content.decode()


def test_clearing_all_three_boxes_removes_the_target_date(
    published: dict[str, Any], users: dict[str, Any], client: Client
) -> None:
    rec = _rec(published["fenshire"])
    client.force_login(users["inspector"])
    client.post(f"/recommendations/{rec.pk}/target-date/", {"target_date": "2027-03-31"})
    empty = {"target_date-day": "", "target_date-month": "", "target_date-year": ""}
    assert client.post(f"/recommendations/{rec.pk}/target-date/", empty).status_code == 302
    assert FollowUp.objects.get(recommendation=rec).target_date is None


def test_the_staff_page_has_no_duplicate_ids_and_hints_are_tied_to_fields(
    published: dict[str, Any], users: dict[str, Any], client: Client
) -> None:
    import re

    rec = _rec(published["fenshire"])
    client.force_login(users["inspector"])
    html = client.get(f"/recommendations/{rec.pk}/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        for target in described.split():
            assert target in ids, target
    for target in re.findall(r'<label[^>]*\sfor="([^"]+)"', html):
        assert target in ids, target


def test_the_summary_by_force_is_paged_and_each_page_counts_only_its_forces(
        reference: Any, published: dict[str, Any], client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from inspectorate.recommendations import selectors, views

    monkeypatch.setattr(views, "FORCES_PER_PAGE", 2)
    whole = selectors.summary_by(selectors.follow_ups(), by="force")
    assert len(whole) == 3
    seen = []
    for number in (1, 2):
        response = client.get("/recommendations/", {"forces": number, "status": "open"})
        by_force = response.context["by_force"]
        assert by_force.paginator.count == 3 and by_force.number == number
        seen += list(by_force)
        html = response.content.decode()
        assert 'aria-label="Pagination: forces"' in html
        assert f"status=open&amp;forces={3 - number}#by-force" in html
        # The list of recommendations below is not paged by it.
        assert response.context["page"].number == 1 and response.context["page"].paginator.count == 18
    assert [(row.key, row.counts, row.overdue) for row in seen] == [(row.key, row.counts, row.overdue)
                                                                     for row in whole]
