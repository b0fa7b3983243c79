"""Moderation: comparing inspections across forces (SPEC section 6).

National distributions and their comparison with the previous programme come from
``programmes.selectors``; this module lists the decisions people made and the grades the
criteria profiles do not bear out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.db.models import F, Q

from inspectorate.frameworks.models import Criterion, Framework
from inspectorate.inspections.models import AssessmentValue, CriterionAssessment, Judgement
from inspectorate.national import grading
from inspectorate.national.models import Programme

VALUE_RANK: dict[str, int] = {AssessmentValue.MET: 2, AssessmentValue.PARTLY_MET: 1, AssessmentValue.NOT_MET: 0}


@dataclass(frozen=True)
class Decision:
    """A final grade a person chose where the rules gave another grade or none."""

    judgement: Judgement
    kind: str  # "override", "judgement_required" or "incomplete"
    problem: str = ""

    @property
    def kind_label(self) -> str:
        return {
            "override": "Override of the rule-derived grade",
            "judgement_required": "Judgement required: the rules could not choose",
            "incomplete": "Final grade set while assessments were incomplete",
        }[self.kind]


def decisions(programme: Programme) -> list[Decision]:
    """Every override and every judgement-required (or incomplete) decision of the programme.

    Judgements never derived by the rules (imported from a published report) are not listed:
    there is no rule-derived grade to differ from.
    """
    judgements = (
        Judgement.objects.filter(inspection__programme=programme)
        .exclude(final_grade="")
        .exclude(derived_decision="")
        .filter(
            Q(derived_decision__in=["judgement_required", "incomplete"])
            | ~Q(final_grade=F("derived_grade"))
        )
        .select_related("inspection__force", "framework", "decided_by")
        .order_by("inspection__force__name", "framework__order")
    )
    found = []
    for judgement in judgements:
        if judgement.derived_decision == "rule":
            kind = "override"
        else:
            kind = judgement.derived_decision
        problem = "" if judgement.rationale.strip() else "No rationale recorded."
        if kind == "judgement_required" and judgement.derived_candidates and (
            judgement.final_grade not in judgement.derived_candidates
        ):
            problem = (problem + " " if problem else "") + (
                f"The final grade is not one of the candidates ({' or '.join(judgement.derived_candidates)})."
            )
        found.append(Decision(judgement=judgement, kind=kind, problem=problem))
    return found


def imported_judgement_count(programme: Programme) -> int:
    """Judgements held without a rule-derived grade (imported from published reports)."""
    return Judgement.objects.filter(inspection__programme=programme, derived_decision="").exclude(
        final_grade=""
    ).count()


@dataclass(frozen=True)
class Inconsistency:
    """``better`` was graded above ``dominating``, whose criterion assessments are all at least as good."""

    framework: Framework
    better: Judgement
    dominating: Judgement
    stronger_on: list[str]  # criterion codes where ``dominating`` was assessed strictly better

    @property
    def identical(self) -> bool:
        return not self.stronger_on


def inconsistencies(programme: Programme) -> list[Inconsistency]:
    """Pairs of forces whose grades the criteria profiles contradict, framework version by version.

    A judgement A graded better than B is inconsistent with B when, on the same framework
    version, every criterion of that version is assessed (met, partly met or not met) for both
    and B's assessment is at least as good as A's on each (met > partly met > not met).
    A criterion not assessed for either force makes the pair incomparable.
    """
    judgements = list(
        Judgement.objects.filter(inspection__programme=programme, framework__graded=True)
        .exclude(final_grade="")
        .select_related("inspection__force", "framework")
        .order_by("framework__order", "inspection__force__name")
    )
    rank = grading.model_of(programme).rank  # the programme's grading model's scale: 0 is the best
    by_framework: dict[int, list[Judgement]] = defaultdict(list)
    for judgement in judgements:
        by_framework[judgement.framework_id].append(judgement)
    found: list[Inconsistency] = []
    for framework_id, group in by_framework.items():
        if len(group) < 2:
            continue
        criteria = dict(Criterion.objects.filter(framework_id=framework_id).values_list("id", "code"))
        profiles = _profiles([j.inspection_id for j in group], criteria)
        for first, second in combinations(group, 2):
            if rank[first.final_grade] == rank[second.final_grade]:
                continue
            better, worse = sorted((first, second), key=lambda j: rank[j.final_grade])
            stronger = _dominates(profiles[worse.inspection_id], profiles[better.inspection_id], criteria)
            if stronger is not None:
                found.append(Inconsistency(better.framework, better, worse, stronger))
    return found


def _profiles(inspection_ids: list[int], criteria: dict[int, str]) -> dict[int, dict[int, int]]:
    """Each inspection's assessed values on the given criteria, as ranks (not assessed left out)."""
    profiles: dict[int, dict[int, int]] = {pk: {} for pk in inspection_ids}
    rows = CriterionAssessment.objects.filter(
        inspection_id__in=inspection_ids, criterion_id__in=list(criteria)
    ).values_list("inspection_id", "criterion_id", "value")
    for inspection_id, criterion_id, value in rows:
        if value in VALUE_RANK:
            profiles[inspection_id][criterion_id] = VALUE_RANK[value]
    return profiles


def _dominates(strong: dict[int, int], weak: dict[int, int], criteria: dict[int, str]) -> list[str] | None:
    """The criteria where ``strong`` beats ``weak`` if it is at least as good on every one, else None."""
    if not criteria:
        return None
    stronger = []
    for criterion_id, code in criteria.items():
        if criterion_id not in strong or criterion_id not in weak:
            return None
        if strong[criterion_id] < weak[criterion_id]:
            return None
        if strong[criterion_id] > weak[criterion_id]:
            stronger.append(code)
    return stronger
