"""Writing an inspection: evidence, findings, recommendations, factual-accuracy comments.

Every function takes keyword arguments, runs in one transaction, refuses what the rules forbid
with a ServiceError whose text the user reads, and writes the audit trail. Edits carry the
revision the user started from; a stale revision is refused (StaleEdit), never overwritten.
State changes live in `lifecycle.py`; assessments and grades in `judgement/`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max, Model
from django.utils import timezone

from inspectorate.audit.models import AuditEvent
from inspectorate.audit.services import record_event
from inspectorate.core.errors import check_permission
from inspectorate.frameworks.models import Criterion, Framework
from inspectorate.freetext import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, check_free_text
from inspectorate.national import grading
from inspectorate.uploads import check_evidence_file

from .errors import ServiceError, StaleEdit
from .judgement.services import refresh_derived_grade
from .lifecycle import ASSESSMENT_STATES, DRAFTING_STATES, EVIDENCE_STATES, record_force_seen
from .models import (
    Category,
    EvidenceItem,
    FactualAccuracyComment,
    Finding,
    Inspection,
    Recommendation,
    SourceKind,
    State,
)
from .selectors import ALL_CATEGORY_ORDER

if TYPE_CHECKING:
    from inspectorate.accounts.models import User

RECOMMENDATION_OPENING = "That the force"
# The records edited with a revision number, to refuse lost updates.
_Revised = TypeVar("_Revised", Finding, Recommendation)


# ---------------------------------------------------------------------------------------------
# Shared checks

def _require_state(inspection: Inspection, states: frozenset[str], what: str) -> None:
    """Refuse unless the inspection, as the database holds it now, is in one of `states`."""
    state = Inspection.objects.filter(pk=inspection.pk).values_list("state", flat=True).get()
    inspection.state = state
    if state not in states:
        names = [State(s).label.lower() for s in State if s in states]
        names = [f"the {name}" if name.startswith("factual") else name for name in names]
        allowed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        raise ServiceError(
            f"{what} is possible only during {allowed}; this inspection is at the "
            f"{State(state).label.lower()} stage."
        )


def _last_editor(obj: Model) -> str:
    event = (
        AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
        .select_related("actor").order_by("-at", "-id").first()
    )
    if event is None or event.actor is None:
        return "someone else"
    when = timezone.localtime(event.at)
    return f"{event.actor} at {when:%H:%M} on {when.day} {when:%B %Y}"


def _check_revision(model: type[_Revised], pk: int, revision: int, noun: str) -> _Revised:
    """Lock the row and refuse when it moved on since the user's edit began."""
    current = model.objects.select_for_update().get(pk=pk)
    if current.revision != revision:
        raise StaleEdit(
            f"This {noun} was changed by {_last_editor(current)} while you were editing it. "
            f"Nothing you typed was saved: the current version is shown below, with yours beside it.",
            current,
        )
    return current


# ---------------------------------------------------------------------------------------------
# Evidence


def _evidence_snapshot(item: EvidenceItem) -> dict[str, Any]:
    return {
        "source_kind": item.source_kind,
        "summary": item.summary,
        "date": item.date.isoformat(),
        "criteria": sorted(c.code for c in item.criteria.all()),
        "attachment": item.attachment.name or None,
        "verified_by": str(item.verified_by) if item.verified_by_id else None,
    }


def _check_criteria(inspection: Inspection, criteria: Iterable[Criterion]) -> list[Criterion]:
    criteria = list(criteria)
    allowed = set(inspection.programme.frameworks.values_list("pk", flat=True))
    strangers = [c.code for c in criteria if c.framework_id not in allowed]
    if strangers:
        raise ServiceError(f"These criteria are not in this inspection's frameworks: {', '.join(strangers)}.")
    return criteria


@transaction.atomic
def record_evidence(
    *,
    inspection: Inspection,
    by: User,
    source_kind: str,
    summary: str,
    date: datetime.date,
    criteria: Iterable[Criterion] = (),
    attachment: UploadedFile | None = None,
) -> EvidenceItem:
    """Add an item to the evidence log; the person who records it is its collector."""
    _require_state(inspection, EVIDENCE_STATES, "Recording evidence")
    check_permission(by, "inspections.record_evidence", inspection, "record evidence for this inspection")
    if source_kind not in SourceKind.values:
        raise ServiceError(f"“{source_kind}” is not a kind of source.")
    if not summary.strip():
        raise ServiceError("Enter a summary of the evidence.")
    check_free_text(summary, NOTE_MAX_LENGTH, what="summary")
    if date > timezone.localdate():
        raise ServiceError("The date of the evidence cannot be in the future.")
    criteria = _check_criteria(inspection, criteria)
    if attachment is not None:
        check_evidence_file(attachment)
    item = EvidenceItem.objects.create(
        inspection=inspection, source_kind=source_kind, summary=summary.strip(), date=date, collected_by=by
    )
    item.criteria.set(criteria)
    if attachment is not None:
        item.attachment.save(attachment.name, attachment, save=True)
    record_event(
        actor=by, action="evidence.recorded", obj=item, inspection=inspection,
        summary=f"Evidence recorded ({item.get_source_kind_display().lower()}): {item.summary[:120]}",
        after=_evidence_snapshot(item),
    )
    return item


