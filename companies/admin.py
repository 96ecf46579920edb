from django.contrib import admin

from core.admin import KeepsHistoryAdmin

from .models import DevelopmentNeed


@admin.register(DevelopmentNeed)
class DevelopmentNeedAdmin(KeepsHistoryAdmin):
    history_kind = "need"
    list_display = [
        "title",
        "organisation",
        "status",
        "visibility",
        "category",
        "region",
        "language",
        "published_at",
        "deadline",
    ]
    list_filter = [
        "status",
        "visibility",
        "language",
        "category",
        "region",
        "priority_areas",
        "budget",
    ]
    search_fields = ["title", "description", "organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["priority_areas"]
    date_hierarchy = "created_at"
    list_select_related = ["organisation", "category", "region"]
