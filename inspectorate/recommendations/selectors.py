"""Reading the recommendation tracker: lists by force, framework and status, and the national view."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from inspectorate.forces.models import Force
from inspectorate.forces.selectors import ForceMatch, match_force
from inspectorate.frameworks.models import Framework
from inspectorate.inspections.models import State
from inspectorate.national.models import Programme

from .models import ACTIVE_STATUSES, FollowUp, FollowUpChange, ForceResponse, Status

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from inspectorate.accounts.models import User

    # WithAnnotations with a TypedDict is for the type checker only: Python 3.11 cannot subscript it so.
    class _Overdue(TypedDict):
        overdue: bool

    # A follow-up as the tracker lists it: annotated with whether it is overdue.
    FollowUpRow = WithAnnotations[FollowUp, _Overdue]


STATUSES: tuple[str, ...] = tuple(Status.values)


def overdue_condition(today: date) -> Q:
    """A follow-up is overdue once its target date has passed while it still awaits the force."""
    return Q(target_date__lt=today) & Q(status__in=ACTIVE_STATUSES)


def follow_ups(
    *,
    force: str | None = None,
    force_match: ForceMatch | None = None,
    framework: str | None = None,
    status: str | None = None,
    programme: str | None = None,
    overdue: bool | None = None,
    today: date | None = None,
) -> QuerySet[FollowUpRow]:
    """Follow-ups of published recommendations, filtered by force slug (or the forces ``force_match`` found),
    framework key, status, programme slug and overdue; each annotated with ``overdue``."""
    today = today or timezone.localdate()
    queryset = (
        FollowUp.objects.filter(recommendation__inspection__state=State.PUBLISHED)
        .select_related(
            "recommendation__inspection__force", "recommendation__inspection__programme",
            "recommendation__framework",
        )
        .annotate(
            overdue=Case(
                When(overdue_condition(today), then=Value(True)),
                default=Value(False), output_field=BooleanField(),
            ),
        )
        .order_by("-recommendation__inspection__programme__publication_month",
                  "recommendation__inspection__force__name", "recommendation__number")
    )
    if force:
        queryset = queryset.filter(recommendation__inspection__force__slug=force)
    if force_match is not None:
        queryset = queryset.filter(force_match.q("recommendation__inspection__force"))
    if framework:
        queryset = queryset.filter(recommendation__framework__key=framework)
    if status:
        queryset = queryset.filter(status=status)
    if programme:
        queryset = queryset.filter(recommendation__inspection__programme__slug=programme)
    if overdue is not None:
        queryset = queryset.filter(overdue=overdue)
    return queryset


def _published(**outer: Any) -> Exists:
    return Exists(FollowUp.objects.filter(recommendation__inspection__state=State.PUBLISHED,
                                          **{key: OuterRef(value) for key, value in outer.items()}))


def frameworks() -> list[tuple[str, str]]:
    """The frameworks (key, title) that published recommendations come under, in the frameworks' order: one
    query over the frameworks, each asked whether it has one, however many recommendations there are."""
    found = (Framework.objects.filter(_published(recommendation__framework="pk")).order_by("order", "key")
             .values_list("key", "title"))
    return list(dict(found).items())


def programmes() -> list[tuple[str, str]]:
    """The programmes (slug, title) that published recommendations come from, asked so of each programme."""
    return list(Programme.objects.filter(_published(recommendation__inspection__programme="pk"))
                .values_list("slug", "title"))


def find_force(text: str) -> ForceMatch | None:
    """The forces with published recommendations that ``text`` names (a slug, a whole name, or part of a
    name): a force filter typed, not picked from a list of every force."""
    return match_force(text, Force.objects.filter(_published(recommendation__inspection__force="pk")))


@dataclass(frozen=True)
class Totals:
    """How many follow-ups a list holds, at each status, overdue, and of made-up forces: one aggregate."""

    count: int
    by_status: dict[str, int]
    overdue: int
    synthetic: int


def totals(queryset: QuerySet[FollowUpRow] | QuerySet[FollowUp], *, today: date | None = None) -> Totals:
    """The counts of ``queryset`` (a ``follow_ups`` list of the same ``today``), all in one query."""
    today = today or timezone.localdate()
    counts = queryset.order_by().aggregate(
        count=Count("id"), overdue=Count("id", filter=overdue_condition(today)),
        synthetic=Count("id", filter=Q(recommendation__inspection__force__is_synthetic=True)),
        **{f"status_{status}": Count("id", filter=Q(status=status)) for status in STATUSES},
    )
    return Totals(count=counts["count"], overdue=counts["overdue"], synthetic=counts["synthetic"],
                  by_status={status: counts[f"status_{status}"] for status in STATUSES})


# What the tracker's list shows of each follow-up, read as plain values (name, field path).
ROW_VALUES = (
    ("id", "id"), ("status", "status"), ("target_date", "target_date"), ("overdue", "overdue"),
    ("pk", "recommendation_id"), ("number", "recommendation__number"), ("text", "recommendation__text"),
    ("inspection_id", "recommendation__inspection_id"), ("force_name", "recommendation__inspection__force__name"),
    ("synthetic", "recommendation__inspection__force__is_synthetic"),
    ("programme_title", "recommendation__inspection__programme__title"),
    ("framework_title", "recommendation__framework__title"),
    ("framework_short_title", "recommendation__framework__short_title"),
)


def rows(queryset: QuerySet[FollowUpRow]) -> QuerySet[Any, tuple[Any, ...]]:
    """``queryset`` (a ``follow_ups`` list) as tuples of ``ROW_VALUES``: page it, then ``row_dicts``."""
    return queryset.values_list(*(path for _, path in ROW_VALUES))


def row_dicts(found: Iterable[tuple[Any, ...]]) -> list[dict[str, Any]]:
    names = [name for name, _ in ROW_VALUES]
    return [dict(zip(names, row, strict=True)) for row in found]


def is_overdue(follow_up: FollowUp, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(follow_up.target_date and follow_up.target_date < today and follow_up.status in ACTIVE_STATUSES)


@dataclass(frozen=True)
class SummaryRow:
    """Counts of follow-ups at each status for one force or framework."""

    key: str
    label: str
    synthetic: bool
    counts: dict[str, int]
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[tuple[str, int]]:
        return [(status, self.counts[status]) for status in STATUSES]

    @property
    def figures(self) -> list[str]:
        """The row's figures as the table shows them, each status's count then the overdue count: written
        here as text, which the template prints as it is (a number would be localised one by one)."""
        return [str(self.counts[status]) for status in STATUSES] + [str(self.overdue)]


def status_totals(queryset: QuerySet[FollowUp]) -> dict[str, int]:
    """How many follow-ups are at each status."""
    return totals(queryset).by_status


_SUMMARY_FIELDS = {
    "force": ("recommendation__inspection__force__slug", "recommendation__inspection__force__name",
              "recommendation__inspection__force__is_synthetic"),
    "framework": ("recommendation__framework__key", "recommendation__framework__title",
                  "recommendation__framework__kind"),
}


def summary_by(queryset: QuerySet[FollowUp], *, by: str) -> list[SummaryRow]:
    """Status counts per force (``by="force"``) or per framework (``by="framework"``), by name."""
    fields = _SUMMARY_FIELDS[by]
    grouped: dict[str, dict[str, Any]] = {}
    rows = queryset.order_by().values_list(*fields, "status", "overdue").annotate(n=Count("id"))
    for key, label, flag, status, overdue, n in rows:
        entry = grouped.setdefault(key, {"label": label, "synthetic": bool(flag) if by == "force" else False,
                                         "counts": Counter(), "overdue": 0})
        entry["counts"][status] += n
        entry["overdue"] += n if overdue else 0
    return sorted(
        (
            SummaryRow(key=key, label=e["label"], synthetic=e["synthetic"],
                       counts={s: e["counts"].get(s, 0) for s in STATUSES}, overdue=e["overdue"])
            for key, e in grouped.items()
        ),
        key=lambda row: (row.label, row.key),
    )


def summary_page(queryset: QuerySet[FollowUp], *, by: str, number: Any, per_page: int) -> Page[SummaryRow]:
    """One page of ``summary_by``: the forces (or frameworks) are listed by name in one query and paged,
    and only the follow-ups of those on the page are counted, so the page costs what it shows."""
    key, label, _ = _SUMMARY_FIELDS[by]
    keys = list(dict.fromkeys(queryset.order_by(label, key).values_list(key, flat=True).distinct()))
    page = Paginator(keys, per_page).get_page(number)
    shown = list(page.object_list)
    page.object_list = summary_by(queryset.filter(**{f"{key}__in": shown}), by=by) if shown else []
    return page


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    kind: str  # "opened", "status", "target_date", "response"
    actor: User | None
    text: str
    note: str = ""
    response: ForceResponse | None = None


def history(follow_up: FollowUp, *, with_responses: bool) -> list[HistoryEntry]:
    """Everything that happened to a follow-up, oldest first; force responses only if ``with_responses``."""
    entries = [HistoryEntry(follow_up.created_at, "opened", None, "Follow-up opened: status Open.")]
    for change in FollowUpChange.objects.filter(follow_up=follow_up).select_related("changed_by"):
        if change.field == FollowUpChange.Field.STATUS:
            text = f"Status changed from {Status(change.before).label} to {Status(change.after).label}."
            if change.response_id is not None:
                text = f"Status reported by the force as {Status(change.after).label}."
        else:
            after = date.fromisoformat(change.after).strftime("%-d %B %Y") if change.after else "none"
            text = f"Target date set to {after}." if change.after else "Target date removed."
        entries.append(HistoryEntry(change.at, change.field, change.changed_by, text, change.note))
    if with_responses:
        responses = ForceResponse.objects.filter(follow_up=follow_up).select_related("responded_by")
        for response in responses.prefetch_related("evidence"):
            entries.append(HistoryEntry(
                response.at, "response", response.responded_by,
                f"Force response dated {response.responded_on:%-d %B %Y}.", response=response,
            ))
    return sorted(entries, key=lambda e: (e.at, e.kind != "response"))


def responses(follow_up: FollowUp) -> QuerySet[ForceResponse]:
    return ForceResponse.objects.filter(follow_up=follow_up).select_related("responded_by").prefetch_related(
        "evidence"
    )


@dataclass(frozen=True)
class ResponseDeadline:
    """The deadline the programme's grading model sets after publication (PEEL: a response within 56 days),
    and how the force's first response stands against it."""

    rule: str  # "The police and crime commissioner is to publish a response to the report within 56 days ..."
    due: date | None
    answered: str  # "Responded on 3 December 2026, within the 56 days." or "" while no response is held


def response_deadline(follow_up: FollowUp) -> ResponseDeadline | None:
    """The model's deadline for this follow-up, or None for a model that sets none (HMIC 2007)."""
    from inspectorate.national import grading

    deadline = grading.response_deadline(follow_up.recommendation.inspection.programme)
    if deadline is None:
        return None
    rule = grading.deadline_rule(deadline) + "."
    first = follow_up.responses.order_by("responded_on", "id").first()
    answered = ""
    if first is not None:
        on = f"{first.responded_on.day} {first.responded_on:%B %Y}"
        due = follow_up.target_date
        if due is None or first.responded_on <= due:
            answered = f"Responded on {on}, within the {deadline.days} days."
        else:
            late = (first.responded_on - due).days
            answered = f"Responded on {on}, {late} day{'s' if late != 1 else ''} after the date it was due."
    return ResponseDeadline(rule[0].upper() + rule[1:], follow_up.target_date, answered)
