from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class InspectorateUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "force", "is_active")
    list_filter = ("role", "force", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Role", {"fields": ("role", "force")}))  # type: ignore[misc]
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Role", {"fields": ("role", "force")}))
