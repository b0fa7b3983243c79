from django.contrib import admin

from .models import FollowUp, FollowUpChange, ForceResponse, ResponseEvidence


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class FollowUpChangeInline(ReadOnlyInline):
    model = FollowUpChange


class ForceResponseInline(ReadOnlyInline):
    model = ForceResponse


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    """Read-only here: status, target date and responses change through the tracker's services."""

    list_display = ("__str__", "status", "target_date")
    list_filter = ("status", "recommendation__framework__key")
    inlines = [FollowUpChangeInline, ForceResponseInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ResponseEvidence)
class ResponseEvidenceAdmin(admin.ModelAdmin):
    list_display = ("name", "content_type", "size", "response")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
