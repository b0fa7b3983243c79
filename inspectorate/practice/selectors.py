"""Reading the developing practice library, with full-text search on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When

from inspectorate.forces.models import Force
from inspectorate.forces.selectors import ForceMatch, match_force
from inspectorate.frameworks.models import Framework
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


_PUBLIC = Q(inspection__isnull=True) | Q(inspection__state=State.PUBLISHED)


def public_examples() -> QuerySet[ExampleWithReport]:
    """Examples anyone may read: submitted on their own, or with a published report."""
    return with_report(DevelopingPractice.objects.filter(_PUBLIC))


def with_report(examples: QuerySet[DevelopingPractice]) -> QuerySet[ExampleWithReport]:
    """The examples with what their pages show, and ``has_report``: whether a frozen report is held."""
    return (
        examples.select_related("force", "framework", "inspection__programme", "inspection__force")
        .annotate(has_report=Exists(PublishedReport.objects.filter(inspection=OuterRef("inspection"))))
    )


def library(*, query: str = "", framework: str = "", force: str = "",
            force_match: ForceMatch | None = None) -> QuerySet[DevelopingPractice]:
    """The public library filtered by framework key and force slug (or the forces ``force_match``
    found), and searched by ``query``.

    A search matches every word (or a word it begins: ``visit`` finds "visits"), in the title,
    problem, solution, outcomes or contact, stemmed as English; results come best match first.
    """
    examples = public_examples()
    if framework:
        examples = examples.filter(framework__key=framework)
    if force:
        examples = examples.filter(force__slug=force)
    if force_match is not None:
        examples = examples.filter(force_match.q("force"))
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


def frameworks() -> list[tuple[str, str]]:
    """The frameworks the public library has examples under (key, title), in the frameworks' order: one
    query over the frameworks, each asked whether it has an example, whatever the library's size."""
    has_example = DevelopingPractice.objects.filter(_PUBLIC, framework=OuterRef("pk"))
    return list(Framework.objects.filter(Exists(has_example)).order_by("order", "key").values_list("key", "title"))


def forces_with_examples() -> QuerySet[Force]:
    """The forces the public library has an example from (for the force filter to match against)."""
    return Force.objects.filter(Exists(DevelopingPractice.objects.filter(_PUBLIC, force=OuterRef("pk"))))


def find_force(text: str) -> ForceMatch | None:
    """The forces with examples that ``text`` names (a slug, a whole name, or part of a name)."""
    return match_force(text, forces_with_examples())


# What a list of examples shows of each (name, field path), read as plain values: no model instances.
ROW_VALUES = (
    ("id", "id"), ("title", "title"), ("problem", "problem"), ("solution", "solution"), ("outcomes", "outcomes"),
    ("contact", "contact"), ("force", "force__slug"), ("force_name", "force__name"),
    ("synthetic", "force__is_synthetic"), ("framework", "framework__key"), ("framework_title", "framework__title"),
    ("framework_short_title", "framework__short_title"), ("programme", "inspection__programme__slug"),
)


def rows(examples: QuerySet[DevelopingPractice], *, report: bool = False) -> list[dict[str, Any]]:
    """``examples`` (a page of ``library``) as plain dicts, in one query; with ``report``, each also says
    whether a frozen report of its inspection is held (``has_report``) and the slug of the inspection's force
    (``report_force``), which its report's address needs."""
    shown = ROW_VALUES + ((("has_report", "has_report"), ("report_force", "inspection__force__slug")) if report else ())
    names = [name for name, _ in shown]
    paths = [path for _, path in shown]
    return [dict(zip(names, row, strict=True)) for row in examples.values_list(*paths)]
