"""The audit trail in the admin: to read, never to write (the table itself refuses UPDATE and DELETE)."""

from __future__ import annotations

from typing import TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from .models import AuditEvent

M = TypeVar("M", bound=models.Model)
P = TypeVar("P", bound=models.Model)


class ViewOnlyAdmin(admin.ModelAdmin[M]):
    """For records that change only through their services (which check who is acting and write the
    audit trail): the admin shows them and offers no add, change or delete."""

    def get_readonly_fields(self, request: HttpRequest, obj: M | None = None) -> list[str]:
        return [field.name for field in self.model._meta.fields] + [
            field.name for field in self.model._meta.many_to_many]

    def has_add_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


class ViewOnlyInline(admin.TabularInline[M, P]):
    """The rows of a record shown in its admin page (``P`` is the record), which change only through
    their services: none is added or changed here."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: P | None = None) -> bool:
        return False

    # An inline's obj is the parent record, as django-stubs' InlineModelAdmin says; its BaseModelAdmin says
    # the inline's own model, so any signature here contradicts one of the two.
    def has_change_permission(self, request: HttpRequest, obj: P | None = None) -> bool:  # type: ignore[override]
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ViewOnlyAdmin[AuditEvent]):
    list_display = ("at", "actor", "action", "summary", "inspection")
    list_filter = ("action",)
