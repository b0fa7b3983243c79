"""Writing the follow-up of recommendations: every change goes through here and into the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from inspectorate.access import Acting
from inspectorate.audit.services import record_event
from inspectorate.core.errors import SYSTEM, ServiceError, check_permission
from inspectorate.freetext import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, text_problem
from inspectorate.inspections.models import Inspection, Recommendation, State
from inspectorate.national import grading
from inspectorate.uploads import check_evidence_file

from .models import (
    CLOSED_STATUSES,
    FORCE_CLAIMABLE_STATUSES,
    FollowUp,
    FollowUpChange,
    ForceResponse,
    ResponseEvidence,
    Status,
)

if TYPE_CHECKING:
    from inspectorate.accounts.models import User

MAX_RESPONSE_LENGTH = TEXT_MAX_LENGTH
MAX_FILES_PER_RESPONSE = 5


def publication_date(inspection: Inspection) -> date:
    """The day the inspection's report was first published here (today, while it is being published)."""
    first = inspection.published_versions.order_by("published_at", "pk").values_list("published_at", flat=True).first()
    return timezone.localdate(first) if first is not None else timezone.localdate()


def open_follow_ups(*, inspection: Inspection, by: Acting = SYSTEM) -> int:
    """Open a follow-up for every recommendation of a published inspection that has none yet.

    The publication service calls this as it publishes (inside its transaction); commands that
    load reports already published call it for the system. Idempotent; returns how many it opened.
    Where the programme's grading model sets a deadline after publication (PEEL: a response
    within 56 days), each follow-up's target date is that many days after the report's
    publication; HMIC 2007 sets none, and its follow-ups open without a target date, as before.
    """
    if inspection.state != State.PUBLISHED:
        raise ServiceError("Only recommendations of published reports are followed up.")
    recommendations = list(
        Recommendation.objects.filter(inspection=inspection, follow_up__isnull=True).order_by("number"))
    if not recommendations:
        return 0
    deadline = grading.response_deadline(inspection.programme)
    due = None if deadline is None else publication_date(inspection) + timedelta(days=deadline.days)
    FollowUp.objects.bulk_create(
        [FollowUp(recommendation=r, target_date=due) for r in recommendations], ignore_conflicts=True)
    numbers = ", ".join(str(r.number) for r in recommendations)
    after: dict[str, Any] = {"recommendations": [r.number for r in recommendations], "status": Status.OPEN}
    summary = f"Follow-up opened for recommendation{'s' if len(recommendations) > 1 else ''} {numbers}"
    if deadline is not None and due is not None:
        after["target_date"] = due.isoformat()
        summary += f"; {grading.deadline_rule(deadline)}, by {due.day} {due:%B %Y}"
    record_event(actor=by, action="followup.opened", obj=inspection, inspection=inspection,
                 summary=summary, after=after)
    return len(recommendations)


@transaction.atomic
def ensure_follow_ups(*, by: Acting = SYSTEM) -> int:
    """Open the missing follow-ups of every published inspection (for commands; never on a read)."""
    inspections = Inspection.objects.filter(
        state=State.PUBLISHED, recommendations__follow_up__isnull=True, recommendations__isnull=False).distinct()
    return sum(open_follow_ups(inspection=inspection, by=by) for inspection in inspections.order_by("pk"))


def follow_up_for(recommendation: Recommendation) -> FollowUp:
    """The recommendation's follow-up (opened when its report was published); reads never open one."""
    return FollowUp.objects.select_related("recommendation__inspection__force").get(
        recommendation=recommendation, recommendation__inspection__state=State.PUBLISHED)


def _locked(follow_up: FollowUp) -> FollowUp:
    return FollowUp.objects.select_for_update().select_related("recommendation__inspection__force").get(
        pk=follow_up.pk
    )


def _sync(original: FollowUp, current: FollowUp) -> None:
    """Give the caller's instance the state the service wrote through its locked copy."""
    original.status, original.target_date, original.updated_at = current.status, current.target_date, current.updated_at


def _audit_change(*, actor: Acting, follow_up: FollowUp, action: str, summary: str, before: Any, after: Any) -> None:
    record_event(
        actor=actor, action=action, obj=follow_up, inspection=follow_up.recommendation.inspection,
        summary=summary, before=before, after=after,
    )


def _label(status: str) -> str:
    return str(Status(status).label)


def _apply_status(*, follow_up: FollowUp, by: User, status: str, note: str,
                  response: ForceResponse | None = None) -> FollowUpChange:
    change = FollowUpChange.objects.create(
        follow_up=follow_up, field=FollowUpChange.Field.STATUS, before=follow_up.status, after=status,
        note=note, response=response, changed_by=by,
    )
    before = follow_up.status
    follow_up.status = status
    follow_up.save(update_fields=["status", "updated_at"])
    number = follow_up.recommendation.number
    _audit_change(
        actor=by, follow_up=follow_up, action="followup.status_changed",
        summary=f"Recommendation {number}: {_label(before)} -> {_label(status)}",
        before={"status": before}, after={"status": status, "note": note},
    )
    return change


