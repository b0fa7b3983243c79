"""Writing assessments and judgements: keyword-only, one transaction each, every change audited.

A published inspection's judgements are frozen: nothing here rewrites them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from inspectorate.accounts.predicates import is_lead_of_inspection, is_on_inspection_team
from inspectorate.audit.services import record_event
from inspectorate.frameworks.models import Criterion, Framework
from inspectorate.freetext import TEXT_MAX_LENGTH, check_free_text, text_problem
from inspectorate.national import grading

from ..errors import NotPermitted, ServiceError, StaleEdit
from ..lifecycle import ASSESSMENT_STATES
from ..models import AssessmentValue, CriterionAssessment, EvidenceItem, Inspection, Judgement, State

if TYPE_CHECKING:
    from inspectorate.access import Acting
    from inspectorate.accounts.models import User
from .selectors import (
    JUDGED,
    MET,
    Derivation,
    describe,
    judgement_of,
    live_derivation,
    policy_text,
    stored_derivation,
)


def _verdict(derivation: Derivation | None) -> tuple[object, ...] | None:
    """The part of a derivation a final grade answers: the grade, how it was decided, what is open."""
    if derivation is None:
        return None
    outcome = derivation.outcome
    return outcome.grade, outcome.decided, outcome.candidates, outcome.missing


def _lock(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().select_related("programme").get(pk=inspection.pk)


def _refuse_unless_open(inspection: Inspection, doing: str) -> None:
    if inspection.state == State.PUBLISHED:
        raise ServiceError(
            f"Cannot {doing}: the inspection is published, and its judgements stay as they were published."
        )
    if inspection.state not in ASSESSMENT_STATES:
        raise ServiceError(
            f"Cannot {doing}: assessments and grades change only during fieldwork, drafting or moderation; "
            f"this inspection is at the {inspection.get_state_display().lower()} stage."
        )


def _refuse_unless_programme_version(inspection: Inspection, framework: Framework) -> None:
    in_force = inspection.programme.frameworks.filter(key=framework.key).first()
    if in_force is None:
        raise ServiceError(f"{framework.display_title} is not a framework of this inspection's programme.")
    if in_force.pk != framework.pk:
        raise ServiceError(
            f"{framework.display_title} version {framework.version} is not the version this inspection "
            f"is graded against (version {in_force.version})."
        )


def _items(inspection: Inspection, ids: Iterable[int]) -> list[EvidenceItem]:
    """Evidence items of this inspection by id; ids from elsewhere are refused, not ignored."""
    wanted = sorted({int(i) for i in ids})
    items = list(EvidenceItem.objects.filter(pk__in=wanted, inspection=inspection).prefetch_related("criteria"))
    strangers = sorted(set(wanted) - {item.pk for item in items})
    if strangers:
        listed = ", ".join(str(i) for i in strangers)
        raise ServiceError(f"Evidence {listed} is not in this inspection's evidence log.")
    return items


def _quoted(item: EvidenceItem) -> str:
    summary = item.summary if len(item.summary) <= 60 else item.summary[:57] + "..."
    return f"“{summary}”"


def _assessment_snapshot(assessment: CriterionAssessment | None) -> dict[str, Any] | None:
    if assessment is None or assessment.pk is None:
        return None
    return {
        "criterion": assessment.criterion.code,
        "value": assessment.value,
        "rationale": assessment.rationale,
        "evidence": sorted(e.pk for e in assessment.evidence.all()),
        "revision": assessment.revision,
    }


def _assessment_problems(criterion: Criterion, value: str, rationale: str, items: list[EvidenceItem]) -> list[str]:
    problems = []
    if value not in AssessmentValue.values:
        return [f"“{value}” is not an assessment: choose met, partly met, not met or not assessed."]
    if (problem := text_problem(rationale, TEXT_MAX_LENGTH)) is not None:
        return [problem.replace("The text", "The rationale", 1)]
    if value in JUDGED and not rationale:
        problems.append(f"Give a rationale for assessing {criterion.code} as {AssessmentValue(value).label.lower()}.")
    elsewhere = [item for item in items if criterion not in item.criteria.all()]
    if elsewhere:
        problems.append(
            f"{', '.join(_quoted(i) for i in elsewhere)} does not bear on {criterion.code} in the evidence log; "
            "record there that it does before citing it."
        )
    if value == MET:
        unverified = [item for item in items if not item.is_verified]
        if not items:
            problems.append(f"Met needs verified evidence: choose at least one verified item that shows "
                            f"{criterion.code} is met.")
        elif unverified:
            problems.append(
                f"Only verified evidence may support met: {', '.join(_quoted(i) for i in unverified)} "
                "is not verified yet. Leave it out, or have it verified first."
            )
    return problems


@transaction.atomic
def assess_criterion(
    *,
    inspection: Inspection,
    criterion: Criterion,
    value: str,
    rationale: str,
    evidence_ids: Iterable[int],
    by: User,
    revision: int,
) -> CriterionAssessment:
    """Assess one criterion against its evidence, then derive the framework's grade again.

    `revision` is the assessment's revision when the user opened it (0 when there was none). If
    someone saved it since, StaleEdit is raised carrying the current assessment, and nothing is
    written. Evidence must be in this inspection's log and bear on the criterion; `met` must rest
    on verified evidence only. Saving what is already there changes nothing and records nothing.
    """
    inspection = _lock(inspection)
    _refuse_unless_open(inspection, f"assess {criterion.code}")
    if not is_on_inspection_team(by, inspection):
        raise NotPermitted("Only inspectors on this inspection's team may assess its criteria.")
    framework = criterion.framework
    _refuse_unless_programme_version(inspection, framework)
    current = (
        CriterionAssessment.objects.select_for_update()
        .select_related("criterion")
        .filter(inspection=inspection, criterion=criterion)
        .first()
    )
    if (current.revision if current else 0) != revision:
        who = current.assessed_by if current and current.assessed_by else "someone else"
        raise StaleEdit(
            f"{criterion.code} was changed under you by {who} while you were editing it, so nothing was saved. "
            "Its assessment as it now stands is shown; make your change again if it is still needed.",
            current,
        )
    rationale = rationale.strip()
    items = _items(inspection, evidence_ids)
    problems = _assessment_problems(criterion, value, rationale, items)
    if problems:
        raise ServiceError(" ".join(problems))
    before = _assessment_snapshot(current)
    after_evidence = sorted(item.pk for item in items)
    if current is not None and before is not None and (
        before["value"], before["rationale"], before["evidence"]
    ) == (value, rationale, after_evidence):
        return current
    assessment = current or CriterionAssessment(inspection=inspection, criterion=criterion, revision=0)
    assessment.value, assessment.rationale, assessment.assessed_by = value, rationale, by
    assessment.revision += 1
    assessment.save()
    assessment.evidence.set(items)
    record_event(
        actor=by, action="assessment.recorded", obj=assessment, inspection=inspection,
        summary=f"{criterion.code} assessed as {AssessmentValue(value).label.lower()}",
        before=before, after=_assessment_snapshot(assessment),
    )
    if framework.graded:  # the PVP overview's criteria are assessed but not graded
        _derive(inspection, framework, by)
    return assessment


def _judgement_snapshot(judgement: Judgement) -> dict[str, Any]:
    return {
        "final_grade": judgement.final_grade,
        "rationale": judgement.rationale,
        "decided_by": str(judgement.decided_by) if judgement.decided_by_id else None,
        "revision": judgement.revision,
    }


@transaction.atomic
def refresh_derived_grade(*, inspection: Inspection, framework: Framework, by: Acting | None = None) -> Judgement:
    """Derive the framework's grade with the rules and store it, with the policy and framework version.

    Creates the judgement when there is none. When the verdict (grade, decision, candidates or
    missing criteria) changes, a final grade set against the old verdict is withdrawn: the lead
    inspector must decide again, and the audit trail keeps what was withdrawn. Refused once the
    inspection is published. Deriving the same result again changes and records nothing.
    """
    inspection = _lock(inspection)
    _refuse_unless_open(inspection, f"derive the grade of {framework.display_title}")
    return _derive(inspection, framework, by)


def _derive(inspection: Inspection, framework: Framework, by: Acting | None) -> Judgement:
    """`refresh_derived_grade` for an inspection this transaction has locked and found open."""
    if not framework.graded:
        raise ServiceError(f"{framework.display_title} is not graded.")
    _refuse_unless_programme_version(inspection, framework)
    judgement = judgement_of(inspection, framework.key, lock=True)
    derivation = live_derivation(inspection, framework, judgement)
    before = stored_derivation(judgement) if judgement else None
    if judgement is not None and before == derivation:
        return judgement
    if judgement is None:
        judgement = Judgement(inspection=inspection, framework=framework, revision=0)
    verdict_changed = _verdict(before) != _verdict(derivation)
    withdrawn = _judgement_snapshot(judgement) if verdict_changed and judgement.final_grade else None
    if withdrawn:
        judgement.final_grade, judgement.rationale, judgement.decided_by = "", "", None
    basis_changed = before is None or (before.framework_id, before.policy) != (framework.pk, derivation.policy)
    if verdict_changed or basis_changed:
        judgement.revision += 1
    judgement.framework = framework
    outcome = derivation.outcome
    judgement.derived_grade = outcome.grade or ""
    judgement.derived_decision = outcome.decided
    judgement.derived_candidates = list(outcome.candidates)
    judgement.derived_missing = list(outcome.missing)
    judgement.derived_reasons = list(outcome.reasons)
    judgement.derived_counts = dict(outcome.counts)
    judgement.policy = policy_text(derivation.policy)
    judgement.save()
    title = framework.display_title
    record_event(
        actor=by, action="judgement.derived", obj=judgement, inspection=inspection,
        summary=f"{title}: rule-derived grade {describe(derivation)}",
        before=before.to_json() if before else None, after=derivation.to_json(),
    )
    if withdrawn:
        record_event(
            actor=by, action="judgement.final_grade_withdrawn", obj=judgement, inspection=inspection,
            summary=f"{title}: final grade {withdrawn['final_grade']} withdrawn because the rule-derived grade "
                    f"changed to {describe(derivation)}; the lead inspector must set it again",
            before=withdrawn, after=_judgement_snapshot(judgement),
        )
    return judgement


@transaction.atomic
def set_final_grade(*, judgement: Judgement, grade: str, rationale: str, by: User, revision: int) -> Judgement:
    """The lead inspector sets a framework's final grade.

    A rationale is required when the grade differs from the rule-derived grade and whenever the
    rules said judgement required. Refused: for anyone but the inspection's lead; on a stale
    `revision` (StaleEdit, carrying the judgement as it stands); while the derivation is
    incomplete (naming the criteria it waits for) or out of date; once the inspection is published.
    """
    inspection = _lock(judgement.inspection)
    current = Judgement.objects.select_for_update().select_related("framework").get(pk=judgement.pk)
    title = current.framework.display_title
    _refuse_unless_open(inspection, f"set the final grade of {title}")
    if not is_lead_of_inspection(by, inspection):
        raise NotPermitted("Only the lead inspector of this inspection may set its final grades.")
    if current.revision != revision:
        raise StaleEdit(
            f"The judgement of {title} changed under you while you were deciding (rule-derived grade now "
            f"{describe(stored_derivation(current))}, final grade "
            f"{current.final_grade or 'not set'}), so nothing was saved. Look at it as it now stands and decide again.",
            current,
        )
    scale = grading.grade_names(inspection.programme)
    if grade not in scale:
        raise ServiceError(f"Choose a final grade: {', '.join(scale[:-1])} or {scale[-1]}.")
    derivation = stored_derivation(current)
    if derivation is None or derivation != live_derivation(inspection, current.framework, current):
        raise ServiceError(
            f"The rule-derived grade of {title} is out of date (evidence, the policy or the framework changed "
            "since it was derived). Derive it again, look at the result, then set the final grade."
        )
    rationale = check_free_text(rationale.strip(), TEXT_MAX_LENGTH, what="rationale")
    stored = derivation.outcome
    if stored.decided == "incomplete":
        raise ServiceError(
            f"Cannot set a final grade for {title} while the rules cannot derive one: assess "
            f"{', '.join(stored.missing)} first."
        )
    if stored.decided == "judgement_required" and not rationale:
        raise ServiceError(
            f"The rules cannot decide between {' and '.join(stored.candidates)} for {title}: "
            f"write why you chose {grade}."
        )
    if stored.decided == "rule" and grade != stored.grade and not rationale:
        raise ServiceError(
            f"The final grade {grade} differs from the rule-derived grade {stored.grade}: write why."
        )
    before = _judgement_snapshot(current)
    if (current.final_grade, current.rationale) == (grade, rationale):
        return current
    current.final_grade, current.rationale, current.decided_by = grade, rationale, by
    current.revision += 1
    current.save()
    if stored.decided == "rule" and grade == stored.grade:
        how = "as the rules derived it"
    elif stored.decided == "rule":
        how = f"overriding the rule-derived {stored.grade}"
    else:
        how = f"the rules could not decide between {' and '.join(stored.candidates)}"
    record_event(
        actor=by, action="judgement.final_grade_set", obj=current, inspection=inspection,
        summary=f"{title}: final grade {grade}, {how}", before=before, after=_judgement_snapshot(current),
    )
    return current


@transaction.atomic
def record_excellence_evidence(
    *, inspection: Inspection, framework: Framework, beacon_ids: Iterable[int], innovation_ids: Iterable[int],
    by: User,
) -> Judgement:
    """Record which verified evidence shows the force is a beacon and has introduced and evaluated innovation.

    Excellent needs both recorded (SPEC section 4). Only verified items of this inspection's log
    may be chosen. The grade is derived again afterwards.
    """
    inspection = _lock(inspection)
    _refuse_unless_open(inspection, f"record evidence for Excellent in {framework.display_title}")
    if not is_on_inspection_team(by, inspection):
        raise NotPermitted("Only inspectors on this inspection's team may record evidence for Excellent.")
    beacon, innovation = _items(inspection, beacon_ids), _items(inspection, innovation_ids)
    unverified = [item for item in beacon + innovation if not item.is_verified]
    if unverified:
        raise ServiceError(
            f"Only verified evidence may count towards Excellent: {', '.join(_quoted(i) for i in unverified)} "
            "is not verified yet."
        )
    judgement = _derive(inspection, framework, by)
    before = {"beacon": sorted(judgement.beacon_evidence.values_list("pk", flat=True)),
              "innovation": sorted(judgement.innovation_evidence.values_list("pk", flat=True))}
    after = {"beacon": sorted(i.pk for i in beacon), "innovation": sorted(i.pk for i in innovation)}
    if before == after:
        return judgement
    judgement.beacon_evidence.set(beacon)
    judgement.innovation_evidence.set(innovation)
    record_event(
        actor=by, action="judgement.excellence_evidence_recorded", obj=judgement, inspection=inspection,
        summary=f"{framework.display_title}: evidence for Excellent recorded "
                f"({len(beacon)} beacon, {len(innovation)} innovation)",
        before=before, after=after,
    )
    return _derive(inspection, framework, by)

