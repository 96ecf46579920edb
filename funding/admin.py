from django.contrib import admin

from .models import (
    FundingApplication,
    FundingCall,
    FundingInstrument,
    SmartSpecialisationPartnership,
    WorkPlan,
    WorkPlanVersion,
)


class FundingCallInline(admin.TabularInline):
    model = FundingCall
    extra = 0


@admin.register(FundingInstrument)
class FundingInstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "funder", "trl_min", "trl_max", "continuous", "last_checked"]
    list_filter = ["funder", "continuous", "region_scope", "research_partner_required"]
    search_fields = ["name", "funder", "summary", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "priority_areas"]
    inlines = [FundingCallInline]


@admin.register(FundingCall)
class FundingCallAdmin(admin.ModelAdmin):
    list_display = ["title", "instrument", "opens_on", "deadline"]
    list_filter = ["instrument"]
    date_hierarchy = "deadline"
    list_select_related = ["instrument"]


@admin.register(SmartSpecialisationPartnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "theme", "region", "contact"]
    list_filter = ["region"]
    search_fields = ["name", "theme", "partner_regions"]
    filter_horizontal = ["priority_areas"]


class WorkPlanVersionInline(admin.TabularInline):
    model = WorkPlanVersion
    extra = 0
    readonly_fields = ["number", "instrument", "saved_by", "saved_at"]
    exclude = ["content"]
    can_delete = False


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ["match", "instrument", "version", "updated_at"]
    readonly_fields = ["match", "version", "created_by"]
    inlines = [WorkPlanVersionInline]


@admin.register(FundingApplication)
class FundingApplicationAdmin(admin.ModelAdmin):
    list_display = ["match", "instrument", "amount_applied", "decision", "amount_granted"]
    list_filter = ["decision", "instrument"]
    list_select_related = ["instrument"]
    raw_id_fields = ["match"]
