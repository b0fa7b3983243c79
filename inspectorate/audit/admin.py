"""The audit trail in the admin: to read, never to write (the table itself refuses UPDATE and DELETE)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import AuditEvent


class ViewOnlyAdmin(admin.ModelAdmin):
    """For records that change only through their services (which check who is acting and write the
    audit trail): the admin shows them and offers no add, change or delete."""

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        return [field.name for field in self.model._meta.fields] + [
            field.name for field in self.model._meta.many_to_many]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ViewOnlyAdmin):
    list_display = ("at", "actor", "action", "summary", "inspection")
    list_filter = ("action",)
