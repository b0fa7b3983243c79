from django.contrib import admin

from .models import GlossaryTerm, PublishedReport


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ("abbreviation", "meaning")
    search_fields = ("abbreviation", "meaning")


@admin.register(PublishedReport)
class PublishedReportAdmin(admin.ModelAdmin):
    list_display = ("inspection", "version", "published_at", "sha256")
    readonly_fields = [f.name for f in PublishedReport._meta.fields]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
