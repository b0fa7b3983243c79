from __future__ import annotations

from typing import Any

from django.contrib import admin

from inspectorate.inspections.models import State

from .models import DevelopingPractice


def _frozen(example: DevelopingPractice | None) -> bool:
    # An example in a published report is part of its frozen version: it changes by a correction.
    return example is not None and example.inspection is not None and example.inspection.state == State.PUBLISHED


@admin.register(DevelopingPractice)
class DevelopingPracticeAdmin(admin.ModelAdmin[DevelopingPractice]):
    list_display = ("title", "force", "framework")
    list_filter = ("framework__key", "force")
    search_fields = ("title", "problem", "solution", "outcomes")

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)

    def get_actions(self, request: Any) -> Any:
        # The bulk delete would not ask about each example, so it could take a published one with it.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if db_field.name == "inspection":
            kwargs["queryset"] = db_field.related_model.objects.exclude(state=State.PUBLISHED)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
