from django.contrib import admin

from inspectorate.audit.admin import ViewOnlyAdmin

from .models import GlossaryTerm, PublishedReport


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin[GlossaryTerm]):
    list_display = ("abbreviation", "meaning")
    search_fields = ("abbreviation", "meaning")


@admin.register(PublishedReport)
class PublishedReportAdmin(ViewOnlyAdmin[PublishedReport]):
    """Frozen versions are written only by publication; the table refuses UPDATE and DELETE."""

    list_display = ("inspection", "version", "published_at", "sha256")
