"""The lifecycle's steps, what blocks each, and writing a move: shared by `lifecycle` and the publication service.

`inspections.lifecycle.change_state` is the one way to change state; for the move to published it
delegates to `inspectorate.reports.services.publish_report`, which freezes the report. Both read the
steps and blockers here, so neither imports the other's caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from inspectorate.audit.services import record_event

from .approval import changes_since_approval
from .models import FactualAccuracyComment, Inspection, State
from .selectors import frameworks_of, judgements_by_key, unverified_assessments

if TYPE_CHECKING:
    from inspectorate.access import Acting


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


def final_grade_blockers(inspection: Inspection) -> list[str]:
    judgements = judgements_by_key(inspection)
    return [
        f"{framework.display_title} has no final grade."
        for framework in frameworks_of(inspection)
        if framework.graded and not getattr(judgements.get(framework.key), "final_grade", "")
    ]


def unresolved_comment_count(inspection: Inspection) -> int:
    return FactualAccuracyComment.objects.filter(inspection=inspection, resolved_at__isnull=True).count()


def unresolved_comment_blockers(inspection: Inspection) -> list[str]:
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


def _approval_blockers(inspection: Inspection) -> list[str]:
    if inspection.publication_requested_at is None:
        return ["the lead inspector has not requested publication."]
    changes = changes_since_approval(inspection)
    if changes is None:
        return ["a moderator has not approved publication."]
    if changes:
        return [f"the draft has changed since a moderator approved publication ({'; '.join(changes)}), "
                "so a moderator must approve it again."]
    return []


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
        reasons += final_grade_blockers(inspection)
    if target == State.FACTUAL_ACCURACY and not inspection.findings.exists():
        reasons.append("the draft has no findings.")
    if target == State.PUBLISHED:
        reasons += _unverified_evidence_blockers(inspection)
        reasons += unresolved_comment_blockers(inspection)
        reasons += _approval_blockers(inspection)
    return reasons


def blocking_messages(inspection: Inspection, target: str) -> list[str]:
    """Each reason as a whole sentence: "Cannot publish: 3 factual-accuracy comments are unresolved."."""
    transition = transition_for(inspection, target)
    doing = transition.doing if transition else "change the state"
    return [f"Cannot {doing}: {reason}" for reason in blocking_reasons(inspection, target)]


def lock(inspection: Inspection) -> Inspection:
    """The inspection's row, locked for the rest of the transaction."""
    return Inspection.objects.select_for_update(of=("self",)).select_related("programme", "force").get(
        pk=inspection.pk)


def record_move(*, inspection: Inspection, to: str, by: Acting, note: str = "") -> Inspection:
    """Set the new state, save it and write the audit event; the caller has checked and locked."""
    before = inspection.state
    inspection.state = to
    inspection.save()
    record_event(
        actor=by, action="inspection.state_changed", obj=inspection, inspection=inspection,
        summary=f"Moved from {State(before).label.lower()} to {State(to).label.lower()}"
        + (f": {note}" if note else ""),
        before={"state": before}, after={"state": to, "note": note},
    )
    return inspection
