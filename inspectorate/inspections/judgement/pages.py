"""What the assessment page shows: a row per criterion, and the grade panel beside them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.db.models import Prefetch

from inspectorate.core.grading import DEFAULT_MODEL, GradingModel, Outcome
from inspectorate.core.grading.modelfile import GradeSpec
from inspectorate.core.grading.reasons import share
from inspectorate.frameworks.models import Criterion, Framework
from inspectorate.national import grading

from ..models import AssessmentValue, CriterionAssessment, EvidenceItem, Inspection, Judgement, State
from .selectors import (
    MET,
    NOT_ASSESSED,
    PARTLY_MET,
    Derivation,
    counted_value,
    judgement_of,
    live_derivation,
    stored_derivation,
)


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


class TypedAssessment(TypedDict):
    """An assessment as the user submitted it."""

    value: str
    rationale: str
    evidence_ids: list[int]


def criterion_row(
    criterion: Criterion, assessment: CriterionAssessment | None, bearing: list[EvidenceItem],
    *, typed: TypedAssessment | None = None, error: str = "", stale: bool = False,
) -> CriterionRow:
    """A row from the stored assessment, or (`typed`) from what the user submitted, to show a refusal."""
    cited_items = list(assessment.evidence.all()) if assessment else []
    cited = {item.pk for item in cited_items}
    # Evidence still cited but no longer bearing on the criterion stays visible, so it can be removed.
    bearing_ids = {item.pk for item in bearing}
    options = bearing + [item for item in cited_items if item.pk not in bearing_ids]
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


@dataclass
class GradePanel:
    """The derived grade beside the criteria: what the rules say, why, and under which policy."""

    framework: Framework
    judgement: Judgement | None
    derivation: Derivation | None
    frozen: bool
    out_of_date: bool
    imported: bool
    counts: list[tuple[str, str]] = field(default_factory=list)
    # The programme's grading model: HMIC 2007 keeps the page as it was; another shows its scale.
    is_default_model: bool = True
    model_title: str = ""
    scale: tuple[GradeSpec, ...] = ()
    # The model's parameters in its file's order: a stored policy's keys come back from PostgreSQL's
    # jsonb in its own order, not the order they were written in.
    parameters: tuple[str, ...] = ()

    @property
    def outcome(self) -> Outcome | None:
        """The core's typed outcome the panel shows (None when nothing was derived)."""
        return self.derivation.outcome if self.derivation else None

    @property
    def decided(self) -> str:
        return self.outcome.decided if self.outcome else ""

    @property
    def by_rule(self) -> bool:
        return self.outcome is not None and self.outcome.decided == "rule"

    @property
    def judgement_required(self) -> bool:
        return self.outcome is not None and self.outcome.decided == "judgement_required"

    @property
    def policy_words(self) -> str:
        """The thresholds in the words the reasons and the published report use ("1/3", "50%", "80%")."""
        policy = self.derivation.policy if self.derivation else {}
        if not policy:
            return ""
        if not self.is_default_model:
            names = [name for name in self.parameters if name in policy] + sorted(set(policy) - set(self.parameters))
            return "; ".join(f"{name.replace('_', ' ')}: {share(policy[name])}" for name in names)
        return (f"Poor when at least {share(policy['poor_share'])} of the significant Fair criteria are not met; "
                f"Good when more than {share(policy['good_most'])} of the Good criteria are met; "
                f"Excellent when at least {share(policy['excellent_vast'])} are met")

    @property
    def framework_version(self) -> str:
        return (self.derivation.framework if self.derivation else "").rsplit(" ", 1)[-1].lstrip("v")


def _model_count_lines(counts: dict[str, int], model: GradingModel) -> list[tuple[str, str]]:
    """Another model's counts ("characteristics_met": 3) as "Characteristics of good met": "3 of 5"."""
    lines = []
    for name, _, part in model.count_names:
        set_name = name.removesuffix(f"_{part}")
        if part == "total" or name not in counts:
            continue
        total = counts.get(f"{set_name}_total")
        label = f"{model.nouns[set_name][1]} {part.replace('_', ' ')}"
        value = counts[name]
        lines.append((label[0].upper() + label[1:], f"{value} of {total}" if total is not None else str(value)))
    return lines


def _count_lines(counts: dict[str, int], model: GradingModel) -> list[tuple[str, str]]:
    if not counts:
        return []
    if model.key != DEFAULT_MODEL:
        return _model_count_lines(counts, model)

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
    judgement = judgement_of(inspection, framework.key)
    stored = stored_derivation(judgement) if judgement else None
    frozen = inspection.state == State.PUBLISHED
    imported = judgement is not None and stored is None and bool(judgement.final_grade)
    derivation: Derivation | None
    if frozen or imported:
        derivation = stored
        out_of_date = False
    else:
        live = live_derivation(inspection, framework, judgement)
        derivation = stored or live
        out_of_date = stored is not None and stored != live
    model = grading.model_of(inspection.programme)
    return GradePanel(
        framework=framework, judgement=judgement, derivation=derivation, frozen=frozen,
        out_of_date=out_of_date, imported=imported,
        counts=_count_lines(dict(derivation.outcome.counts) if derivation else {}, model),
        is_default_model=model.key == DEFAULT_MODEL,
        model_title=model.spec.title,
        scale=tuple(model.spec.scale),
        parameters=tuple(model.parameters),
    )

