"""Recommendation follow-up services: opening, responses with evidence, status, target dates, history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inspectorate.audit.models import AuditEvent
from inspectorate.core.errors import ServiceError
from inspectorate.inspections.models import Inspection, Recommendation, State
from inspectorate.recommendations import selectors, services
from inspectorate.recommendations.models import FollowUp, FollowUpChange, ForceResponse, ResponseEvidence, Status

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _follow_up(inspection: Inspection, number: int = 1) -> FollowUp:
    services.ensure_follow_ups()
    return FollowUp.objects.get(recommendation__inspection=inspection, recommendation__number=number)


def _nothing_written(follow_up: FollowUp, status: str = Status.OPEN) -> None:
    follow_up.refresh_from_db()
    assert follow_up.status == status
    assert not ForceResponse.objects.filter(follow_up=follow_up).exists()
    assert not ResponseEvidence.objects.exists()
    assert not AuditEvent.objects.filter(action="followup.response_recorded").exists()


def test_every_published_recommendation_joins_the_tracker_once(reference: Any, published: dict[str, Any],
                                                               make_programme: Any, forces: dict[str, Any]) -> None:
    draft = Inspection.objects.create(force=forces["fenshire"], programme=make_programme("draft-2009", year=2009),
                                      state=State.DRAFTING)
    Recommendation.objects.create(inspection=draft, number=1, framework=draft.programme.frameworks.first(),
                                  text="That the force drafts.")
    # Opened as each report was published (or loaded as published), never by a read: nothing is missing.
    assert FollowUp.objects.count() == 12 + 3 + 3  # Bedfordshire's 12 and two made-up reports
    assert services.ensure_follow_ups() == 0
    FollowUp.objects.filter(recommendation__inspection=published["fenshire"]).delete()
    assert services.ensure_follow_ups() == 3  # a database upgraded from the old behaviour
    assert FollowUp.objects.count() == 18
    assert not FollowUp.objects.filter(recommendation__inspection=draft).exists()
    bedfordshire = FollowUp.objects.filter(recommendation__inspection__force__name="Bedfordshire Police")
    assert sorted(bedfordshire.values_list("recommendation__number", flat=True)) == list(range(1, 13))
    assert set(bedfordshire.values_list("status", flat=True)) == {"open"}
    assert AuditEvent.objects.filter(action="followup.opened").count() == 3 + 1  # one per report, and the re-open


def test_response_with_evidence_and_progress(published: dict[str, Any], users: dict[str, Any]) -> None:
    follow_up = _follow_up(published["fenshire"])
    evidence = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = services.record_response(
        follow_up=follow_up, by=users["liaison"], text="  Plan agreed.  ", responded_on=date(2007, 3, 1),
        claimed_status="in_progress", evidence=[evidence],
    )
    follow_up.refresh_from_db()
    assert response.text == "Plan agreed." and response.responded_on == date(2007, 3, 1)
    assert follow_up.status == Status.IN_PROGRESS
    (item,) = response.evidence.all()
    assert item.name == "plan.pdf" and item.content_type == "application/pdf" and item.size == len(PDF)
    assert item.file.read() == PDF
    change = FollowUpChange.objects.get(follow_up=follow_up)
    assert (change.before, change.after, change.response) == ("open", "in_progress", response)
    actions = list(AuditEvent.objects.filter(object_type="followup.FollowUp").values_list("action", flat=True))
    assert sorted(actions) == ["followup.response_recorded", "followup.status_changed"]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"text": "   "}, "text", "Write the force's response: it cannot be empty."),
        ({"text": "Done\x00."}, "text", "null character"),
        ({"evidence": [SimpleUploadedFile("a\tb.txt", b"x")]}, "evidence", "control characters in its name"),
        ({"responded_on": date.today() + timedelta(days=2)}, "responded_on", "cannot be in the future"),
        ({"claimed_status": "discharged"}, "claimed_status", "only the inspectorate discharges"),
        ({"evidence": [SimpleUploadedFile("run.exe", b"MZ\x90\x00")]}, "evidence",
         "“run.exe” is a .exe file, which is not accepted as evidence"),
        ({"evidence": [SimpleUploadedFile("notes", b"hello")]}, "evidence", "a file without an extension"),
        ({"evidence": [SimpleUploadedFile("fake.pdf", b"MZ not a pdf")]}, "evidence",
         "“fake.pdf” is named as a PDF but its content is not one."),
        ({"evidence": [SimpleUploadedFile("empty.txt", b"")]}, "evidence", "“empty.txt” is empty."),
        ({"evidence": [SimpleUploadedFile("data.csv", b"a,b\n\xff\xfe\x00")]}, "evidence", "not readable text"),
        ({"evidence": [SimpleUploadedFile(f"f{i}.txt", b"x") for i in range(6)]}, "evidence",
         "6 files were sent; a response may carry at most 5."),
    ],
)
def test_bad_response_is_refused_and_writes_nothing(
    published: dict[str, Any], users: dict[str, Any], kwargs: dict[str, Any], field: str, message: str
) -> None:
    follow_up = _follow_up(published["fenshire"])
    arguments = {"text": "We have done it.", "claimed_status": "implemented"} | kwargs
    with pytest.raises(ServiceError) as caught:
        services.record_response(follow_up=follow_up, by=users["liaison"], **arguments)
    assert any(message in m for m in caught.value.message_dict[field]), caught.value.message_dict
    _nothing_written(follow_up)


def test_evidence_over_the_size_limit_is_refused(published: dict[str, Any], users: dict[str, Any],
                                                 settings: Any) -> None:
    settings.EVIDENCE_UPLOAD_MAX_BYTES = 1024 * 1024
    follow_up = _follow_up(published["fenshire"])
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    good = SimpleUploadedFile("ok.pdf", PDF)
    with pytest.raises(ServiceError) as caught:
        services.record_response(follow_up=follow_up, by=users["liaison"], text="See attached.",
                                 evidence=[good, big])
    assert caught.value.message_dict["evidence"] == ["“big.pdf” is 1.0 MB; an evidence file may be at most 1.0 MB."]
    _nothing_written(follow_up)


def test_closed_recommendation_takes_no_response(published: dict[str, Any], users: dict[str, Any]) -> None:
    follow_up = _follow_up(published["fenshire"])
    services.change_status(follow_up=follow_up, by=users["inspector"], status="discharged", note="Met in full.")
    with pytest.raises(ServiceError) as caught:
        services.record_response(follow_up=follow_up, by=users["liaison"], text="More news.")
    assert caught.value.message_dict["__all__"] == ["This recommendation is discharged: it takes no further responses."]
    _nothing_written(follow_up, status=Status.DISCHARGED)


def test_discharging_needs_a_note_and_is_audited(published: dict[str, Any], users: dict[str, Any]) -> None:
    follow_up = _follow_up(published["fenshire"])
    with pytest.raises(ServiceError) as caught:
        services.change_status(follow_up=follow_up, by=users["inspector"], status="discharged", note=" ")
    assert caught.value.message_dict["note"] == ["Say why the recommendation is discharged: a note is required."]
    with pytest.raises(ServiceError):
        services.change_status(follow_up=follow_up, by=users["inspector"], status="open")
    with pytest.raises(ServiceError):
        services.change_status(follow_up=follow_up, by=users["inspector"], status="closed")
    assert not FollowUpChange.objects.exists()
    services.change_status(follow_up=follow_up, by=users["inspector"], status="discharged", note="Checked on site.")
    follow_up.refresh_from_db()
    assert follow_up.status == "discharged"
    event = AuditEvent.objects.get(action="followup.status_changed")
    assert event.actor == users["inspector"] and event.inspection == published["fenshire"]
    assert event.before == {"status": "open"} and event.after == {"status": "discharged", "note": "Checked on site."}


def test_target_date_and_overdue(published: dict[str, Any], users: dict[str, Any]) -> None:
    follow_up = _follow_up(published["fenshire"])
    today = timezone.localdate()
    services.set_target_date(follow_up=follow_up, by=users["inspector"], target_date=today - timedelta(days=1))
    assert selectors.is_overdue(follow_up)
    assert list(selectors.follow_ups(overdue=True)) == [follow_up]
    services.change_status(follow_up=follow_up, by=users["inspector"], status="implemented")
    follow_up.refresh_from_db()
    assert not selectors.is_overdue(follow_up)  # the force has acted; waiting for the inspectorate
    assert not selectors.follow_ups(overdue=True).exists()
    with pytest.raises(ServiceError):
        services.set_target_date(follow_up=follow_up, by=users["inspector"], target_date=follow_up.target_date)
    assert AuditEvent.objects.filter(action="followup.target_date_set").count() == 1


def test_history_is_complete_and_in_order(published: dict[str, Any], users: dict[str, Any]) -> None:
    follow_up = _follow_up(published["fenshire"])
    services.set_target_date(follow_up=follow_up, by=users["inspector"], target_date=date(2030, 1, 31))
    services.record_response(follow_up=follow_up, by=users["liaison"], text="Done.", claimed_status="implemented")
    services.change_status(follow_up=follow_up, by=users["inspector"], status="discharged", note="Satisfied.")
    public = [e.text for e in selectors.history(follow_up, with_responses=False)]
    assert public == [
        "Follow-up opened: status Open.",
        "Target date set to 31 January 2030.",
        "Status reported by the force as Implemented.",
        "Status changed from Implemented to Discharged.",
    ]
    full = [e.kind for e in selectors.history(follow_up, with_responses=True)]
    assert full == ["opened", "target_date", "response", "status", "status"]


def test_summaries_by_force_framework_and_status(published: dict[str, Any], users: dict[str, Any]) -> None:
    follow_up = _follow_up(published["wealdmoor"], 2)
    services.change_status(follow_up=follow_up, by=users["inspector"], status="in_progress")
    queryset = selectors.follow_ups(programme="test-published")
    assert selectors.status_totals(queryset) == {"open": 5, "in_progress": 1, "implemented": 0, "discharged": 0,
                                                 "superseded": 0}
    by_force = {row.key: row.counts for row in selectors.summary_by(queryset, by="force")}
    assert by_force["wealdmoor"]["in_progress"] == 1 and by_force["fenshire"]["open"] == 3
    by_framework = {row.key: row.total for row in selectors.summary_by(queryset, by="framework")}
    assert by_framework == {"neighbourhood-policing": 2, "performance-management": 2, "domestic-violence": 2}
    assert selectors.follow_ups(force="fenshire", framework="domestic-violence").count() == 1
    assert selectors.follow_ups(status="in_progress").get() == follow_up
