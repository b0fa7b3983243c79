"""The open datasets: one row builder each, shared by the CSV/JSON downloads and the REST API.

Only published material: published judgements, national distributions from published grades and
published aggregates, recommendations of published reports with their status, and the public
developing practice library. Rows about made-up demonstration forces say so (``synthetic``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone

from inspectorate.core.grades import GRADE_KEYS
from inspectorate.followup import selectors as followup_selectors
from inspectorate.followup.models import FollowUp
from inspectorate.inspections.models import Judgement, State
from inspectorate.practice import selectors as practice_selectors
from inspectorate.practice.models import DevelopingPractice
from inspectorate.programmes.models import Programme
from inspectorate.programmes.selectors import national_summary
from inspectorate.reports.selectors import PublishedWording

SYNTHETIC_NOTE = (
    "Rows with synthetic = true are about made-up demonstration forces: they are invented to show "
    "how the system works and describe no real force."
)


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    columns: tuple[str, ...]


DATASETS: dict[str, Dataset] = {
    "judgements": Dataset(
        "judgements", "Published judgements",
        "Each published grade: programme, force, framework and grade.",
        ("programme", "programme_title", "published", "force", "force_name", "synthetic", "framework",
         "framework_title", "framework_version", "grade"),
    ),
    "national": Dataset(
        "national", "National distributions",
        "Each programme's count of forces at each grade per framework: the published aggregate where "
        "held, the count computed from published grades held (with its coverage and any mismatch), and "
        "made-up demonstration forces apart.",
        ("programme", "framework", "framework_title", "source", *GRADE_KEYS,
         "forces_counted", "forces_total", "mismatch"),
    ),
    "recommendations": Dataset(
        "recommendations", "Recommendations and their status",
        "Each recommendation of a published report, with its follow-up status, target date and whether "
        "it is overdue; source says where its wording comes from (the published report, or a report "
        "reconstructed from the published facts whose wording is not held).",
        ("id", "programme", "force", "force_name", "synthetic", "number", "framework", "text", "status",
         "target_date", "overdue", "last_change", "source"),
    ),
    "practice": Dataset(
        "practice", "Developing practice",
        "Each developing practice example forces submitted; none has been independently evaluated by the "
        "inspectorate.",
        ("id", "title", "problem", "solution", "outcomes", "contact", "force", "force_name", "synthetic",
         "framework", "programme", "independently_evaluated"),
    ),
}


def _month(value: date) -> str:
    return f"{value:%Y-%m}"


def published_judgements(
    *, programme: str | None = None, force: str | None = None, framework: str | None = None
) -> QuerySet[Judgement]:
    judgements = (
        Judgement.objects.filter(inspection__state=State.PUBLISHED, framework__graded=True)
        .exclude(final_grade="")
        .select_related("inspection__programme", "inspection__force", "framework")
        .order_by("-inspection__programme__publication_month", "inspection__force__name", "framework__order")
    )
    if programme:
        judgements = judgements.filter(inspection__programme__slug=programme)
    if force:
        judgements = judgements.filter(inspection__force__slug=force)
    if framework:
        judgements = judgements.filter(framework__key=framework)
    return judgements


def judgement_row(judgement: Judgement, wording: PublishedWording | None = None) -> dict[str, Any]:
    """One published grade, as the latest published version has it."""
    inspection = judgement.inspection
    return {
        "programme": inspection.programme.slug,
        "programme_title": inspection.programme.title,
        "published": _month(inspection.programme.publication_month),
        "force": inspection.force.slug,
        "force_name": inspection.force.name,
        "synthetic": inspection.force.is_synthetic,
        "framework": judgement.framework.key,
        "framework_title": judgement.framework.title,
        "framework_version": judgement.framework.version,
        "grade": (wording or PublishedWording()).grade(judgement),
    }


def national_rows(*, programme: str | None = None) -> Iterator[dict[str, Any]]:
    programmes = Programme.objects.order_by("-publication_month")
    if programme:
        programmes = programmes.filter(slug=programme)
    for item in programmes:
        for row in national_summary(item):
            base = {"programme": item.slug, "framework": row.framework_key, "framework_title": row.title}
            if row.published is not None:
                yield base | {"source": "published"} | row.published | {
                    "forces_counted": sum(row.published.values()), "forces_total": row.forces_total,
                    "mismatch": [],
                }
            yield base | {"source": "computed from published grades held"} | row.computed | {
                "forces_counted": row.forces_held, "forces_total": row.forces_total, "mismatch": row.mismatches,
            }
            if row.synthetic_forces:
                yield base | {"source": "made-up demonstration forces"} | row.synthetic | {
                    "forces_counted": row.synthetic_forces, "forces_total": None, "mismatch": [],
                }


def recommendations(**filters: Any) -> QuerySet[FollowUp]:
    """Follow-ups of published recommendations, with their last change."""
    return followup_selectors.follow_ups(**filters).annotate(last_change=Max("changes__at"))


def recommendation_row(follow_up: FollowUp, wording: PublishedWording | None = None) -> dict[str, Any]:
    """One recommendation with its status; its text as the latest published version has it."""
    recommendation = follow_up.recommendation
    inspection = recommendation.inspection
    last_change = getattr(follow_up, "last_change", None) or follow_up.created_at
    return {
        "id": recommendation.pk,
        "programme": inspection.programme.slug,
        "force": inspection.force.slug,
        "force_name": inspection.force.name,
        "synthetic": inspection.force.is_synthetic,
        "number": recommendation.number,
        "framework": recommendation.framework.key,
        "text": (wording or PublishedWording()).recommendation_text(recommendation),
        "status": follow_up.status,
        "target_date": follow_up.target_date,
        "overdue": bool(getattr(follow_up, "overdue", followup_selectors.is_overdue(follow_up))),
        "last_change": timezone.localdate(last_change),
        "source": (wording or PublishedWording()).source(inspection.pk),
    }


def practice_row(example: DevelopingPractice) -> dict[str, Any]:
    return {
        "id": example.pk,
        "title": example.title,
        "problem": example.problem,
        "solution": example.solution,
        "outcomes": example.outcomes,
        "contact": example.contact,
        "force": example.force.slug,
        "force_name": example.force.name,
        "synthetic": example.force.is_synthetic,
        "framework": example.framework.key,
        "programme": example.inspection.programme.slug if example.inspection else None,
        "independently_evaluated": False,
    }


def rows(dataset: str) -> Iterator[dict[str, Any]]:
    """Every row of one dataset, in its published order."""
    if dataset == "judgements":
        wording = PublishedWording()
        yield from (row for j in published_judgements() if (row := judgement_row(j, wording))["grade"])
    elif dataset == "national":
        yield from national_rows()
    elif dataset == "recommendations":
        wording = PublishedWording()
        yield from (recommendation_row(f, wording) for f in recommendations())
    elif dataset == "practice":
        yield from (practice_row(e) for e in practice_selectors.library())
    else:
        raise KeyError(dataset)
