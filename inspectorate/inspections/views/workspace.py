"""My inspections, the programme board, an inspection's overview and its audit trail."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from inspectorate.access import AuthenticatedRequest, require_perm
from inspectorate.national.models import Programme

from ..access import get_inspection_for_user
from ..forms import AuditFilterForm
from ..lifecycle import blocking_messages, unresolved_comment_count
from ..models import Inspection, State
from ..selectors import audit_trail, inspections_for_user, judgements_by_key, programme_board
from ..task_list import lifecycle_tasks
from .common import assessment_url, workspace_context

AUDIT_PAGE_SIZE = 50


@login_required
def my_inspections(request: AuthenticatedRequest) -> HttpResponse:
    inspections = inspections_for_user(request.user)
    published = []
    if request.user.force_id:  # a force liaison officer: the force's published reports as well
        published = list(
            Inspection.objects.filter(force_id=request.user.force_id, state=State.PUBLISHED,
                                      published_versions__isnull=False)
            .distinct().select_related("programme", "force").order_by("-programme__publication_month")
        )
    return render(request, "inspections/my_inspections.html", {
        "inspections": inspections,
        "published": [i for i in published if i not in inspections],
    })


@login_required
def board(request: AuthenticatedRequest) -> HttpResponse:
    require_perm(request, "inspections.view_board")
    programmes = list(Programme.objects.order_by("-publication_month"))
    slug = request.GET.get("programme")
    programme = get_object_or_404(Programme, slug=slug) if slug else (programmes[0] if programmes else None)
    columns = programme_board(programme, request.user) if programme else []
    return render(request, "inspections/board.html", {
        "programmes": programmes, "programme": programme, "columns": columns,
        "total": sum(len(c.inspections) for c in columns),
    })


@login_required
def overview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.view_inspection")
    judgements = judgements_by_key(inspection)
    context = workspace_context(request, inspection, "overview")
    panel = [
        # An ungraded framework (the PVP overview) has no criteria or grade page: no link to one.
        {"framework": f, "judgement": judgements.get(f.key),
         "assessment_url": assessment_url(inspection, f.key) if f.graded else None}
        for f in context["frameworks"]
    ]
    evidence = inspection.evidence
    context.update({
        "panel": panel,
        "tasks": lifecycle_tasks(inspection, request.user),
        "next_steps": [{"transition": t, "blockers": blocking_messages(inspection, t.target)}
                       for t in context["transitions"]],
        "counts": {
            "evidence": evidence.count(),
            "verified": evidence.filter(verified_at__isnull=False).count(),
            "assessments": inspection.assessments.exclude(value="not_assessed").count(),
            "findings": inspection.findings.count(),
            "recommendations": inspection.recommendations.count(),
            "unresolved": unresolved_comment_count(inspection),
            "versions": inspection.published_versions.count(),
        },
        "team": inspection.team.order_by("last_name", "first_name"),
    })
    return render(request, "inspections/overview.html", context)


@login_required
def audit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.view_audit_trail")
    events = audit_trail(inspection)
    form = AuditFilterForm(request.GET or None, events=events)
    valid = form.is_valid() if form.is_bound else True
    if form.is_bound and valid:
        events = form.filter(events)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    context = workspace_context(request, inspection, "audit", page=page, events=page.object_list, form=form,
                                filtered=bool(query), query=query)
    return render(request, "inspections/audit.html", context, status=200 if valid else 400)
