from __future__ import annotations

from django.contrib import admin

from .models import EngineVersion, Match, Proposal


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["need", "service", "score", "status", "source", "model_version", "updated_at"]
    list_filter = ["status", "source", "model_version"]
    search_fields = [
        "need__title",
        "service__title",
        "need__organisation__name",
        "service__provider__name",
    ]
    raw_id_fields = ["need", "service", "decided_by"]
    readonly_fields = ["features", "reasons", "model_version", "created_at", "updated_at"]
    list_select_related = ["need", "service"]


@admin.register(EngineVersion)
class EngineVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "active", "created_at"]
    list_filter = ["active"]
    readonly_fields = ["version", "metadata", "reranker_report", "created_at"]


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["need", "service", "stage", "origin", "assignee", "updated_at"]
    list_filter = ["stage", "origin", "outcome_type"]
    search_fields = ["need__title", "service__title"]
    raw_id_fields = ["need", "service", "proposal", "assignee", "created_by"]