@transaction.atomic
def record_response(
    *,
    follow_up: FollowUp,
    by: User,
    text: str,
    responded_on: date | None = None,
    claimed_status: str = "",
    evidence: Sequence[Any] = (),
) -> ForceResponse:
    """Record a force's response, with its evidence files, and the progress it reports.

    Refuses, writing nothing, a response without text, one dated in the future, one to a
    recommendation the inspectorate has closed, a claimed status other than in progress or
    implemented, and any evidence file of a type not accepted or over the size limit.
    """
    original, follow_up = follow_up, _locked(follow_up)
    check_permission(by, "followup.respond", follow_up, "respond to this recommendation")
    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors.setdefault("text", []).append("Write the force's response: it cannot be empty.")
    elif (problem := text_problem(text, MAX_RESPONSE_LENGTH)) is not None:
        errors.setdefault("text", []).append(problem.replace("The text", "The response", 1))
    today = timezone.localdate()
    responded_on = responded_on or today
    if responded_on > today:
        errors.setdefault("responded_on", []).append(
            f"The response date cannot be in the future (today is {today:%-d %B %Y})."
        )
    if claimed_status and claimed_status not in FORCE_CLAIMABLE_STATUSES:
        allowed = " or ".join(f"“{_label(s).lower()}”" for s in FORCE_CLAIMABLE_STATUSES)
        errors.setdefault("claimed_status", []).append(
            f"A force may report its progress as {allowed}; only the inspectorate discharges or supersedes."
        )
    if follow_up.is_closed:
        errors.setdefault("__all__", []).append(
            f"This recommendation is {_label(follow_up.status).lower()}: it takes no further responses."
        )
    files = list(evidence)
    if len(files) > MAX_FILES_PER_RESPONSE:
        errors.setdefault("evidence", []).append(
            f"{len(files)} files were sent; a response may carry at most {MAX_FILES_PER_RESPONSE}."
        )
    kinds = []
    for upload in files:
        try:
            kinds.append(check_evidence_file(upload))
        except ServiceError as error:
            errors.setdefault("evidence", []).extend(error.messages)
    if errors:
        raise ServiceError(fields=errors)

    response = ForceResponse.objects.create(
        follow_up=follow_up, text=text, responded_on=responded_on, claimed_status=claimed_status,
        responded_by=by,
    )
    for upload, kind in zip(files, kinds, strict=True):
        ResponseEvidence.objects.create(
            response=response, file=upload, name=str(upload.name)[:255], content_type=kind.content_type,
            size=upload.size,
        )
    number = follow_up.recommendation.number
    _audit_change(
        actor=by, follow_up=follow_up, action="followup.response_recorded",
        summary=f"Recommendation {number}: force response of {responded_on:%-d %B %Y}"
        + (f" with {len(files)} evidence file{'s' if len(files) != 1 else ''}" if files else ""),
        before=None,
        after={"response": response.pk, "responded_on": responded_on.isoformat(), "claimed_status": claimed_status,
               "evidence": [str(f.name) for f in files]},
    )
    if claimed_status and claimed_status != follow_up.status:
        _apply_status(follow_up=follow_up, by=by, status=claimed_status,
                      note="Reported by the force in its response.", response=response)
    _sync(original, follow_up)
    return response


@transaction.atomic
def change_status(*, follow_up: FollowUp, by: User, status: str, note: str = "") -> FollowUpChange:
    """The inspectorate sets a follow-up's status; discharging or superseding needs a note saying why."""
    original, follow_up = follow_up, _locked(follow_up)
    check_permission(by, "followup.change_status", follow_up, "change the status of this recommendation")
    note = (note or "").strip()
    if (problem := text_problem(note, NOTE_MAX_LENGTH)) is not None:
        raise ServiceError(fields={"note": [problem.replace("The text", "The note", 1)]})
    if status not in Status.values:
        raise ServiceError(
            fields={"status": [f"“{status}” is not a status; choose one of: {', '.join(Status.values)}."]})
    if status == follow_up.status:
        raise ServiceError(fields={"status": [f"The recommendation is already {_label(status).lower()}."]})
    if status in CLOSED_STATUSES and not note:
        raise ServiceError(fields=
            {"note": [f"Say why the recommendation is {_label(status).lower()}: a note is required."]}
        )
    change = _apply_status(follow_up=follow_up, by=by, status=status, note=note)
    _sync(original, follow_up)
    return change


@transaction.atomic
def set_target_date(*, follow_up: FollowUp, by: User, target_date: date | None, note: str = "") -> FollowUpChange:
    """The inspectorate sets or clears the date by which the force should have acted."""
    original, follow_up = follow_up, _locked(follow_up)
    check_permission(by, "followup.set_target_date", follow_up, "set this recommendation's target date")
    if target_date == follow_up.target_date:
        raise ServiceError(fields={"target_date": ["That is already the target date."]})
    before = follow_up.target_date.isoformat() if follow_up.target_date else ""
    after = target_date.isoformat() if target_date else ""
    change = FollowUpChange.objects.create(
        follow_up=follow_up, field=FollowUpChange.Field.TARGET_DATE, before=before, after=after,
        note=(note or "").strip(), changed_by=by,
    )
    follow_up.target_date = target_date
    follow_up.save(update_fields=["target_date", "updated_at"])
    shown = f"{target_date:%-d %B %Y}" if target_date else "none"
    _audit_change(
        actor=by, follow_up=follow_up, action="followup.target_date_set",
        summary=f"Recommendation {follow_up.recommendation.number}: target date {shown}",
        before={"target_date": before or None}, after={"target_date": after or None},
    )
    _sync(original, follow_up)
    return change

