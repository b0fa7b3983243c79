"""Assessing criteria and judging grades: SPEC sections 3 and 4 in the application.

Services (keyword-only, one transaction each, every change in the audit trail with before and
after) write; selectors read. The rules themselves are the pure engine in
`inspectorate.grading`; this module only feeds it what the database holds:

- an assessment counts as `met` only when at least one VERIFIED evidence item supports it;
  a `met` without verified support counts as `partly_met` (`counted_value`, docs/judgement.md);
- beacon and innovation evidence count only when verified;
- the thresholds are the programme's policy.

A published inspection's judgements are frozen: nothing here rewrites them, whatever later
happens to the programme's policy or the framework library.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from inspectorate.accounts.predicates import is_lead_of_inspection, is_on_inspection_team
from inspectorate.audit.services import record_event
from inspectorate.frameworks.models import Criterion, Framework
from inspectorate.freetext import TEXT_MAX_LENGTH, check_free_text, text_problem
from inspectorate.grading import GRADES, Outcome, Policy, derive_grade, parse_policy
from inspectorate.grading import Criterion as GradingCriterion

from .errors import NotPermitted, ServiceError, StaleEdit
from .lifecycle import ASSESSMENT_STATES
from .models import AssessmentValue, CriterionAssessment, EvidenceItem, Inspection, Judgement, State

MET, PARTLY_MET, NOT_ASSESSED = "met", "partly_met", "not_assessed"
JUDGED = frozenset({"met", "partly_met", "not_met"})  # the values that need a rationale

# ---------------------------------------------------------------------------------------------
# What the rules are fed


def counted_value(value: str, evidence: Iterable[EvidenceItem]) -> str:
    """The value the rules count: `met` needs at least one verified item, else it counts as partly met.

    SPEC section 3: only verified evidence may support an assessment. An unverified `met` has not
    been shown to be met, nor shown to fall short, which is what `partly_met` means to the rules.
    """
    if value == MET and not any(item.is_verified for item in evidence):
        return PARTLY_MET
    return value


def engine_criteria(framework: Framework) -> list[GradingCriterion]:
    return [
        GradingCriterion(c.code, c.level, significant=c.significant, dominant=c.dominant)
        for c in framework.criteria.order_by("order")
    ]


def counted_assessments(inspection: Inspection, framework: Framework) -> dict[str, str]:
    """Criterion code -> the value the rules count, for every assessed criterion of the framework."""
    assessments = (
        CriterionAssessment.objects.filter(inspection=inspection, criterion__framework=framework)
        .select_related("criterion")
        .prefetch_related("evidence")
    )
    return {a.criterion.code: counted_value(a.value, a.evidence.all()) for a in assessments}


def _has_verified(items: Any) -> bool:
    return bool(items.filter(verified_at__isnull=False).exists())


def _excellence_evidence(judgement: Judgement | None) -> tuple[bool, bool]:
    if judgement is None or judgement.pk is None:
        return False, False
    return _has_verified(judgement.beacon_evidence), _has_verified(judgement.innovation_evidence)


def engine_policy(policy: dict[str, Any]) -> Policy:
    """The engine's exact thresholds from a programme's policy (`Programme.grading_policy()`).

    A programme keeps its thresholds to six decimal places and hands a third over as the float
    nearest 1/3; the nearest fraction with a denominator up to a million recovers each exactly,
    so the reasons say "1/3" and 1 of 3 sits exactly on the boundary, as with `inspectorate grade`.
    """
    return parse_policy({key: Fraction(repr(float(value))).limit_denominator(10**6) for key, value in policy.items()})


def live_derivation(inspection: Inspection, framework: Framework, judgement: Judgement | None) -> dict[str, Any]:
    """What the rules make of the framework's assessments now, under the programme's current policy."""
    policy = inspection.programme.grading_policy()
    beacon, innovation = _excellence_evidence(judgement)
    outcome = derive_grade(
        criteria=engine_criteria(framework),
        assessments=counted_assessments(inspection, framework),
        beacon=beacon,
        innovation=innovation,
        policy=engine_policy(policy),
    )
    return _derivation(outcome, framework, policy)


def _derivation(outcome: Outcome, framework: Framework, policy: dict[str, Any]) -> dict[str, Any]:
    return {
        "framework": f"{framework.key} v{framework.version}",
        "framework_id": framework.pk,
        "policy": policy,
        **outcome.to_json(),
    }


def stored_derivation(judgement: Judgement) -> dict[str, Any] | None:
    """The derivation a judgement holds, in the shape `live_derivation` returns (None if never derived)."""
    if not judgement.derived_decision:
        return None
    return {
        "framework": f"{judgement.framework.key} v{judgement.framework.version}",
        "framework_id": judgement.framework_id,
        "policy": judgement.policy,
        "grade": judgement.derived_grade or None,
        "decided": judgement.derived_decision,
        "candidates": list(judgement.derived_candidates),
        "missing": list(judgement.derived_missing),
        "reasons": list(judgement.derived_reasons),
        "counts": dict(judgement.derived_counts),
    }


def _verdict(derivation: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """The part of a derivation a final grade answers: the grade, how it was decided, what is open."""
    if derivation is None:
        return None
    return derivation["grade"], derivation["decided"], tuple(derivation["candidates"]), tuple(derivation["missing"])


def describe(derivation: dict[str, Any]) -> str:
    if derivation["decided"] == "incomplete":
        return f"none yet (waiting for {', '.join(derivation['missing'])})"
    if derivation["decided"] == "judgement_required":
        return f"judgement required ({' or '.join(derivation['candidates'])})"
    return str(derivation["grade"])


# ---------------------------------------------------------------------------------------------
# Shared checks


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


def _judgement_of(inspection: Inspection, key: str, *, lock: bool = False) -> Judgement | None:
    judgements = Judgement.objects.select_related("framework")
    if lock:
        judgements = judgements.select_for_update()
    return judgements.filter(inspection=inspection, framework__key=key).first()


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


# ---------------------------------------------------------------------------------------------
# Services


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
    by: Any,
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
        refresh_derived_grade(inspection=inspection, framework=framework, by=by)
    return assessment


def _judgement_snapshot(judgement: Judgement) -> dict[str, Any]:
    return {
        "final_grade": judgement.final_grade,
        "rationale": judgement.rationale,
        "decided_by": str(judgement.decided_by) if judgement.decided_by_id else None,
        "revision": judgement.revision,
    }


@transaction.atomic
def refresh_derived_grade(*, inspection: Inspection, framework: Framework, by: Any = None) -> Judgement:
    """Derive the framework's grade with the rules and store it, with the policy and framework version.

    Creates the judgement when there is none. When the verdict (grade, decision, candidates or
    missing criteria) changes, a final grade set against the old verdict is withdrawn: the lead
    inspector must decide again, and the audit trail keeps what was withdrawn. Refused once the
    inspection is published. Deriving the same result again changes and records nothing.
    """
    inspection = _lock(inspection)
    _refuse_unless_open(inspection, f"derive the grade of {framework.display_title}")
    if not framework.graded:
        raise ServiceError(f"{framework.display_title} is not graded.")
    _refuse_unless_programme_version(inspection, framework)
    judgement = _judgement_of(inspection, framework.key, lock=True)
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
    basis_changed = before is None or (before["framework_id"], before["policy"]) != (framework.pk, derivation["policy"])
    if verdict_changed or basis_changed:
        judgement.revision += 1
    judgement.framework = framework
    judgement.derived_grade = derivation["grade"] or ""
    judgement.derived_decision = derivation["decided"]
    judgement.derived_candidates = derivation["candidates"]
    judgement.derived_missing = derivation["missing"]
    judgement.derived_reasons = derivation["reasons"]
    judgement.derived_counts = derivation["counts"]
    judgement.policy = derivation["policy"]
    judgement.save()
    title = framework.display_title
    record_event(
        actor=by, action="judgement.derived", obj=judgement, inspection=inspection,
        summary=f"{title}: rule-derived grade {describe(derivation)}",
        before=before, after=derivation,
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
def set_final_grade(*, judgement: Judgement, grade: str, rationale: str, by: Any, revision: int) -> Judgement:
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
            f"{describe(stored_derivation(current) or _NEVER)}, final grade "
            f"{current.final_grade or 'not set'}), so nothing was saved. Look at it as it now stands and decide again.",
            current,
        )
    if grade not in GRADES:
        raise ServiceError("Choose a final grade: Excellent, Good, Fair or Poor.")
    stored = stored_derivation(current)
    if stored is None or stored != live_derivation(inspection, current.framework, current):
        raise ServiceError(
            f"The rule-derived grade of {title} is out of date (evidence, the policy or the framework changed "
            "since it was derived). Derive it again, look at the result, then set the final grade."
        )
    rationale = check_free_text(rationale.strip(), TEXT_MAX_LENGTH, what="rationale")
    if stored["decided"] == "incomplete":
        raise ServiceError(
            f"Cannot set a final grade for {title} while the rules cannot derive one: assess "
            f"{', '.join(stored['missing'])} first."
        )
    if stored["decided"] == "judgement_required" and not rationale:
        raise ServiceError(
            f"The rules cannot decide between {' and '.join(stored['candidates'])} for {title}: "
            f"write why you chose {grade}."
        )
    if stored["decided"] == "rule" and grade != stored["grade"] and not rationale:
        raise ServiceError(
            f"The final grade {grade} differs from the rule-derived grade {stored['grade']}: write why."
        )
    before = _judgement_snapshot(current)
    if (current.final_grade, current.rationale) == (grade, rationale):
        return current
    current.final_grade, current.rationale, current.decided_by = grade, rationale, by
    current.revision += 1
    current.save()
    if stored["decided"] == "rule" and grade == stored["grade"]:
        how = "as the rules derived it"
    elif stored["decided"] == "rule":
        how = f"overriding the rule-derived {stored['grade']}"
    else:
        how = f"the rules could not decide between {' and '.join(stored['candidates'])}"
    record_event(
        actor=by, action="judgement.final_grade_set", obj=current, inspection=inspection,
        summary=f"{title}: final grade {grade}, {how}", before=before, after=_judgement_snapshot(current),
    )
    return current


_NEVER: dict[str, Any] = {"decided": "incomplete", "missing": ["(not yet derived)"]}


@transaction.atomic
def record_excellence_evidence(
    *, inspection: Inspection, framework: Framework, beacon_ids: Iterable[int], innovation_ids: Iterable[int],
    by: Any,
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
    judgement = refresh_derived_grade(inspection=inspection, framework=framework, by=by)
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
    return refresh_derived_grade(inspection=inspection, framework=framework, by=by)


# ---------------------------------------------------------------------------------------------
# Selectors


def framework_for_page(inspection: Inspection, key: str) -> Framework | None:
    """The framework version the page shows: as graded, once published; else the programme's version."""
    if inspection.state == State.PUBLISHED:
        judgement = _judgement_of(inspection, key)
        if judgement is not None:
            return judgement.framework
    return inspection.programme.frameworks.filter(key=key).first()


