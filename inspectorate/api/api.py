"""The REST API (django-ninja): read-only public data, and force responses for signed-in liaison officers.

Reads need no authentication and return only published material. The one write,
``POST /recommendations/{id}/responses``, takes an API token (``Authorization: Bearer ...``,
acting as its user) or the Django session of a signed-in user with Django's CSRF protection
(send the ``csrftoken`` cookie's value in an ``X-CSRFToken`` header), and the same permission
as the web page: a force liaison officer, for their own force only.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.params.functions import File, Form, Path, Query
from pydantic import StringConstraints

from inspectorate.access import AuthenticatedRequest
from inspectorate.core.errors import NotPermitted, ServiceError
from inspectorate.forces.models import Force
from inspectorate.freetext import TEXT_MAX_LENGTH
from inspectorate.ids import MAX_ID
from inspectorate.inspections.models import Recommendation
from inspectorate.national.models import Programme
from inspectorate.national.selectors import national_summary
from inspectorate.opendata import selectors as data
from inspectorate.practice import selectors as practice_selectors
from inspectorate.recommendations import selectors as followup_selectors
from inspectorate.recommendations import services as followup_services
from inspectorate.recommendations.models import FollowUp
from inspectorate.reports.links import report_url

from . import schemas
from .auth import SIGNED_IN

MAX_OFFSET = 1_000_000
# Slugs and keys: letters, digits, hyphens and underscores (anything else, such as a NUL byte, is a 422).
Slug = Annotated[str, StringConstraints(pattern=r"^[-A-Za-z0-9_]{1,120}$")]

api = NinjaAPI(
    title="inspectorate open data API",
    version="1",
    description=(
        "Published judgements, national distributions, recommendations with their follow-up status, and "
        "developing practice. Reads are public. Recording a force response needs a force liaison officer: "
        "either an API token (made on the API tokens page after signing in) in an Authorization: Bearer "
        "header, or a signed-in session cookie with the CSRF token in an X-CSRFToken header. A token acts as "
        "its user, with that user's role and permissions. Rows with synthetic = true "
        "describe made-up demonstration forces."
    ),
    urls_namespace="api",
    docs_url=None,
)

ERRORS = {404: schemas.Error, 422: schemas.ValidationErrors}
Id = Path(..., ge=1, le=MAX_ID, description="The recommendation's id")
Limit = Query(50, ge=1, le=500, description="How many items to return (at most 500)")
Offset = Query(0, ge=0, le=MAX_OFFSET, description="How many items to skip")
ExampleId = Path(..., ge=1, le=MAX_ID, description="The example's id")
Words = Query("", max_length=200, description="Words to search for")
ResponseText = Form(..., max_length=TEXT_MAX_LENGTH,
                    description=f"What the force has done; it cannot be empty (at most {TEXT_MAX_LENGTH:,} characters)")
RespondedOn = Form(None, description="The date of the response (default today)")
Claimed = Form(None, description="Progress the force reports")
EvidenceFiles = File(None, description="Evidence files")


@api.exception_handler(ServiceError)
def service_refused(request: HttpRequest, error: ServiceError) -> HttpResponse:
    """A service refused: 403 if the person may not act, else 422 with one entry per problem, in the
    same shape as schema errors. The one place the API turns a service's refusal into a response."""
    if isinstance(error, NotPermitted):
        return api.create_response(request, {"detail": error.message}, status=403)
    detail = [
        {"loc": ["form", field] if field != "__all__" else ["form"], "msg": message, "type": "value_error"}
        for field, messages in error.message_dict.items()
        for message in messages
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(NinjaValidationError)
def schema_refused(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    detail = [
        {"loc": list(e.get("loc", [])), "msg": str(e.get("msg", "")), "type": str(e.get("type", "value_error"))}
        for e in error.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.get("/programmes", response=list[schemas.Programme], tags=["programmes"])
def programmes(request: HttpRequest) -> list[dict[str, Any]]:
    """Every inspection programme, newest first."""
    return [
        {"slug": p.slug, "title": p.title, "assessment_start": p.assessment_start, "assessment_end": p.assessment_end,
         "published": f"{p.publication_month:%Y-%m}", "previous": p.previous.slug if p.previous else None}
        for p in Programme.objects.select_related("previous").order_by("-publication_month")
    ]


@api.get("/programmes/{slug}/national-summary", response={200: list[schemas.Distribution], **ERRORS},
         tags=["programmes"])
def programme_national_summary(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    """A programme's national summary of judgements from published grades, beside any published aggregate."""
    programme = get_object_or_404(Programme, slug=slug)
    return [
        {"framework": r.framework_key, "title": r.title, "group": r.group, "published": r.published,
         "computed": r.computed, "forces_held": r.forces_held, "forces_total": r.forces_total,
         "coverage": r.coverage, "mismatches": r.mismatches, "synthetic": r.synthetic}
        for r in national_summary(programme)
    ]


@api.get("/forces", response=list[schemas.Force], tags=["forces"])
def forces(request: HttpRequest) -> list[dict[str, Any]]:
    """The forces: the 43 Home Office forces, and any made-up demonstration force (synthetic)."""
    return [
        {"slug": f.slug, "name": f.name, "country": f.country, "synthetic": f.is_synthetic}
        for f in Force.objects.order_by("name")
    ]


@api.get("/judgements", response={200: schemas.JudgementPage, **ERRORS}, tags=["judgements"])
def judgements(
    request: HttpRequest,
    programme: Slug | None = None,
    force: Slug | None = None,
    framework: Slug | None = None,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """Published grades, filtered by programme slug, force slug and framework key."""
    found = data.published_judgements(programme=programme, force=force, framework=framework)
    # A grade the latest published version does not hold is not published: it has no row.
    return {"count": found.count(), "items": list(data.judgement_rows(found[offset:offset + limit]))}


@api.get("/recommendations", response={200: schemas.RecommendationPage, **ERRORS}, tags=["recommendations"])
def recommendations(
    request: HttpRequest,
    programme: Slug | None = None,
    force: Slug | None = None,
    framework: Slug | None = None,
    status: schemas.StatusName | None = None,
    overdue: bool | None = None,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """Recommendations of published reports with their follow-up status."""
    found = data.recommendations(programme=programme, force=force, framework=framework, status=status,
                                 overdue=overdue)
    return {"count": found.count(), "items": list(data.recommendation_rows(found[offset:offset + limit]))}


def _published_follow_up(pk: int) -> Any:
    recommendation = get_object_or_404(Recommendation.objects.select_related("inspection"), pk=pk)
    try:
        return followup_services.follow_up_for(recommendation)
    except FollowUp.DoesNotExist:
        raise Http404("Not a recommendation of a published report") from None


@api.get("/recommendations/{id}", response={200: schemas.RecommendationDetail, **ERRORS},
         tags=["recommendations"])
def recommendation(request: HttpRequest, id: int = Id) -> dict[str, Any]:
    """One recommendation: its status, target date and public history (status and target date changes)."""
    follow_up = _published_follow_up(id)
    (row,) = data.recommendation_rows(data.recommendations().filter(pk=follow_up.pk))
    history = [
        {"at": e.at, "kind": e.kind, "text": e.text, "note": e.note}
        for e in followup_selectors.history(follow_up, with_responses=False)
    ]
    return row | {"report_url": report_url(follow_up.recommendation.inspection), "history": history}


def _response_out(request: HttpRequest, response: Any) -> dict[str, Any]:
    return {
        "id": response.pk,
        "recommendation": response.follow_up.recommendation_id,
        "responded_on": response.responded_on,
        "text": response.text,
        "claimed_status": response.claimed_status or None,
        "status_after": response.follow_up.status,
        "recorded_at": response.at,
        "evidence": [
            {"id": e.pk, "name": e.name, "content_type": e.content_type, "size": e.size,
             "url": request.build_absolute_uri(reverse("followup:evidence", kwargs={"pk": e.pk}))}
            for e in response.evidence.all()
        ],
    }


@api.get("/recommendations/{id}/responses", auth=SIGNED_IN,
         response={200: list[schemas.ForceResponse], 401: schemas.Error, 403: schemas.Error, **ERRORS},
         tags=["force responses"])
def responses(request: HttpRequest, id: int = Id) -> Any:
    """The force's responses to a recommendation: for the inspectorate and that force's liaison officers."""
    follow_up = _published_follow_up(id)
    if not request.user.has_perm("followup.view_responses", follow_up):
        return Status(403, {"detail": "Only the inspectorate and this force's liaison officers see its responses."})
    return [_response_out(request, r) for r in followup_selectors.responses(follow_up)]


@api.post("/recommendations/{id}/responses", auth=SIGNED_IN,
          response={201: schemas.ForceResponse, 401: schemas.Error, 403: schemas.Error, **ERRORS},
          tags=["force responses"])
def respond(
    request: AuthenticatedRequest,
    id: int = Id,
    text: schemas.FreeText = ResponseText,
    # Not nullable in the schema: a multipart form cannot say "null"; leaving a field out is how to omit it.
    responded_on: date = RespondedOn,
    claimed_status: schemas.ClaimedStatus = Claimed,
    evidence: list[UploadedFile] = EvidenceFiles,
) -> Any:
    """Record a force's response (multipart form), with up to five evidence files.

    Refused with 422, writing nothing: empty text, a date in the future, a closed recommendation,
    an evidence file of a type not accepted (PDF, Word, Excel, OpenDocument, CSV, text, PNG,
    JPEG) or over 10 MB. 403 unless you are a liaison officer of the recommendation's force.
    """
    follow_up = _published_follow_up(id)
    if not request.user.has_perm("followup.respond", follow_up):
        return Status(403, {"detail": "Only a liaison officer of this recommendation's force may respond to it."})
    response = followup_services.record_response(
        follow_up=follow_up, by=request.user, text=text, responded_on=responded_on,
        claimed_status=claimed_status or "", evidence=evidence or [],
    )
    response.follow_up.refresh_from_db()
    return Status(201, _response_out(request, response))


@api.get("/practice", response={200: schemas.PracticePage, **ERRORS}, tags=["developing practice"])
def practice(
    request: HttpRequest,
    q: str = Words,
    framework: Slug | None = None,
    force: Slug | None = None,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    """The developing practice library (none of it independently evaluated), searched and filtered."""
    found = practice_selectors.library(query=q, framework=framework or "", force=force or "")
    items = practice_selectors.rows(found[offset:offset + limit])
    for item in items:
        item["independently_evaluated"] = False
    return {"count": found.count(), "items": items}


@api.get("/practice/{id}", response={200: schemas.Practice, **ERRORS}, tags=["developing practice"])
def practice_example(request: HttpRequest, id: int = ExampleId) -> dict[str, Any]:
    """One developing practice example."""
    return data.practice_row(get_object_or_404(practice_selectors.public_examples(), pk=id))


@api.get("/me", auth=SIGNED_IN, response={200: schemas.Me, 401: schemas.Error}, tags=["accounts"])
def me(request: AuthenticatedRequest) -> dict[str, Any]:
    """Who the API takes you to be (your API token's user, or your session's), and your role."""
    user = request.user
    return {"username": user.username, "name": str(user), "role": user.role,
            "force": user.force.slug if user.force is not None else None}
