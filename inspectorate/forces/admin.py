from django.contrib import admin

from .models import Division, Force


class DivisionInline(admin.TabularInline[Division, Force]):
    model = Division
    extra = 0


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin[Force]):
    list_display = ("name", "country", "is_synthetic", "population")
    list_filter = ("country", "is_synthetic")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [DivisionInline]


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin[Division]):
    list_display = ("name", "code", "force")
    list_filter = ("force",)
