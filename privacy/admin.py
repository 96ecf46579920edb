"""Personal-data requests in the admin, read-only: staff act on the privacy pages, where
every request is logged; here they look. The archive and its download token stay hidden."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import DataExport, InactivityWarning


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "requested_by", "status", "ready_at"]
    list_filter = ["status"]
    search_fields = ["user__email"]
    list_select_related = ["user", "requested_by"]
    shown = ("user", "requested_by", "status", "created_at", "ready_at")
    fields = shown
    readonly_fields = shown

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).defer("archive")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(InactivityWarning)
class InactivityWarningAdmin(admin.ModelAdmin):
    """Deleting a warning gives the account a fresh period (the sweep warns it again)."""

    list_display = ["user", "warned_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    shown = ("user", "warned_at")
    fields = shown
    readonly_fields = shown

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
