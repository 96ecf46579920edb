from django.contrib import admin

from .models import IndexOutbox, SavedSearch


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at"]
    search_fields = ["name", "user__email"]
    raw_id_fields = ["user"]


@admin.register(IndexOutbox)
class IndexOutboxAdmin(admin.ModelAdmin):
    list_display = ["doc_type", "object_id", "action", "attempts", "created_at"]
    list_filter = ["doc_type", "action"]
    readonly_fields = ["last_error"]
