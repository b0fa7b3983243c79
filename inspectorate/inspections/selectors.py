"""Reading inspections: the workspace's lists, the draft in report order, what blocks a step."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, QuerySet, Value, When

from inspectorate.audit.models import AuditEvent
from inspectorate.frameworks.models import Framework
from inspectorate.national import grading
from inspectorate.national.models import Programme

from .models import (
    AssessmentValue,
    Category,
    CriterionAssessment,
    EvidenceItem,
    FactualAccuracyComment,
    Finding,
    Inspection,
    Judgement,
    Recommendation,
    State,
)

if TYPE_CHECKING:
    from inspectorate.accounts.models import User

# The order categories take in a framework's section of the report (SPEC section 5).
CATEGORY_ORDER = [
    Category.NATIONAL_CONTEXT,
    Category.CONTEXT,
    Category.STRENGTH,
    Category.WORK_IN_PROGRESS,
    Category.AREA_FOR_IMPROVEMENT,
]
# Every category in the order findings are listed, 2007's and PEEL's (library/models/peel-2025.yaml):
# a programme uses only its own model's, and among 2007's this is CATEGORY_ORDER.
ALL_CATEGORY_ORDER = [
    *CATEGORY_ORDER[:-1],
    Category.CAUSE_OF_CONCERN,
    Category.ACCELERATED_CAUSE_OF_CONCERN,
    Category.AREA_FOR_IMPROVEMENT,
    Category.INNOVATIVE_PRACTICE,
]


def categories_of(programme: Programme) -> list[Category]:
    """The finding categories of the programme's grading model, in the order its report lists them."""
    if grading.is_default_model(programme):
        return list(CATEGORY_ORDER)
    return [Category(kind.category) for kind in grading.finding_types(programme)]


def category_rank() -> Case:
    return Case(
        *[When(category=category, then=Value(rank)) for rank, category in enumerate(ALL_CATEGORY_ORDER)],
        output_field=IntegerField(),
    )


def frameworks_of(inspection: Inspection) -> list[Framework]:
    """The frameworks the inspection reports on, in report order."""
    return list(inspection.programme.frameworks.order_by("order", "key"))


def framework_of(inspection: Inspection, key: str) -> Framework | None:
    return inspection.programme.frameworks.filter(key=key).first()


def judgements_by_key(inspection: Inspection) -> dict[str, Judgement]:
    return {j.framework.key: j for j in inspection.judgements.select_related("framework", "decided_by")}


def findings_in_report_order(inspection: Inspection) -> QuerySet[Finding]:
    return (
        Finding.objects.filter(inspection=inspection)
        .select_related("framework")
        .annotate(category_rank=category_rank())
        .order_by("framework__order", "framework__key", "category_rank", "order", "id")
    )


def unverified_assessments(inspection: Inspection) -> list[str]:
    """Codes of the criteria whose assessment cites evidence nobody has verified yet."""
    assessments = (
        CriterionAssessment.objects.filter(inspection=inspection, evidence__verified_at__isnull=True)
        .exclude(value=AssessmentValue.NOT_ASSESSED)
        .select_related("criterion__framework")
        .order_by("criterion__framework__order", "criterion__order")
        .distinct()
    )
    return [a.criterion.code for a in assessments]


@dataclass
class FindingRow:
    finding: Finding
    recommendations: list[Recommendation]
    first: bool = False
    last: bool = False
    comments: list[FactualAccuracyComment] = field(default_factory=list)


@dataclass
class CategoryBlock:
    value: str
    label: str
    rows: list[FindingRow]


@dataclass
class FrameworkSection:
    framework: Framework
    judgement: Judgement | None
    categories: list[CategoryBlock]

    @property
    def finding_count(self) -> int:
        return sum(len(block.rows) for block in self.categories)

    @property
    def recommendations(self) -> list[Recommendation]:
        return [r for block in self.categories for row in block.rows for r in row.recommendations]


def report_sections(inspection: Inspection, *, with_comments: bool = False) -> list[FrameworkSection]:
    """The draft in report order: each framework with its findings by category and their recommendations."""
    findings = list(findings_in_report_order(inspection))
    recommendations: dict[int, list[Recommendation]] = {}
    for rec in inspection.recommendations.order_by("number"):
        if rec.finding_id is not None:
            recommendations.setdefault(rec.finding_id, []).append(rec)
    comments: dict[int, list[FactualAccuracyComment]] = {}
    if with_comments:
        for comment in inspection.fa_comments.select_related("author", "resolved_by"):
            if comment.finding_id is not None:
                comments.setdefault(comment.finding_id, []).append(comment)
    judgements = judgements_by_key(inspection)
    sections = []
    categories = categories_of(inspection.programme)
    for framework in frameworks_of(inspection):
        blocks = []
        for category in categories:
            rows = [
                FindingRow(f, recommendations.get(f.pk, []), comments=comments.get(f.pk, []))
                for f in findings
                if f.framework.key == framework.key and f.category == category
            ]
            if rows:
                rows[0].first, rows[-1].last = True, True
            blocks.append(CategoryBlock(category.value, category.label, rows))
        sections.append(FrameworkSection(framework, judgements.get(framework.key), blocks))
    return sections


def evidence_log(inspection: Inspection) -> QuerySet[EvidenceItem]:
    return (
        inspection.evidence.select_related("collected_by", "verified_by")
        .prefetch_related("criteria")
        .order_by("-date", "-id")
    )


def visible_inspections(user: User, inspections: Iterable[Inspection], perm: str) -> list[Inspection]:
    """The inspections the user holds `perm` on: the permission rules are the only filter."""
    return [i for i in inspections if user.has_perm(perm, i)]


def inspections_for_user(user: User) -> list[Inspection]:
    """'My inspections': those the user may read the draft of, newest programme first."""
    candidates = Inspection.objects.select_related("force", "programme", "lead").order_by(
        "-programme__publication_month", "force__name"
    )
    return visible_inspections(user, candidates.prefetch_related("team"), "inspections.view_draft")


@dataclass
class BoardColumn:
    state: str
    label: str
    inspections: list[Inspection]


def programme_board(programme: Programme, user: User) -> list[BoardColumn]:
    """The programme's inspections the user may see, one column per lifecycle state."""
    inspections = visible_inspections(
        user,
        Inspection.objects.filter(programme=programme).select_related("force", "lead").order_by("force__name"),
        "inspections.view_inspection",
    )
    return [
        BoardColumn(state.value, state.label, [i for i in inspections if i.state == state])
        for state in State
    ]


def audit_trail(inspection: Inspection) -> QuerySet[AuditEvent]:
    return inspection.audit_events.select_related("actor").order_by("-at", "-id")
