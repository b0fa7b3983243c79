from __future__ import annotations

from typing import TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from inspectorate.audit.admin import ViewOnlyAdmin

from .models import FollowUp, FollowUpChange, ForceResponse, ResponseEvidence

M = TypeVar("M", bound=models.Model)


class ReadOnlyInline(admin.TabularInline[M, FollowUp]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: FollowUp | None = None) -> bool:
        return False

    # An inline's obj is the parent record, as django-stubs' InlineModelAdmin says; its BaseModelAdmin says
    # the inline's own model, so any signature here contradicts one of the two.
    def has_change_permission(self, request: HttpRequest, obj: FollowUp | None = None) -> bool:  # type: ignore[override]
        return False


class FollowUpChangeInline(ReadOnlyInline[FollowUpChange]):
    model = FollowUpChange


class ForceResponseInline(ReadOnlyInline[ForceResponse]):
    model = ForceResponse


@admin.register(FollowUp)
class FollowUpAdmin(ViewOnlyAdmin[FollowUp]):
    """Read-only here: status, target date and responses change through the tracker's services."""

    list_display = ("__str__", "status", "target_date")
    list_filter = ("status", "recommendation__framework__key")
    inlines = [FollowUpChangeInline, ForceResponseInline]


@admin.register(ResponseEvidence)
class ResponseEvidenceAdmin(ViewOnlyAdmin[ResponseEvidence]):
    list_display = ("name", "content_type", "size", "response")
