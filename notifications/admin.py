from django.contrib import admin

from .models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["to", "subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["to", "subject", "idempotency_key"]
    readonly_fields = ["attempts", "last_error", "claimed_at", "created_at", "sent_at"]
    date_hierarchy = "created_at"
