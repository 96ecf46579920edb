from django.contrib import admin

from .models import AuditEntry


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