def graded_frameworks(inspection: Inspection) -> list[Framework]:
    return list(inspection.programme.frameworks.filter(graded=True).order_by("order", "key"))


@dataclass
class EvidenceChoice:
    item: EvidenceItem
    chosen: bool


@dataclass
class CriterionRow:
    """One criterion with its assessment as the page shows it (or as the user just typed it)."""

    criterion: Criterion
    assessment: CriterionAssessment | None
    value: str
    rationale: str
    evidence: list[EvidenceChoice]
    revision: int
    error: str = ""
    stale: bool = False

    @property
    def counted(self) -> str:
        return counted_value(self.value, [c.item for c in self.evidence if c.chosen])

    @property
    def counts_as_partly_met(self) -> bool:
        """Recorded as met, but no verified item supports it (so the rules count partly met)."""
        return self.assessment is not None and self.value == MET and self.counted == PARTLY_MET

    @property
    def value_label(self) -> str:
        return AssessmentValue(self.value).label

    @property
    def dom_id(self) -> str:
        return f"criterion-{self.criterion.code}"


def _evidence_by_criterion(inspection: Inspection, framework: Framework) -> dict[int, list[EvidenceItem]]:
    items = (
        EvidenceItem.objects.filter(inspection=inspection, criteria__framework=framework)
        .select_related("verified_by")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.filter(framework=framework)))
        .order_by("date", "id")
        .distinct()
    )
    found: dict[int, list[EvidenceItem]] = {}
    for item in items:
        for criterion in item.criteria.all():
            found.setdefault(criterion.pk, []).append(item)
    return found


