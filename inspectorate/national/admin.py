from django.contrib import admin

from .models import Programme, PublishedAggregate


class PublishedAggregateInline(admin.TabularInline[PublishedAggregate, Programme]):
    model = PublishedAggregate
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ("title", "grading_model", "assessment_start", "assessment_end", "publication_month")
    filter_horizontal = ("frameworks",)
    inlines = [PublishedAggregateInline]


@admin.register(PublishedAggregate)
class PublishedAggregateAdmin(admin.ModelAdmin[PublishedAggregate]):
    list_display = ("programme", "framework_key", "excellent", "good", "fair", "poor", "source")
