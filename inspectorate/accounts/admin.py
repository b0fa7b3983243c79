from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from inspectorate.access import AuthenticatedRequest
from inspectorate.inspections.errors import ServiceError

from . import services
from .models import ApiToken, User


@admin.register(User)
class InspectorateUserAdmin(UserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "role", "force", "is_active")
    list_filter = ("role", "force", "is_active")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Role", {"fields": ("role", "force")}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Role", {"fields": ("role", "force")}))
    actions = ["reset_second_factor"]

    @admin.action(description="Reset the second factor (they set up an authenticator app again)")
    def reset_second_factor(self, request: AuthenticatedRequest, queryset: QuerySet[User]) -> None:
        try:
            for user in queryset:
                services.reset_second_factor(user=user, by=request.user)
        except ServiceError as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
        else:
            self.message_user(request, f"Reset the second factor of {queryset.count()} people.")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "name", "prefix", "key_hash", "created_at", "created_by", "last_used_at",
                       "revoked_at", "revoked_by")
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made through the API tokens page, which shows the token once

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: AuthenticatedRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                services.revoke_api_token(token=token, by=request.user)
            except ServiceError as refusal:
                self.message_user(request, refusal.message, messages.ERROR)
                return
            revoked += 1
        self.message_user(request, f"Revoked {revoked} tokens.")
