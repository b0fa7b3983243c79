"""The inspection lifecycle (SPEC section 3): which state allows what, and the one way to change state.

planned -> fieldwork -> drafting -> moderation -> factual_accuracy -> published. A moderator may
return a draft under moderation to drafting. Every move goes through `change_state`, which says
exactly what blocks it and writes the audit trail; publishing also freezes the report
(`inspectorate.reports.services`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from inspectorate.audit.services import record_event

from .errors import ServiceError, TransitionBlocked
from .models import FactualAccuracyComment, Inspection, State
from .selectors import frameworks_of, judgements_by_key, unverified_assessments

# What each state allows (the permissions in rules.py and the services both read these).
EVIDENCE_STATES = frozenset({State.FIELDWORK, State.DRAFTING, State.MODERATION, State.FACTUAL_ACCURACY})
ASSESSMENT_STATES = frozenset({State.FIELDWORK, State.DRAFTING, State.MODERATION})
# The report's text may change until publication; numbers of recommendations are fixed from then on.
DRAFTING_STATES = frozenset({State.FIELDWORK, State.DRAFTING, State.MODERATION, State.FACTUAL_ACCURACY})


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    perm: str
    label: str  # the button
    doing: str  # completes "Cannot ...:"


_ALL = [
    Transition(State.PLANNED, State.FIELDWORK, "inspections.start_fieldwork", "Start fieldwork",
               "start fieldwork"),
    Transition(State.FIELDWORK, State.DRAFTING, "inspections.start_drafting", "Start drafting the report",
               "start drafting"),
    Transition(State.DRAFTING, State.MODERATION, "inspections.submit_for_moderation", "Submit for moderation",
               "submit the draft for moderation"),
    Transition(State.MODERATION, State.DRAFTING, "inspections.return_to_drafting", "Return to drafting",
               "return the draft to drafting"),
    Transition(State.MODERATION, State.FACTUAL_ACCURACY, "inspections.send_draft_to_force",
               "Send the draft to the force", "send the draft to the force"),
    Transition(State.FACTUAL_ACCURACY, State.PUBLISHED, "inspections.publish", "Publish the report", "publish"),
]
TRANSITIONS: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in _ALL}


def transitions_from(state: str) -> list[Transition]:
    return [t for t in _ALL if t.source == state]


def transition_for(inspection: Inspection, target: str) -> Transition | None:
    return TRANSITIONS.get((inspection.state, target))


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _final_grade_blockers(inspection: Inspection) -> list[str]:
    judgements = judgements_by_key(inspection)
    return [
        f"{framework.display_title} has no final grade."
        for framework in frameworks_of(inspection)
        if framework.graded and not getattr(judgements.get(framework.key), "final_grade", "")
    ]


def unresolved_comment_count(inspection: Inspection) -> int:
    return FactualAccuracyComment.objects.filter(inspection=inspection, resolved_at__isnull=True).count()


def _unresolved_comment_blockers(inspection: Inspection) -> list[str]:
    count = unresolved_comment_count(inspection)
    if not count:
        return []
    verb = "is" if count == 1 else "are"
    return [f"{_plural(count, 'factual-accuracy comment', 'factual-accuracy comments')} {verb} unresolved."]


def _unverified_evidence_blockers(inspection: Inspection) -> list[str]:
    codes = unverified_assessments(inspection)
    if not codes:
        return []
    rest = "rests" if len(codes) == 1 else "rest"
    return [f"{_plural(len(codes), 'assessment', 'assessments')} {rest} on unverified evidence: {', '.join(codes)}."]


def blocking_reasons(inspection: Inspection, target: str) -> list[str]:
    """Why the inspection cannot move to `target` now; empty when nothing blocks it."""
    transition = transition_for(inspection, target)
    if transition is None:
        return [f"an inspection in {inspection.get_state_display().lower()} cannot move to "
                f"{State(target).label.lower()}."]
    reasons: list[str] = []
    if target == State.FIELDWORK and inspection.lead_id is None:
        reasons.append("no lead inspector is assigned.")
    if target == State.DRAFTING and inspection.state == State.FIELDWORK and not inspection.evidence.exists():
        reasons.append("no evidence has been recorded.")
    if target in (State.MODERATION, State.FACTUAL_ACCURACY, State.PUBLISHED):
        reasons += _final_grade_blockers(inspection)
    if target == State.FACTUAL_ACCURACY and not inspection.findings.exists():
        reasons.append("the draft has no findings.")
    if target == State.PUBLISHED:
        reasons += _unverified_evidence_blockers(inspection)
        reasons += _unresolved_comment_blockers(inspection)
        if inspection.publication_requested_at is None:
            reasons.append("the lead inspector has not requested publication.")
        elif inspection.publication_approved_at is None:
            reasons.append("a moderator has not approved publication.")
    return reasons


def blocking_messages(inspection: Inspection, target: str) -> list[str]:
    """Each reason as a whole sentence: "Cannot publish: 3 factual-accuracy comments are unresolved."."""
    transition = transition_for(inspection, target)
    doing = transition.doing if transition else "change the state"
    return [f"Cannot {doing}: {reason}" for reason in blocking_reasons(inspection, target)]


def _lock(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update(of=("self",)).select_related("programme", "force").get(
        pk=inspection.pk)


@transaction.atomic
def change_state(*, inspection: Inspection, to: str, by: Any, note: str = "") -> Inspection:
    """Move an inspection along its lifecycle, or raise TransitionBlocked saying exactly why not.

    Publishing (to ``published``) also freezes the report as version 1; ``note`` becomes the
    audit note (and the change note of the published version).
    """
    inspection = _lock(inspection)
    messages = blocking_messages(inspection, to)
    if messages:
        raise TransitionBlocked(messages)
    before = inspection.state
    inspection.state = to
    if to == State.DRAFTING:
        # A draft that goes back to drafting must be asked for, and approved, afresh.
        inspection.publication_requested_by = inspection.publication_approved_by = None
        inspection.publication_requested_at = inspection.publication_approved_at = None
    inspection.save()
    label = State(to).label.lower()
    record_event(
        actor=by, action="inspection.state_changed", obj=inspection, inspection=inspection,
        summary=f"Moved from {State(before).label.lower()} to {label}" + (f": {note}" if note else ""),
        before={"state": before}, after={"state": to, "note": note},
    )
    if to == State.PUBLISHED:
        from inspectorate.reports.services import freeze_report

        freeze_report(inspection=inspection, by=by, change_note=note)
    return inspection


@transaction.atomic
def request_publication(*, inspection: Inspection, by: Any) -> Inspection:
    """The lead inspector asks a moderator to approve publication (only once comments are resolved)."""
    inspection = _lock(inspection)
    if inspection.state != State.FACTUAL_ACCURACY:
        raise ServiceError("Cannot request publication: the draft is not at the factual-accuracy check.")
    reasons = _unresolved_comment_blockers(inspection) + _final_grade_blockers(inspection)
    if reasons:
        raise TransitionBlocked([f"Cannot request publication: {reason}" for reason in reasons])
    if inspection.publication_requested_at is not None:
        raise ServiceError("Publication has already been requested.")
    inspection.publication_requested_by, inspection.publication_requested_at = by, timezone.now()
    inspection.save()
    record_event(actor=by, action="publication.requested", obj=inspection, inspection=inspection,
                 summary="Publication requested", after={"requested_by": str(by)})
    return inspection


@transaction.atomic
def approve_publication(*, inspection: Inspection, by: Any) -> Inspection:
    """A moderator approves publication of a draft whose publication the lead inspector requested."""
    inspection = _lock(inspection)
    if inspection.state != State.FACTUAL_ACCURACY or inspection.publication_requested_at is None:
        raise ServiceError("Cannot approve publication: the lead inspector has not requested it.")
    if inspection.publication_approved_at is not None:
        raise ServiceError("Publication has already been approved.")
    inspection.publication_approved_by, inspection.publication_approved_at = by, timezone.now()
    inspection.save()
    record_event(actor=by, action="publication.approved", obj=inspection, inspection=inspection,
                 summary="Publication approved", after={"approved_by": str(by)})
    return inspection
