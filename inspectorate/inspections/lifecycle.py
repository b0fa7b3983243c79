"""The inspection lifecycle (SPEC section 3): which state allows what, and the one way to change state.

planned -> fieldwork -> drafting -> moderation -> factual_accuracy -> published. A moderator may
return a draft under moderation to drafting. Every move goes through `change_state`, which checks
who is acting, says exactly what blocks it and writes the audit trail; the move to published is
the publication service's (`inspectorate.reports.services.publish_report`), which freezes the report.
The steps and their blockers are in `transitions.py`, which both read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from inspectorate.audit.services import record_event
from inspectorate.core.errors import check_permission
from inspectorate.reports.services import publish_report

from .approval import content_digest, publishable_content
from .errors import ServiceError, TransitionBlocked
from .models import Inspection, State
from .transitions import (
    TRANSITIONS,
    Transition,
    blocking_messages,
    blocking_reasons,
    final_grade_blockers,
    lock,
    record_move,
    transition_for,
    transitions_from,
    unresolved_comment_blockers,
    unresolved_comment_count,
)

if TYPE_CHECKING:
    from inspectorate.accounts.models import User

# The lifecycle's public names, with the steps and blockers it re-exports from transitions.py.
__all__ = [
    "ASSESSMENT_STATES",
    "DRAFTING_STATES",
    "EVIDENCE_STATES",
    "TRANSITIONS",
    "Transition",
    "approve_publication",
    "blocking_messages",
    "blocking_reasons",
    "change_state",
    "final_grade_blockers",
    "lock",
    "record_force_seen",
    "record_move",
    "request_publication",
    "transition_for",
    "transitions_from",
    "unresolved_comment_blockers",
    "unresolved_comment_count",
]

# What each state allows (the permissions in rules.py and the services both read these).
EVIDENCE_STATES = frozenset({State.FIELDWORK, State.DRAFTING, State.MODERATION, State.FACTUAL_ACCURACY})
ASSESSMENT_STATES = frozenset({State.FIELDWORK, State.DRAFTING, State.MODERATION})
# The report's text may change until publication; numbers of recommendations are fixed from then on.
DRAFTING_STATES = frozenset({State.FIELDWORK, State.DRAFTING, State.MODERATION, State.FACTUAL_ACCURACY})


def record_force_seen(inspection: Inspection) -> None:
    """Record the draft as the force sees it now (when it is sent to the force, and when its liaison comments)."""
    inspection.force_seen_content = publishable_content(inspection)
    inspection.force_seen_at = timezone.now()
    Inspection.objects.filter(pk=inspection.pk).update(
        force_seen_content=inspection.force_seen_content, force_seen_at=inspection.force_seen_at)


@transaction.atomic
def change_state(*, inspection: Inspection, to: str, by: User, note: str = "") -> Inspection:
    """Move an inspection along its lifecycle, or raise TransitionBlocked saying exactly why not.

    Publishing (to ``published``) is delegated to the publication service, which freezes the report
    as version 1; ``note`` becomes the audit note (and the change note of the published version).
    """
    if to == State.PUBLISHED:
        publish_report(inspection=inspection, by=by, change_note=note)
        return Inspection.objects.get(pk=inspection.pk)
    inspection = lock(inspection)
    messages = blocking_messages(inspection, to)
    if messages:
        raise TransitionBlocked(messages)
    transition = transition_for(inspection, to)
    assert transition is not None  # no blocker means the step exists
    check_permission(by, transition.perm, inspection, transition.doing)
    if to == State.DRAFTING:
        # A draft that goes back to drafting must be asked for, and approved, afresh.
        inspection.publication_requested_by = inspection.publication_approved_by = None
        inspection.publication_requested_at = inspection.publication_approved_at = None
        inspection.publication_approved_content, inspection.publication_approved_digest = None, ""
    record_move(inspection=inspection, to=to, by=by, note=note)
    if to == State.FACTUAL_ACCURACY:
        record_force_seen(inspection)
    return inspection


@transaction.atomic
def request_publication(*, inspection: Inspection, by: User) -> Inspection:
    """The lead inspector asks a moderator to approve publication (only once comments are resolved)."""
    inspection = lock(inspection)
    if inspection.state != State.FACTUAL_ACCURACY:
        raise ServiceError("Cannot request publication: the draft is not at the factual-accuracy check.")
    check_permission(by, "inspections.request_publication", inspection, "request publication of this report")
    reasons = unresolved_comment_blockers(inspection) + final_grade_blockers(inspection)
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
def approve_publication(*, inspection: Inspection, by: User) -> Inspection:
    """A moderator approves publication of the draft as it stands: the approval binds to its content.

    A draft changed since an earlier approval may be approved again (the approval is void until then).
    """
    inspection = lock(inspection)
    if inspection.state != State.FACTUAL_ACCURACY or inspection.publication_requested_at is None:
        raise ServiceError("Cannot approve publication: the lead inspector has not requested it.")
    check_permission(by, "inspections.approve_publication", inspection, "approve publication of this report")
    content = publishable_content(inspection)
    digest = content_digest(content)
    again = inspection.publication_approved_at is not None
    if again and inspection.publication_approved_digest == digest:
        raise ServiceError("Publication has already been approved, and the draft has not changed since.")
    inspection.publication_approved_by, inspection.publication_approved_at = by, timezone.now()
    inspection.publication_approved_content, inspection.publication_approved_digest = content, digest
    inspection.save()
    record_event(actor=by, action="publication.approved", obj=inspection, inspection=inspection,
                 summary="Publication approved again after changes" if again else "Publication approved",
                 after={"approved_by": str(by), "content_digest": digest})
    return inspection
