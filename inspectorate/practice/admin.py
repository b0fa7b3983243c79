from django.contrib import admin

from .models import DevelopingPractice


@admin.register(DevelopingPractice)
class DevelopingPracticeAdmin(admin.ModelAdmin):
    list_display = ("title", "force", "framework")
    list_filter = ("framework__key", "force")
    search_fields = ("title", "problem", "solution", "outcomes")