def criterion_rows(inspection: Inspection, framework: Framework) -> list[CriterionRow]:
    """Every criterion of the framework with its assessment and the evidence that bears on it."""
    assessments = {
        a.criterion_id: a
        for a in CriterionAssessment.objects.filter(inspection=inspection, criterion__framework=framework)
        .select_related("assessed_by")
        .prefetch_related("evidence")
    }
    evidence = _evidence_by_criterion(inspection, framework)
    return [
        criterion_row(criterion, assessments.get(criterion.pk), evidence.get(criterion.pk, []))
        for criterion in framework.criteria.order_by("order")
    ]


def criterion_row(
    criterion: Criterion, assessment: CriterionAssessment | None, bearing: list[EvidenceItem],
    *, typed: dict[str, Any] | None = None, error: str = "", stale: bool = False,
) -> CriterionRow:
    """A row from the stored assessment, or (`typed`) from what the user submitted, to show a refusal."""
    cited = {e.pk for e in assessment.evidence.all()} if assessment else set()
    cited_items = list(assessment.evidence.all()) if assessment else []
    # Evidence still cited but no longer bearing on the criterion stays visible, so it can be removed.
    options = bearing + [item for item in cited_items if item.pk not in {b.pk for b in bearing}]
    if typed is not None:
        chosen = {int(i) for i in typed["evidence_ids"]}
        value, rationale = typed["value"], typed["rationale"]
    else:
        chosen = cited
        value = assessment.value if assessment else NOT_ASSESSED
        rationale = assessment.rationale if assessment else ""
    if value not in AssessmentValue.values:
        value = NOT_ASSESSED
    return CriterionRow(
        criterion=criterion, assessment=assessment, value=value, rationale=rationale,
        evidence=[EvidenceChoice(item, item.pk in chosen) for item in options],
        revision=assessment.revision if assessment else 0, error=error, stale=stale,
    )


