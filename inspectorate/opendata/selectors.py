"""The open datasets: one row builder each, shared by the CSV/JSON downloads and the REST API.

Only published material: published judgements, national distributions from published grades and
published aggregates, recommendations of published reports with their status, and the public
developing practice library. Rows about made-up demonstration forces say so (``synthetic``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import islice
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from inspectorate.core.grades import GRADE_KEYS
from inspectorate.inspections.models import Judgement, State
from inspectorate.national import grading
from inspectorate.national.models import Programme
from inspectorate.national.selectors import national_summary
from inspectorate.practice import selectors as practice_selectors
from inspectorate.practice.models import DevelopingPractice
from inspectorate.recommendations import selectors as followup_selectors
from inspectorate.recommendations.models import FollowUp, FollowUpChange
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
    fixed_columns: tuple[str, ...]
    # Columns that come from the grading models' files, read when first asked for, not at import.
    more_columns: Callable[[], Iterable[str]] | None = None

    @cached_property
    def columns(self) -> tuple[str, ...]:
        """The dataset's columns, in order."""
        return self.fixed_columns + tuple(self.more_columns() if self.more_columns else ())


def _other_models_grade_keys() -> Iterable[str]:
    """The grades of the other grading models (PEEL's, CQC's), after 2007's columns; a row has
    the counts of its programme's model's grades, the CSV leaves the others empty."""
    return (key for key in grading.every_grade_key() if key not in GRADE_KEYS)


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
        _other_models_grade_keys,
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
    """Follow-ups of published recommendations, with their last change (a subquery per row rather than a
    ``GROUP BY`` over every follow-up, so that a page of them reads the changes of its own rows only)."""
    newest = FollowUpChange.objects.filter(follow_up=OuterRef("pk")).order_by("-at").values("at")[:1]
    return followup_selectors.follow_ups(**filters).annotate(last_change=Subquery(newest))


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


# Rows are read as plain values this many at a time; the latest published wording of each chunk's
# inspections is read in one query.
CHUNK = 2000


def _chunks(values: QuerySet[Any, dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    found = values.iterator(chunk_size=CHUNK)
    while chunk := list(islice(found, CHUNK)):
        yield chunk


_JUDGEMENT_VALUES = {
    "programme": "inspection__programme__slug", "programme_title": "inspection__programme__title",
    "published": "inspection__programme__publication_month", "force": "inspection__force__slug",
    "force_name": "inspection__force__name", "synthetic": "inspection__force__is_synthetic",
    "framework": "framework__key", "framework_title": "framework__title", "framework_version": "framework__version",
}


def judgement_rows(found: QuerySet[Judgement] | None = None) -> Iterator[dict[str, Any]]:
    """Published grades as rows (``found``, which may be a page of ``published_judgements``; every one
    by default), read as plain values: no model instances.

    Each grade is the latest published version's; a grade that version does not hold is not
    published, and has no row.
    """
    wording = PublishedWording()
    found = published_judgements() if found is None else found
    for chunk in _chunks(found.values("inspection_id", "final_grade", *_JUDGEMENT_VALUES.values())):
        wording.load(row["inspection_id"] for row in chunk)
        for row in chunk:
            grade = wording.grade_of(row["inspection_id"], row["framework__key"], row["final_grade"])
            if grade:
                out = {column: row[field] for column, field in _JUDGEMENT_VALUES.items()}
                out["published"] = _month(out["published"])
                out["grade"] = grade
                yield out


_RECOMMENDATION_VALUES = {
    "id": "recommendation_id", "programme": "recommendation__inspection__programme__slug",
    "force": "recommendation__inspection__force__slug", "force_name": "recommendation__inspection__force__name",
    "synthetic": "recommendation__inspection__force__is_synthetic", "number": "recommendation__number",
    "framework": "recommendation__framework__key", "status": "status", "target_date": "target_date",
    "overdue": "overdue",
}


def recommendation_rows(found: QuerySet[FollowUp] | None = None) -> Iterator[dict[str, Any]]:
    """Published recommendations with their status as rows (``found``, which may be a page of
    ``recommendations``; every one by default), read as plain values: no model instances.

    Each text is the latest published version's; ``source`` says where it comes from.
    """
    wording = PublishedWording()
    found = recommendations() if found is None else found
    fields = ("recommendation__inspection_id", "recommendation__text", "created_at", "last_change",
              *_RECOMMENDATION_VALUES.values())
    for chunk in _chunks(found.values(*fields)):
        wording.load(row["recommendation__inspection_id"] for row in chunk)
        for row in chunk:
            out = {column: row[field] for column, field in _RECOMMENDATION_VALUES.items()}
            out["text"] = wording.text_of(row["recommendation__inspection_id"], row["recommendation__number"],
                                          row["recommendation__text"])
            out["overdue"] = bool(out["overdue"])
            out["last_change"] = timezone.localdate(row["last_change"] or row["created_at"])
            out["source"] = wording.source(row["recommendation__inspection_id"])
            yield {column: out[column] for column in DATASETS["recommendations"].columns}


def rows(dataset: str) -> Iterator[dict[str, Any]]:
    """Every row of one dataset, in its published order."""
    if dataset == "judgements":
        yield from judgement_rows()
    elif dataset == "national":
        yield from national_rows()
    elif dataset == "recommendations":
        yield from recommendation_rows()
    elif dataset == "practice":
        yield from (practice_row(e) for e in practice_selectors.library())
    else:
        raise KeyError(dataset)
