from django.contrib import admin

from core.admin import KeepsHistoryAdmin

from .models import RDService


@admin.register(RDService)
class RDServiceAdmin(KeepsHistoryAdmin):
    history_kind = "service"
    list_display = [
        "title",
        "provider",
        "status",
        "service_type",
        "region",
        "remote",
        "availability",
        "published_at",
    ]
    list_filter = [
        "status",
        "service_type",
        "region",
        "remote",
        "availability",
        "price_model",
        "priority_areas",
    ]
    search_fields = ["title", "description", "provider__name"]
    autocomplete_fields = ["provider", "contact_person"]
    filter_horizontal = ["priority_areas"]
    date_hierarchy = "created_at"
    list_select_related = ["provider", "service_type", "region"]
