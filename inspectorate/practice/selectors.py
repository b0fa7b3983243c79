"""Reading the developing practice library, with full-text search on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypedDict

from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When

from inspectorate.inspections.models import State
from inspectorate.reports.models import PublishedReport

from .models import DevelopingPractice

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # WithAnnotations with a TypedDict is for the type checker only: Python 3.11 cannot subscript it so.
    class _HasReport(TypedDict):
        has_report: bool

    # An example with ``has_report``: whether a frozen report of its inspection is held.
    ExampleWithReport = WithAnnotations[DevelopingPractice, _HasReport]


def search_terms(query: str) -> list[str]:
    """The words of a search, lower-cased; punctuation and search-syntax characters are dropped."""
    return [word.lower() for word in _WORD.findall(query or "")][:MAX_TERMS]


def public_examples() -> QuerySet[ExampleWithReport]:
    """Examples anyone may read: submitted on their own, or with a published report."""
    return with_report(
        DevelopingPractice.objects.filter(Q(inspection__isnull=True) | Q(inspection__state=State.PUBLISHED)))


def with_report(examples: QuerySet[DevelopingPractice]) -> QuerySet[ExampleWithReport]:
    """The examples with what their pages show, and ``has_report``: whether a frozen report is held."""
    return (
        examples.select_related("force", "framework", "inspection__programme", "inspection__force")
        .annotate(has_report=Exists(PublishedReport.objects.filter(inspection=OuterRef("inspection"))))
    )


def library(*, query: str = "", framework: str = "", force: str = "") -> QuerySet[DevelopingPractice]:
    """The public library filtered by framework key and force slug, and searched by ``query``.

    A search matches every word (or a word it begins: ``visit`` finds "visits"), in the title,
    problem, solution, outcomes or contact, stemmed as English; results come best match first.
    """
    examples = public_examples()
    if framework:
        examples = examples.filter(framework__key=framework)
    if force:
        examples = examples.filter(force__slug=force)
    terms = search_terms(query)
    if not terms:
        return examples.order_by("force__name", "framework__order", "order", "id")
    if connection.vendor == "sqlite":
        return _sqlite_search(examples, terms)
    if connection.vendor == "postgresql":
        return _postgres_search(examples, terms)
    matched = examples
    for term in terms:
        matched = matched.filter(
            Q(title__icontains=term) | Q(problem__icontains=term) | Q(solution__icontains=term)
            | Q(outcomes__icontains=term) | Q(contact__icontains=term)
        )
    return matched.order_by("force__name", "id")


def _sqlite_search(examples: QuerySet[DevelopingPractice], terms: list[str]) -> QuerySet[DevelopingPractice]:
    match = " ".join(f'"{term}"*' for term in terms)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM practice_search WHERE practice_search MATCH %s "
            "ORDER BY bm25(practice_search, 10.0, 2.0, 2.0, 2.0, 1.0)",
            [match],
        )
        ranked = [row[0] for row in cursor.fetchall()]
    if not ranked:
        return examples.none()
    order = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)], output_field=IntegerField())
    return examples.filter(pk__in=ranked).annotate(rank_order=order).order_by("rank_order")


def _postgres_search(examples: QuerySet[DevelopingPractice], terms: list[str]) -> QuerySet[DevelopingPractice]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("problem", "solution", "outcomes", weight="B", config="english")
        + SearchVector("contact", weight="C", config="english")
    )
    # Terms are bare words (see search_terms), so building a raw tsquery from them is safe.
    search = SearchQuery(" & ".join(f"{term}:*" for term in terms), search_type="raw", config="english")
    return (
        examples.annotate(search=vector, rank=SearchRank(vector, search))
        .filter(search=search)
        .order_by(F("rank").desc(), "id")
    )


def facets() -> dict[str, list[tuple[str, str]]]:
    """The frameworks and forces the public library has examples for, for its filters."""
    examples = public_examples()
    frameworks = dict(examples.order_by("framework__order").values_list("framework__key", "framework__title"))
    forces = {}
    for slug, name, synthetic in examples.order_by("force__name").values_list(
        "force__slug", "force__name", "force__is_synthetic"
    ):
        forces[slug] = name + (" (made-up)" if synthetic else "")
    return {"frameworks": list(frameworks.items()), "forces": list(forces.items())}
