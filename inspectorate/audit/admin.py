"""The audit trail in the admin: to read, never to write (the table itself refuses UPDATE and DELETE)."""

from __future__ import annotations

from typing import TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from .models import AuditEvent

M = TypeVar("M", bound=models.Model)


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


@admin.register(AuditEvent)
class AuditEventAdmin(ViewOnlyAdmin[AuditEvent]):
    list_display = ("at", "actor", "action", "summary", "inspection")
    list_filter = ("action",)
