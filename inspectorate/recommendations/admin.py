from __future__ import annotations

from typing import TypeVar

from django.contrib import admin
from django.db import models

from inspectorate.audit.admin import ViewOnlyAdmin, ViewOnlyInline

from .models import FollowUp, FollowUpChange, ForceResponse, ResponseEvidence

M = TypeVar("M", bound=models.Model)


class ReadOnlyInline(ViewOnlyInline[M, FollowUp]):
    can_delete = False


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
