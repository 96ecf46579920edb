"""Imports in the admin, read-only: the pages are where coordinators import and undo; staff
read here who brought in what and from which source. The stored file is never shown (it
holds personal data and is emptied after IMPORT_FILE_RETENTION_DAYS)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import ImportJob, ImportKey, ImportProblem, ImportSource


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        # A job's records are what its undo replays; a source's keys find rows again.
        return False


class ImportProblemInline(admin.TabularInline):
    model = ImportProblem
    shown = ("row", "column", "value", "message", "suggestion", "blocking")
    fields = shown
    readonly_fields = shown
    extra = 0
    can_delete = False
    max_num = 0
    ordering = ["row", "pk"]


@admin.register(ImportSource)
class ImportSourceAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["created_by"]
    shown = ("name", "kind", "mapping", "created_by", "created_at", "updated_at")
    fields = shown
    readonly_fields = shown


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "filename", "kind", "source", "status", "created_by"]
    list_filter = ["status", "kind"]
    search_fields = ["filename", "source__name", "created_by__email"]
    list_select_related = ["source", "created_by"]
    date_hierarchy = "created_at"
    shown = (
        "source",
        "kind",
        "filename",
        "sha256",
        "encoding",
        "headers",
        "mapping",
        "status",
        "total_rows",
        "processed_rows",
        "counts",
        "failure",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    )
    fields = shown
    readonly_fields = shown
    inlines = [ImportProblemInline]

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).defer("content")


@admin.register(ImportKey)
class ImportKeyAdmin(ReadOnlyAdmin):
    list_display = ["source", "object_type", "external_id", "object_id", "merged"]
    list_filter = ["object_type", "merged"]
    search_fields = ["external_id", "source__name"]
    list_select_related = ["source"]
    shown = ("source", "object_type", "external_id", "object_id", "merged")
    fields = shown
    readonly_fields = shown