@transaction.atomic
def attach_evidence_file(*, evidence: EvidenceItem, upload: UploadedFile, by: User) -> EvidenceItem:
    """Attach a file to an evidence item (replacing any earlier one, which the audit trail names)."""
    item = EvidenceItem.objects.select_for_update(of=("self",)).select_related("inspection").get(pk=evidence.pk)
    _require_state(item.inspection, EVIDENCE_STATES, "Attaching a file")
    check_permission(by, "inspections.record_evidence", item.inspection, "attach files to this inspection's evidence")
    check_evidence_file(upload)
    before = item.attachment.name or None
    item.attachment.save(upload.name, upload, save=True)
    record_event(
        actor=by, action="evidence.file_attached", obj=item, inspection=item.inspection,
        summary=f"File attached to evidence: {item.attachment.name.rsplit('/', 1)[-1]}",
        before={"attachment": before}, after={"attachment": item.attachment.name},
    )
    return item


@transaction.atomic
def verify_evidence(*, evidence: EvidenceItem, by: User) -> EvidenceItem:
    """Record that a second member of the team has checked an item; its collector may not."""
    item = EvidenceItem.objects.select_for_update(of=("self",)).select_related("inspection").get(pk=evidence.pk)
    _require_state(item.inspection, EVIDENCE_STATES, "Verifying evidence")
    if item.collected_by_id == by.pk:
        raise ServiceError("You collected this evidence, so another inspector must verify it.")
    check_permission(by, "inspections.verify_evidence", item, "verify this inspection's evidence")
    if item.verified_at is not None:
        raise ServiceError(
            f"This evidence was already verified by {item.verified_by} on {_day(item.verified_at)}."
        )
    item.verified_by, item.verified_at = by, timezone.now()
    item.save(update_fields=["verified_by", "verified_at"])
    record_event(
        actor=by, action="evidence.verified", obj=item, inspection=item.inspection,
        summary=f"Evidence verified: {item.summary[:120]}",
        before={"verified_by": None, "verified_at": None},
        after={"verified_by": str(by), "verified_at": item.verified_at.isoformat()},
    )
    return item


