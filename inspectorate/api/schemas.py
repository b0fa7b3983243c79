"""The shapes the API reads and writes (they make its OpenAPI schema)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, BaseModel

from inspectorate.core.grades import Grade
from inspectorate.freetext import nul_free

GradeName = Grade | str  # 2007's four, or a grade of the programme's grading model (PEEL's "Requires improvement")
StatusName = Literal["open", "in_progress", "implemented", "discharged", "superseded"]
ClaimedStatus = Literal["in_progress", "implemented"]
# Typed text: a NUL is refused with the same words the forms use (inspectorate.freetext).
FreeText = Annotated[str, AfterValidator(nul_free)]


class Error(Schema):
    detail: str


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrors(Schema):
    detail: list[FieldError]


class Programme(Schema):
    slug: str
    title: str
    assessment_start: date
    assessment_end: date
    published: str  # YYYY-MM
    previous: str | None


class Force(Schema):
    slug: str
    name: str
    country: str
    synthetic: bool


class Counts(Schema):
    excellent: int
    good: int
    fair: int
    poor: int


# Another grading model's counts, keyed by its grades ("outstanding", "requires_improvement", ...).
ModelCounts = dict[str, int]


class Distribution(Schema):
    framework: str
    title: str
    group: str
    published: Counts | None
    computed: Counts | ModelCounts
    forces_held: int
    forces_total: int
    coverage: str
    mismatches: list[str]
    synthetic: Counts | ModelCounts


# The lists' items (judgements, recommendations, practice) are plain dicts, their rows read as values: plain
# pydantic models validate them, without ninja's Schema wrapping each in an object-attribute reader, which
# cost more than the rest of the request.
class Judgement(BaseModel):
    programme: str
    programme_title: str
    published: str
    force: str
    force_name: str
    synthetic: bool
    framework: str
    framework_title: str
    framework_version: int
    grade: GradeName


class Recommendation(BaseModel):
    id: int
    programme: str
    force: str
    force_name: str
    synthetic: bool
    number: int
    framework: str
    text: str
    status: StatusName
    target_date: date | None
    overdue: bool
    last_change: date
    # "the published report", "reconstructed from the published facts" or "the published facts".
    source: str


class HistoryEntry(Schema):
    at: datetime
    kind: str
    text: str
    note: str


class RecommendationDetail(Recommendation):
    report_url: str | None
    history: list[HistoryEntry]


class Practice(BaseModel):
    id: int
    title: str
    problem: str
    solution: str
    outcomes: str
    contact: str
    force: str
    force_name: str
    synthetic: bool
    framework: str
    programme: str | None
    independently_evaluated: bool


class Evidence(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class ForceResponse(Schema):
    id: int
    recommendation: int
    responded_on: date
    text: str
    claimed_status: ClaimedStatus | None
    status_after: StatusName
    recorded_at: datetime
    evidence: list[Evidence]


class JudgementPage(BaseModel):
    count: int
    items: list[Judgement]


class RecommendationPage(BaseModel):
    count: int
    items: list[Recommendation]


class PracticePage(BaseModel):
    count: int
    items: list[Practice]


class Me(Schema):
    username: str
    name: str
    role: str
    force: str | None
