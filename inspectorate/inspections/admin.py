"""The inspections in the admin. Everything the lifecycle governs (the state, publication's request
and approval, evidence and its verification, assessments, grades, findings, recommendations and
factual-accuracy comments) changes only through the workspace's services, which check who is acting
and write the audit trail: here it is read-only. An administrator may create an inspection and name
its lead and team; each such change is written to the audit trail too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from inspectorate.audit.admin import ViewOnlyAdmin
from inspectorate.audit.services import record_event

from .models import (
    CriterionAssessment,
    EvidenceItem,
    FactualAccuracyComment,
    Finding,
    Inspection,
    Judgement,
    Recommendation,
    State,
)

# Set only by the lifecycle's services (or the importer of a published report).
GOVERNED = ("state", "imported", "source_file", "isbn", "publication_requested_by", "publication_requested_at",
            "publication_approved_by", "publication_approved_at")


def _snapshot(inspection: Inspection) -> dict[str, Any]:
    return {"force": str(inspection.force), "programme": str(inspection.programme),
            "lead": str(inspection.lead) if inspection.lead else None,
            "team": sorted(str(user) for user in inspection.team.all()), "overview": inspection.overview}


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin[Inspection]):
    list_display = ("force", "programme", "state", "imported", "lead")
    list_filter = ("state", "programme", "imported")
    filter_horizontal = ("team",)

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        if obj is None:
            return GOVERNED
        # Moving an inspection to another force or programme would move its grades on the public pages;
        # a published report's overview is frozen with it (a correction is published, not edited here).
        return (*GOVERNED, "force", "programme", *(("overview",) if obj.state == State.PUBLISHED else ()))

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def save_model(self, request: Any, obj: Inspection, form: Any, change: bool) -> None:
        form.audit_before = _snapshot(Inspection.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        inspection, before, after = form.instance, form.audit_before, _snapshot(form.instance)
        if after == before:
            return
        record_event(
            actor=request.user, action="inspection.changed_in_admin" if change else "inspection.created_in_admin",
            obj=inspection, inspection=inspection,
            summary=("Changed in the administration: " + ", ".join(
                key for key in after if before is None or after[key] != before[key])),
            before=before, after=after,
        )


@admin.register(EvidenceItem)
class EvidenceItemAdmin(ViewOnlyAdmin[EvidenceItem]):
    list_display = ("inspection", "source_kind", "date", "collected_by", "verified_by", "verified_at")
    list_filter = ("source_kind", "inspection")


@admin.register(CriterionAssessment)
class CriterionAssessmentAdmin(ViewOnlyAdmin[CriterionAssessment]):
    list_display = ("inspection", "criterion", "value", "assessed_by", "updated_at")
    list_filter = ("value", "inspection")


@admin.register(Finding)
class FindingAdmin(ViewOnlyAdmin[Finding]):
    list_display = ("inspection", "framework", "category", "order")
    list_filter = ("category", "inspection")


@admin.register(Recommendation)
class RecommendationAdmin(ViewOnlyAdmin[Recommendation]):
    list_display = ("inspection", "number", "framework")
    list_filter = ("inspection",)


@admin.register(Judgement)
class JudgementAdmin(ViewOnlyAdmin[Judgement]):
    list_display = ("inspection", "framework", "derived_grade", "final_grade", "decided_by")
    list_filter = ("inspection", "final_grade")


@admin.register(FactualAccuracyComment)
class FactualAccuracyCommentAdmin(ViewOnlyAdmin[FactualAccuracyComment]):
    """Comments are made and resolved through the factual-accuracy check, which audits them; deleting an
    unresolved one here would have lifted its block on publication."""

    list_display = ("inspection", "author", "created_at", "resolved_by", "resolved_at")
    list_filter = ("inspection",)