def _day(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


# ---------------------------------------------------------------------------------------------
# Findings


def _finding_snapshot(finding: Finding) -> dict[str, Any]:
    return {"framework": finding.framework.key, "category": finding.category, "order": finding.order,
            "text": finding.text, "revision": finding.revision}


def _locked_finding(finding: Finding) -> Finding:
    return Finding.objects.select_for_update(of=("self",)).select_related("inspection", "framework").get(
        pk=finding.pk)


def _siblings(finding: Finding) -> list[Finding]:
    return list(
        Finding.objects.filter(
            inspection_id=finding.inspection_id, framework_id=finding.framework_id, category=finding.category
        ).order_by("order", "id")
    )


def _lock_section_order(inspection: Inspection) -> None:
    """Hold the inspection's row until the transaction ends, so two writers cannot take the same order position.

    PostgreSQL locks the row (SELECT ... FOR UPDATE); SQLite's write transactions begin IMMEDIATE
    (settings), so they already run one at a time.
    """
    Inspection.objects.select_for_update().filter(pk=inspection.pk).values_list("pk", flat=True).first()


def _renumber_orders(findings: list[Finding]) -> None:
    for position, finding in enumerate(findings, start=1):
        if finding.order != position:
            Finding.objects.filter(pk=finding.pk).update(order=position)
            finding.order = position


def _check_category(inspection: Inspection, category: str) -> None:
    """A finding's category must be a finding type of the programme's grading model."""
    if category not in {kind.category for kind in grading.finding_types(inspection.programme)}:
        raise ServiceError(f"“{category}” is not a category of finding.")


def recommending(inspection: Inspection) -> frozenset[str]:
    """The categories of finding a recommendation may be raised from, by the programme's model."""
    return grading.recommending_categories(inspection.programme)


def recommending_words(inspection: Inspection, joiner: str = "or") -> str:
    """"an area for improvement or work in progress"; PEEL: "a cause of concern or an accelerated cause of concern"."""
    if grading.is_default_model(inspection.programme):
        names = ["an area for improvement", "work in progress"]
    else:
        kinds = [k for k in grading.finding_types(inspection.programme) if k.recommendation]
        names = [("an " if k.name[0] in "aeiou" else "a ") + k.name for k in kinds]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {joiner} {names[-1]}"


def _grade_again(inspection: Inspection, framework: Framework, by: Any) -> None:
    """Derive the framework's grade again when the programme's model counts findings (PEEL)."""
    if not framework.graded or not grading.findings_decide(inspection.programme):
        return
    if inspection.state in ASSESSMENT_STATES:
        refresh_derived_grade(inspection=inspection, framework=framework, by=by)


def _check_text(text: str, noun: str) -> str:
    text = text.strip()
    if not text:
        raise ServiceError(f"Enter the text of the {noun}.")
    return check_free_text(text, TEXT_MAX_LENGTH, what=f"text of the {noun}")


@transaction.atomic
def add_finding(*, inspection: Inspection, framework: Framework, category: str, text: str, by: User) -> Finding:
    """Add a finding at the end of its category in a framework's section."""
    _require_state(inspection, DRAFTING_STATES, "Adding a finding")
    check_permission(by, "inspections.change_report", inspection, "change this report")
    if not inspection.programme.frameworks.filter(pk=framework.pk).exists():
        raise ServiceError(f"{framework.display_title} is not one of this inspection's frameworks.")
    _check_category(inspection, category)
    _lock_section_order(inspection)
    last = Finding.objects.filter(inspection=inspection, framework=framework, category=category).aggregate(
        last=Max("order"))["last"] or 0
    finding = Finding.objects.create(
        inspection=inspection, framework=framework, category=category, order=last + 1,
        text=_check_text(text, "finding"),
    )
    record_event(actor=by, action="finding.added", obj=finding, inspection=inspection,
                 summary=f"{framework.display_title}: {finding.get_category_display().lower()} added",
                 after=_finding_snapshot(finding))
    _grade_again(inspection, framework, by)
    return finding


@transaction.atomic
def update_finding(*, finding: Finding, text: str, category: str, revision: int, by: User) -> Finding:
    """Change a finding's words (and, before publication, its category); refuse a stale revision."""
    current = _check_revision(Finding, finding.pk, revision, "finding")
    inspection = current.inspection
    text = _check_text(text, "finding")
    _check_category(inspection, category)
    moving = category != current.category
    if inspection.state == State.PUBLISHED:
        if moving:
            raise ServiceError("After publication a finding's category cannot change; only its words may be corrected.")
    else:
        _require_state(inspection, DRAFTING_STATES, "Editing a finding")
    check_permission(by, "inspections.edit_report_text", inspection, "edit this report's text")
    if moving and current.recommendations.exists() and category not in recommending(inspection):
        raise ServiceError(
            f"This finding has raised a recommendation, so it must stay {recommending_words(inspection)}."
        )
    before = _finding_snapshot(current)
    old_siblings_key = (current.framework_id, current.category)
    current.text, current.revision = text, F("revision") + 1
    if moving:
        _lock_section_order(inspection)
        current.category = category
        current.order = (Finding.objects.filter(
            inspection=inspection, framework_id=current.framework_id, category=category
        ).aggregate(last=Max("order"))["last"] or 0) + 1
    current.save()
    current.refresh_from_db()
    if moving:
        _renumber_orders(list(Finding.objects.filter(
            inspection=inspection, framework_id=old_siblings_key[0], category=old_siblings_key[1]
        ).order_by("order", "id")))
        renumber_recommendations(inspection=inspection, by=by)
    record_event(actor=by, action="finding.edited", obj=current, inspection=inspection,
                 summary=f"{current.framework.display_title}: finding edited",
                 before=before, after=_finding_snapshot(current))
    _grade_again(inspection, current.framework, by)
    return current


@transaction.atomic
def move_finding(*, finding: Finding, direction: str, by: User) -> Finding:
    """Move a finding one place up or down within its category."""
    finding = _locked_finding(finding)
    _require_state(finding.inspection, DRAFTING_STATES, "Reordering findings")
    check_permission(by, "inspections.change_report", finding.inspection, "change this report")
    if direction not in ("up", "down"):
        raise ServiceError("A finding moves up or down.")
    siblings = _siblings(finding)
    index = next(i for i, f in enumerate(siblings) if f.pk == finding.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        raise ServiceError(f"This finding is already the {'first' if direction == 'up' else 'last'} of its category.")
    siblings[index], siblings[other] = siblings[other], siblings[index]
    before = finding.order
    _renumber_orders(siblings)
    Finding.objects.filter(pk=finding.pk).update(revision=F("revision") + 1)
    renumber_recommendations(inspection=finding.inspection, by=by)
    finding.refresh_from_db()
    record_event(actor=by, action="finding.moved", obj=finding, inspection=finding.inspection,
                 summary=f"{finding.framework.display_title}: finding moved {direction}",
                 before={"order": before}, after={"order": finding.order})
    return finding


@transaction.atomic
def delete_finding(*, finding: Finding, by: User) -> None:
    """Delete a finding that has raised no recommendation, before publication."""
    finding = _locked_finding(finding)
    _require_state(finding.inspection, DRAFTING_STATES, "Deleting a finding")
    check_permission(by, "inspections.change_report", finding.inspection, "change this report")
    numbers = list(finding.recommendations.values_list("number", flat=True))
    if numbers:
        listed = ", ".join(str(n) for n in numbers)
        raise ServiceError(f"This finding raised recommendation {listed}: delete the recommendation first.")
    snapshot = _finding_snapshot(finding)
    record_event(actor=by, action="finding.deleted", obj=finding, inspection=finding.inspection,
                 summary=f"{finding.framework.display_title}: finding deleted", before=snapshot)
    siblings = [f for f in _siblings(finding) if f.pk != finding.pk]
    inspection, framework = finding.inspection, finding.framework
    finding.delete()
    _renumber_orders(siblings)
    _grade_again(inspection, framework, by)


# ---------------------------------------------------------------------------------------------
# Recommendations


def _check_recommendation_text(text: str) -> str:
    text = _check_text(text, "recommendation")
    if not text.startswith(RECOMMENDATION_OPENING):
        raise ServiceError(f"A recommendation starts “{RECOMMENDATION_OPENING} …”.")
    return text


def _numbering_key(rec: Recommendation) -> tuple[int, str, int, int, int, int]:
    framework = rec.framework
    if rec.finding is None:
        return (framework.order, framework.key, len(ALL_CATEGORY_ORDER), 0, 0, rec.number)
    rank = ALL_CATEGORY_ORDER.index(Category(rec.finding.category))
    return (framework.order, framework.key, rank, rec.finding.order, rec.finding.pk, rec.pk)


def renumber_recommendations(*, inspection: Inspection, by: User) -> bool:
    """Number recommendations 1..n through the report: framework order, then finding order.

    Numbers are fixed at publication: nothing is renumbered once the report is published.
    Returns whether any number changed.
    """
    if inspection.state == State.PUBLISHED:
        return False
    recommendations = sorted(
        Recommendation.objects.filter(inspection=inspection).select_related("framework", "finding"),
        key=_numbering_key,
    )
    changes = {}
    for number, rec in enumerate(recommendations, start=1):
        if rec.number != number:
            changes[rec.number] = number
            Recommendation.objects.filter(pk=rec.pk).update(number=number)
    if changes:
        record_event(actor=by, action="recommendation.renumbered", obj=inspection, inspection=inspection,
                     summary="Recommendations renumbered",
                     before={"numbers": sorted(changes)}, after={"numbers": [changes[k] for k in sorted(changes)]})
    return bool(changes)


@transaction.atomic
def raise_recommendation(*, finding: Finding, text: str, by: User) -> Recommendation:
    """Raise a recommendation from an area for improvement (or work in progress); it is numbered in place."""
    finding = _locked_finding(finding)
    inspection = finding.inspection
    _require_state(inspection, DRAFTING_STATES, "Raising a recommendation")
    check_permission(by, "inspections.change_report", inspection, "change this report")
    if finding.category not in recommending(inspection):
        raise ServiceError(f"A recommendation is raised from {recommending_words(inspection, 'or from')}.")
    _lock_section_order(inspection)  # numbers, like finding positions, are taken one writer at a time
    rec = Recommendation.objects.create(
        inspection=inspection, framework=finding.framework, finding=finding,
        number=inspection.recommendations.count() + 1, text=_check_recommendation_text(text),
    )
    renumber_recommendations(inspection=inspection, by=by)
    rec.refresh_from_db()
    record_event(actor=by, action="recommendation.raised", obj=rec, inspection=inspection,
                 summary=f"Recommendation {rec.number} raised ({finding.framework.display_title})",
                 after={"number": rec.number, "text": rec.text, "finding": finding.pk})
    return rec


@transaction.atomic
def update_recommendation(*, recommendation: Recommendation, text: str, revision: int, by: User) -> Recommendation:
    """Change a recommendation's words; refuse a stale revision."""
    current = _check_revision(Recommendation, recommendation.pk, revision, "recommendation")
    inspection = current.inspection
    if inspection.state != State.PUBLISHED:
        _require_state(inspection, DRAFTING_STATES, "Editing a recommendation")
    check_permission(by, "inspections.edit_report_text", inspection, "edit this report's text")
    before = {"number": current.number, "text": current.text, "revision": current.revision}
    current.text, current.revision = _check_recommendation_text(text), F("revision") + 1
    current.save()
    current.refresh_from_db()
    record_event(actor=by, action="recommendation.edited", obj=current, inspection=inspection,
                 summary=f"Recommendation {current.number} edited", before=before,
                 after={"number": current.number, "text": current.text, "revision": current.revision})
    return current


@transaction.atomic
def delete_recommendation(*, recommendation: Recommendation, by: User) -> None:
    """Delete a recommendation before publication; the others are renumbered."""
    rec = Recommendation.objects.select_for_update(of=("self",)).select_related("inspection").get(
        pk=recommendation.pk)
    _require_state(rec.inspection, DRAFTING_STATES, "Deleting a recommendation")
    check_permission(by, "inspections.change_report", rec.inspection, "change this report")
    record_event(actor=by, action="recommendation.deleted", obj=rec, inspection=rec.inspection,
                 summary=f"Recommendation {rec.number} deleted", before={"number": rec.number, "text": rec.text})
    rec.delete()
    renumber_recommendations(inspection=rec.inspection, by=by)


# ---------------------------------------------------------------------------------------------
# The factual-accuracy check


@transaction.atomic
def add_comment(
    *, inspection: Inspection, by: User, text: str, finding: Finding | None = None, location: str = ""
) -> FactualAccuracyComment:
    """A force liaison officer comments on a paragraph of the draft, or on a place named in words."""
    if inspection.state != State.FACTUAL_ACCURACY:
        raise ServiceError("Comments can be made only while the draft is at the factual-accuracy check.")
    check_permission(by, "inspections.comment_on_draft", inspection, "comment on this draft")
    text = check_free_text(text.strip(), TEXT_MAX_LENGTH, what="comment")
    if not text:
        raise ServiceError("Enter your comment.")
    if finding is not None and finding.inspection_id != inspection.pk:
        raise ServiceError("That paragraph is not in this draft.")
    if finding is None and not location.strip():
        raise ServiceError("Say which paragraph the comment is about, or where in the draft.")
    comment = FactualAccuracyComment.objects.create(
        inspection=inspection, finding=finding, location=location.strip()[:200], text=text, author=by
    )
    record_event(actor=by, action="comment.added", obj=comment, inspection=inspection,
                 summary=f"Factual-accuracy comment on {comment.where}", after={"text": text})
    # The liaison officer has read the draft as it stands: this is what the force last saw.
    record_force_seen(inspection)
    return comment


@transaction.atomic
def resolve_comment(*, comment: FactualAccuracyComment, by: User, note: str) -> FactualAccuracyComment:
    """An inspector resolves a comment, saying what was done about it."""
    comment = (
        FactualAccuracyComment.objects.select_for_update(of=("self",)).select_related("inspection")
        .get(pk=comment.pk)
    )
    if comment.inspection.state != State.FACTUAL_ACCURACY:
        raise ServiceError("Comments can be resolved only during the factual-accuracy check.")
    check_permission(by, "inspections.resolve_comment", comment, "resolve this draft's comments")
    if comment.resolved_at is not None:
        raise ServiceError(
            f"This comment was already resolved by {comment.resolved_by} on {_day(comment.resolved_at)}."
        )
    note = check_free_text(note.strip(), NOTE_MAX_LENGTH, what="note")
    if not note:
        raise ServiceError("Say how the comment was resolved: what changed in the draft, or why nothing did.")
    comment.resolved_by, comment.resolved_at, comment.resolution_note = by, timezone.now(), note
    comment.save(update_fields=["resolved_by", "resolved_at", "resolution_note"])
    record_event(actor=by, action="comment.resolved", obj=comment, inspection=comment.inspection,
                 summary=f"Factual-accuracy comment on {comment.where} resolved",
                 before={"resolved": False}, after={"resolved": True, "note": note})
    return comment
