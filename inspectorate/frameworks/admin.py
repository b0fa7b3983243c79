from django.contrib import admin

from .models import Criterion, Framework


class CriterionInline(admin.TabularInline[Criterion, Framework]):
    model = Criterion
    extra = 0
    fields = ("code", "level", "theme", "significant", "dominant", "text")


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin[Framework]):
    list_display = ("title", "key", "version", "kind", "graded", "is_current")
    list_filter = ("kind", "graded", "is_current")
    search_fields = ("title", "key")
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin[Criterion]):
    list_display = ("code", "framework", "level", "significant", "dominant")
    list_filter = ("level", "significant", "dominant", "framework__key")
    search_fields = ("code", "text")
