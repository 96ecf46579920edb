from django.contrib import admin

from . import models


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_en", "name_sv"]
    search_fields = ["code", "name_fi", "name_en", "name_sv"]


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "name_sv", "region"]
    list_filter = ["region"]
    search_fields = ["name_fi", "name_sv"]
    list_select_related = ["region"]


@admin.register(models.PriorityArea)
class PriorityAreaAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "name_en", "region", "slug"]
    list_filter = ["region"]
    search_fields = ["name_fi", "name_en", "slug"]
    list_select_related = ["region"]


@admin.register(models.Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "organisation"]
    list_filter = ["region"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["priority_areas", "coordinators"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["region", "organisation"]


@admin.register(models.ServiceType, models.NeedCategory)
class OrderedTermAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_fi", "name_en", "ordering"]
    list_editable = ["ordering"]
    search_fields = ["slug", "name_fi", "name_en"]


@admin.register(models.IndustryCode)
class IndustryCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_en", "parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name_fi", "name_en"]


@admin.register(models.TechnologyReadinessLevel)
class TechnologyReadinessLevelAdmin(admin.ModelAdmin):
    list_display = ["level", "name_fi", "name_en"]
