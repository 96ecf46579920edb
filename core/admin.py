from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.text import capfirst

from .history import Kind, history_of
from .models import AuditEntry


class KeepsHistoryAdmin(admin.ModelAdmin):
    """The delete page lists the history other apps keep of these rows (core.history) as
    protected, so the admin refuses to delete them; rows a PROTECT foreign key already
    listed are not listed twice."""

    history_kind: Kind

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        listed = [str(entry) for entry in protected]
        for row in history_of(self.history_kind, [obj.pk for obj in objs]):
            if not any(str(row) in entry for entry in listed):
                protected.append(f"{capfirst(row._meta.verbose_name)}: {row}")
        return to_delete, model_count, perms_needed, protected


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["object_type", "action"]
    search_fields = ["object_repr", "actor__email", "action"]
    readonly_fields = [
        "actor",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "changes",
        "created_at",
    ]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
