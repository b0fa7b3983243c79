"""The factual-accuracy check: the force reads its draft and comments; inspectors resolve each comment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from inspectorate.access import AuthenticatedRequest, require_perm

from .. import services
from ..access import get_inspection_for_user
from ..approval import changes_since_force_saw
from ..errors import ServiceError
from ..forms import CommentForm, ResolveForm
from ..models import FactualAccuracyComment
from ..selectors import report_sections
from .common import workspace_context


@login_required
def draft(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The draft report as the force will read it; grades only for those who may see them."""
    inspection = get_inspection_for_user(request, pk, "inspections.view_draft")
    may_comment = request.user.has_perm("inspections.comment_on_draft", inspection)
    show_grades = request.user.has_perm("inspections.view_grades", inspection)
    context = workspace_context(
        request, inspection, "draft",
        sections=report_sections(inspection, with_comments=True),
        show_grades=show_grades,
        changes_since_force_saw=changes_since_force_saw(inspection, grades=show_grades)
        if inspection.state == "factual_accuracy" else None,
        form=CommentForm(inspection=inspection) if may_comment else None,
        own_comments=inspection.fa_comments.filter(author=request.user).select_related("finding__framework",
                                                                                      "resolved_by"),
    )
    return render(request, "inspections/draft.html", context)


@login_required
def add_comment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.comment_on_draft")
    initial = {"finding": request.GET.get("finding")} if request.GET.get("finding") else {}
    form = CommentForm(request.POST or None, initial=initial, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_comment(inspection=inspection, by=request.user, text=data["text"],
                                 finding=form.chosen_finding(), location=data.get("location", ""))
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Your comment has been sent to the inspection team.")
            return redirect("inspections:draft", pk=pk)
    context = workspace_context(request, inspection, "draft", form=form)
    return render(request, "inspections/add_comment.html", context, status=400 if request.method == "POST" else 200)


@login_required
def comments(request: AuthenticatedRequest, pk: int, failed: ResolveForm | None = None) -> HttpResponse:
    """The comments, each unresolved one with its form; ``failed`` is a refused resolution shown again."""
    inspection = get_inspection_for_user(request, pk, "inspections.view_inspection")
    items = list(inspection.fa_comments.select_related("author", "resolved_by", "finding__framework"))
    for item in items:
        prefix = f"c{item.pk}"
        item.resolve_form = failed if failed is not None and failed.prefix == prefix else ResolveForm(prefix=prefix)
    context = workspace_context(
        request, inspection, "comments", comments=items,
        unresolved=sum(1 for c in items if not c.is_resolved),
        may_resolve=request.user.has_perm("inspections.resolve_comment", inspection),
        failed_form=failed,
    )
    return render(request, "inspections/comments.html", context, status=400 if failed is not None else 200)


@login_required
@require_POST
def resolve_comment(request: AuthenticatedRequest, pk: int, comment_pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request, pk, "inspections.view_inspection")
    comment = get_object_or_404(FactualAccuracyComment, pk=comment_pk, inspection=inspection)
    require_perm(request, "inspections.resolve_comment", comment)
    form = ResolveForm(request.POST, prefix=f"c{comment.pk}")
    if form.is_valid():
        try:
            services.resolve_comment(comment=comment, by=request.user, note=form.cleaned_data["note"])
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Comment on {comment.where} resolved.")
            return redirect("inspections:comments", pk=pk)
    # The page again, the error beside this comment's box and in the summary at the top.
    return comments(request, pk, failed=form)
