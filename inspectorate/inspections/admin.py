from django.contrib import admin

from .models import (
    CriterionAssessment,
    EvidenceItem,
    FactualAccuracyComment,
    Finding,
    Inspection,
    Judgement,
    Recommendation,
)


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("force", "programme", "state", "imported", "lead")
    list_filter = ("state", "programme", "imported")
    filter_horizontal = ("team",)


@admin.register(EvidenceItem)
class EvidenceItemAdmin(admin.ModelAdmin):
    list_display = ("inspection", "source_kind", "date", "collected_by", "verified_by", "verified_at")
    list_filter = ("source_kind", "inspection")
    filter_horizontal = ("criteria",)


@admin.register(CriterionAssessment)
class CriterionAssessmentAdmin(admin.ModelAdmin):
    list_display = ("inspection", "criterion", "value", "assessed_by", "updated_at")
    list_filter = ("value", "inspection")


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("inspection", "framework", "category", "order")
    list_filter = ("category", "inspection")


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("inspection", "number", "framework")
    list_filter = ("inspection",)


@admin.register(Judgement)
class JudgementAdmin(admin.ModelAdmin):
    list_display = ("inspection", "framework", "derived_grade", "final_grade", "decided_by")
    list_filter = ("inspection", "final_grade")


@admin.register(FactualAccuracyComment)
class FactualAccuracyCommentAdmin(admin.ModelAdmin):
    """Read-only: comments are made and resolved through the factual-accuracy check, which audits them."""

    list_display = ("inspection", "author", "created_at", "resolved_by", "resolved_at")
    list_filter = ("inspection",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