def row_for(inspection: Inspection, criterion: Criterion, **kwargs: Any) -> CriterionRow:
    assessment = (
        CriterionAssessment.objects.filter(inspection=inspection, criterion=criterion)
        .select_related("assessed_by").prefetch_related("evidence").first()
    )
    bearing = list(
        EvidenceItem.objects.filter(inspection=inspection, criteria=criterion)
        .select_related("verified_by").order_by("date", "id")
    )
    return criterion_row(criterion, assessment, bearing, **kwargs)


def _fraction(value: Any) -> str:
    share = Fraction(str(value)).limit_denominator(100)
    return f"{share.numerator}/{share.denominator}" if share.denominator != 100 else f"{value:.0%}"


@dataclass
class GradePanel:
    """The derived grade beside the criteria: what the rules say, why, and under which policy."""

    framework: Framework
    judgement: Judgement | None
    derivation: dict[str, Any]
    frozen: bool
    out_of_date: bool
    imported: bool
    counts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def decided(self) -> str:
        return str(self.derivation.get("decided", ""))

    @property
    def policy_words(self) -> str:
        policy = self.derivation.get("policy") or {}
        if not policy:
            return ""
        return (f"Poor when at least {_fraction(policy['poor_share'])} of the significant Fair criteria are not met; "
                f"Good when more than {_fraction(policy['good_most'])} of the Good criteria are met; "
                f"Excellent when at least {_fraction(policy['excellent_vast'])} are met")

    @property
    def framework_version(self) -> str:
        return str(self.derivation.get("framework", "")).rsplit(" ", 1)[-1].lstrip("v")


def _count_lines(counts: dict[str, int]) -> list[tuple[str, str]]:
    if not counts:
        return []

    def of(met: str, total: str) -> str:
        return f"{counts.get(met, 0)} of {counts.get(total, 0)}"

    return [
        ("Significant Fair criteria met", of("significant_met", "significant_total")),
        ("Significant Fair criteria not met", of("significant_not_met", "significant_total")),
        ("Fair criteria met", of("fair_met", "fair_total")),
        ("Good criteria met", of("good_met", "good_total")),
        ("Dominant criteria not met", of("dominant_not_met", "dominant_total")),
        ("Significant or dominant criteria not assessed", str(counts.get("missing", 0))),
    ]


def grade_panel(inspection: Inspection, framework: Framework) -> GradePanel:
    """The stored derivation (frozen once published); while work goes on, also whether it is out of date."""
    judgement = _judgement_of(inspection, framework.key)
    stored = stored_derivation(judgement) if judgement else None
    frozen = inspection.state == State.PUBLISHED
    imported = judgement is not None and stored is None and bool(judgement.final_grade)
    if frozen or imported:
        derivation = stored or {}
        out_of_date = False
    else:
        live = live_derivation(inspection, framework, judgement)
        derivation = stored or live
        out_of_date = stored is not None and stored != live
    return GradePanel(
        framework=framework, judgement=judgement, derivation=derivation, frozen=frozen,
        out_of_date=out_of_date, imported=imported, counts=_count_lines(derivation.get("counts") or {}),
    )


def excellence_evidence_ids(judgement: Judgement | None) -> tuple[set[int], set[int]]:
    """The evidence recorded for Excellent: (beacon ids, innovation ids)."""
    if judgement is None:
        return set(), set()
    return (set(judgement.beacon_evidence.values_list("pk", flat=True)),
            set(judgement.innovation_evidence.values_list("pk", flat=True)))


def verified_evidence(inspection: Inspection) -> list[EvidenceItem]:
    return list(inspection.evidence.filter(verified_at__isnull=False).order_by("date", "id"))
